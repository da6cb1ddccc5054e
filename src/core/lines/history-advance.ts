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
 * - a count of a line's commits does not depend on the development branch. A count of the
 *   development branch's own commits beyond a base (its unreleased commits) is the old tip's count
 *   plus the new commits beyond both the old tip and that base, which the caller reads (the
 *   commits `to` has beyond `base` are those `from` has beyond it, and those `to` has beyond both).
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
  /** By base: how many commits `to` has beyond both `from` and the base (Trellis's own left out), for the counts of `to` that can be carried. */
  added?: ReadonlyMap<string, number>;
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
    countAhead(tip, base) {
      const more = tip === to ? advance.added?.get(base) : undefined;
      if (more === undefined) return kept.countAhead(tip, base);
      const before = kept.countAhead(from, base);
      return before === null ? null : before + more;
    },
  };
}
