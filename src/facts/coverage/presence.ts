/**
 * "Is this commit already on that line, and by what evidence?" — the question `backport` asks
 * before picking, answered by the same equivalence as `missing` (core/coverage/equivalence.ts),
 * so the two commands cannot disagree: the commit itself in the line's history (`reachable`), a
 * line commit sharing an origin (`trailer`), naming its pull request (`pull-request`), carrying
 * the merge that brought it (`merge`: a `-m 1` pick of the merge, a line merge "Backport PR #N"),
 * or with the same patch-id (`patch-id`). Subject-only matches are not presence.
 *
 * Reads: one `merge-base`, one `rev-list` from the tips down to where the line left the source,
 * one `log` for the messages of the commits that can matter (the line's own, the asked commits,
 * the merges that brought them and what their origins name) not in the commit-facts cache (read,
 * not written), and, only for commits nothing cheaper found, one `diff-tree` for paths and the
 * patch-ids of the same-path candidates. The source's other commits are never read: on a line
 * cut long ago they are most of the range, and none can carry a commit to the line.
 */
import { compileChangeRules } from '../../core/changes/rules.js';
import type { CommitFacts, FactsParams } from '../../core/coverage/commit-facts.js';
import { pathsKeyOf } from '../../core/coverage/commit-facts.js';
import { Equivalence, type Evidence, type Target } from '../../core/coverage/equivalence.js';
import { FactsStore } from '../../core/coverage/facts-store.js';
import { landingMerges, Reach, type RangeGraph } from '../../core/coverage/graph.js';
import type { Policy } from '../../core/policy/schema.js';
import { readChangedPaths } from '../../git/changed-paths.js';
import type { Git } from '../../git/git.js';
import { octopusMergeBase, readRangeGraph } from '../../git/range.js';
import { cacheDir, RecordCache } from './cache-files.js';
import { readCommitFacts } from './read-facts.js';
import { decodeFacts, factsCacheParams } from './records.js';
import { lowerBound } from '../../core/sorted.js';

/** What {@link presenceOn} is asked. */
export interface PresenceQuery {
  /** The commits to look for (full ids): a backport's sources, merges included. */
  commits: readonly string[];
  /** The line's tip (a full commit id): where the commits would be picked. */
  target: string;
  /**
   * The tip of the branch the commits come from (the development branch, full id): its merges
   * say which pull request brought each commit. Without it only the commits' own messages count.
   */
  source?: string | undefined;
  /** Compare patch-ids when nothing cheaper found a commit (default true). */
  patchIds?: boolean;
}

/** Each commit of the query → how the target carries it, or null when it does not. */
export async function presenceOn(git: Git, policy: Policy, q: PresenceQuery): Promise<Map<string, Evidence | null>> {
  const { target, ...rest } = q;
  return (await presenceOnLines(git, policy, { ...rest, targets: [target] })).get(target) as Map<string, Evidence | null>;
}

/** What {@link presenceOnLines} is asked: {@link PresenceQuery} for several lines' tips at once. */
export interface LinesPresenceQuery extends Omit<PresenceQuery, 'target'> {
  /** The lines' tips (full commit ids). */
  targets: readonly string[];
}

/**
 * {@link presenceOn} for several lines at once (a backport to five lines): one range read for all,
 * down to where the oldest of them left the source, and one patch-id batch. Tip → its answers.
 */
export async function presenceOnLines(git: Git, policy: Policy, q: LinesPresenceQuery): Promise<Map<string, Map<string, Evidence | null>>> {
  // The policy's change rules are part of the commit-facts cache's key: the same params as `missing`, to share its cache.
  const params: FactsParams = {
    originTrailer: policy.backport.originTrailer,
    optOutTrailer: policy.backport.optOutTrailer,
    changes: compileChangeRules(policy.changes),
  };
  const targets = [...new Set(q.targets)];
  const from = q.source ? [q.source] : q.commits;
  const base = from.length > 0 && targets.length > 0 ? await octopusMergeBase(git, [...targets, ...from]) : null;
  // Tips: the targets, then the source, then each commit (their own history is not a candidate).
  const k = targets.length;
  const tips = [...targets, q.source ?? '', ...q.commits];
  const graph = await readRangeGraph(git, { tips: tips.filter((t) => t !== ''), exclude: base ? [base] : [] });
  const reach = Reach.compute(graph, tips);
  const at = (oid: string): number => graph.index.get(oid) ?? -1;
  const landing = landingMerges(graph, [at(q.source ?? ''), ...targets.map(at)]);
  // Facts of what can matter: the lines' own commits (the patch-id candidates; not the source's nor
  // the commits' history, which older lines' ranges reach far down), the asked commits and the
  // merges that brought them.
  const own = (i: number, j: number): boolean => {
    if (!reach.has(i, j)) return false;
    for (let t = k; t < tips.length; t++) if (reach.has(i, t)) return false;
    return true;
  };
  const wanted = new Set<number>();
  for (let i = 0; i < graph.oids.length; i++) for (let t = 0; t < k; t++) if (own(i, t)) wanted.add(i);
  for (const c of q.commits) {
    const i = at(c);
    if (i < 0) continue;
    wanted.add(i);
    if ((landing[i] ?? -1) >= 0) wanted.add(landing[i] as number);
  }
  const facts = await readFacts(git, graph, params, wanted);
  const equivalence = new Equivalence(facts, {
    mergeOf: (oid) => {
      const m = landing[at(oid)] ?? -1;
      return m < 0 ? null : (graph.oids[m] as string);
    },
  });
  const lines = targets.map((_, j): Target => ({
    has: (oid) => reach.reaches(j, oid),
    // Patch-id candidates: the line's own commits, not the source's nor the commits' history.
    candidate: (oid) => {
      const i = graph.index.get(oid);
      return i !== undefined && own(i, j);
    },
  }));
  const out = new Map<string, Map<string, Evidence | null>>();
  for (const [j, tip] of targets.entries()) {
    const answers = new Map<string, Evidence | null>();
    // Outside the range: an ancestor of where the lines left the source, so in every line's history.
    for (const c of q.commits)
      answers.set(c, graph.index.has(c) ? equivalence.findCheap(c, lines[j] as Target) : { via: 'reachable', commit: c });
    out.set(tip, answers);
  }
  if (q.patchIds !== false)
    await byPatchId(
      git,
      graph,
      equivalence,
      targets.map((t, j) => ({ target: lines[j] as Target, out: out.get(t) as Map<string, Evidence | null> })),
    );
  return out;
}

