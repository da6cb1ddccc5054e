/**
 * Reads what backport coverage needs from git, in batches, and runs it:
 *
 * 1. one `for-each-ref` (branches: main, lines, backport branches);
 * 2. one `merge-base --octopus` for the default `since` (where the oldest line forked);
 * 3. one `rev-list --topo-order --parents` over every tip minus the base: the range and, by one
 *    pass over it, which branches reach which commits;
 * 4. one `log --no-walk --stdin --name-only` for the commits not in the commit-facts cache
 *    (message facts and changed paths; no diffs), plus one more for origins outside the range
 *    when picks were chained through commits not read yet;
 * 5. patch-ids, only for commits that reachability, trailers and pull-request numbers left
 *    unresolved and that have a same-path candidate, and only those not in the patch-id cache.
 *
 * Both caches live under `.git/trellis/` (see patch-id-cache.ts).
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parse as parseYaml } from 'yaml';
import type { ChangeKind } from '../../core/changes/kind.js';
import { TrellisError } from '../../core/errors.js';
import { commitFacts, pathsKeyOf, type CommitFacts, type FactsParams } from '../../core/coverage/commit-facts.js';
import {
  CoveragePlanner,
  type BackportBranch,
  type ChangeCoverage,
  type CoverageReport,
  type FixedCommit,
  type CoverageLine,
  type OptOutEntry,
} from '../../core/coverage/matrix.js';
import { Equivalence } from '../../core/coverage/equivalence.js';
import { FactsStore } from '../../core/coverage/facts-store.js';
import { parseRevList, Reach, type RangeGraph } from '../../core/coverage/graph.js';
import type { Policy } from '../../core/policy/schema.js';
import { matchTemplate, parseTemplate } from '../../core/policy/template.js';
import type { Git } from '../../git/git.js';
import type { RefInfo } from '../../git/refs.js';
import { backportStatus, discoverLines, supportFacts, supportOf } from '../../core/lines/index.js';
import { refFacts } from '../repository.js';
import { gitFailure, spawnFailure } from '../../git/run.js';
import { cacheDir, PatchIdCache, RecordCache } from './cache-files.js';

/** Options of {@link runCoverage}. */
export interface CoverageOptions {
  policy: Policy;
  /** Columns: maintained lines with their branch and status (from the release-lines module). */
  lines: readonly CoverageLine[];
  /** The development branch (default: the policy's `branches.develop` or `branches.main`). */
  mainBranch?: string;
  /** A revision or a date (`YYYY-MM-DD`); default: where the oldest line forked. */
  since?: string;
  kinds?: readonly ChangeKind[];
  /** Use and update the caches under `.git/trellis/` (default true). */
  cache?: boolean;
  /** Branches already read by the caller (saves one `for-each-ref`). */
  refs?: readonly RefInfo[];
  /**
   * Read paths ahead (on another CPU, while messages are parsed) when at least this many
   * commits lack them (default 2,000; a small read costs little either way).
   */
  readAheadMin?: number;
  /** Called as work proceeds (phase name, done, total). */
  progress?: (phase: string, done: number, total: number) => void;
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

const DATE = /^\d{4}-\d\d-\d\d([T ][0-9:]+(Z|[+-]\d\d:?\d\d)?)?$/;

/** Version of the commit-facts encoding and parsing rules (part of that cache's key). */
const FACTS_VERSION = 'f2';

/** Runs coverage on a repository. */
export async function runCoverage(git: Git, opts: CoverageOptions): Promise<CoverageRun> {
  const { policy } = opts;
  const mainBranch = opts.mainBranch ?? policy.branches.develop ?? policy.branches.main;
  const params: FactsParams = { originTrailer: policy.backport.originTrailer, optOutTrailer: policy.backport.optOutTrailer };
  const progress = opts.progress ?? (() => undefined);

  // 1. Branches.
  const refs = opts.refs ?? (await git.refs({ patterns: ['refs/heads'] }));
  const branches = new Map(refs.filter((r) => r.kind === 'branch' && r.commit).map((r) => [r.shortName, r.commit as string]));
  const mainTip = branches.get(mainBranch);
  if (!mainTip) throw new TrellisError('not-found', `the development branch '${mainBranch}' does not exist`, 2);
  const lines = opts.lines.filter((l) => branches.has(l.branch));
  const backportBranches = findBackportBranches(policy, branches, lines);

  // 2. Where the range starts.
  let since: string;
  let exclude: string[] = [];
  let sinceDate: string | null = null;
  if (opts.since && DATE.test(opts.since)) {
    since = opts.since;
    sinceDate = opts.since;
  } else if (opts.since) {
    const base = await git.resolve(opts.since, { peel: 'commit' });
    since = opts.since;
    exclude = [base];
  } else if (lines.length > 0) {
    // A line's oldest tag finds its fork point even when the branch was merged back into main.
    const starts = lines.map((l) => l.anchor ?? (branches.get(l.branch) as string));
    const out = await git.run(['merge-base', '--octopus', mainTip, ...starts], {
      okExitCodes: [0, 1],
    });
    const base = out.stdout.toString('utf8').trim();
    since = base === '' ? 'the first commit' : base.slice(0, 10);
    if (base !== '') exclude = [base];
  } else {
    since = mainBranch;
    exclude = [mainTip];
  }

  // 3. The range and who reaches what.
  const tips = [mainTip, ...lines.map((l) => branches.get(l.branch) as string), ...backportBranches.map((b) => b.tip)];
  progress('graph', 0, 1);
  const revArgs = ['rev-list', '--topo-order', '--parents'];
  if (sinceDate) revArgs.push(`--since=${sinceDate}`);
  revArgs.push('--stdin');
  // The output (megabytes) is not kept once parsed.
  const graph: RangeGraph = parseRevList(
    (await git.run(revArgs, { input: [...new Set(tips), ...exclude.map((e) => `^${e}`)].join('\n') + '\n' })).stdout,
  );
  const reach = Reach.compute(graph, tips);
  progress('graph', 1, 1);

  // 4. Commit facts, from the cache or one log.
  const useCache = opts.cache !== false;
  const dir = cacheDir(git.commonDir);
  const paramsKey = createHash('sha256')
    .update(`${FACTS_VERSION}\0${params.originTrailer}\0${params.optOutTrailer}`)
    .digest('hex')
    .slice(0, 16);
  const factsCache = useCache ? await RecordCache.open(dir, 'commit-facts', paramsKey) : null;
  // By graph index, found through the graph's id index: no second map of every commit.
  const facts = new FactsStore(graph);
  // Facts to write to the cache at the end (read now, or given their paths now): encoded only
  // when the cache is saved, so the run never holds a second copy of every record.
  const fresh: string[] = [];
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
  // is stopped once it has passed every commit the plan asks for (see below).
  const ahead: PathsAhead | null = (() => {
    const list: number[] = [];
    for (let i = 0; i < graph.oids.length; i++) {
      if ((graph.parentCounts[i] as number) > 1) continue;
      if ((facts.at(i)?.pathsKey ?? null) === null) list.push(i);
    }
    return list.length > 0 && list.length >= (opts.readAheadMin ?? AHEAD_MIN) ? readPathsAhead(git, graph, list) : null;
  })();
  let read = 0;
  const readInto = async (oids: string[]): Promise<void> => {
    // Messages only: paths cost a tree diff per commit and are read below only where needed.
    await readCommitFacts(
      git,
      oids,
      params,
      (f) => {
        // Copied into the store's columns (the object is not kept); ids are the graph's strings.
        facts.set(f);
        if (factsCache) {
          const at = graph.index.get(f.oid);
          fresh.push(at !== undefined ? (graph.oids[at] as string) : f.oid);
        }
        read++;
        if (read % 2000 === 0) progress('commits', read, toRead.length);
      },
      { paths: false },
    );
  };
  if (toRead.length > 0) await readInto(toRead);
  // Read: its ids are the graph's strings, but the list itself would live as long as `readInto`.
  toRead.length = 0;
  // Origins outside the range (a chain through a commit not read yet): follow a few steps.
  let sortedIds: string[] | null = null;
  const known = (id: string): boolean => {
    if (facts.has(id)) return true;
    if (id.length >= 40) return false;
    sortedIds ??= [...facts.keys()].sort();
    let lo = 0;
    let hi = sortedIds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sortedIds[mid] as string) < id) lo = mid + 1;
      else hi = mid;
    }
    return (sortedIds[lo] ?? '').startsWith(id);
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
      const exist = await git.revParse(rest, { peel: 'commit', allowMissing: true });
      const ids = [...new Set(exist.values())].filter((oid) => !facts.has(oid));
      if (ids.length > 0) await readInto(ids);
    }
    sortedIds = null;
  }
  sortedIds = null;
  // The range's facts in graph order, as views made while iterated (not an array of them).
  const commits: Iterable<CommitFacts> = { [Symbol.iterator]: () => facts.range() };
  // The equivalence keeps this store as its index of the facts (no copy); `facts` is not
  // touched from here on.
  const equivalence = new Equivalence(facts);
  // The log's parsing is garbage now, much of it promoted: collected before the plan is made.
  compactHeap(graph.oids.length);

  // Opt-outs and Fixes:.
  const optOuts = await readOptOuts(git, policy, mainTip);
  const fixIds = new Set<string>();
  for (const c of commits) for (const f of c.fixes) fixIds.add(f);
  const fixed = await resolveFixes(git, [...fixIds], equivalence, graph);

  // 5. Plan, patch-ids, finish.
  const planner = new CoveragePlanner({
    since,
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
  });
  // Paths, only for the changes still unresolved where a line needs them and the commits they
  // can be compared with (a patch-id hashes the paths: only same-path commits can match).
  const wanted = planner.pathsWanted();
  let pathsRead = 0;
  const readPathsInto = async (lists: ReadonlyArray<readonly string[]>): Promise<void> => {
    // Each commit once (a bit per graph index; a set only for commits outside the range).
    const todo: string[] = [];
    const marked = new Uint8Array(graph.oids.length);
    const outside = new Set<string>();
    for (const list of lists) {
      for (const o of list) {
        if (equivalence.get(o)?.pathsKey !== null) continue;
        const i = graph.index.get(o);
        if (i === undefined ? outside.has(o) : marked[i] === 1) continue;
        if (i === undefined) outside.add(o);
        else marked[i] = 1;
        todo.push(o);
      }
    }
    if (todo.length === 0 && !ahead) return;
    progress('paths', 0, todo.length);
    const got = ahead ? await ahead.until(todo) : new Map<string, string>();
    const rest = todo.filter((o) => !got.has(o));
    rest.sort((a, b) => (graph.index.get(a) ?? -1) - (graph.index.get(b) ?? -1));
    const seen = new Set<string>();
    await readPaths(git, rest, (oid, paths) => {
      seen.add(oid);
      got.set(oid, pathsKeyOf(paths));
    });
    // diff-tree prints nothing for a commit without changes.
    for (const oid of rest) if (!seen.has(oid)) got.set(oid, '');
    // Recorded in history order (the order of patch-id candidates), whoever read them: commits
    // outside the range first, then the graph's.
    const record = (oid: string): void => {
      const key = got.get(oid);
      const f = equivalence.get(oid);
      if (key === undefined || !f || f.pathsKey !== null) return;
      equivalence.setPaths(oid, key);
      pathsRead++;
      // A fact from the cache now has its paths: its record is rewritten from the facts.
      if (factsCache?.delete(oid)) fresh.push(oid);
    };
    for (const oid of got.keys()) if (!graph.index.has(oid)) record(oid);
    for (const oid of graph.oids) record(oid);
    // The read ahead's map is no longer needed (the facts hold the keys now).
    got.clear();
    progress('paths', todo.length, todo.length);
  };
  await readPathsInto([wanted.changes, wanted.pool]);
  const needed = planner.patchIdsNeeded();
  const pidCache = useCache ? await PatchIdCache.open(git.commonDir) : null;
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
    const got = await git.patchIds(compute, { pipelines: Math.min(2, availableParallelism()) });
    for (const oid of compute) {
      const pid = got.get(oid) ?? null;
      patchIds.set(oid, pid);
      pidCache?.set(oid, pid);
    }
    progress('patch-ids', compute.length, compute.length);
  }
  await Promise.all([
    factsCache?.save({
      count: fresh.length,
      *entries() {
        for (const oid of fresh) {
          const f = facts.get(oid);
          if (f) yield [oid, encodeFacts(f)];
        }
      },
    }),
    pidCache?.save(),
  ]);
  fresh.length = 0;
  // Saved: the caches' records (every cached commit's line, when the facts came from the cache)
  // are not needed while the output is written, where the run peaks.
  factsCache?.release();
  pidCache?.release();
  // The plan's and the patch-ids' garbage, before the output (where the run peaks).
  compactHeap(graph.oids.length);
  const lineKeys = lines.map((l) => l.key);
  let report: CoverageReport | null = null;
  return {
    get report() {
      return (report ??= planner.finish(patchIds));
    },
    since,
    lines: lineKeys,
    *rows() {
      if (report) yield* report.changes;
      else for (let r = 0; r < planner.size; r++) yield planner.finishRow(r, patchIds);
    },
    stats: {
      commits: graph.oids.length,
      commitFactsRead: read,
      pathsRead,
      patchIdsNeeded: needed.length,
      patchIdsComputed: compute.length,
      cache: {
        commits: factsCache ? `${factsCache.load}${factsCache.problem ? ` (${factsCache.problem})` : ''}` : 'off',
        patchIds: pidCache ? `${pidCache.store.load}${pidCache.store.problem ? ` (${pidCache.store.problem})` : ''}` : 'off',
      },
    },
  };
}

