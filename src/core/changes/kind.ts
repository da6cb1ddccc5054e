/**
 * The kind of a change, which decides where it may be backported: `security` (a CVE trailer,
 * a security label, or a `security` type/scope), then labels, then the conventional type, then
 * a `Fixes:` trailer; anything else is `other`.
 */
import type { ConventionalCommit } from './conventional.js';
import { cveIds, fixedCommits, type CommitTrailers } from './trailers.js';

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

export function classifyChange(input: KindInput): ChangeKind {
  const words = (input.labels ?? []).map(labelWord);
  const cc = input.conventional ?? null;
  if (input.trailers && cveIds(input.trailers).length > 0) return 'security';
  if (words.some((w) => SECURITY_WORDS.has(w))) return 'security';
  if (cc && (cc.type === 'security' || cc.scope?.toLowerCase() === 'security')) return 'security';
  if (words.some((w) => BUG_WORDS.has(w))) return 'bugfix';
  if (words.some((w) => FEATURE_WORDS.has(w))) return 'feature';
  if (cc && FEATURE_TYPES.has(cc.type)) return 'feature';
  if (cc && BUGFIX_TYPES.has(cc.type)) return 'bugfix';
  if (input.trailers && fixedCommits(input.trailers).length > 0) return 'bugfix';
  return 'other';
}
