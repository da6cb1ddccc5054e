/**
 * Reads what backport coverage needs through the git adapter, in batches, and runs it:
 *
 * 1. one `for-each-ref` (branches: main, lines, backport branches; local, or a clone's `origin/*`);
 * 2. one `merge-base --octopus` for the default `since` (where the oldest line forked), and for
 *    line-first flows one `merge-base` per line (where it left main);
 * 3. one `rev-list --topo-order --parents` over every tip minus the base: the range and, by one
 *    pass over it, which branches reach which commits and which merge brought each commit
 *    (range.ts);
 * 4. one `log --no-walk --stdin` for the messages of commits not in the commit-facts cache (no
 *    paths, no diffs), plus one more for origins outside the range when picks were chained
 *    through commits not read yet;
 * 5. changed paths (one `diff-tree --name-only`, read ahead on long ranges) and patch-ids, only
 *    for commits that reachability, trailers and pull-request numbers left unresolved and that
 *    have a same-path candidate, and only those not in the caches.
 *
 * Both caches live under `.git/trellis/` (see cache-files.ts; records.ts encodes the facts).
 * The git commands themselves are the adapter's (src/git/range.ts, commit-messages.ts,
 * changed-paths.ts); the decisions are the core's (src/core/coverage/).
 */
import { availableParallelism } from 'node:os';
import type { AdvisoryFixes } from '../../core/advisory/fixes.js';
import type { ChangeKind } from '../../core/changes/kind.js';
import { compileChangeRules } from '../../core/changes/rules.js';
import { findBackportBranches } from '../../core/coverage/backport-branches.js';
import type { CommitFacts, FactsParams } from '../../core/coverage/commit-facts.js';
import { Equivalence } from '../../core/coverage/equivalence.js';
import { FactsStore } from '../../core/coverage/facts-store.js';
import { coverageFlow, type CoverageFlow } from '../../core/coverage/flow.js';
import type { RangeGraph } from '../../core/coverage/graph.js';
import { CoveragePlanner } from '../../core/coverage/matrix.js';
import type { ChangeCoverage, CoverageLine, CoverageReport, FixedCommit } from '../../core/coverage/types.js';
import { TrellisError } from '../../core/errors.js';
import { developmentBranchOf } from '../../core/policy/flow.js';
import type { Policy } from '../../core/policy/schema.js';
import type { Git } from '../../git/git.js';
import type { RefInfo } from '../../git/refs.js';
import { readChangedPaths } from '../../git/changed-paths.js';
import { pathsKeyOf } from '../../core/coverage/commit-facts.js';
import { cacheDir, PatchIdCache, RecordCache } from './cache-files.js';
import { branchTips, rangeStart, readRange } from './range.js';
import { readOptOuts } from './opt-outs.js';
import { AHEAD_MIN, type PathsAhead } from './paths-ahead.js';
import { followOrigins, loadFacts, saveFactsCache, savePatchIdCache, type Progress, type RunState } from './load-facts.js';
import { settlePathKinds } from './path-kinds.js';
import { factsCacheParams } from './records.js';

/** Options of {@link runCoverage}. */
export interface CoverageOptions {
  policy: Policy;
  /** Columns: maintained lines with their branch and status (see `coverageLines`). */
  lines: readonly CoverageLine[];
  /** The development branch (default: the policy's `branches.develop` or `branches.main`). */
  mainBranch?: string;
  /** A revision or a date (`YYYY-MM-DD`); default: where the oldest line forked. */
  since?: string;
  kinds?: readonly ChangeKind[];
  /** Use and update the caches under `.git/trellis/` (default true). */
  cache?: boolean;
  /**
   * Refs already read by the caller, remote-tracking branches included (saves one
   * `for-each-ref`); branches are read from them as line discovery reads them (a clone's
   * `origin/*` where no local branch exists, see facts/repository.ts).
   */
  refs?: readonly RefInfo[];
  /** Which way fixes travel (default: from the policy, see core/coverage/flow.ts). */
  flow?: CoverageFlow;
  /** What the advisory records say of their fixes (their commits, and commits carried from them, are security fixes). */
  advisoryFixes?: AdvisoryFixes | undefined;
  /**
   * Read paths ahead (on another CPU, while messages are parsed) when at least this many
   * commits lack them (default 2,000; a small read costs little either way).
   */
  readAheadMin?: number;
  /**
   * How many git processes a long read runs side by side (the paths read ahead, the patch-ids
   * in `diff-tree | patch-id` pairs), 1 to 8; default {@link defaultGitWorkers}. Any count gives
   * the same report: each process takes a contiguous slice of the history-ordered list.
   */
  gitWorkers?: number;
  /** Called as work proceeds (phase name, done, total). */
  progress?: Progress;
  /**
   * Asks the process for a full garbage collection. On a long range (20,000 commits or more)
   * the run calls it twice: once the log's parsing is garbage, and before the output. Whether
   * the process may force one is the entry point's choice (the CLI's bin.ts; see
   * docs/missing.md, "Why peak RSS was bimodal"): library code never switches V8 flags
   * itself. Without it the run's result is the same; only its peak memory can be higher.
   */
  collectGarbage?: () => void;
}

