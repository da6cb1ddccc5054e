/**
 * The last policy check that passed, kept in `.git/trellis/policy` (beside the coverage caches:
 * same file format, checksum and safety, see coverage/cache-files.ts) under a key the caller
 * makes of everything the check depends on (app/policy-load.ts). Reading it back costs one small
 * file; checking again costs the YAML parser and the schema's validator, about a fifth of a
 * quick command. Only a policy without problems is kept: a failing one is checked (and located)
 * every time. Writing is best effort: a read-only repository just checks every time.
 */
import type { PolicyCheckResult } from '../core/policy/check-result.js';
import { cacheDir, RecordCache } from './coverage/cache-files.js';

const CACHE_NAME = 'policy';
const RECORD = 'check';

/** The check kept for `key`, or null (none, another key, a damaged file). */
export async function keptPolicyCheck(commonDir: string, key: string): Promise<PolicyCheckResult | null> {
  const store = await RecordCache.open(cacheDir(commonDir), CACHE_NAME, key);
  const value = store.get(RECORD);
  if (value === undefined) return null;
  try {
    const kept = JSON.parse(value) as PolicyCheckResult;
    return kept.policy && Array.isArray(kept.warnings) && Array.isArray(kept.problems) && kept.problems.length === 0 ? kept : null;
  } catch {
    return null;
  }
}

/** Keeps a passed check for `key` (replacing whatever the file held). */
export async function keepPolicyCheck(commonDir: string, key: string, result: PolicyCheckResult): Promise<void> {
  if (!result.policy || result.problems.length > 0) return;
  const store = await RecordCache.open(cacheDir(commonDir), CACHE_NAME, key);
  store.set(RECORD, JSON.stringify(result));
  await store.save();
}
