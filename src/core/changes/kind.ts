/**
 * The kind of a change, which decides where it may be backported: `security` (a CVE trailer,
 * a security label, or a `security` type/scope), then labels, then the conventional type, then
 * a `Fixes:` trailer; anything else is `other`. These read the message alone, without the
 * policy: `trellis missing` and `backport --auto` classify with the policy's change rules and
 * the changed paths instead (classify.ts), which build on the signals defined here.
 */
import { parseConventional, type ConventionalCommit } from './conventional.js';
import { cveIds, fixedCommits, parseTrailers, type CommitTrailers } from './trailers.js';

export type ChangeKind = 'feature' | 'bugfix' | 'security' | 'other';
export const CHANGE_KINDS: readonly ChangeKind[] = ['feature', 'bugfix', 'security', 'other'];

export interface KindInput {
  conventional?: ConventionalCommit | null;
  trailers?: CommitTrailers | null;
  /** pull-request or issue labels, e.g. `bug`, `kind/feature`, `type: security` */
  labels?: readonly string[];
}

const FEATURE_TYPES = new Set(['feat', 'feature']);
const BUGFIX_TYPES = new Set(['fix', 'bugfix', 'hotfix']);

/** The last word of a label: `kind/bug`, `type: bug` and `Bug` all read as `bug`. */
function labelWord(label: string): string {
  const parts = label.toLowerCase().split(/[/:]\s*/);
  return (parts[parts.length - 1] ?? '').trim();
}

const SECURITY_WORDS = new Set(['security', 'cve', 'vulnerability']);
const BUG_WORDS = new Set(['bug', 'bugfix', 'fix', 'regression', 'defect']);
const FEATURE_WORDS = new Set(['feature', 'enhancement', 'feat']);

/** The kind a pull-request or issue label stands for (`kind/bug` → bugfix), or null. */
export function labelKind(label: string): ChangeKind | null {
  const w = labelWord(label);
  return SECURITY_WORDS.has(w) ? 'security' : BUG_WORDS.has(w) ? 'bugfix' : FEATURE_WORDS.has(w) ? 'feature' : null;
}

/** The kind a conventional type stands for (`feat` → feature, `fix` → bugfix), or null. */
export function typeKind(type: string): 'feature' | 'bugfix' | null {
  return FEATURE_TYPES.has(type) ? 'feature' : BUGFIX_TYPES.has(type) ? 'bugfix' : null;
}

/** The first label that stands for `kind`, or undefined. */
const labelOf = (labels: readonly string[], kind: ChangeKind): string | undefined => labels.find((l) => labelKind(l) === kind);

export function classifyChange(input: KindInput): ChangeKind {
  const labels = input.labels ?? [];
  const cc = input.conventional ?? null;
  if (input.trailers && cveIds(input.trailers).length > 0) return 'security';
  if (labelOf(labels, 'security') !== undefined) return 'security';
  if (cc && (cc.type === 'security' || cc.scope?.toLowerCase() === 'security')) return 'security';
  if (labelOf(labels, 'bugfix') !== undefined) return 'bugfix';
  if (labelOf(labels, 'feature') !== undefined) return 'feature';
  const byType = cc ? typeKind(cc.type) : null;
  if (byType) return byType;
  if (input.trailers && fixedCommits(input.trailers).length > 0) return 'bugfix';
  return 'other';
}

/** Conventional-commit types that are neither features nor fixes (the Angular and commitlint lists). */
const STANDARD_TYPES = new Set(['build', 'chore', 'ci', 'docs', 'style', 'refactor', 'perf', 'test', 'revert', 'deprecate', 'remove']);

/** True for a conventional type that is neither a feature nor a fix (`docs`, `test`, `chore`, ...). */
export function isMaintenanceType(type: string): boolean {
  return STANDARD_TYPES.has(type.toLowerCase());
}

/**
 * For projects that do not write conventional commits (Tarantool-style series: `box: fix crash on
 * ...`): a subject whose first word after an optional `area:` prefix is fix/fixes/fixed.
 */
export function subjectIsFix(subject: string): boolean {
  const rest = subject.replace(/^[\w./ -]{1,40}:\s+/, '');
  return /^fix(es|ed)?\b/i.test(rest);
}

/**
 * The kind of a commit from its whole message: {@link classifyChange} on its conventional header
 * and trailers, then, unless its type is a standard conventional one, {@link subjectIsFix} (as the coverage
 * ledger reads such subjects). The message alone: the changelog, `missing` and `backport --auto`
 * classify with the policy's rules and the changed paths instead (classify.ts).
 */
export function messageKind(message: string, labels?: readonly string[]): ChangeKind {
  const conventional = parseConventional(message);
  const kind = classifyChange({ conventional, trailers: parseTrailers(message), ...(labels ? { labels } : {}) });
  // `box: fix crash` parses as a header of type `box`; a standard type (`docs: fix a typo`) does not
  // make a bug fix.
  if (kind !== 'other' || (conventional !== null && isMaintenanceType(conventional.type))) return kind;
  return subjectIsFix(message.split('\n', 1)[0] ?? '') ? 'bugfix' : 'other';
}
