/** What `--since` names: a date (`YYYY-MM-DD`, optionally with a time) or else a revision. */
import { parseDate } from '../policy/duration.js';
const DATE = /^\d{4}-\d\d-\d\d([T ][0-9:]+(Z|[+-]\d\d:?\d\d)?)?$/;

/** True when `since` is a date (`rev-list --since`), false when it names a revision. */
export function isSinceDate(since: string): boolean {
  return DATE.test(since);
}

/**
 * Why a `--since` date is not one (`2025-02-30`, `0000-00-00`, a time of `25:00`), or null. A
 * date git's `rev-list --since` would take loosely must not quietly widen or empty the range.
 */
export function sinceDateProblem(since: string): string | null {
  const d = parseDate(since.slice(0, 10));
  if (!d.ok) return d.error;
  if (d.value.year < 1970) return `'${since.slice(0, 10)}' is before 1970-01-01, the earliest date a git commit can carry`;
  const t = /^[T ](\d\d):(\d\d)(?::(\d\d))?/.exec(since.slice(10));
  if (since.length > 10 && !t) return `'${since}' has a time git cannot read (write YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM])`;
  if (t && (Number(t[1]) > 23 || Number(t[2]) > 59 || Number(t[3] ?? 0) > 59)) return `'${since}' has no such time of day`;
  return null;
}