/**
 * Git processes side by side for a long read by default: two where there are two CPUs (measured:
 * two beat the floor's one pipeline, with Node working beside them, docs/missing.md), else one.
 * More is an option (`gitWorkers`), not the default: machines with more CPUs were not measured,
 * and inside a container with a CPU quota Node 20 reports the host's CPUs.
 */
export function defaultGitWorkers(cpus = availableParallelism()): number {
  return Math.min(2, Math.max(1, cpus));
}

/** The most git processes a caller may ask for (see {@link CoverageOptions.gitWorkers}). */
export const MAX_GIT_WORKERS = 8;

/** `gitWorkers` as given, made a whole number from 1 to {@link MAX_GIT_WORKERS}; the default for anything else (NaN, Infinity, none). */
export function gitWorkersOf(asked: number | undefined): number {
  if (asked === undefined || !Number.isFinite(asked)) return defaultGitWorkers();
  return Math.min(MAX_GIT_WORKERS, Math.max(1, Math.floor(asked)));
}

/** Counters of a run, for benchmarks and tests. */
export interface CoverageStats {
  commits: number;
  commitFactsRead: number;
  /** Commits whose changed paths were read (only where a patch-id can matter). */
  pathsRead: number;
  patchIdsNeeded: number;
  patchIdsComputed: number;
  cache: { commits: string; patchIds: string };
}

export interface CoverageRun {
  /** The whole report (built on first use: {@link rows} makes one change at a time instead). */
  readonly report: CoverageReport;
  /** `since` and `lines` of the report. */
  since: string;
  lines: string[];
  /** The report's changes in order, each made when asked for (a writer can drop it once written). */
  rows(): Iterable<ChangeCoverage>;
  stats: CoverageStats;
}

/** Below this many commits a run asks for no collection (V8's own pace is fine there). */
const COLLECT_MIN_COMMITS = 20_000;

/** What reading a commit's message depends on: the policy's trailers and change rules, the advisory records. */
function factsParamsOf(opts: CoverageOptions): FactsParams {
  const { policy } = opts;
  return {
    originTrailer: policy.backport.originTrailer,
    optOutTrailer: policy.backport.optOutTrailer,
    changes: compileChangeRules(policy.changes),
    advisoryFixes: opts.advisoryFixes,
  };
}

