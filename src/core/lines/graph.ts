/**
 * The commit graph of the refs that matter, read once (`git log --topo-order --format=...`) and
 * queried in memory: how many commits a branch has beyond its latest tag, and where it left the
 * development branch. This replaces one `git rev-list --count` and one `git merge-base` per
 * line with a single process for all lines.
 *
 * The walks are written by hand because they are the heart of the batching and need only a
 * few lines each: nodes are visited in topological order (children before parents) with a
 * small binary heap, and a walk stops as soon as nothing left in the queue can change the answer
 * (the same idea as git's own "paint down to the common ancestors").
 */

/** Commits in topological order (every commit before its parents). */
export interface CommitGraph {
  ids: string[];
  index: Map<string, number>;
  /** Parent indices; parents outside the graph (shallow clones) are left out. */
  parents: number[][];
  /** Committer date as recorded (`YYYY-MM-DD`), or null. */
  dates: Array<string | null>;
  /**
   * Set for a bounded read (the history of the tips minus what some commits already hold, see
   * {@link parseCommitGraph}): the commits whose parents are not all in the graph, by index,
   * `true` when the first parent is one of those left out. An answer that would need history
   * below them throws {@link HistoryCut} instead of being wrong.
   */
  cut?: ReadonlyMap<number, boolean>;
  /**
   * Trellis's own commits (a `Trellis-Step:` trailer: version bumps, changelog sections,
   * entrypoint commits), by index: not counted as unreleased changes. Absent: none known.
   */
  own?: ReadonlySet<number>;
}

/**
 * A bounded graph (see {@link CommitGraph.cut}) does not reach far enough for an answer: the
 * reader then reads the whole history of the tips (facts/line-history.ts).
 */
export class HistoryCut extends Error {
  constructor(what: string) {
    super(`the history read stops above what ${what} needs`);
  }
}

/**
 * The `git log` format {@link parseCommitGraph} reads: id, parents, committer date and the
 * values of the commit's `Trellis-Step` trailers (empty for everyone else's commits), tab-separated.
 */
export const GRAPH_LOG_FORMAT = '%H%x09%P%x09%cI%x09%(trailers:key=Trellis-Step,valueonly,separator=%x20)';

/**
 * Parses `git log --topo-order --format=%H%x09%P%x09%cI` output. `bounded`: the log excluded the
 * history of some commits (`^commit`), so parents outside the graph are a cut, not a root.
 */
export function parseCommitGraph(text: string, opts: { bounded?: boolean } = {}): CommitGraph {
  // One pass with indexOf over the text (no array per line or per field): a first status on a
  // merge-heavy history parses 15,000-40,000 of these lines, and splitting them cost about as
  // much as git took to write them.
  const ids: string[] = [];
  const parentsText: string[] = [];
  const dates: Array<string | null> = [];
  const own = new Set<number>();
  const end = text.length;
  for (let pos = 0; pos < end;) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = end;
    if (nl > pos) {
      const f1 = fieldEnd(text, pos, nl);
      const f2 = f1 < nl ? fieldEnd(text, f1 + 1, nl) : nl;
      const f3 = f2 < nl ? fieldEnd(text, f2 + 1, nl) : nl;
      if (f3 < nl && text.slice(f3 + 1, fieldEnd(text, f3 + 1, nl)).trim() !== '') own.add(ids.length);
      ids.push(text.slice(pos, f1));
      parentsText.push(f1 < nl ? text.slice(f1 + 1, f2) : '');
      dates.push(f3 > f2 + 1 ? text.slice(f2 + 1, Math.min(f2 + 11, f3)) : null);
    }
    pos = nl + 1;
  }
  const index = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) index.set(ids[i]!, i);
  const parents: number[][] = [];
  const cut = opts.bounded ? new Map<number, boolean>() : null;
  for (let i = 0; i < ids.length; i++) {
    const ps = parentsText[i]!;
    const list: number[] = [];
    let first = true;
    let lost = false;
    let firstLost = false;
    for (let at = 0; at < ps.length;) {
      let sp = ps.indexOf(' ', at);
      if (sp < 0) sp = ps.length;
      const p = index.get(ps.slice(at, sp));
      if (p !== undefined) list.push(p);
      else {
        lost = true;
        if (first) firstLost = true;
      }
      first = false;
      at = sp + 1;
    }
    parents.push(list);
    if (cut && lost) cut.set(i, firstLost);
  }
  const mine = own.size > 0 ? { own } : {};
  return cut ? { ids, index, parents, dates, cut, ...mine } : { ids, index, parents, dates, ...mine };
}

/** Where the tab-separated field starting at `from` ends (its tab, or `lineEnd`). */
function fieldEnd(text: string, from: number, lineEnd: number): number {
  const tab = text.indexOf('\t', from);
  return tab < 0 || tab > lineEnd ? lineEnd : tab;
}

