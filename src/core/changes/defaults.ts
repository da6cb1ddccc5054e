/**
 * The built-in change rules: what gives a sane `trellis missing` and `backport --auto` on a
 * history without conventional commits, where "Fixed lint", "Fix typo" and "Fix tests" read as
 * bug fixes by their first word. They apply after the policy's own rules and after the security
 * ids (so a CVE named in a "Fix test" commit still makes it a security fix), and before what the
 * message says (conventional type, `Fixes:` trailer, `area: fix ...`). `changes.defaults: false`
 * turns them off. Listed in docs/policy.md (`changes`).
 */
import type { ChangeKind } from './kind.js';

/** A built-in rule: written like a policy rule (`changes.rules`), with a name `trellis missing --explain` shows. */
export interface BuiltInChangeRule {
  name: string;
  kind: ChangeKind;
  paths?: string[];
  subject?: string;
  scopes?: string[];
}

/** Documentation, tests and CI configuration: a change touching only these is not a fix. */
export const DOCS_TESTS_CI_PATHS: readonly string[] = [
  // documentation
  'doc/',
  'docs/',
  'Documentation/',
  '*.md',
  '*.mdx',
  '*.rst',
  '*.adoc',
  // tests
  'test/',
  'tests/',
  'testing/',
  'spec/',
  '__tests__/',
  '*_test.go',
  'test_*.py',
  '*_test.py',
  '*.test.*',
  '*.spec.*',
  // CI
  '.github/',
  '.gitlab/',
  '.gitlab-ci.yml',
  '.circleci/',
  '.buildkite/',
  '.travis.yml',
  'azure-pipelines.yml',
  'Jenkinsfile',
  '.pre-commit-config.yaml',
];

/**
 * Subjects of maintenance commits, after an optional `area:` or `type(scope):` prefix and an
 * optional "fix"/"update"/"address": lint, typos, tests, CI, formatting, spelling, docs; and
 * version bumps ("Bump version to 0.5.1").
 */
export const MAINTENANCE_SUBJECT =
  '^(?:[\\w./-]+(?:\\([^)]*\\))?!?:\\s+)?(?:(?:fix(?:e[sd]|ing)?|update[sd]?|correct(?:s|ed)?|address(?:es|ed)?|resolve[sd]?)\\s+)?' +
  '(?:(?:the|a|an|some|more|failing|flaky|broken)\\s+)*' +
  '(?:lint(?:er|ing)?|typos?|tests?|unit[ -]tests?|ci|pre-commit|formatting|whitespace|spelling|docs?|documentation|readme)\\b' +
  '|^(?:[\\w./-]+(?:\\([^)]*\\))?!?:\\s+)?(?:bump|update|set)\\s+(?:the\\s+)?(?:package\\s+)?version\\b';

/** Conventional scopes of maintenance: `fix(tests): ...`, `fix(ci): ...`. */
export const MAINTENANCE_SCOPES: readonly string[] = ['docs', 'doc', 'test', 'tests', 'ci', 'lint', 'typo', 'typos', 'style', 'format'];

/**
 * Words in a subject that say a fix is a security fix without an id ("Fixed CVE in LiteLLM",
 * "address critical vulnerabilities"), but not the tooling that reports them: "Generate HTML
 * page with vulnerability report" and "CVE scanner" are features (Lightspeed Core's five
 * LCORE-2631 commits were security fixes missing on every line before this exception).
 */
export const SECURITY_SUBJECT =
  '\\b(?:cves?|ghsa|vulnerabilit(?:y|ies)|security (?:fix|issue|patch|vulnerability|advisory))\\b' +
  '(?!\\s+(?:reports?|reporting|scans?|scanners?|scanning|dashboards?)\\b)';

/** The built-in rules, in the order they are tried. */
export const BUILT_IN_CHANGE_RULES: readonly BuiltInChangeRule[] = [
  { name: 'docs-tests-ci-paths', kind: 'other', paths: [...DOCS_TESTS_CI_PATHS] },
  { name: 'maintenance-subject', kind: 'other', subject: MAINTENANCE_SUBJECT },
  { name: 'maintenance-scope', kind: 'other', scopes: [...MAINTENANCE_SCOPES] },
  { name: 'security-words', kind: 'security', subject: SECURITY_SUBJECT },
];
