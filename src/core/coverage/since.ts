/** What `--since` names: a date (`YYYY-MM-DD`, optionally with a time) or else a revision. */
const DATE = /^\d{4}-\d\d-\d\d([T ][0-9:]+(Z|[+-]\d\d:?\d\d)?)?$/;

/** True when `since` is a date (`rev-list --since`), false when it names a revision. */
export function isSinceDate(since: string): boolean {
  return DATE.test(since);
}
