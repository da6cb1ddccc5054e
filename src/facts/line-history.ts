/**
 * What line discovery asks of history (where each line left the development branch, how many
 * commits each line has beyond its latest tag, whether the releases are on the release home's
 * first-parent chain), answered with as little of git as the answers allow:
 *
 * 1. from the answers an earlier run kept in `.git/trellis/line-history` (beside the coverage
 *    caches, same file format and checks, see coverage/cache-files.ts). The answers are keyed by
 *    commit ids, and commits never change, so they hold for as long as the refs point where they
 *    did: a status with nothing moved reads no history at all. When only the development branch
 *    moved on (a fetch, its old tip on its new first-parent chain) and no line holds that old
 *    tip, the answers kept for it are carried to the new one (core/lines/history-advance.ts)
 *    after one small `rev-list` of the new commits;
 * 2. on a history where the development branch takes its changes by merges (sampled: one
 *    small `rev-list`), from the first-parent chains of the tips and a few small reads
 *    (facts/history-reads.ts: each line's own commits, each counted range; about one process
 *    per line, run together). On duckdb main's 4,400 commits since the bound are merges
 *    bringing 35,000 more, which the answers never need;
 * 3. else from one `git log --topo-order` of the tips bounded below by `graphBoundary` (the
 *    newest tag of a line older than every branched line: duckdb's history halves);
 * 4. else, when an answer needs history below that bound (the graph throws `HistoryCut`, it
 *    never guesses), from one `git log` of the whole history of the tips, as before the bound.
 *
 * The answers of a run that read history replace the file's records (so it holds one run's
 * worth, a few lines per release line). Writing is best effort: a read-only repository gets its
 * answers all the same.
 */
import {
  carriedHistory,
  discoverLines,
  emptyGraph,
  graphBoundary,
  graphHistory,
  graphTips,
  historyPlan,
  HistoryCut,
} from '../core/lines/index.js';
import type { CommitGraph, ForkPoint, LineDiscovery, LineHistory, RefFact } from '../core/lines/index.js';
import type { Policy } from '../core/policy/schema.js';
import { firstParentAdvance, firstParentMerges, readCommitGraph, readFirstParentChains, type Git } from '../git/index.js';
import { cacheDir, RecordCache } from './coverage/cache-files.js';
import { plannedAnswers } from './history-reads.js';

/** The branches discovery never asks a fork point of (see discover.ts). */
function specialBranches(policy: Policy): Set<string> {
  return new Set([policy.branches.main, ...(policy.branches.develop ? [policy.branches.develop] : [])]);
}

/** Version of the records' meaning and encoding (the cache's parameters): bump to drop older files. */
// h2: unreleased counts leave Trellis's own commits out.
const ANSWERS_VERSION = 'h2';
const CACHE_NAME = 'line-history';

export interface LineHistoryOptions {
  /** Use and update the answers kept under `.git/trellis/` (default true). */
  cache?: boolean;
  /** Use the planned reads (facts/history-reads.ts): `auto` (default) on a merge-heavy history, or always, or never (tests). */
  planned?: 'auto' | 'always' | 'never';
}

/** How a run got its answers (for tests and the bench). */
export type HistorySource = 'cache' | 'carried' | 'planned' | 'bounded' | 'whole' | 'none';

/** Discovery with its history answers, the graph read for them (empty when none was read) and where they came from. */
export interface LineHistoryRead {
  discovery: LineDiscovery;
  graph: CommitGraph;
  source: HistorySource;
}

/**
 * Discovers the release lines in `refs` with fork points and unreleased commits (see the module
 * comment for where the answers come from). Processes: none for answers kept from an earlier
 * run; else the sample and one `git log` (two when the bound was too high), or, on a history
 * of merges, about two plus one per line.
 */
