/** The policy's opt-out file, read from the development branch (so bare repositories and CI checkouts read the same). */
import type { OptOutEntry } from '../../core/coverage/types.js';
import { parseOptOuts } from '../../core/coverage/opt-outs.js';
import type { Policy } from '../../core/policy/schema.js';
import type { Git } from '../../git/git.js';

/** The entries of `backport.optOutFile` at `rev` (none when the policy names no file or it is absent); see core/coverage/opt-outs.ts. */
export async function readOptOuts(git: Git, policy: Policy, rev: string): Promise<OptOutEntry[]> {
  const path = policy.backport.optOutFile;
  if (!path) return [];
  const buf = await git.readFile(rev, path);
  if (!buf) return [];
  return parseOptOuts(buf.toString('utf8'), path);
}