/** Bump when what `trellis missing` prints for the same inputs changes: older result files are then ignored. */
const RESULT_KEY_VERSION = 'r1';

/**
 * The key of a run's cached output (see `ResultCache`): a hash of everything the output depends
 * on — Trellis's version, the policy, the columns with today's statuses, the options and output
 * format, every ref's tip (branches, tags: a moved branch, a new tag or a new backport branch
 * changes the key) and, for `--since REV`, what REV names now (one `rev-parse`).
 */
export async function resultKey(
  git: Git,
  k: {
    version: string;
    policy: Policy;
    lines: readonly CoverageLine[];
    refs: readonly RefInfo[];
    since?: string;
    kinds: readonly string[];
    output: string;
  },
): Promise<string> {
  const since = k.since === undefined || DATE.test(k.since) ? null : await git.resolve(k.since, { peel: 'commit' });
  const h = createHash('sha256');
  h.update(JSON.stringify([RESULT_KEY_VERSION, k.version, k.policy, k.lines, k.since ?? null, since, k.kinds, k.output]));
  for (const r of k.refs) h.update(`${r.name}\0${r.oid}\n`);
  return h.digest('hex');
}

/** Backport branches named by the policy's template, for the given lines. */
export function findBackportBranches(
  policy: Policy,
  branches: ReadonlyMap<string, string>,
  lines: readonly CoverageLine[],
): BackportBranch[] {
  let template;
  try {
    template = parseTemplate(policy.branches.backport, 'backportBranch');
  } catch {
    return [];
  }
  const out: BackportBranch[] = [];
  for (const [name, tip] of branches) {
    const m = matchTemplate(template, name);
    if (!m) continue;
    const line = m.line ?? lines.find((l) => l.branch === m.branch)?.key;
    if (!line || !lines.some((l) => l.key === line)) continue;
    out.push({ name, line, sha: m.sha ?? null, pr: m.pr !== undefined ? Number(m.pr) : null, tip });
  }
  return out;
}

