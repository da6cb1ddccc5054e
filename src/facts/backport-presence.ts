/**
 * Which commits of a backport plan each target's line carries already, asked of the equivalence
 * `trellis missing` uses (./coverage/presence.ts) for all the targets at once (one range read)
 * before anything is picked, so that `backport` and `missing` cannot disagree: the commit in the
 * line's history, a line commit recording the same origin, naming its pull request, or carrying
 * the merge that brought it (a `-m 1` pick of the merge, a line merge "Backport PR #N").
 *
 * The patch-id step is left to the pick, as before: a pick that changes nothing names the line's
 * commit with the same patch-id (src/apply/backport-pick.ts). Asked here, it would read the paths
 * of every line commit of every target for an answer that is rare.
 */
import { presentCommit, type BackportPlan, type PresentCommit } from '../core/backport/index.js';
import type { Evidence } from '../core/coverage/equivalence.js';
import type { Policy } from '../core/policy/schema.js';
import type { Git } from '../git/index.js';
import { presenceOnLines } from './coverage/presence.js';

type Answers = Map<string, Map<string, Evidence | null>>;

/**
 * Target index → the plan's commits its line carries already; targets in `skip` (settled before
 * picking) are not asked. `source`: the development branch's tip, whose merges say which pull
 * request brought each commit; a target at that tip (a line's fix carried to the development
 * branch) is asked without it (then only the commits' own messages count).
 */
export async function readPresence(
  git: Git,
  policy: Policy,
  plan: BackportPlan,
  opts: { source?: string | undefined; skip?: ReadonlySet<number> | ReadonlyMap<number, unknown> },
): Promise<Map<number, PresentCommit[]>> {
  const commits = plan.commits.map((c) => c.oid);
  const asked = [...plan.targets.entries()].filter(([i]) => !opts.skip?.has(i));
  const ask = async (source: string | undefined, tips: string[]): Promise<Answers> =>
    tips.length === 0 ? new Map() : presenceOnLines(git, policy, { commits, targets: tips, source, patchIds: false });
  const bases = asked.map(([, t]) => t.base);
  const found: Answers = new Map([
    ...(await ask(
      opts.source,
      bases.filter((b) => b !== opts.source),
    )),
    ...(await ask(
      undefined,
      bases.filter((b) => b === opts.source),
    )),
  ]);
  const out = new Map<number, PresentCommit[]>();
  for (const [i, t] of asked) {
    const answers = found.get(t.base);
    const present = commits.flatMap((c) => presentCommit(c, answers?.get(c) ?? null) ?? []);
    if (present.length > 0) out.set(i, present);
  }
  return out;
}