/**
 * The commit facts of the range's commits at `wanted` (graph indexes), then of the range's
 * commits their origins name, transitively (a line commit picked from a pick): from the
 * commit-facts cache where it has them (read only), the rest from one log per round.
 */
async function readFacts(git: Git, graph: RangeGraph, params: FactsParams, wanted: ReadonlySet<number>): Promise<FactsStore> {
  const store = new FactsStore(graph);
  const cache = await RecordCache.open(cacheDir(git.commonDir), 'commit-facts', factsCacheParams(params));
  let sorted: string[] | null = null;
  const named = (origin: string): string | undefined => {
    if (graph.index.has(origin)) return origin;
    sorted ??= [...graph.oids].sort();
    const k = lowerBound(sorted, origin);
    const hit = sorted[k];
    return hit?.startsWith(origin) && !sorted[k + 1]?.startsWith(origin) ? hit : undefined;
  };
  const added: CommitFacts[] = [];
  const add = (f: CommitFacts): void => {
    store.set(f);
    added.push(f);
  };
  try {
    let batch = [...wanted].map((i) => graph.oids[i] as string);
    while (batch.length > 0) {
      added.length = 0;
      const toRead: string[] = [];
      for (const oid of batch) {
        const text = cache.get(oid);
        const f = text === undefined ? null : decodeFacts(oid, text);
        if (f) add(f);
        else toRead.push(oid);
      }
      if (toRead.length > 0) await readCommitFacts(git, toRead, params, add, { paths: false });
      const next = new Set<string>();
      for (const f of added)
        for (const o of f.origins) {
          const oid = named(o);
          if (oid !== undefined && !store.has(oid)) next.add(oid);
        }
      batch = [...next];
    }
  } finally {
    cache.release();
  }
  return store;
}

/**
 * The patch-id step for the commits nothing cheaper found on each line: paths of those commits
 * and of the lines' own commits, then patch-ids of same-path pairs only (one batch for all lines).
 */
async function byPatchId(
  git: Git,
  graph: RangeGraph,
  equivalence: Equivalence,
  lines: ReadonlyArray<{ target: Target; out: Map<string, Evidence | null> }>,
): Promise<void> {
  const asks = lines
    .map((l) => ({ ...l, rest: [...l.out].flatMap(([c, ev]) => (ev === null ? [c] : [])) }))
    .filter((a) => a.rest.length > 0);
  if (asks.length === 0) return;
  const wanted = new Set<string>();
  for (const a of asks) {
    for (const c of a.rest) wanted.add(c);
    for (const o of graph.oids) if (a.target.candidate?.(o) && (equivalence.get(o)?.parents ?? 0) <= 1) wanted.add(o);
  }
  const paths = new Map<string, string>();
  await readChangedPaths(
    git,
    [...wanted].filter((o) => equivalence.get(o)?.pathsKey === null),
    (oid, p) => paths.set(oid, pathsKeyOf(p)),
  );
  for (const oid of wanted) if (equivalence.get(oid)?.pathsKey === null) equivalence.setPaths(oid, paths.get(oid) ?? '');
  const need = new Set<string>();
  for (const a of asks) {
    for (const c of a.rest) {
      const cands = equivalence.patchIdCandidates(c, a.target);
      if (cands.length > 0) for (const o of [c, ...cands]) need.add(o);
    }
  }
  if (need.size === 0) return;
  const ids = await git.patchIds([...need]);
  const patchIds = new Map<string, string | null>([...need].map((o) => [o, ids.get(o) ?? null]));
  for (const a of asks) for (const c of a.rest) a.out.set(c, equivalence.find(c, a.target, { patchIds }));
}
