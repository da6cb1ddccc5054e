/** How a missing change is named in `security-missing` and `backport-overdue` findings: where, and what to do. */
import { short } from './exception.js';
import type { MissingChange, RuleFinding } from './types.js';

type Missing = MissingChange['missing'][number];

/** `on release-1.2.x (line 1.2)`, or `on main (the development branch)` for a line's fix that has not reached it. */
export function whereMissing(m: Missing): string {
  return m.development ? `on ${m.branch} (the development branch)` : `on ${m.branch} (line ${m.line})`;
}

/** The command that carries it, or what to do for the development branch. */
export function remedy(c: MissingChange, m: Missing): string {
  if (m.development) return `carry it to ${m.branch} (cherry-pick -x, or merge the line back)`;
  return `trellis backport ${short(c.commit)} --to ${m.line}`;
}

/** The finding's `line` and `commit` (no line for the development branch). */
export function about(c: MissingChange, m: Missing): Pick<RuleFinding, 'line' | 'commit'> {
  return m.development ? { commit: c.commit } : { line: m.line, commit: c.commit };
}