const LOG_FORMAT = '%x01%H %P%x00%B%x00';

/**
 * Reads many commits' messages (and, unless `paths: false`, changed paths) in one
 * `git log --no-walk --stdin`, streaming: each commit becomes {@link CommitFacts} as it
 * arrives, so memory holds facts, not the log. Unknown ids are skipped (`--ignore-missing`).
 * The facts' strings are copies, not slices of the log's text (a slice would keep the whole
 * chunk it came from alive). Without paths a commit's `pathsKey` is null (not read).
 */
export async function readCommitFacts(
  git: Git,
  oids: readonly string[],
  params: FactsParams,
  each: (f: CommitFacts) => void,
  opts: { paths?: boolean } = {},
): Promise<void> {
  if (oids.length === 0) return;
  const withPaths = opts.paths !== false;
  const args = ['log', '--no-walk=unsorted', '--stdin', '--ignore-missing', '-z', `--format=${LOG_FORMAT}`];
  if (withPaths) args.push('--name-only', '--no-renames');
  args.push('--no-color', '--no-show-signature');
  await streamRecords(git, args, oids, undefined, (buf, start, end) => {
    // "<oid> <parents>\0<message>\0[\n<path>\0<path>\0...]"
    const z1 = indexIn(buf, 0, start, end);
    if (z1 < 0) return;
    const head = buf.toString('latin1', start, z1).split(' ');
    const oid = head[0] as string;
    if (!/^[0-9a-f]{40,64}$/.test(oid)) return;
    let z2 = indexIn(buf, 0, z1 + 1, end);
    if (z2 < 0) z2 = end;
    const message = buf.toString('utf8', z1 + 1, z2);
    const paths = withPaths ? splitPaths(buf, z2 + 1, end) : null;
    each(detach(commitFacts({ oid, parents: head.length - 1, message, paths }, params)));
  });
}

