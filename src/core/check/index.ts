/**
 * The rules of `trellis check`, in the order they are reported, and how the policy's levels
 * (`check.rules.<id>: error | warning | off`) turn their findings into the report. Each rule is
 * a pure function in its own file.
 */
import type { Policy } from '../policy/schema.js';
import type { CheckLevel, CheckRuleId } from '../policy/schema-check.js';
import { advisorySla } from './advisory-sla.js';
import { backportOverdue } from './backport-overdue.js';
import { conflictMarkersRule } from './conflict-markers.js';
import { eolCommits } from './eol-commits.js';
import { featureIntoClosedLine } from './feature-into-closed-line.js';
import { policyValid } from './policy-valid.js';
import { securityMissing } from './security-missing.js';
import { tagOnWrongLine } from './tag-on-wrong-line.js';
import { testingWindowRule } from './testing-window.js';
import type { CheckFacts, CheckFinding, CheckRule } from './types.js';

export { CHECK_RULES, CHECK_LEVELS } from '../policy/schema-check.js';
export { conflictMarkers, type Marker } from './conflict-markers.js';
export { recordedException } from './exception.js';
export {
  candidatesOf,
  testingWindowVerdict,
  windowedType,
  windowExcused,
  withWindowException,
  type Candidate,
  type TestingWindow,
  type WindowVerdict,
} from './testing-window.js';
export type * from './types.js';

/** Every rule that runs, in report order. */
export const RULES: readonly CheckRule[] = [
  { id: 'policy-valid', run: policyValid },
  { id: 'eol-commits', run: eolCommits },
  { id: 'feature-into-closed-line', run: featureIntoClosedLine },
  { id: 'security-missing', run: securityMissing },
  { id: 'backport-overdue', run: backportOverdue },
  { id: 'tag-on-wrong-line', run: tagOnWrongLine },
  { id: 'conflict-markers', run: conflictMarkersRule },
  { id: 'testing-window', run: testingWindowRule },
  { id: 'advisory-sla', run: advisorySla },
];

/** The level of each rule that runs, as the policy sets it (a policy that did not load: every rule at its default). */
export function ruleLevels(policy: Policy | null): Array<{ rule: CheckRuleId; level: CheckLevel }> {
  return RULES.map((r) => ({ rule: r.id, level: policy ? policy.check.rules[r.id] : 'error' }));
}

/** True when the rule is on (error or warning). */
export function ruleEnabled(policy: Policy, id: CheckRuleId): boolean {
  return policy.check.rules[id] !== 'off';
}

/** Runs every rule that is on and gives each finding its rule and severity; errors first within a rule, in rule order. */
export function runRules(facts: CheckFacts): CheckFinding[] {
  const out: CheckFinding[] = [];
  for (const r of RULES) {
    const level = facts.policy.check.rules[r.id];
    if (level === 'off') continue;
    for (const { warningOnly, ...f } of r.run(facts)) out.push({ rule: r.id, severity: warningOnly ? 'warning' : level, ...f });
  }
  return out;
}

/** 1 when any finding is an error, else 0. */
export function exitCodeOf(findings: readonly CheckFinding[]): 0 | 1 {
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
