/**
 * `policy-valid`: the policy loads and passes its checks against the repository (what `trellis
 * policy check` reports): its problems at the rule's level, its warnings as warnings.
 */
import type { CheckFacts, RuleFinding } from './types.js';

export function policyValid(facts: Pick<CheckFacts, 'policyProblems'>): RuleFinding[] {
  return facts.policyProblems.map((p) => ({
    message: p.message,
    ...(p.warning ? { warningOnly: true } : {}),
    ...(p.file !== undefined ? { file: p.file } : {}),
    ...(p.line !== undefined ? { fileLine: p.line } : {}),
    ...(p.column !== undefined ? { fileColumn: p.column } : {}),
  }));
}