/**
 * The changed paths of many commits in one `git diff-tree -r --stdin --name-only` (against
 * the first parent, no rename detection, root commits against the empty tree). Commits
 * without changes and merges are not reported. Feed commits in history order: git's object
 * caches make that several times faster than a random order.
 */
export async function readPaths(
  git: Git,
  oids: readonly string[],
  each: (oid: string, paths: string[]) => void,
  opts: { signal?: AbortSignal } = {},
): Promise<void> {
  if (oids.length === 0) return;
  const args = ['diff-tree', '-r', '--stdin', '--root', '--no-renames', '--name-only', '-z', '--no-color', '--format=%x01%H'];
  await streamRecords(git, args, oids, opts.signal, (buf, start, end) => {
    // "<oid>\0\n<path>\0<path>\0..."
    const z1 = indexIn(buf, 0, start, end);
    if (z1 < 0) return;
    const oid = buf.toString('latin1', start, z1);
    if (!/^[0-9a-f]{40,64}$/.test(oid)) return;
    each(oid, splitPaths(buf, z1 + 1, end));
  });
}

let fullGc: (() => void) | null | undefined;

/**
 * A full garbage collection on a long range (see docs/missing.md, "Memory"): V8 runs none
 * between the first half second and the end of a cold run on the bench history, so the old
 * generation fills with what was promoted while the log was parsed and the plan made, and the
 * run's peak RSS is that garbage, not its live set. The collector is reached the way Jest's leak
 * detector does it (`--expose-gc` set at run time, `gc` taken from a new context): no flag
 * is needed when Node starts. Does nothing where the flag cannot be set.
 */
