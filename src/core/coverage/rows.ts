/**
 * Which commits of a coverage range are rows of the matrix, and each one's home (the tip it was
 * made on: 0 the development branch, k+1 line k). Pure; the planner (matrix.ts) decides cells.
 *
 * - `main-first` flows: every change of the development branch, then the fixes made on a line
 *   first (on a line, not on main, and not themselves copies by their message or their merge's).
 * - `line-first` flows (see flow.ts): only the lines' own fixes since their fork, each homed on
 *   the oldest line that owns it; main's changes are for the next minor, not rows.
 */
import type { ChangeKind } from '../changes/kind.js';
import type { CommitFacts } from './commit-facts.js';
import type { CoverageInput } from './types.js';

/** Rows in order (main's changes, then fixes made on a line first), by column. */
export interface RowSelection {
  facts: CommitFacts[];
  /** Graph index of each row's commit. */
  at: number[];
  /** Home tip of each row. */
  homes: number[];
}

/** The rows of the matrix for `input` (see the module comment). */
export function selectRows(input: CoverageInput): RowSelection {
  const { reach, lines, equivalence } = input;
  const index = reach.graph.index;
  const filter = input.kindFilter && input.kindFilter.length > 0 ? input.kindFilter : null;
  const wanted = (k: ChangeKind): boolean => !filter || filter.includes(k);
  const lineFirst = input.flow === 'line-first';
  const forks = input.forkTips ?? [];
  // The line a fix was made on first: main-first, a line that has it and main does not;
  // line-first, the oldest line whose own commits (since its fork) include it (a fix on the
  // LTS line merged up into a newer line is the LTS line's).
  const owns = (i: number, k: number): boolean => reach.has(i, k + 1) && !((forks[k] ?? -1) >= 0 && reach.has(i, forks[k] as number));
  const homeOf = lineFirst
    ? (i: number): number => lines.findLastIndex((_, k) => owns(i, k))
    : (i: number): number => lines.findIndex((_, k) => reach.has(i, k + 1));
  const out: RowSelection = { facts: [], at: [], homes: [] };
  const reverse: RowSelection = { facts: [], at: [], homes: [] };
  for (const c of input.commits) {
    if (c.parents > 1 || !wanted(c.kind)) continue;
    const i = index.get(c.oid);
    if (i === undefined) continue;
    // Changes of the development branch (line-first: not expected on the lines, no rows).
    if (reach.has(i, 0) && !lineFirst) {
      push(out, c, i, 0);
      continue;
    }
    if (c.kind !== 'bugfix' && c.kind !== 'security') continue;
    if (equivalence.isCopy(c.oid)) continue;
    const home = homeOf(i);
    if (home >= 0) push(reverse, c, i, home + 1);
  }
  for (let r = 0; r < reverse.facts.length; r++)
    push(out, reverse.facts[r] as CommitFacts, reverse.at[r] as number, reverse.homes[r] as number);
  return out;
}

function push(s: RowSelection, c: CommitFacts, i: number, home: number): void {
  s.facts.push(c);
  s.at.push(i);
  s.homes.push(home);
}

/** Reverted change → the development branch's revert of it (resolved ids). */
export function revertsOnMain(input: CoverageInput): Map<string, string> {
  const { reach, equivalence } = input;
  const out = new Map<string, string>();
  for (const c of input.commits) {
    if (c.parents > 1 || c.reverts.length === 0) continue;
    const i = reach.graph.index.get(c.oid);
    if (i === undefined || !reach.has(i, 0)) continue;
    for (const r of c.reverts) {
      const target = equivalence.resolve(r);
      if (target) out.set(target, c.oid);
    }
  }
  return out;
}
