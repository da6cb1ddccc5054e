/**
 * What a remote holds at given refs now (`git ls-remote`): how a re-run of a publish that was
 * interrupted after its push tells "pushed already, by that run" from "someone else's".
 */
import { TrellisError } from '../core/errors.js';
import { assertRefName } from '../core/refname.js';
import type { GitBase } from './base.js';

/** The remote's value of each of `refs` (full names; a tag's own object, not what it points to); absent refs are left out. */
export async function remoteRefValues(git: GitBase, remote: string, refs: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (refs.length === 0) return out;
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(remote)) throw new TrellisError('bad-input', `'${remote}' is not a remote name`, 2);
  for (const r of refs) assertRefName(r);
  const res = await git.run(['ls-remote', '--end-of-options', remote, ...refs], { okExitCodes: [0, 2, 128] });
  if (res.exitCode === 128) {
    const why = res.stderr.trim().split('\n').pop() ?? '';
    throw new TrellisError('git', `could not read ${remote}: ${why.replace(/(\/\/)[^/@\s]+@/g, '$1***@')}`, 1);
  }
  const wanted = new Set(refs);
  for (const line of res.stdout.toString('utf8').split('\n')) {
    const [oid, name] = line.split('\t');
    if (oid && name && wanted.has(name)) out.set(name, oid);
  }
  return out;
}
