/**
 * The policy as committed on a branch: what the GitHub backport reads from the pull request's
 * BASE branch (never its head, so a pull request cannot change which lines get what, or which
 * commands run).
 */
import { TrellisError } from '../core/errors.js';
import { loadPolicy } from '../core/policy/load.js';
import { assertSafeRevision } from '../core/refname.js';
import type { Git } from '../git/index.js';
import { POLICY_FILE, type LoadedPolicy } from './policy-file.js';

/** Reads and validates `path` (default `.trellis.yml`) at `ref`; none there is a `not-found` error (exit 2). */
export async function readPolicyAt(git: Git, ref: string, path: string = POLICY_FILE): Promise<LoadedPolicy> {
  assertSafeRevision(ref);
  const blob = await git.readFile(ref, path).catch(() => null);
  const file = `${ref}:${path}`;
  if (blob === null) throw new TrellisError('not-found', `no policy file at ${file}`, 2);
  return { policy: loadPolicy(blob.toString('utf8'), file), file };
}