export async function discoverWithHistory(
  git: Git,
  refs: readonly RefFact[],
  policy: Policy,
  opts: LineHistoryOptions = {},
): Promise<LineHistoryRead> {
  const first = discoverLines(refs, policy);
  const tips = graphTips(first);
  if (tips.length === 0) return { discovery: discoverLines(refs, policy, emptyGraph()), graph: emptyGraph(), source: 'none' };
  const store = opts.cache === false ? null : await RecordCache.open(cacheDir(git.commonDir), CACHE_NAME, ANSWERS_VERSION);
  if (store && store.size > 0) {
    try {
      return { discovery: discoverLines(refs, policy, keptAnswers(store)), graph: emptyGraph(), source: 'cache' };
    } catch (e) {
      if (!(e instanceof NotKept)) throw e;
    }
    const carried = await carriedAnswers(git, store, refs, policy, first);
    if (carried) return carried;
  }
  const answers = new Map<string, string>();
  const read = await fromHistory(git, refs, policy, first, answers, opts);
  if (store) await keep(store, answers);
  return read;
}

/**
 * How the development branch's newest commits are sampled: the planned reads are used when at
 * least half of the last {@link SAMPLE} are merges (each brings a pull request's commits, which
 * the one walk reads and the answers never need: duckdb), else the one walk is cheaper (a
 * rebased or linear history: tarantool, llama-stack; any small history).
 */
const SAMPLE = 64;

/** Answers from git (steps 2 to 4 of the module comment), recorded into `answers`. */
async function fromHistory(
  git: Git,
  refs: readonly RefFact[],
  policy: Policy,
  first: LineDiscovery,
  answers: Map<string, string>,
  opts: LineHistoryOptions,
): Promise<LineHistoryRead> {
  const tips = graphTips(first);
  const exclude = graphBoundary(first);
  // Discovery with these answers, or null when they do not reach (a bound too high, a question not planned).
  const answer = (history: LineHistory): LineDiscovery | null => {
    try {
      return discoverLines(refs, policy, recording(history, answers));
    } catch (e) {
      if (!(e instanceof HistoryCut)) throw e;
      answers.clear();
      return null;
    }
  };
  const plan = historyPlan(first, specialBranches(policy));
  if (plan.dev !== null && (await mergeHeavy(git, plan.dev, opts.planned ?? 'auto'))) {
    const chains = await readFirstParentChains(git, plan.heads, exclude);
    const planned = await plannedAnswers(git, plan, chains);
    const discovery = planned ? answer(planned) : null;
    if (discovery) return { discovery, graph: emptyGraph(), source: 'planned' };
  }
  if (exclude.length > 0) {
    const graph = await readCommitGraph(git, tips, exclude);
    const discovery = answer(graphHistory(graph));
    if (discovery) return { discovery, graph, source: 'bounded' };
  }
  const graph = await readCommitGraph(git, tips);
  return { discovery: discoverLines(refs, policy, recording(graphHistory(graph), answers)), graph, source: 'whole' };
}

/** Whether the planned reads are used (`auto`: from a sample of the development branch's chain). */
async function mergeHeavy(git: Git, dev: string, mode: 'auto' | 'always' | 'never'): Promise<boolean> {
  if (mode !== 'auto') return mode === 'always';
  const sample = await firstParentMerges(git, dev, SAMPLE);
  return sample.commits === SAMPLE && sample.merges * 2 >= sample.commits;
}

/** How far the development branch may have moved for kept answers to be carried (see {@link carriedAnswers}). */
const CARRY_LIMIT = 5_000;

/**
 * Step 1's second chance, when the development branch moved since the answers were kept (a
 * fetch) and the lines did not: the answers kept for its old tip, carried to the new one
 * (core/lines/history-advance.ts) after one `rev-list` of the new first-parent commits (and one
 * small `log` per count of the development branch's own commits). Null when
 * they cannot be (another branch moved, the old tip is not on the new chain, a line holds the old
 * tip): then history is read as before.
 */
