/**
 * Which branches contain which commits, for every commit of the ledger's range at once.
 *
 * Input: the commits of `git rev-list --topo-order --parents <tips> ^<base>` (children before
 * parents) and the tips. Each tip owns one bit; a commit's mask is the OR of the masks of its
 * children, so one pass in topological order answers "is C reachable from branch B" for every
 * C and B (a merged-back release branch makes its commits reachable from main, and main's
 * commits reachable from a line that merged main, as in duckdb/duckdb). Pure.
 */

/** The range as read: commit ids in topological order (children first) with their parents. */
export interface RangeGraph {
  /** Commit ids, children before parents. */
  oids: string[];
  /** Parents of each commit by index; parents outside the range are absent. */
  parents: Int32Array[];
  /** commit id → index. */
  index: Map<string, number>;
  /** Number of parents of each commit by index, those outside the range included (merges: 2+). */
  parentCounts?: Uint8Array;
}

/** Parses `git rev-list --parents` output (one `<oid> <parent>...` per line). */
export function parseRevList(text: string): RangeGraph {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const oids: string[] = new Array(lines.length);
  const index = new Map<string, number>();
  lines.forEach((l, i) => {
    const sp = l.indexOf(' ');
    const oid = sp < 0 ? l : l.slice(0, sp);
    oids[i] = oid;
    index.set(oid, i);
  });
  const parentCounts = new Uint8Array(lines.length);
  const parents: Int32Array[] = lines.map((l, i) => {
    const ps = l.split(' ').slice(1);
    parentCounts[i] = Math.min(255, ps.length);
    const idx: number[] = [];
    for (const p of ps) {
      const j = index.get(p);
      if (j !== undefined) idx.push(j);
    }
    return Int32Array.from(idx);
  });
  return { oids, parents, index, parentCounts };
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
    for (let i = 0; i < n; i++) {
      const ps = graph.parents[i] as Int32Array;
      for (let k = 0; k < ps.length; k++) {
        const p = ps[k] as number;
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
