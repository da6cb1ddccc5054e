/**
 * Picking a plan's commits onto its targets through the git adapter: every pick is a three-way
 * merge without a work tree (`Git.pickCommit`) followed by `commit-tree`. Only objects are
 * written, never refs. A commit the plan says the target carries already (found before picking
 * by the equivalence `missing` uses: ancestry, a recorded origin, its pull request, its merge, an
 * equal patch-id) is not picked but reported as already present, with that evidence; a pick that
 * changes nothing is too.
 */
import {
  chainSources,
  conflictsCommitMessage,
  outcomeOf,
  type BackportPlan,
  presentOn,
  type PickStep,
  type SourceCommit,
  type TargetPlan,
  type TargetResult,
} from '../core/backport/index.js';
import { parseIdentLine, type CommitObject, type Git, type PickResult } from '../git/index.js';
import { backportMessage } from './backport-message.js';

/** Commits already read, by id. */
export class CommitCache {
  private readonly map = new Map<string, CommitObject>();
  constructor(private readonly git: Git) {}
  add(c: CommitObject): void {
    this.map.set(c.oid, c);
  }
  async get(oid: string): Promise<CommitObject> {
    let c = this.map.get(oid);
    if (!c) {
      [c] = await this.git.readCommits([oid]);
      if (!c) throw new Error(`cannot read commit ${oid}`);
      this.map.set(oid, c);
    }
    return c;
  }
}

/** The target's commits that do not come before the sources (the only ones that can carry them) and are no merges. */
async function candidatesOn(git: Git, base: string, sources: readonly string[]): Promise<string[]> {
  const log = await git.log([base, ...sources.map((s) => `^${s}`)]);
  return log.filter((c) => c.parents.length <= 1).map((c) => c.oid);
}

/**
 * Picks `sources` (one per commit of the plan, from `startAt`) onto `onto` for target `ti`.
 * Stops at the first conflict. Writes commits (objects only), never refs.
 */
export async function pickSeries(
  git: Git,
  plan: BackportPlan,
  cache: CommitCache,
  opts: {
    sources: string[];
    onto: string;
    startAt: number;
    writeMarkers: boolean;
    ti: number;
    /** The merge of the first step, already made (a batch of picks over all targets). */
    firstPick?: PickResult;
  },
): Promise<{ steps: PickStep[]; head: string; markers?: string }> {
  const t = plan.targets[opts.ti] as TargetPlan;
  const steps: PickStep[] = [];
  let onto = opts.onto;
  for (let k = opts.startAt; k < plan.commits.length; k++) {
    const commit = (plan.commits[k] as SourceCommit).oid;
    const source = opts.sources[k] as string;
    const present = presentOn(plan, opts.ti, commit);
    if (present) {
      const { evidence, carrier, merge } = present;
      steps.push({ commit, source, status: 'already-present', carrier, evidence, ...(merge ? { merge } : {}) });
      continue;
    }
    const src = await cache.get(source);
    const pre = k === opts.startAt ? opts.firstPick : undefined;
    const res =
      pre && pre.commit === source && pre.onto === onto
        ? pre
        : await git.pickCommit({ commit: source, onto, mainline: mainlineFor(src, plan) });
    if (res.status === 'conflict') {
      const conflicts = res.conflicts.map((c) => ({ path: c.path, kind: c.kind, messages: c.messages }));
      steps.push({ commit, source, status: 'conflict', onto, tree: res.tree, conflicts });
      let markers: string | undefined;
      if (opts.writeMarkers) {
        markers = await git.commitTree({
          tree: res.tree,
          parents: [onto],
          message: conflictsCommitMessage({ commit: plan.commits[k] as SourceCommit, target: t, conflicts }),
          author: parseIdentLine(src.authorLine),
        });
      }
      return { steps, head: onto, markers };
    }
    if (res.status === 'empty') {
      steps.push({ commit, source, ...(await carrierOfEmpty(git, source, t.base, opts.sources.slice(opts.startAt))) });
      continue;
    }
    const result = await git.commitTree({
      tree: res.tree,
      parents: [onto],
      message: backportMessage(src.message, source, plan.options),
      author: parseIdentLine(src.authorLine),
    });
    steps.push({ commit, source, status: 'clean', result });
    onto = result;
  }
  return { steps, head: onto };
}

