/**
 * "Is this commit already on that line, and by what evidence?" — the question `backport` asks
 * before picking, answered by the same equivalence as `missing` (core/coverage/equivalence.ts),
 * so the two commands cannot disagree: the commit itself in the line's history (`reachable`), a
 * line commit sharing an origin (`trailer`), naming its pull request (`pull-request`), carrying
 * the merge that brought it (`merge`: a `-m 1` pick of the merge, a line merge "Backport PR #N"),
 * or with the same patch-id (`patch-id`). Subject-only matches are not presence.
 *
 * Reads: one `merge-base`, one `rev-list` from the tips down to where the line left the source,
 * one `log` for the messages of the commits not in the commit-facts cache (read, not written),
 * and, only for commits nothing cheaper found, one `diff-tree` for paths and the patch-ids of the
 * same-path candidates.
 */
import { compileChangeRules } from '../../core/changes/rules.js';
import type { FactsParams } from '../../core/coverage/commit-facts.js';
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
  // The policy's change rules are part of the commit-facts cache's key: the same params as `missing`, to share its cache.
  const params: FactsParams = {
    originTrailer: policy.backport.originTrailer,
    optOutTrailer: policy.backport.optOutTrailer,
    changes: compileChangeRules(policy.changes),
  };
  const from = q.source ? [q.source] : q.commits;
  const base = from.length > 0 ? await octopusMergeBase(git, [q.target, ...from]) : null;
  // Tips: 0 the target, 1 the source, then each commit (its own history is not a candidate).
  const tips = [q.target, q.source ?? '', ...q.commits];
  const graph = await readRangeGraph(git, { tips: tips.filter((t) => t !== ''), exclude: base ? [base] : [] });
  const reach = Reach.compute(graph, tips);
  const at = (oid: string): number => graph.index.get(oid) ?? -1;
  const landing = landingMerges(graph, [at(q.source ?? ''), at(q.target)]);
  const facts = await readFacts(git, graph, params);
  const equivalence = new Equivalence(facts, {
    mergeOf: (oid) => {
      const m = landing[at(oid)] ?? -1;
      return m < 0 ? null : (graph.oids[m] as string);
    },
  });
  const onTarget: Target = {
    has: (oid) => reach.reaches(0, oid),
    // Patch-id candidates: the line's own commits, not the source's nor the commits' history.
    candidate: (oid) => {
      const i = graph.index.get(oid);
      if (i === undefined || !reach.has(i, 0)) return false;
      for (let t = 1; t < tips.length; t++) if (reach.has(i, t)) return false;
      return true;
    },
  };
  const out = new Map<string, Evidence | null>();
  for (const c of q.commits) {
    // Outside the range: an ancestor of where the line left the source, so in the line's history.
    out.set(c, graph.index.has(c) ? equivalence.findCheap(c, onTarget) : { via: 'reachable', commit: c });
  }
  const rest = q.commits.filter((c) => out.get(c) === null);
  if (rest.length > 0 && q.patchIds !== false) await byPatchId(git, graph, equivalence, onTarget, rest, out);
  return out;
}

/** The range's commit facts: from the commit-facts cache where it has them (read only), the rest from one log. */
async function readFacts(git: Git, graph: RangeGraph, params: FactsParams): Promise<FactsStore> {
  const store = new FactsStore(graph);
  const cache = await RecordCache.open(cacheDir(git.commonDir), 'commit-facts', factsCacheParams(params));
  const toRead: string[] = [];
  for (const oid of graph.oids) {
    const text = cache.get(oid);
    const f = text === undefined ? null : decodeFacts(oid, text);
    if (f) store.set(f);
    else toRead.push(oid);
  }
  cache.release();
  if (toRead.length > 0) await readCommitFacts(git, toRead, params, (f) => store.set(f), { paths: false });
  return store;
}

/** The patch-id step for `rest`: paths of the commits and the line's own commits, then patch-ids of same-path pairs only. */
async function byPatchId(
  git: Git,
  graph: RangeGraph,
  equivalence: Equivalence,
  target: Target,
  rest: readonly string[],
  out: Map<string, Evidence | null>,
): Promise<void> {
  const wanted = [...rest, ...graph.oids.filter((o) => target.candidate?.(o) && (equivalence.get(o)?.parents ?? 0) <= 1)];
  const paths = new Map<string, string>();
  await readChangedPaths(
    git,
    wanted.filter((o) => equivalence.get(o)?.pathsKey === null),
    (oid, p) => paths.set(oid, pathsKeyOf(p)),
  );
  for (const oid of wanted) if (equivalence.get(oid)?.pathsKey === null) equivalence.setPaths(oid, paths.get(oid) ?? '');
  const pairs = new Map(rest.map((c) => [c, equivalence.patchIdCandidates(c, target)]));
  const need = [...new Set([...pairs].flatMap(([c, cands]) => (cands.length > 0 ? [c, ...cands] : [])))];
  if (need.length === 0) return;
  const ids = await git.patchIds(need);
  const patchIds = new Map<string, string | null>(need.map((o) => [o, ids.get(o) ?? null]));
  for (const c of rest) out.set(c, equivalence.find(c, target, { patchIds }));
}
