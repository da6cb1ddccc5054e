/**
 * Answers kept for one tip of the development branch, carried to a newer tip of the same branch.
 * After a fetch the development branch has usually moved on (its new first-parent commits are
 * merges and pushes on top of the old tip) while the release lines have not; the answers kept
 * for the old tip (facts/line-history.ts) then still hold, asked of the new tip, except where the
 * new commits could change them:
 *
 * - where `tip` left the chain: each new chain commit's first-parent history runs through the old
 *   tip, so a line that holds a new chain commit holds the old tip too. A line whose kept fork is
 *   not the old tip itself therefore holds none of the new commits, and its fork is the same
 *   (null stays null). A fork at the old tip is not carried: the line may hold newer ones;
 * - whether a commit is on the chain: one of the new chain commits, or as kept for the old tip;
 * - counts do not depend on the development branch at all.
 *
 * Pure: the new chain commits come in (read by facts/line-history.ts, with the check that the old
 * tip is on the new tip's first-parent chain). What cannot be carried throws {@link HistoryCut},
 * and the caller reads history as before.
 */
import { HistoryCut } from './graph.js';
import type { LineHistory } from './history.js';

/** The development branch moved from `from` to `to`; `chain` holds the first-parent commits of `to` newer than `from` (`to` included). */
export interface DevAdvance {
  from: string;
  to: string;
  chain: ReadonlySet<string>;
}

/** `kept`'s answers, with those about `advance.from` carried to `advance.to` where they hold (see the module comment). */
export function carriedHistory(kept: LineHistory, advance: DevAdvance): LineHistory {
  const { from, to, chain } = advance;
  return {
    forkPoint(tip, head) {
      if (head !== to) return kept.forkPoint(tip, head);
      const fork = kept.forkPoint(tip, from);
      if (fork !== null && fork.commit === from) throw new HistoryCut(`where ${tip} left ${to}, past ${from}`);
      return fork;
    },
    onFirstParentChain(head, commit) {
      if (head !== to) return kept.onFirstParentChain(head, commit);
      return chain.has(commit) || kept.onFirstParentChain(from, commit);
    },
    countAhead: (tip, base) => kept.countAhead(tip, base),
  };
}
