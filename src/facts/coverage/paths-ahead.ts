/**
 * Paths read ahead: on a long range, the changed paths of every non-merge commit are read by a
 * second git process (another CPU) while the messages are parsed, and the read is stopped once
 * it has passed every commit the plan turns out to ask for (see run.ts).
 */
import { pathsKeyOf } from '../../core/coverage/commit-facts.js';
import type { RangeGraph } from '../../core/coverage/graph.js';
import type { GitBase } from '../../git/base.js';
import { readChangedPaths } from '../../git/changed-paths.js';
import { lowerBound } from '../../core/sorted.js';

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

/** One `diff-tree` of a read ahead: the positions `[from, to)` of the list, and how far it got. */
interface Slice {
  from: number;
  to: number;
  /** Position of the last commit it reported: every commit of the slice up to it is done. */
  passed: number;
  done: Promise<void>;
}

/**
 * Starts `diff-tree --name-only` over the commits at graph indexes `list` (ascending: history
 * order) and collects their paths keys while the caller does other work. With `readers` > 1
 * the list is cut into that many contiguous slices, one `diff-tree` each (each still in
 * history order): the read is the longest step of a cold run's first phase, and a second
 * process lets it use the CPU that the messages' parsing leaves.
 */
export function readPathsAhead(git: GitBase, graph: RangeGraph, list: readonly number[], readers = 1): PathsAhead {
  const got = new Map<string, string>();
  const abort = new AbortController();
  let waiting: { at: number; resolve: () => void } | null = null;
  let failure: unknown = null;
  const n = Number.isFinite(readers) ? Math.max(1, Math.min(Math.floor(readers), list.length)) : 1;
  const slices: Slice[] = [];
  /** True when every slice has passed every position up to `at` that it holds. */
  const reached = (at: number): boolean => slices.every((sl) => sl.from > at || sl.passed >= Math.min(at, sl.to - 1));
  const wake = (): void => {
    if (waiting && (failure !== null || reached(waiting.at))) {
      waiting.resolve();
      waiting = null;
    }
  };
  for (let k = 0; k < n; k++) {
    const sl: Slice = {
      from: Math.floor((list.length * k) / n),
      to: Math.floor((list.length * (k + 1)) / n),
      passed: -1,
      done: Promise.resolve(),
    };
    sl.passed = sl.from - 1;
    sl.done = readChangedPaths(
      git,
      list.slice(sl.from, sl.to).map((i) => graph.oids[i] as string),
      (read, paths) => {
        const i = graph.index.get(read) ?? -1;
        // The graph's string for the id, not a second one.
        const oid = i >= 0 ? (graph.oids[i] as string) : read;
        got.set(oid, pathsKeyOf(paths));
        while (sl.passed + 1 < sl.to && (list[sl.passed + 1] as number) <= i) sl.passed++;
        wake();
      },
      { signal: abort.signal },
    ).then(
      () => {
        if (!abort.signal.aborted) sl.passed = sl.to - 1;
        wake();
      },
      (e: unknown) => {
        failure = e;
        wake();
      },
    );
    slices.push(sl);
  }
  const done = Promise.all(slices.map((sl) => sl.done));
  /** Commits that diff-tree passed without printing anything (no changes) get ''. */
  const emptyPassed = (): void => {
    for (const sl of slices) {
      for (let k = sl.from; k <= Math.min(sl.passed, sl.to - 1); k++) {
        const oid = graph.oids[list[k] as number] as string;
        if (!got.has(oid)) got.set(oid, '');
      }
    }
  };
  const reach = async (at: number): Promise<void> => {
    if (failure !== null || reached(at)) return;
    await Promise.race([done, new Promise<void>((resolve) => (waiting = { at, resolve }))]);
  };
  return {
    async until(oids) {
      await reach(lastPosition(graph, list, oids));
      abort.abort();
      await done;
      if (failure) throw failure;
      emptyPassed();
      return got;
    },
    async peek(oids) {
      await reach(lastPosition(graph, list, oids));
      if (failure) throw failure;
      emptyPassed();
      return got;
    },
  };
}

/** The position in `list` of the commit at graph index `i` (binary search), or -1. */
function positionOf(list: readonly number[], i: number): number {
  const lo = lowerBound(list, i);
  return list[lo] === i ? lo : -1;
}

/** The last position in `list` of a commit of `oids`, or -1. */
function lastPosition(graph: RangeGraph, list: readonly number[], oids: readonly string[]): number {
  let at = -1;
  for (const oid of oids) {
    const i = graph.index.get(oid);
    if (i !== undefined) at = Math.max(at, positionOf(list, i));
  }
  return at;
}
