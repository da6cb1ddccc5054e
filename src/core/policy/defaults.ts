/** The defaults the loader fills in where a policy says nothing. */

/** Default pre-release labels and formats per scheme (PEP 440 normalises alpha/beta to a/b). */
export const PRERELEASE_DEFAULTS = {
  semver: { labels: ['alpha', 'beta', 'rc'], format: '-{label}.{n}' },
  pep440: { labels: ['a', 'b', 'rc'], format: '{label}{n}' },
} as const;

export const DEFAULT_TAG_TEMPLATE = 'v{version}';
export const DEFAULT_RELEASE_TEMPLATE = 'release/{major}.{minor}';