/** Runs coverage on a repository. */
export async function runCoverage(git: Git, opts: CoverageOptions): Promise<CoverageRun> {
  const { policy } = opts;
  const mainBranch = opts.mainBranch ?? developmentBranchOf(policy);
  const params = factsParamsOf(opts);
  const progress = opts.progress ?? (() => undefined);

  // 1. Branches (local, or the remote's where a clone has no local branch).
  const branches = branchTips(opts.refs ?? (await git.refs({ remotes: true })));
  const mainTip = branches.get(mainBranch);
  if (!mainTip) throw new TrellisError('not-found', `the development branch '${mainBranch}' does not exist`, 2);
  const lines = opts.lines.filter((l) => branches.has(l.branch));
  const backportBranches = findBackportBranches(policy, branches, lines);

  // The facts cache is read and parsed (100-200 ms on a long range) while git works out the range.
  const useCache = opts.cache !== false;
  const factsCacheRead = useCache ? RecordCache.open(cacheDir(git.commonDir), 'commit-facts', factsCacheParams(params)) : null;

  // 2. Where the range starts (awaited in readRange, beside the line-first fork points); 3. the range.
  const starting = rangeStart(git, opts.since, { mainBranch, mainTip, lines, branches });
  const flow = opts.flow ?? coverageFlow(policy);
  const tips = [mainTip, ...lines.map((l) => branches.get(l.branch) as string), ...backportBranches.map((b) => b.tip)];
  progress('graph', 0, 1);
  const { graph, reach, forkTips, mergeOf } = await readRange(git, { tips, lines, start: starting, flow });
  const start = await starting;
  progress('graph', 1, 1);
  const collect = graph.oids.length >= COLLECT_MIN_COMMITS ? opts.collectGarbage : undefined;

  // 4. Commit facts, from the cache or one log.
  const factsCache = await factsCacheRead; // never rejects (an unreadable cache is an empty one)
  const run: RunState = {
    git,
    graph,
    params,
    progress,
    factsCache,
    facts: new FactsStore(graph),
    fresh: [],
    pendingKinds: new Map(),
    read: 0,
    toRead: 0,
    workers: gitWorkersOf(opts.gitWorkers),
  };
  const ahead = await loadFacts(run, opts.readAheadMin ?? AHEAD_MIN);
  await followOrigins(run);
  // The range's facts in graph order, as views made while iterated (not an array of them).
  const commits: Iterable<CommitFacts> = { [Symbol.iterator]: () => run.facts.range() };
  // The equivalence keeps the store as its index of the facts (no copy).
  const equivalence = new Equivalence(run.facts, { mergeOf });
  // The log's parsing is garbage now, much of it promoted: collected before the plan is made.
  collect?.();
  // Kinds a change rule on paths decides (docs/tests/CI only, ...), before the plan uses them.
  await settlePathKinds(run, equivalence, ahead);

  // Opt-outs and Fixes:.
  const optOuts = await readOptOuts(git, policy, mainTip);
  const fixIds = new Set<string>();
  for (const c of commits) for (const f of c.fixes) fixIds.add(f);
  const fixed = await resolveFixes(git, [...fixIds], equivalence, graph);

  // 5. Plan, paths, patch-ids, finish.
  const planner = new CoveragePlanner({
    since: start.since,
    mainBranch,
    lines,
    reach,
    equivalence,
    commits,
    kinds: policy.backport.kinds,
    optOuts,
    backportBranches,
    fixed: (id) => fixed.get(id) ?? { where: 'unknown' },
    kindFilter: opts.kinds,
    flow,
    forkTips,
  });
  // Paths, only for the changes still unresolved where a line needs them and the commits they
  // can be compared with (a patch-id hashes the paths: only same-path commits can match).
  const wanted = planner.pathsWanted();
  const pathsRead = await readWantedPaths(run, equivalence, ahead, [wanted.changes, wanted.pool]);
  const needed = planner.patchIdsNeeded();
  const pidCache = useCache ? await PatchIdCache.open(git.commonDir) : null;
  const { patchIds, computed } = await patchIdsMeanwhile(run, needed, pidCache, () => {
    equivalence.prepareSubjects();
    collect?.();
  });
  return finishedRun(planner, patchIds, start.since, lines, {
    commits: graph.oids.length,
    commitFactsRead: run.read,
    pathsRead,
    patchIdsNeeded: needed.length,
    patchIdsComputed: computed,
    cache: {
      commits: factsCache ? `${factsCache.load}${factsCache.problem ? ` (${factsCache.problem})` : ''}` : 'off',
      patchIds: pidCache ? `${pidCache.store.load}${pidCache.store.problem ? ` (${pidCache.store.problem})` : ''}` : 'off',
    },
  });
}

/**
 * Reads the paths of the commits in `lists` that lack them (each once), from the read ahead
 * where it got them, else with one `diff-tree`; records them in the facts in history order.
 * Returns how many were recorded.
 */
async function readWantedPaths(
  run: RunState,
  equivalence: Equivalence,
  ahead: PathsAhead | null,
  lists: ReadonlyArray<readonly string[]>,
): Promise<number> {
  const { graph, factsCache, fresh, progress } = run;
  // Each commit once (a bit per graph index; a set only for commits outside the range).
  const todo: string[] = [];
  const marked = new Uint8Array(graph.oids.length);
  const outside = new Set<string>();
  for (const list of lists) {
    for (const o of list) {
      const i = graph.index.get(o);
      // Read already (or no facts): nothing to do. By column for the range (no view per commit).
      if ((i !== undefined ? run.facts.pathsKeyAt(i) : equivalence.get(o)?.pathsKey) !== null) continue;
      if (i === undefined ? outside.has(o) : marked[i] === 1) continue;
      if (i === undefined) outside.add(o);
      else marked[i] = 1;
      todo.push(o);
    }
  }
  if (todo.length === 0 && !ahead) return 0;
  progress('paths', 0, todo.length);
  const got = ahead ? await ahead.until(todo) : new Map<string, string>();
  const rest = todo.filter((o) => !got.has(o));
  rest.sort((a, b) => (graph.index.get(a) ?? -1) - (graph.index.get(b) ?? -1));
  const seen = new Set<string>();
  await readChangedPaths(run.git, rest, (oid, paths) => {
    seen.add(oid);
    got.set(oid, pathsKeyOf(paths));
  });
  // diff-tree prints nothing for a commit without changes.
  for (const oid of rest) if (!seen.has(oid)) got.set(oid, '');
  // Recorded in history order (the order of patch-id candidates), whoever read them: commits
  // outside the range first, then the graph's.
  let recorded = 0;
  const record = (oid: string): void => {
    const key = got.get(oid);
    const f = equivalence.get(oid);
    if (key === undefined || !f || f.pathsKey !== null) return;
    equivalence.setPaths(oid, key);
    recorded++;
    // A fact from the cache now has its paths: its record is rewritten from the facts.
    if (factsCache?.delete(oid)) fresh.push(oid);
  };
  for (const oid of got.keys()) if (!graph.index.has(oid)) record(oid);
  for (let i = 0; i < graph.oids.length; i++) if (run.facts.pathsKeyAt(i) === null) record(graph.oids[i] as string);
  // The read ahead's map is no longer needed (the facts hold the keys now).
  got.clear();
  progress('paths', todo.length, todo.length);
  return recorded;
}

