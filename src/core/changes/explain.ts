/**
 * Why a change has its kind, as data (`trellis missing --explain SHA --json`) and as text: the
 * commit, its kind, the rule or signal that decided with what matched, its changed paths, and
 * each rule tried before the decision with why it did not hold. Pure.
 */
import type { KindReason, RuleCheck } from './classify.js';
import type { ChangeKind } from './kind.js';

export interface ChangeExplanation {
  commit: string;
  subject: string;
  kind: ChangeKind;
  /** What decided the kind. */
  reason: KindReason;
  /** The policy's and the built-in rules tried before the decision, in order, and why each did not hold. */
  checked: RuleCheck[];
  /** Changed paths (none for a merge or an empty commit). */
  paths: string[];
  /** The conventional header's type and scope, or null when the subject is not one. */
  conventional: { type: string; scope: string | null } | null;
  /** CVE and GHSA ids named anywhere in the message. */
  securityIds: string[];
  /** Whether the built-in rules apply (`changes.defaults`). */
  defaults: boolean;
}

const quoteAll = (xs: readonly string[]): string => xs.join(', ');

/** The decision in words, e.g. `built-in rule docs-tests-ci-paths: docs/install.md`. */
export function reasonText(r: KindReason): string {
  const m = quoteAll(r.matched);
  switch (r.signal) {
    case 'policy-rule':
      return `policy rule ${r.rule}: ${m}`;
    case 'default-rule':
      return `built-in rule ${r.rule}: ${m}`;
    case 'security-advisory':
      return `named as a fix by advisory ${m}`;
    case 'security-id':
      return `the message names ${m}`;
    case 'security-pattern':
      return `${r.rule} matches "${m}"`;
    case 'security-label':
      return `security label ${m}`;
    case 'security-type':
      return `security conventional type or scope: ${m}`;
    case 'label':
      return `label ${m}`;
    case 'conventional-type':
      return `conventional type ${m}`;
    case 'fixes-trailer':
      return `Fixes: trailer names ${m}`;
    case 'fix-subject':
      return 'the subject says fix (after an area: prefix)';
    case 'none':
      return 'no rule holds, and the message names no security id and says neither feature nor fix';
  }
}

/** The explanation as text, one `label  value` line each (paths and rules tried one per line). */
export function formatExplanation(e: ChangeExplanation): string {
  const rows: Array<[string, string]> = [
    ['commit', e.commit],
    ['subject', e.subject],
    ['kind', e.kind],
    ['decided by', reasonText(e.reason)],
  ];
  if (e.conventional)
    rows.push(['conventional', `${e.conventional.type}${e.conventional.scope !== null ? `(${e.conventional.scope})` : ''}`]);
  if (e.securityIds.length > 0) rows.push(['security ids', e.securityIds.join(', ')]);
  e.paths.forEach((p, i) => rows.push([i === 0 ? 'paths' : '', p]));
  if (e.paths.length === 0) rows.push(['paths', '(none)']);
  e.checked.forEach((c, i) => {
    const what = c.rule.startsWith('changes.') ? `${c.rule} (${c.kind}; ${c.conditions})` : `${c.rule} (built-in, ${c.kind})`;
    rows.push([i === 0 ? 'rules tried' : '', `${what}: ${c.why}`]);
  });
  if (!e.defaults) rows.push(['built-in rules', 'off (changes.defaults: false)']);
  // One width for every explanation (the longest label, 'built-in rules'), so values line up across runs.
  return rows.map(([k, v]) => `${k.padEnd(14)}  ${v}`.trimEnd()).join('\n') + '\n';
}