/** An empty graph (nothing to walk). */
export function emptyGraph(): CommitGraph {
  return { ids: [], index: new Map(), parents: [], dates: [] };
}

/** A min-heap of graph indices (lower index = closer to the tips in topological order). */
class IndexHeap {
  private readonly a: number[] = [];
  get size(): number {
    return this.a.length;
  }
  push(v: number): void {
    const a = this.a;
    a.push(v);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= v) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = v;
  }
  pop(): number {
    const a = this.a;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && a[r]! < a[l]! ? r : l;
        if (a[c]! >= last) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

const TIP = 1;
const BASE = 2;

/**
 * The number of commits reachable from `tip` but not from `base` (`git rev-list --count
 * base..tip`), Trellis's own commits ({@link CommitGraph.own}) left out, or null when `tip` is
 * not in the graph. A `base` outside the graph counts as nothing excluded.
 */
export function countAhead(g: CommitGraph, tip: string, base: string | null): number | null {
  const t = g.index.get(tip);
  if (t === undefined) {
    if (g.cut) throw new HistoryCut(`counting ${tip}'s commits`);
    return null;
  }
  const b = base === null ? undefined : g.index.get(base);
  const flags = new Map<number, number>();
  const heap = new IndexHeap();
  let tipOnly = 0;
  const mark = (i: number, f: number) => {
    const old = flags.get(i) ?? 0;
    const now = old | f;
    if (old === 0) {
      flags.set(i, now);
      heap.push(i);
      if (now === TIP) tipOnly++;
    } else if (now !== old) {
      flags.set(i, now);
      if (old === TIP) tipOnly--;
    }
  };
  mark(t, TIP);
  if (b !== undefined) mark(b, BASE);
  let count = 0;
  while (heap.size > 0 && tipOnly > 0) {
    const i = heap.pop();
    const f = flags.get(i)!;
    if (f === TIP) {
      // A commit of the tip's own whose parents were left out: some of them may be the tip's too.
      if (g.cut?.has(i)) throw new HistoryCut(`counting ${tip}'s commits`);
      if (!g.own?.has(i)) count++;
      tipOnly--;
    }
    for (const p of g.parents[i]!) mark(p, f);
  }
  return count;
}

/** The first-parent chain of `tip` as a set of indices (the development branch's own history). */
export function firstParentChain(g: CommitGraph, tip: string): Set<number> {
  return chainOf(g, tip).chain;
}

/**
 * {@link firstParentChain}, and whether it is all of it: false when a bounded graph cuts the
 * chain (then it holds the chain's newest commits down to the cut, and nothing older).
 */
export function chainOf(g: CommitGraph, tip: string): { chain: Set<number>; complete: boolean } {
  const chain = new Set<number>();
  let i = g.index.get(tip);
  if (i === undefined && g.cut) throw new HistoryCut(`the first-parent history of ${tip}`);
  while (i !== undefined && !chain.has(i)) {
    chain.add(i);
    if (g.cut?.get(i) === true) return { chain, complete: false };
    i = g.parents[i]![0];
  }
  return { chain, complete: true };
}

/**
 * Where `tip` left the development branch: the newest commit of the development branch's
 * first-parent chain that `tip` contains. Unlike `git merge-base`, this stays at the fork when the
 * line is merged back into main again and again (duckdb's `vX.Y-codename`). Null when they share
 * no history in the graph.
 */
export function forkPointOf(g: CommitGraph, tip: string, mainChain: ReadonlySet<number>): string | null {
  const t = g.index.get(tip);
  if (t === undefined && g.cut) throw new HistoryCut(`the fork point of ${tip}`);
  if (t === undefined || mainChain.size === 0) return null;
  const seen = new Set<number>([t]);
  const heap = new IndexHeap();
  heap.push(t);
  let cut = false;
  while (heap.size > 0) {
    const i = heap.pop();
    // Topological order: the first chain commit reached is the newest one the tip contains. In a
    // bounded graph too: the chain commits it holds are the newest ones, reached as in the whole
    // history, so a fork point found is the fork point.
    if (mainChain.has(i)) return g.ids[i]!;
    if (g.cut?.has(i)) cut = true;
    for (const p of g.parents[i]!) {
      if (!seen.has(p)) {
        seen.add(p);
        heap.push(p);
      }
    }
  }
  // None found above a cut: the fork point may be below it.
  if (cut) throw new HistoryCut(`the fork point of ${tip}`);
  return null;
}

/** The committer date (`YYYY-MM-DD`) of a commit in the graph. */
export function commitDate(g: CommitGraph, id: string): string | null {
  const i = g.index.get(id);
  return i === undefined ? null : (g.dates[i] ?? null);
}