/**
 * The patch-ids of `needed` (see {@link patchIdsOf}) and both caches written. While git computes
 * them (two pipelines), Node does what comes after anyway and needs no patch-id: writes the
 * commit-facts cache (the facts are final once their paths are read), then `meanwhile` (the
 * subject index the rows use, the collection of the plan's garbage before the output, where
 * the run peaks). Before, Node waited for git, then did these.
 */
async function patchIdsMeanwhile(
  run: RunState,
  needed: readonly string[],
  pidCache: PatchIdCache | null,
  meanwhile: () => void,
): Promise<{ patchIds: Map<string, string | null>; computed: number }> {
  const computing = patchIdsOf(run, needed, pidCache);
  computing.catch(() => undefined); // awaited below; no unhandled rejection meanwhile
  await saveFactsCache(run);
  meanwhile();
  const got = await computing;
  await savePatchIdCache(pidCache);
  return got;
}

/** The patch-ids of `needed`: from the cache, the rest computed (in history order, in `run.workers` pipelines). */
async function patchIdsOf(
  run: RunState,
  needed: readonly string[],
  pidCache: PatchIdCache | null,
): Promise<{ patchIds: Map<string, string | null>; computed: number }> {
  const { graph, progress } = run;
  const patchIds = new Map<string, string | null>();
  const compute: string[] = [];
  for (const oid of needed) {
    const v = pidCache?.get(oid);
    if (v !== undefined) patchIds.set(oid, v);
    else compute.push(oid);
  }
  if (compute.length > 0) {
    progress('patch-ids', 0, compute.length);
    // In history order: consecutive commits share trees and delta bases in git's caches, so
    // diffing them in this order costs a third of diffing them in the order rows ask for them.
    compute.sort((a, b) => (graph.index.get(a) ?? -1) - (graph.index.get(b) ?? -1));
    const got = await run.git.patchIds(compute, { pipelines: run.workers });
    for (const oid of compute) {
      const pid = got.get(oid) ?? null;
      patchIds.set(oid, pid);
      pidCache?.set(oid, pid);
    }
    progress('patch-ids', compute.length, compute.length);
  }
  return { patchIds, computed: compute.length };
}

/** The run's result: rows made from the plan when asked for. */
function finishedRun(
  planner: CoveragePlanner,
  patchIds: ReadonlyMap<string, string | null>,
  since: string,
  lines: readonly CoverageLine[],
  stats: CoverageStats,
): CoverageRun {
  let report: CoverageReport | null = null;
  return {
    get report() {
      return (report ??= planner.finish(patchIds));
    },
    since,
    lines: lines.map((l) => l.key),
    *rows() {
      if (report) yield* report.changes;
      else for (let r = 0; r < planner.size; r++) yield planner.finishRow(r, patchIds);
    },
    stats,
  };
}

/** Where each `Fixes:` id is: in the range, older than it, or unknown to the repository. */
async function resolveFixes(git: Git, ids: string[], eq: Equivalence, graph: RangeGraph): Promise<Map<string, FixedCommit>> {
  const out = new Map<string, FixedCommit>();
  const outside: string[] = [];
  for (const id of ids) {
    const r = eq.resolve(id);
    if (r && graph.index.has(r)) out.set(id, { where: 'range', oid: r });
    else outside.push(id);
  }
  if (outside.length > 0) {
    const found = await git.revParse(outside, { peel: 'commit', allowMissing: true });
    for (const id of outside) {
      const oid = found.get(id);
      out.set(id, oid ? { where: 'before', oid } : { where: 'unknown' });
    }
  }
  return out;
}