// Written by hand: Node has no API to ask for a collection without `--expose-gc` at start.
function compactHeap(commits: number): void {
  if (commits < 20_000) return;
  if (fullGc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      fullGc = runInNewContext('gc') as () => void;
    } catch {
      fullGc = null;
    }
  }
  fullGc?.();
}

/** Below this many commits without paths, nothing is read ahead. */
const AHEAD_MIN = 2000;

/** A paths read started early; see {@link readPathsAhead}. */
interface PathsAhead {
  /**
   * Waits until the read has passed every commit of `oids` it covers (then stops it if it is
   * still running) and returns what it read: commit → paths key ('' for a commit without
   * changes). Commits it did not reach are absent.
   */
  until(oids: readonly string[]): Promise<Map<string, string>>;
}

/**
 * Starts one `diff-tree --name-only` over the commits at graph indexes `list` (ascending:
 * history order) and collects their paths keys while the caller does other work.
 */
function readPathsAhead(git: Git, graph: RangeGraph, list: readonly number[]): PathsAhead {
  const got = new Map<string, string>();
  const abort = new AbortController();
  // Position in `list` of the last commit diff-tree reported: every commit before it is done.
  let passed = -1;
  let waiting: { at: number; resolve: () => void } | null = null;
  let failure: unknown = null;
  const done = readPaths(
    git,
    list.map((i) => graph.oids[i] as string),
    (read, paths) => {
      const i = graph.index.get(read) ?? -1;
      // The graph's string for the id, not a second one.
      const oid = i >= 0 ? (graph.oids[i] as string) : read;
      got.set(oid, pathsKeyOf(paths));
      while (passed + 1 < list.length && (list[passed + 1] as number) <= i) passed++;
      if (waiting && passed >= waiting.at) {
        waiting.resolve();
        waiting = null;
      }
    },
    { signal: abort.signal },
  ).then(
    () => {
      if (!abort.signal.aborted) passed = list.length - 1;
    },
    (e: unknown) => {
      failure = e;
    },
  );
  const emptyUpTo = (n: number): void => {
    for (let k = 0; k <= n; k++) {
      const oid = graph.oids[list[k] as number] as string;
      if (!got.has(oid)) got.set(oid, '');
    }
  };
  return {
    async until(oids) {
      let at = -1;
      for (const oid of oids) {
        const i = graph.index.get(oid);
        if (i === undefined) continue;
        // The position of i in list (binary search).
        let lo = 0;
        let hi = list.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if ((list[mid] as number) < i) lo = mid + 1;
          else hi = mid;
        }
        if (list[lo] === i && lo > at) at = lo;
      }
      if (passed < at) {
        await Promise.race([done, new Promise<void>((resolve) => (waiting = { at, resolve }))]);
      }
      abort.abort();
      await done;
      if (failure) throw failure;
      emptyUpTo(Math.min(passed, list.length - 1));
      return got;
    },
  };
}

