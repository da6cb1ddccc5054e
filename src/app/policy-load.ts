/**
 * How a run gets its policy checked (core/policy/load.ts), the cheapest way that gives the same
 * answer:
 * 1. the run's session already checked this text (the command and its policy warnings share it);
 * 2. an earlier run kept the check of this very text in the repository (facts/policy-cache.ts),
 *    keyed by a hash of the text, the name it is shown under (the problems' file:line:col name
 *    it), and Trellis's version and build;
 * 3. else the text is checked now (the YAML parser and the schema's validator are loaded only
 *    here, about 0.8 MB of code) and a passing check is kept for the next run.
 */
import { createHash } from 'node:crypto';
import type { PolicyCheckResult } from '../core/policy/check-result.js';
import { keepPolicyCheck, keptPolicyCheck } from '../facts/policy-cache.js';
import type { Git } from '../git/index.js';
import { TRELLIS_BUILD, TRELLIS_VERSION } from './package-info.js';
import type { RunSession } from './session.js';

/** Bump when the check of the same text can give another result without a version change. */
const POLICY_CHECK_KEY = 'c1';

/** The check of `text` (shown as `file`), from the session, the repository's cache, or done now. */
export function checkedPolicy(session: RunSession | undefined, git: Git | null, text: string, file: string): Promise<PolicyCheckResult> {
  const check = () => checkKept(git, text, file);
  return session ? session.policyCheck(text, file, check) : check();
}

async function checkKept(git: Git | null, text: string, file: string): Promise<PolicyCheckResult> {
  const key = git ? checkKey(text, file) : null;
  const kept = git && key ? await keptPolicyCheck(git.commonDir, key) : null;
  if (kept) return kept;
  const { checkPolicy } = await import('../core/policy/load.js');
  const result = checkPolicy(text, file);
  if (git && key) await keepPolicyCheck(git.commonDir, key, result);
  return result;
}

function checkKey(text: string, file: string): string {
  return createHash('sha256')
    .update(JSON.stringify([POLICY_CHECK_KEY, TRELLIS_VERSION, TRELLIS_BUILD, file, text]))
    .digest('hex')
    .slice(0, 32);
}

/** Throws the check's problems as the policy error every command reports (exit 2). */
export async function policyOf(result: PolicyCheckResult): Promise<NonNullable<PolicyCheckResult['policy']>> {
  if (result.policy) return result.policy;
  const { PolicyError } = await import('../core/policy/problems.js');
  throw new PolicyError(result.problems);
}
