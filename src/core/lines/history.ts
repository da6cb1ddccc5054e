/**
 * The three questions line discovery asks of history, by commit id. Commits never change, so an
 * answer holds for as long as the commits exist: the answers can come from the commit graph
 * read from git ({@link graphHistory}) or from a record of an earlier run's answers
 * (facts/line-history.ts keeps one under `.git/trellis/`).
 */
import { chainOf, commitDate, countAhead, forkPointOf, HistoryCut, type CommitGraph } from './graph.js';
import type { ForkPoint } from './types.js';

export interface LineHistory {
  /** Whether `commit` is on the first-parent chain of `head` (`git log --first-parent head` lists it). */
  onFirstParentChain(head: string, commit: string): boolean;
  /** Where `tip` left the first-parent chain of `head` (see `forkPointOf`), with that commit's date; null when they share no history. */
  forkPoint(tip: string, head: string): ForkPoint | null;
  /** The commits `tip` has that `base` has not (`git rev-list --count base..tip`); null when `tip` is unknown. */
  countAhead(tip: string, base: string): number | null;
}

/** The answers from a commit graph (each first-parent chain walked once). */
export function graphHistory(g: CommitGraph): LineHistory {
  const chains = new Map<string, { chain: Set<number>; complete: boolean }>();
  const chain = (head: string) => {
    let c = chains.get(head);
    if (!c) chains.set(head, (c = chainOf(g, head)));
    return c;
  };
  return {
    onFirstParentChain(head, commit) {
      const c = chain(head);
      const i = g.index.get(commit);
      if (i !== undefined) return c.chain.has(i);
      // Not in a bounded graph whose chain is cut: it may be on the chain below the cut.
      if (!c.complete) throw new HistoryCut(`the first-parent history of ${head}`);
      return false;
    },
    forkPoint(tip, head) {
      const fork = forkPointOf(g, tip, chain(head).chain);
      return fork === null ? null : { commit: fork, date: commitDate(g, fork) };
    },
    countAhead(tip, base) {
      return countAhead(g, tip, base);
    },
  };
}

/** A commit graph or the answers themselves, as `discoverLines` takes them. */
export function historyOf(h: CommitGraph | LineHistory): LineHistory {
  return 'ids' in h ? graphHistory(h) : h;
}