function mainlineFor(c: CommitObject, plan: BackportPlan): number | undefined {
  return c.parents.length > 1 ? (plan.options.mainline ?? undefined) : undefined;
}

/**
 * Names the commit that already carries a pick that changed nothing, which the plan's presence
 * did not name (a chain link's source is the previous line's new commit; a line commit merged
 * back into the development branch is no candidate there): the source itself, or one of the
 * target's commits with the same patch-id. Read only for empty picks, which are rare.
 */
async function carrierOfEmpty(
  git: Git,
  source: string,
  base: string,
  sources: readonly string[],
): Promise<{ status: 'already-present'; carrier: string | null; evidence: 'ancestor' | 'patch-id' | 'empty' }> {
  if (await git.isAncestor(source, base)) return { status: 'already-present', carrier: source, evidence: 'ancestor' };
  const others = await candidatesOn(git, base, sources);
  if (others.length > 0) {
    const ids = await git.patchIds([source, ...others]);
    const mine = ids.get(source);
    const match = mine ? others.find((o) => ids.get(o) === mine) : undefined;
    if (match) return { status: 'already-present', carrier: match, evidence: 'patch-id' };
  }
  return { status: 'already-present', carrier: null, evidence: 'empty' };
}

/** Runs one target from scratch. */
async function runTarget(
  git: Git,
  plan: BackportPlan,
  cache: CommitCache,
  ti: number,
  sources: string[],
  writeMarkers: boolean,
  pre: { firstPick?: PickResult } = {},
): Promise<TargetResult> {
  const t = plan.targets[ti] as TargetPlan;
  const r = await pickSeries(git, plan, cache, { sources, onto: t.base, startAt: 0, writeMarkers, ti, ...pre });
  return { outcome: outcomeOf(r.steps), steps: r.steps, head: r.head, ...(r.markers ? { markers: r.markers } : {}) };
}

/**
 * Runs every target not in `skip` (already finished): in parallel, or one after the other
 * along a chain, where a target after a conflict is `blocked`.
 */
export async function runTargets(
  git: Git,
  plan: BackportPlan,
  cache: CommitCache,
  results: Array<TargetResult | null>,
  writeMarkers: boolean,
): Promise<TargetResult[]> {
  const original = plan.commits.map((c) => c.oid);
  if (!plan.options.chain) {
    // Independent targets: make the first merge of every target that does not carry the first
    // commit already in one batch (`Git.pickCommits`), then finish each target in parallel.
    const todo = results.flatMap((r, i) => (r ? [] : [i]));
    const first = await cache.get(original[0] as string);
    const batch = todo.filter((i) => !presentOn(plan, i, first.oid));
    const picks = await git.pickCommits(
      batch.map((i) => ({ commit: first.oid, onto: (plan.targets[i] as TargetPlan).base, mainline: mainlineFor(first, plan) })),
    );
    await Promise.all(
      todo.map(async (i) => {
        const firstPick = picks[batch.indexOf(i)];
        results[i] = await runTarget(git, plan, cache, i, original, writeMarkers, { firstPick });
      }),
    );
  } else {
    for (let i = 0; i < results.length; i++) {
      if (results[i]) continue;
      const from = plan.targets[i]?.from ?? null;
      const prev = from === null ? null : results[from];
      if (prev && (prev.outcome === 'conflict' || prev.outcome === 'blocked' || prev.outcome === 'refused')) {
        results[i] = {
          outcome: 'blocked',
          steps: [],
          head: plan.targets[i]?.base ?? '',
          reason: `waits for ${plan.targets[from ?? 0]?.target.name}`,
        };
        continue;
      }
      const sources = prev ? chainSources(prev, plan) : original;
      results[i] = await runTarget(git, plan, cache, i, sources, writeMarkers);
    }
  }
  return results as TargetResult[];
}