const SEP = Buffer.from([0, 1]);

function indexIn(buf: Buffer, byte: number, start: number, end: number): number {
  const i = buf.indexOf(byte, start);
  return i < 0 || i >= end ? -1 : i;
}

/** NUL-terminated paths in `buf[start, end)`, each possibly preceded by a newline. */
function splitPaths(buf: Buffer, start: number, end: number): string[] {
  const paths: string[] = [];
  let pos = start;
  while (pos < end) {
    if (buf[pos] === 0x0a) pos++;
    let z = indexIn(buf, 0, pos, end);
    if (z < 0) z = end;
    if (z > pos) paths.push(buf.toString('utf8', pos, z));
    pos = z + 1;
  }
  return paths;
}

/**
 * Runs git with `oids` on stdin and calls `record` for each record of its output: records
 * start with \x01 (the format's first byte) after a NUL. Parsed from the bytes as they
 * arrive; only an incomplete last record is carried over to the next chunk.
 */
async function streamRecords(
  git: Git,
  args: string[],
  oids: readonly string[],
  signal: AbortSignal | undefined,
  record: (buf: Buffer, start: number, end: number) => void,
): Promise<void> {
  const child = git.runner.spawn(args);
  let stopped = false;
  const stop = (): void => {
    stopped = true;
    child.kill();
  };
  signal?.addEventListener('abort', stop, { once: true });
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
  child.stdin.on('error', () => undefined);
  void writeLines(child.stdin, oids);
  const split = recordSplitter(record);
  child.stdout.on('data', (chunk: Buffer) => {
    if (!stopped) split.push(chunk);
  });
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', (e) => reject(spawnFailure(e, git.runner.gitPath)));
    child.on('close', (c) => resolve(c ?? 1));
  });
  signal?.removeEventListener('abort', stop);
  if (stopped) return;
  if (code !== 0) throw gitFailure([args[0] as string], err, code);
  split.end();
}

/**
 * Writes ids to a process's stdin a slice at a time as it reads them (git reads `--stdin` as it
 * works): the whole list is never one string and one buffer waiting in Node. Stops quietly when
 * the process goes away.
 */
async function writeLines(stdin: NodeJS.WritableStream & { destroyed: boolean }, oids: readonly string[]): Promise<void> {
  const STEP = 1024;
  for (let k = 0; k < oids.length; k += STEP) {
    if (stdin.destroyed) return;
    const more = stdin.write(oids.slice(k, k + STEP).join('\n') + '\n');
    if (!more && !stdin.destroyed) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          stdin.removeListener('drain', done);
          stdin.removeListener('close', done);
          resolve();
        };
        stdin.once('drain', done);
        stdin.once('close', done);
      });
    }
  }
  if (!stdin.destroyed) stdin.end();
}

/**
 * Splits a stream of records that start with \x01 after a NUL (the first with \x01 alone) into
 * calls of `record(buf, start, end)`, parsed from the bytes as they arrive. Records are parsed in
 * the chunk they arrive in; only the record cut by a chunk's end is copied (concatenating every
 * chunk to the previous tail would copy the whole output once more, megabytes of short-lived
 * buffers outside the heap).
 */
