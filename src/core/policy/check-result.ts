/**
 * What a policy check gives back (problems and warnings, each at file:line:col) and the limits
 * on a policy's size: plain values, apart from the YAML machinery of problems.ts, so that a run
 * that finds its policy already checked (app/policy-load.ts) loads neither the YAML parser nor
 * the schema's validator.
 */
import type { Policy } from './schema.js';

/** One problem in a policy file, located at `file:line:col` (1-based). */
export interface PolicyProblem {
  file: string;
  line: number;
  col: number;
  message: string;
  /** Where in the document, as a dotted path (`support.lines.0.5.eol` is written `support.lines["0.5"].eol`). */
  path: string;
}

export interface PolicyCheckResult {
  /** The loaded policy, or null when there is any problem. */
  policy: Policy | null;
  problems: PolicyProblem[];
  /** Things that work but probably not as meant (an LTS list without a duration); never make the policy invalid. */
  warnings: PolicyProblem[];
}

/** Problems in file order. */
export function inFileOrder(list: readonly PolicyProblem[]): PolicyProblem[] {
  return [...list].sort((a, b) => a.line - b.line || a.col - b.col);
}

/** The most entries one list or mapping of a policy may hold (100,000 support lines took minutes). */
export const MAX_ITEMS = 10_000;
/**
 * The largest policy file, in bytes: a policy is a few KB, while a 50 MB value took 1.7 GB of
 * memory and a long YAML text takes the parser seconds before any check can run.
 */
export const MAX_POLICY_BYTES = 128 * 1024;
