/**
 * Line discovery's history questions answered from small reads instead of one walk of the whole
 * history (see facts/line-history.ts for the order of the ways to answer). On a history like
 * duckdb's the one walk covers main's every pull request since the oldest branched line forked
 * (40,000 commits) while the answers need only:
 *
 * - the first-parent chains of the development branch and of each line tip (`git log
 *   --first-parent`: main's merges, not what they merged; 4,400 commits on duckdb). A line's
 *   chain meets the development branch's chain at its fork candidate F;
 * - the fork point is the newest development-branch commit the tip contains: F, or, where the
 *   development branch was merged into the line, the newest of the run of chain commits after F
 *   that the tip holds. One read of `tip ^F`, the line's own commits, says which (and counts
 *   them when the line has no tag);
 * - a count of unreleased commits comes from that read when the base is in it (a tag made on
 *   the line), else from one read of `tip ^base`: the commits counted, and no more (what `git
 *   rev-list --count base..tip` walks); a tip at its base has none.
 *
 * Anything else (a chain cut by the bound, no fork candidate, a question not planned) throws {@link HistoryCut}: the caller then reads the history
 * as before. Answers are never guessed. Pure: the reads come in as commit graphs.
 */
import { chainOf, HistoryCut, type CommitGraph } from './graph.js';
import type { LineHistory } from './history.js';
import type { ForkPoint, LineDiscovery } from './types.js';

/** What discovery will ask, from a first pass without history (which assumes a release home holds its line). */
export interface HistoryPlan {
  /** The development branch's commit (fork points are asked against it). */
  dev: string | null;
  /** Commits whose first-parent chains are read: the development branch, then every line tip. */
  heads: string[];
  /** Line tips whose fork point is asked. */
  forks: string[];
  /** Unreleased counts asked: `tip` beyond `base` (a tag or entrypoint). */
  counts: Array<{ tip: string; base: string }>;
}

/** The questions `discoverLines` asks of history for the lines of `first` (see discover.ts, fillFromHistory). */
export function historyPlan(first: LineDiscovery, special: ReadonlySet<string>): HistoryPlan {
  const dev = first.lines.find((l) => l.kind === 'development')?.branchCommit ?? null;
  const heads = new Set<string>(dev ? [dev] : []);
  const forks = new Set<string>();
  const counts = new Map<string, { tip: string; base: string }>();
  for (const l of first.lines) {
    if (l.branchCommit === null) continue;
    heads.add(l.branchCommit);
    const onSpecial = l.kind === 'development' || (l.branch !== null && special.has(l.branch));
    if (!onSpecial && dev !== null) forks.add(l.branchCommit);
    const base = l.latestTag?.commit ?? l.entrypoint?.commit ?? null;
    if (base) counts.set(countKey(l.branchCommit, base), { tip: l.branchCommit, base });
  }
  return { dev, heads: [...heads], forks: [...forks], counts: [...counts.values()] };
}

const countKey = (tip: string, base: string): string => `${tip} ${base}`;

/** A fork candidate: where the tip's first-parent chain meets the development branch's. */
export interface ForkCandidate {
  fork: ForkPoint;
  /**
   * The development branch's commits after the candidate, nearest first: those the tip also
   * contains (the development branch merged into the line) form a run from the first, and the
   * newest of them is the fork point.
   */
  newer: string[];
}

/**
 * Each tip's fork candidate from the first-parent chains (`fp`, a bounded read: its `cut` marks
 * chains that go on below the bound). A tip whose chain is cut or ends before meeting the
 * development branch's has none (the caller reads history instead).
 */
export function forkCandidates(fp: CommitGraph, dev: string, tips: readonly string[]): Map<string, ForkCandidate> {
  const out = new Map<string, ForkCandidate>();
  if (!fp.index.has(dev)) return out;
  // The development branch's chain, newest first, with each commit's position.
  const chain: number[] = [];
  const at = new Map<number, number>();
  for (let i = fp.index.get(dev); i !== undefined && !at.has(i); i = fp.cut?.get(i) === true ? undefined : fp.parents[i]![0]) {
    at.set(i, chain.length);
    chain.push(i);
  }
  for (const tip of tips) {
    let i = fp.index.get(tip);
    const seen = new Set<number>();
    while (i !== undefined && !at.has(i) && !seen.has(i)) {
      seen.add(i);
      // Below the bound (or at a root): where the chains meet is unknown here.
      i = fp.cut?.get(i) === true ? undefined : fp.parents[i]![0];
    }
    if (i === undefined || !at.has(i)) continue;
    const pos = at.get(i)!;
    const newer = chain
      .slice(0, pos)
      .reverse()
      .map((n) => fp.ids[n]!);
    out.set(tip, { fork: { commit: fp.ids[i]!, date: fp.dates[i] ?? null }, newer });
  }
  return out;
}

/**
 * The fork point and the count of the tip's own commits beyond it, from the candidate and `own`,
 * a read of `tip ^candidate` (every commit the tip has beyond the candidate). A commit of the
 * development branch newer than the candidate is in the tip's history exactly when it is in
 * `own`; the newest of the run is the fork point, dated from the chains read.
 */
