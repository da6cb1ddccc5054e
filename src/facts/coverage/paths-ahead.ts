/**
 * Paths read ahead: on a long range, the changed paths of every non-merge commit are read by a
 * second git process (another CPU) while the messages are parsed, and the read is stopped once
 * it has passed every commit the plan turns out to ask for (see run.ts).
 */
import { pathsKeyOf } from '../../core/coverage/commit-facts.js';
import type { RangeGraph } from '../../core/coverage/graph.js';
import type { GitBase } from '../../git/base.js';
import { readChangedPaths } from '../../git/changed-paths.js';

/** Below this many commits without paths, nothing is read ahead. */
export const AHEAD_MIN = 2000;

/** A paths read started early; see {@link readPathsAhead}. */
export interface PathsAhead {
  /**
   * Waits until the read has passed every commit of `oids` it covers (then stops it if it is
   * still running) and returns what it read: commit → paths key ('' for a commit without
   * changes). Commits it did not reach are absent.
   */
  until(oids: readonly string[]): Promise<Map<string, string>>;
  /**
   * Waits until the read has passed every commit of `oids` it covers and returns what it read
   * so far, as {@link until} does, but leaves the read running (for {@link until}, later).
   */
  peek(oids: readonly string[]): Promise<ReadonlyMap<string, string>>;
}

/**
 * Starts one `diff-tree --name-only` over the commits at graph indexes `list` (ascending:
 * history order) and collects their paths keys while the caller does other work.
 */
export function readPathsAhead(git: GitBase, graph: RangeGraph, list: readonly number[]): PathsAhead {
  const got = new Map<string, string>();
  const abort = new AbortController();
  // Position in `list` of the last commit diff-tree reported: every commit before it is done.
  let passed = -1;
  let waiting: { at: number; resolve: () => void } | null = null;
  let failure: unknown = null;
  const done = readChangedPaths(
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
  /** The position in `list` of the commit at graph index `i` (binary search), or -1. */
  const positionOf = (i: number): number => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((list[mid] as number) < i) lo = mid + 1;
      else hi = mid;
    }
    return list[lo] === i ? lo : -1;
  };
  /** The last position in `list` of a commit of `oids`, or -1. */
  const lastPosition = (oids: readonly string[]): number => {
    let at = -1;
    for (const oid of oids) {
      const i = graph.index.get(oid);
      if (i !== undefined) at = Math.max(at, positionOf(i));
    }
    return at;
  };
  const reach = async (at: number): Promise<void> => {
    if (passed < at) await Promise.race([done, new Promise<void>((resolve) => (waiting = { at, resolve }))]);
  };
  return {
    async until(oids) {
      await reach(lastPosition(oids));
      abort.abort();
      await done;
      if (failure) throw failure;
      emptyUpTo(Math.min(passed, list.length - 1));
      return got;
    },
    async peek(oids) {
      await reach(lastPosition(oids));
      if (failure) throw failure;
      emptyUpTo(Math.min(passed, list.length - 1));
      return got;
    },
  };
}
