/**
 * The policy's fixed vocabularies and key patterns as plain values. They live apart from the
 * TypeBox schema (schema.ts) so that code that only needs a list of names, such as the loader at
 * run time, does not load TypeBox.
 */

export const SCHEMES = ['semver', 'pep440'] as const;
export const SUPPORT_LEVELS = ['full', 'bugfix', 'security', 'end-of-life'] as const;
export const BACKPORT_STATUSES = ['prerelease', 'full', 'bugfix', 'security'] as const;
export const PHASES = ['mid-cycle', 'pre-release', 'feature-freeze'] as const;
export const RELEASE_TYPES = ['major', 'minor', 'patch', 'prerelease'] as const;
export const VERSION_FILE_KINDS = ['json', 'toml', 'yaml', 'regex', 'pin'] as const;
export const VERSION_FILE_WHEN = ['release', 'prerelease', 'branch-cut', 'post-release'] as const;
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const CHECKS = ['branch-exists', 'versions-bumped', 'tag-exists', 'notes-written', 'changelog-written', 'tests-pass'] as const;

/** The line key pattern (`0.5`, `3.1`, or `3` when lines are keyed by major). */
export const LINE_KEY_PATTERN = '^(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))?$';
export const TRAILER_KEY_PATTERN = '^[A-Za-z][A-Za-z0-9-]*$';