export function recordSplitter(record: (buf: Buffer, start: number, end: number) => void): { push(chunk: Buffer): void; end(): void } {
  let tail: Buffer | null = null;
  const records = (buf: Buffer, end: number): void => {
    let pos = buf[0] === 1 ? 1 : 0;
    while (pos < end) {
      let next = buf.indexOf(SEP, pos);
      if (next < 0 || next >= end) next = end;
      record(buf, pos, next);
      pos = next + 2;
    }
  };
  return {
    push(chunk) {
      if (chunk.length === 0) return;
      let from = 0;
      if (tail) {
        if (tail[tail.length - 1] === 0 && chunk[0] === 1) {
          // The separator straddles the two chunks.
          records(tail, tail.length - 1);
        } else {
          const f = chunk.indexOf(SEP);
          if (f < 0) {
            tail = Buffer.concat([tail, chunk]);
            return;
          }
          const head = Buffer.concat([tail, chunk.subarray(0, f)]);
          records(head, head.length);
          from = f + 1;
        }
        tail = null;
      }
      const buf = from === 0 ? chunk : chunk.subarray(from);
      const cut = buf.lastIndexOf(SEP);
      if (cut < 0) {
        tail = Buffer.from(buf);
        return;
      }
      records(buf, cut);
      tail = Buffer.from(buf.subarray(cut + 1));
    },
    end() {
      const last = tail;
      tail = null;
      if (last && last.length > 0) records(last, last[last.length - 1] === 0 ? last.length - 1 : last.length);
    },
  };
}

/** A fresh copy of a string (not a slice keeping a larger string alive). */
const own = (s: string): string => (s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8'));
const ownAll = (xs: string[]): string[] => (xs.length === 0 ? xs : xs.map(own));

/** The facts with every string copied out of the message it was matched in. */
function detach(f: CommitFacts): CommitFacts {
  f.subject = own(f.subject);
  f.origins = ownAll(f.origins);
  f.reverts = ownAll(f.reverts);
  f.fixes = ownAll(f.fixes);
  f.backportTargets = ownAll(f.backportTargets);
  return f;
}

// Commit facts as one cache line: fields joined by \x1f, lists by \x1e; tabs and newlines in
// subjects or paths become spaces (subjects are for display; paths only group candidates).
const FS = '\x1f';
const LS = '\x1e';
const UNSAFE = new RegExp(`[\\t\\n${LS}${FS}]`, 'g');
const clean = (s: string): string => s.replace(UNSAFE, ' ');
const KINDS: readonly ChangeKind[] = ['feature', 'bugfix', 'security', 'other'];

export function encodeFacts(f: CommitFacts): string {
  return [
    clean(f.subject),
    String(f.parents),
    f.kind,
    f.origins.join(LS),
    f.ownPr === null ? '' : String(f.ownPr),
    f.backportOf.join(LS),
    f.prRefs.join(LS),
    f.reverts.join(LS),
    f.fixes.join(LS),
    f.optOut ? '1' : '0',
    f.backportTargets.map(clean).join(LS),
    (f.pathsKey ?? '').split('\0').map(clean).join(LS),
    f.pathsKey === null ? '0' : '1',
  ].join(FS);
}

/** Shared by every decoded record without a list (most of them). */
const NO_STRINGS: string[] = Object.freeze([]) as unknown as string[];

export function decodeFacts(oid: string, text: string): CommitFacts | null {
  const p = text.split(FS);
  if (p.length !== 13) return null;
  const list = (s: string | undefined): string[] => (s ? s.split(LS) : NO_STRINGS);
  const nums = (s: string | undefined): number[] => list(s).map(Number);
  const kind = p[2] as ChangeKind;
  if (!KINDS.includes(kind)) return null;
  return {
    oid,
    subject: p[0] as string,
    parents: Number(p[1]),
    kind,
    origins: list(p[3]),
    ownPr: p[4] ? Number(p[4]) : null,
    backportOf: nums(p[5]),
    prRefs: nums(p[6]),
    reverts: list(p[7]),
    fixes: list(p[8]),
    optOut: p[9] === '1',
    backportTargets: list(p[10]),
    pathsKey: p[12] === '1' ? list(p[11]).join('\0') : null,
  };
}

/**
 * The policy's opt-out file, read from the development branch (so it works in bare
 * repositories and CI checkouts alike). Format (YAML):
 *
 *     - commit: 1a2b3c4d
 *       reason: the code did not exist before 0.6
 *       lines: ["0.4", "0.5"]     # optional; default every line
 *
 * An entry without a reason is an error: an opt-out must say why.
 */
export async function readOptOuts(git: Git, policy: Policy, rev: string): Promise<OptOutEntry[]> {
  const path = policy.backport.optOutFile;
  if (!path) return [];
  const buf = await git.readFile(rev, path);
  if (!buf) return [];
  return parseOptOuts(buf.toString('utf8'), path);
}

/** Parses the opt-out file (see {@link readOptOuts}); throws `bad-input` naming the entry. */
export function parseOptOuts(text: string, file: string): OptOutEntry[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new TrellisError('bad-input', `${file}: not valid YAML: ${(e as Error).message.split('\n')[0]}`, 2);
  }
  if (doc === null || doc === undefined) return [];
  const list = Array.isArray(doc) ? doc : (doc as { optOuts?: unknown }).optOuts;
  if (!Array.isArray(list)) throw new TrellisError('bad-input', `${file}: expected a list of { commit, reason, lines? } entries`, 2);
  return list.map((e: unknown, i: number) => {
    const o = (e ?? {}) as { commit?: unknown; reason?: unknown; lines?: unknown };
    const commit = typeof o.commit === 'string' || typeof o.commit === 'number' ? String(o.commit).trim().toLowerCase() : '';
    if (!/^[0-9a-f]{7,64}$/.test(commit))
      throw new TrellisError('bad-input', `${file}: entry ${i + 1}: 'commit' must be a commit id (7+ hex digits)`, 2);
    if (typeof o.reason !== 'string' || o.reason.trim() === '') {
      throw new TrellisError('bad-input', `${file}: entry ${i + 1} (${commit}): an opt-out needs a 'reason'`, 2);
    }
    const lines = o.lines === undefined ? [] : Array.isArray(o.lines) ? o.lines.map(String) : [String(o.lines)];
    return { commit, reason: o.reason.trim(), lines };
  });
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
    const found = await git.revParse(
      outside.map((id) => id),
      { peel: 'commit', allowMissing: true },
    );
    for (const id of outside) {
      const oid = found.get(id);
      out.set(id, oid ? { where: 'before', oid } : { where: 'unknown' });
    }
  }
  return out;
}

