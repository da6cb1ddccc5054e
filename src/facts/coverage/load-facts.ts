/**
 * The range's commit facts as a coverage run loads them: from the commit-facts cache, the rest
 * from one log (messages only), origins outside the range followed a few steps, and the cache
 * written back at the end (see run.ts for the whole run).
 */
import type { PendingKind } from '../../core/changes/classify.js';
import type { FactsParams } from '../../core/coverage/commit-facts.js';
import type { FactsStore } from '../../core/coverage/facts-store.js';
import type { RangeGraph } from '../../core/coverage/graph.js';
import type { Git } from '../../git/git.js';
import type { PatchIdCache, RecordCache } from './cache-files.js';
import { readPathsAhead, type PathsAhead } from './paths-ahead.js';
import { readCommitFacts } from './read-facts.js';
import { decodeFacts, encodeFacts } from './records.js';
import { lowerBound } from '../../core/sorted.js';

/** Work in progress: a phase name and how far it is. */
export type Progress = (phase: string, done: number, total: number) => void;

/** What the steps of a run share once the range is read. */
export interface RunState {
  readonly git: Git;
  readonly graph: RangeGraph;
  readonly params: FactsParams;
  readonly progress: Progress;
  readonly factsCache: RecordCache | null;
  /** By graph index, found through the graph's id index: no second map of every commit. */
  readonly facts: FactsStore;
  /**
   * Facts to write to the cache at the end (read now, or given their paths now): encoded only
   * when the cache is saved, so the run never holds a second copy of every record.
   */
  readonly fresh: string[];
  /** Commits read whose kind a change rule on paths decides (settled by path-kinds.ts). */
  readonly pendingKinds: Map<string, PendingKind>;
  /** Commits whose facts were read from git. */
  read: number;
  /** How many the first read has (the progress total; 0 for the reads of origins after it). */
  toRead: number;
  /** Git processes a long read runs side by side (see `defaultGitWorkers` in run.ts). */
  readonly workers: number;
}

/**
 * The range's commit facts: from the cache, the rest from one log (messages only). Starts the
 * paths read ahead first on a long range and returns it.
 */
export async function loadFacts(run: RunState, readAheadMin: number): Promise<PathsAhead | null> {
  const { graph, facts, factsCache } = run;
  const toRead: string[] = [];
  for (const oid of graph.oids) {
    const cached = factsCache?.get(oid);
    const f = cached !== undefined ? decodeFacts(oid, cached) : null;
    if (f) facts.set(f);
    else toRead.push(oid);
  }
  // Paths, read ahead on another CPU while the messages are parsed: whenever a line has an
  // unresolved change, its commits and the changes are compared by paths, and on long ranges
  // that is most of the commits. Only for large reads (a small one costs little either way); it
  // is stopped once it has passed every commit the plan asks for (see readWantedPaths).
  const list: number[] = [];
  for (let i = 0; i < graph.oids.length; i++) {
    if ((graph.parentCounts[i] as number) > 1) continue;
    if ((facts.at(i)?.pathsKey ?? null) === null) list.push(i);
  }
  // One reader per worker (see readPathsAhead).
  const ahead = list.length > 0 && list.length >= readAheadMin ? readPathsAhead(run.git, graph, list, run.workers) : null;
  run.toRead = toRead.length;
  if (toRead.length > 0) await readFactsInto(run, toRead);
  run.toRead = 0;
  return ahead;
}

/** Reads commits' facts into the store (messages only: paths cost a tree diff per commit and are read later, only where needed). */
async function readFactsInto(run: RunState, oids: string[]): Promise<void> {
  const { graph, facts, factsCache, fresh } = run;
  await readCommitFacts(
    run.git,
    oids,
    run.params,
    (f) => {
      // Copied into the store's columns (the object is not kept); ids are the graph's strings.
      facts.set(f);
      const at = graph.index.get(f.oid);
      const oid = at !== undefined ? (graph.oids[at] as string) : f.oid;
      if (factsCache) fresh.push(oid);
      if (f.pendingKind) run.pendingKinds.set(oid, f.pendingKind);
      run.read++;
      if (run.read % 2000 === 0) run.progress('commits', run.read, run.toRead);
    },
    { paths: false },
  );
}

/** Origins outside the range (a chain of picks through a commit not read yet): followed a few steps. */
export async function followOrigins(run: RunState): Promise<void> {
  const { facts, factsCache } = run;
  let sortedIds: string[] | null = null;
  const known = (id: string): boolean => {
    if (facts.has(id)) return true;
    if (id.length >= 40) return false;
    sortedIds ??= [...facts.keys()].sort();
    return (sortedIds[lowerBound(sortedIds, id)] ?? '').startsWith(id);
  };
  const tried = new Set<string>();
  for (let depth = 0; depth < 3; depth++) {
    const missing: string[] = [];
    for (const f of facts.values()) for (const o of f.origins) if (!tried.has(o) && !known(o)) missing.push(o);
    if (missing.length === 0) break;
    const rest: string[] = [];
    for (const m of new Set(missing)) {
      tried.add(m);
      const c = m.length >= 40 ? factsCache?.get(m) : undefined;
      const f = c !== undefined ? decodeFacts(m, c) : null;
      if (f) facts.set(f);
      else rest.push(m);
    }
    if (rest.length > 0) {
      // Origins may name commits this repository never had (picked from a fork): skip those.
      const exist = await run.git.revParse(rest, { peel: 'commit', allowMissing: true });
      const ids = [...new Set(exist.values())].filter((oid) => !facts.has(oid));
      if (ids.length > 0) await readFactsInto(run, ids);
    }
    sortedIds = null;
  }
}

/**
 * Writes the commit-facts cache, then drops its records from memory (not needed while the
 * output is written, where the run peaks). Run while git computes the patch-ids.
 */
export async function saveFactsCache(run: RunState): Promise<void> {
  const { factsCache, facts, fresh } = run;
  await factsCache?.save({
    count: fresh.length,
    *entries() {
      for (const oid of fresh) {
        const f = facts.get(oid);
        if (f) yield [oid, encodeFacts(f)];
      }
    },
  });
  fresh.length = 0;
  factsCache?.release();
}

/** Writes the patch-id cache, then drops its records from memory. */
export async function savePatchIdCache(pidCache: PatchIdCache | null): Promise<void> {
  await pidCache?.save();
  pidCache?.release();
}
