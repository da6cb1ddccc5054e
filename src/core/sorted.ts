/**
 * Bisection in a sorted array: the one search the coverage indexes, the abbreviated-id
 * resolvers and the paths read ahead use. Written by hand because it is four lines and runs in
 * hot loops, where a library call with a comparator costs more than the search.
 */

/** The first index of ascending `xs` whose value is not below `key` (`xs.length` when none). */
export function lowerBound<T extends number | string>(xs: ArrayLike<T>, key: T): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as T) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