/** The columns of a run and every line known, from the release-lines module. */
export interface CoverageLines {
  /** Columns: maintained lines (or those asked for with `--line`). */
  columns: CoverageLine[];
  /** Every release line with a branch. */
  all: CoverageLine[];
  refs: RefInfo[];
}

/**
 * Today's release lines with their support status (one `for-each-ref`, no history walk): the
 * columns are the maintained lines (status prerelease, full, bugfix or security), oldest
 * last, or exactly the lines named by `requested` (a line key or its branch; an unknown name is
 * a usage error, exit 2).
 */
export async function coverageLines(git: Git, policy: Policy, today: string, requested: readonly string[] = []): Promise<CoverageLines> {
  const refs = await git.refs();
  const discovery = discoverLines(refFacts(refs), policy);
  const supports = supportOf(discovery.lines.map(supportFacts), policy.support, today);
  const all: CoverageLine[] = [];
  discovery.lines.forEach((l, i) => {
    const s = supports[i];
    if (l.kind !== 'release' || !l.branch || !s) return;
    const anchor = l.prereleases[0]?.commit ?? l.releases[0]?.commit ?? null;
    all.push({ key: l.key, branch: l.branch, status: backportStatus(s) ?? s.status, anchor });
  });
  if (requested.length === 0) {
    return { columns: all.filter((l) => l.status !== 'end-of-life' && l.status !== 'feature'), all, refs };
  }
  const columns: CoverageLine[] = [];
  for (const name of requested) {
    const l = all.find((x) => x.key === name) ?? all.find((x) => x.branch === name);
    if (!l) {
      const known = all.map((x) => x.key).join(', ') || 'none';
      throw new TrellisError('usage', `unknown line '${name}' (lines with a branch: ${known})`, 2);
    }
    if (!columns.includes(l)) columns.push(l);
  }
  return { columns, all, refs };
}
