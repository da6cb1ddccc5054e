/** A multimap from numbers to commit ids in two sorted arrays (see {@link NumberIndex}). Pure. */
import { lowerBound } from '../sorted.js';

/** Shared by every empty answer. */
export const NO_IDS: readonly string[] = Object.freeze([]);

/**
 * Ids by a number (a pull request, a subject hash): the (number, id) pairs sorted by number and
 * searched by bisection, ids of one number in the order they were given. Two arrays instead of
 * a Map whose table has room for twice its entries, each entry three slots: about a third of
 * the memory on a long range, where nearly every commit has a key. Written by hand: no library
 * keeps a multimap in typed arrays.
 */
export class NumberIndex {
  private readonly keys: Float64Array;
  private readonly ids: string[];

  constructor(keys: Float64Array, ids: readonly string[]) {
    const n = ids.length;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
    this.keys = new Float64Array(n);
    this.ids = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      this.keys[i] = keys[order[i] as number] as number;
      this.ids[i] = ids[order[i] as number] as string;
    }
  }

  /** The ids given with `key`. */
  get(key: number): readonly string[] {
    const n = this.keys;
    const lo = lowerBound(n, key);
    let end = lo;
    while (end < n.length && n[end] === key) end++;
    return end === lo ? NO_IDS : end === lo + 1 ? [this.ids[lo] as string] : this.ids.slice(lo, end);
  }

  /** Calls `f` for every key given with more than one id. */
  eachShared(f: (key: number, ids: readonly string[]) => void): void {
    const n = this.keys;
    for (let lo = 0; lo < n.length;) {
      let end = lo + 1;
      while (end < n.length && n[end] === n[lo]) end++;
      if (end - lo > 1) f(n[lo] as number, this.ids.slice(lo, end));
      lo = end;
    }
  }
}