export function confirmFork(c: ForkCandidate, own: CommitGraph, chains: CommitGraph): { fork: ForkPoint; own: number } {
  let k = 0;
  while (k < c.newer.length && own.index.has(c.newer[k]!)) k++;
  if (k === 0) return { fork: c.fork, own: countOf(own) };
  const fork = c.newer[k - 1]!;
  const i = chains.index.get(fork);
  return { fork: { commit: fork, date: i === undefined ? null : (chains.dates[i] ?? null) }, own: countWithin(own, fork)! };
}

/**
 * The commits `tip` has beyond `base`, from a read of `tip ^exclude` that holds `base` (null when
 * it does not): every commit `base` has beyond `exclude` is in the read and reached from `base`
 * inside it (a path through a commit `exclude` has would put the end in `exclude`'s history too).
 */
export function countWithin(own: CommitGraph, base: string): number | null {
  if (!own.index.has(base)) return null;
  return countOf(own) - reachedCount(own, base);
}

/** Commits of `g` reachable from `from` within it, Trellis's own left out. */
function reachedCount(g: CommitGraph, from: string): number {
  const start = g.index.get(from);
  if (start === undefined) return 0;
  const seen = new Set<number>([start]);
  const stack = [start];
  let n = 0;
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (!g.own?.has(i)) n++;
    for (const p of g.parents[i]!) {
      if (!seen.has(p)) {
        seen.add(p);
        stack.push(p);
      }
    }
  }
  return n;
}

/** The commits of a read of `tip ^exclude` (every commit it holds is counted), Trellis's own commits left out. */
export function countOf(read: CommitGraph): number {
  return read.ids.length - (read.own?.size ?? 0);
}

/** The answers of a plan, read. */
export interface PlannedReads {
  dev: string | null;
  /** The first-parent chains read (bounded). */
  chains: CommitGraph;
  /** Tip → its fork point and the count of its own commits beyond it, where the reads confirmed the candidate. */
  forks: ReadonlyMap<string, { fork: ForkPoint; own: number }>;
  /** `tip base` → commits of `tip` beyond `base`. */
  counts: ReadonlyMap<string, number>;
}

/** The {@link LineHistory} of planned reads; a question they do not answer throws {@link HistoryCut}. */
export function plannedHistory(r: PlannedReads): LineHistory {
  const chains = new Map<string, { chain: Set<number>; complete: boolean }>();
  return {
    onFirstParentChain(head, commit) {
      let c = chains.get(head);
      if (!c) chains.set(head, (c = chainOf(r.chains, head)));
      const i = r.chains.index.get(commit);
      if (i !== undefined && c.chain.has(i)) return true;
      if (!c.complete) throw new HistoryCut(`the first-parent history of ${head}`);
      return false;
    },
    forkPoint(tip, head) {
      const f = head === r.dev ? r.forks.get(tip) : undefined;
      if (!f) throw new HistoryCut(`the fork point of ${tip}`);
      return f.fork;
    },
    countAhead(tip, base) {
      const n = r.counts.get(countKey(tip, base));
      if (n !== undefined) return n;
      const f = r.forks.get(tip);
      if (f && f.fork.commit === base) return f.own;
      throw new HistoryCut(`counting ${tip}'s commits`);
    },
  };
}

/** Reads `tip ^exclude` (every commit `tip` has that `exclude` has not) as a graph. */
export type RangeReader = (tip: string, exclude: string) => Promise<CommitGraph>;

/**
 * The answers of `plan` from its first-parent `chains`, reading each line's own commits above its
 * fork candidate and, where those do not hold a counted base, the counted range, all at once;
 * null when a fork candidate is missing (the caller then walks the history). A question the plan
 * did not foresee throws {@link HistoryCut} when asked.
 */
export async function answerPlan(plan: HistoryPlan, chains: CommitGraph, read: RangeReader): Promise<LineHistory | null> {
  const candidates = plan.dev === null ? new Map<string, ForkCandidate>() : forkCandidates(chains, plan.dev, plan.forks);
  if (candidates.size < plan.forks.length) return null;
  const ownReads = new Map<string, CommitGraph>();
  const forks = await Promise.all(
    plan.forks.map(async (tip) => {
      const c = candidates.get(tip)!;
      // A tip on the development branch's chain is its own fork point, with nothing of its own.
      if (c.fork.commit === tip) return { tip, fork: c.fork, own: 0 };
      const own = await read(tip, c.fork.commit);
      ownReads.set(tip, own);
      return { tip, ...confirmFork(c, own, chains) };
    }),
  );
  const counts = await Promise.all(
    plan.counts.map(async ({ tip, base }) => {
      const own = ownReads.get(tip);
      const n = tip === base ? 0 : ((own ? countWithin(own, base) : null) ?? countOf(await read(tip, base)));
      return [countKey(tip, base), n] as const;
    }),
  );
  return plannedHistory({
    dev: plan.dev,
    chains,
    forks: new Map(forks.map((f) => [f.tip, { fork: f.fork, own: f.own }])),
    counts: new Map(counts),
  });
}