async function carriedAnswers(
  git: Git,
  store: RecordCache,
  refs: readonly RefFact[],
  policy: Policy,
  first: LineDiscovery,
): Promise<LineHistoryRead | null> {
  const to = first.lines.find((l) => l.kind === 'development')?.branchCommit ?? null;
  const heads = new Set<string>();
  for (const key of store.records.keys()) if (key.startsWith('fork ')) heads.add(key.slice(key.lastIndexOf(' ') + 1));
  const from = heads.size === 1 ? [...heads][0]! : null;
  if (to === null || from === null || from === to) return null;
  // The old tip may be gone (a force-push, then gc): nothing to carry, not an error.
  const chain = await firstParentAdvance(git, from, to, CARRY_LIMIT).catch(() => null);
  if (chain === null) return null;
  // The development branch's own counts (its unreleased commits) grow by its new commits beyond
  // the base: one small read per base kept for the old tip.
  const bases = [...store.records.keys()].filter((k) => k.startsWith(`ahead ${from} `)).map((k) => k.slice(k.lastIndexOf(' ') + 1));
  const counts = await Promise.all(
    bases.map(async (b) => {
      const g = await readCommitGraph(git, [to], [from, b], { dates: false });
      return [b, g.ids.length - (g.own?.size ?? 0)] as const;
    }),
  ).catch(() => null);
  if (counts === null) return null;
  const answers = new Map<string, string>();
  try {
    const history = carriedHistory(keptAnswers(store), { from, to, chain: new Set(chain), added: new Map(counts) });
    const discovery = discoverLines(refs, policy, recording(history, answers));
    await keep(store, answers);
    return { discovery, graph: emptyGraph(), source: 'carried' };
  } catch (e) {
    if (e instanceof NotKept || e instanceof HistoryCut) return null;
    throw e;
  }
}

/** An answer the kept records do not hold: history must be read. */
class NotKept extends Error {}

/** Record keys: the question and the commit ids it is about. */
const chainKey = (head: string, commit: string): string => `chain ${head} ${commit}`;
const forkKey = (tip: string, head: string): string => `fork ${tip} ${head}`;
const aheadKey = (tip: string, base: string): string => `ahead ${tip} ${base}`;

/** `history`'s answers, each also written into `out` as a record. */
function recording(history: LineHistory, out: Map<string, string>): LineHistory {
  return {
    onFirstParentChain(head, commit) {
      const on = history.onFirstParentChain(head, commit);
      out.set(chainKey(head, commit), on ? '1' : '0');
      return on;
    },
    forkPoint(tip, head) {
      const fork = history.forkPoint(tip, head);
      out.set(forkKey(tip, head), fork === null ? '-' : `${fork.commit} ${fork.date ?? '-'}`);
      return fork;
    },
    countAhead(tip, base) {
      const n = history.countAhead(tip, base);
      out.set(aheadKey(tip, base), n === null ? '-' : String(n));
      return n;
    },
  };
}

/** The answers kept in `store`; a question it does not hold (or a record that does not decode) throws {@link NotKept}. */
function keptAnswers(store: RecordCache): LineHistory {
  const get = (key: string): string => {
    const v = store.get(key);
    if (v === undefined) throw new NotKept(key);
    return v;
  };
  return {
    onFirstParentChain(head, commit) {
      const v = get(chainKey(head, commit));
      if (v !== '0' && v !== '1') throw new NotKept(v);
      return v === '1';
    },
    forkPoint(tip, head): ForkPoint | null {
      const v = get(forkKey(tip, head));
      if (v === '-') return null;
      const m = /^([0-9a-f]{40,64}) (\d{4}-\d{2}-\d{2}|-)$/.exec(v);
      if (!m) throw new NotKept(v);
      return { commit: m[1]!, date: m[2] === '-' ? null : m[2]! };
    },
    countAhead(tip, base) {
      const v = get(aheadKey(tip, base));
      if (v === '-') return null;
      if (!/^\d+$/.test(v)) throw new NotKept(v);
      return Number(v);
    },
  };
}

/** Replaces the kept records with this run's answers (written only when they differ). */
async function keep(store: RecordCache, answers: ReadonlyMap<string, string>): Promise<void> {
  for (const k of [...store.records.keys()]) if (!answers.has(k)) store.delete(k);
  for (const [k, v] of answers) store.set(k, v);
  await store.save();
}
