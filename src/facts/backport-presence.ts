/**
 * Which commits of a backport plan each target's line carries already, asked of the equivalence
 * `trellis missing` uses (./coverage/presence.ts) once per target before anything is picked, so
 * that `backport` and `missing` cannot disagree: the commit in the line's history, a line commit
 * recording the same origin, naming its pull request, carrying the merge that brought it (a
 * `-m 1` pick of the merge, a line merge "Backport PR #N"), or with the same patch-id.
 */
import { presentCommit, type BackportPlan, type PresentCommit } from '../core/backport/index.js';
import type { Policy } from '../core/policy/schema.js';
import type { Git } from '../git/index.js';
import { presenceOn } from './coverage/presence.js';

/**
 * Target index → the plan's commits its line carries already (targets listed in `skip`, settled
 * before picking, are not asked). `source`: the development branch's tip, whose merges say which
 * pull request brought each commit (absent: only the commits' own messages count).
 */
export async function readPresence(
  git: Git,
  policy: Policy,
  plan: BackportPlan,
  opts: { source?: string | undefined; skip?: ReadonlySet<number> | ReadonlyMap<number, unknown> },
): Promise<Map<number, PresentCommit[]>> {
  const commits = plan.commits.map((c) => c.oid);
  const out = new Map<number, PresentCommit[]>();
  for (const [i, t] of plan.targets.entries()) {
    if (opts.skip?.has(i)) continue;
    const found = await presenceOn(git, policy, { commits, target: t.base, source: opts.source });
    const present = commits.flatMap((c) => presentCommit(c, found.get(c) ?? null) ?? []);
    if (present.length > 0) out.set(i, present);
  }
  return out;
}
