/**
 * Which branches contain which commits, for every commit of the coverage range at once.
 *
 * Input: the commits of `git rev-list --topo-order --parents <tips> ^<base>` (children before
 * parents; the git adapter reads them: `readRangeGraph` in src/git/range.ts) and the tips. Each tip owns one bit; a commit's mask is the OR of the masks of its
 * children, so one pass in topological order answers "is C reachable from branch B" for every
 * C and B (a merged-back release branch makes its commits reachable from main, and main's
 * commits reachable from a line that merged main, as in duckdb/duckdb). Pure.
 */

/** The range as read: commit ids in topological order (children first) with their parents. */
export interface RangeGraph {
  /** Commit ids, children before parents. */
  oids: string[];
  /**
   * Parents of commit `i` (by index; parents outside the range are absent) are
   * `parentList[parentStart[i] .. parentStart[i + 1])`: one array for all commits, not one per
   * commit (a 100,000-commit range would otherwise hold 100,000 typed arrays).
   */
  parentStart: Int32Array;
  parentList: Int32Array;
  /** commit id → index. */
  index: Map<string, number>;
  /** Number of parents of each commit by index, those outside the range included (merges: 2+). */
  parentCounts: Uint8Array;
  /** Index of each commit's first parent, or -1 when it is outside the range (or a root). */
  firstParent: Int32Array;
}

/** Reachability bits: bit `t` of commit `i` says tip `t` reaches commit `i`. */
export class Reach {
  readonly words: number;
  private readonly bits: Uint32Array;

  private constructor(
    readonly graph: RangeGraph,
    readonly tips: number,
  ) {
    this.words = Math.max(1, Math.ceil(tips / 32));
    this.bits = new Uint32Array(graph.oids.length * this.words);
  }

  /** Computes the bits for `tips` (commit ids; a tip outside the range reaches nothing in it). */
  static compute(graph: RangeGraph, tips: readonly string[]): Reach {
    const r = new Reach(graph, tips.length);
    const w = r.words;
    tips.forEach((tip, t) => {
      const i = graph.index.get(tip);
      if (i !== undefined) r.bits[i * w + (t >>> 5)]! |= 1 << (t & 31);
    });
    const n = graph.oids.length;
    const { parentStart, parentList } = graph;
    for (let i = 0; i < n; i++) {
      for (let k = parentStart[i] as number; k < (parentStart[i + 1] as number); k++) {
        const p = parentList[k] as number;
        for (let x = 0; x < w; x++) r.bits[p * w + x]! |= r.bits[i * w + x] as number;
      }
    }
    return r;
  }

  /** True when tip `t` reaches the commit at index `i`. */
  has(i: number, t: number): boolean {
    return ((this.bits[i * this.words + (t >>> 5)] as number) & (1 << (t & 31))) !== 0;
  }

  /** True when tip `t` reaches commit `oid` (false for commits outside the range). */
  reaches(t: number, oid: string): boolean {
    const i = this.graph.index.get(oid);
    return i !== undefined && this.has(i, t);
  }

  /** True when no tip but `t` (and those in `also`) reaches commit `i`. */
  only(i: number, t: number): boolean {
    for (let x = 0; x < this.words; x++) {
      const v = this.bits[i * this.words + x] as number;
      const mine = x === t >>> 5 ? 1 << (t & 31) : 0;
      if ((v & ~mine) !== 0) return false;
    }
    return true;
  }
}

/**
 * The merge that brought each commit onto a branch (its "landing" merge), by graph index (-1:
 * none). For each tip in `tips` (graph indexes, in priority order; -1 is skipped), the branch's
 * first-parent chain is walked down to where an earlier tip's chain or claims begin, and each
 * merge on it, oldest first, claims the commits reachable from its other parents that nothing
 * claimed before. Commits on a chain itself have none. This finds a pull request merged with a
 * merge commit from any of its commits: GitHub's "Merge pull request #N", duckdb's "Title (#N)"
 * merges, and what a `-m 1` pick of such a merge carries. One pass: each commit is claimed once.
 */
export function landingMerges(graph: RangeGraph, tips: readonly number[]): Int32Array {
  const n = graph.oids.length;
  const { parentStart, parentList, firstParent, parentCounts } = graph;
  const landing = new Int32Array(n).fill(-1);
  const seen = new Uint8Array(n);
  const stack: number[] = [];
  for (const tip of tips) {
    if (tip < 0 || tip >= n || seen[tip]) continue;
    const chain: number[] = [];
    for (let c = tip; c >= 0 && !seen[c]; c = firstParent[c] as number) {
      seen[c] = 1;
      chain.push(c);
    }
    for (let k = chain.length - 1; k >= 0; k--) {
      const m = chain[k] as number;
      if ((parentCounts[m] as number) < 2) continue;
      const first = firstParent[m] as number;
      for (let p = parentStart[m] as number; p < (parentStart[m + 1] as number); p++) {
        const side = parentList[p] as number;
        if ((side === first && p === parentStart[m]) || seen[side]) continue;
        seen[side] = 1;
        landing[side] = m;
        stack.push(side);
        while (stack.length > 0) {
          const c = stack.pop() as number;
          for (let q = parentStart[c] as number; q < (parentStart[c + 1] as number); q++) {
            const up = parentList[q] as number;
            if (seen[up]) continue;
            seen[up] = 1;
            landing[up] = m;
            stack.push(up);
          }
        }
      }
    }
  }
  return landing;
}
