/**
 * A pull request's head commit brought in as objects only: GitHub keeps it at
 * `refs/pull/<n>/head` on the base repository (a fork's branch included). Fetched into
 * FETCH_HEAD, no ref of ours changes, nothing is checked out: the commits are only read (a
 * `pull_request_target` run must never run or check out the pull request's code).
 */
import { TrellisError } from '../core/errors.js';
import type { GitBase } from './base.js';

/** Whether `oid` is a commit this repository has. */
export async function hasCommit(git: GitBase, oid: string): Promise<boolean> {
  if (!/^[0-9a-f]{40,64}$/.test(oid)) throw new TrellisError('bad-input', `'${oid}' is not a commit id`, 2);
  const found = await git.revParse([oid], { peel: 'commit', allowMissing: true });
  return found.has(oid);
}

/** `git fetch --no-tags <remote> refs/pull/<pull>/head` (objects and FETCH_HEAD only). */
export async function fetchPullHead(git: GitBase, remote: string, pull: number): Promise<void> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(remote)) throw new TrellisError('bad-input', `'${remote}' is not a remote name`, 2);
  if (!Number.isSafeInteger(pull) || pull <= 0) throw new TrellisError('bad-input', `'${pull}' is not a pull request number`, 2);
  const r = await git.run(
    ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--end-of-options', remote, `refs/pull/${pull}/head`],
    {
      okExitCodes: [0, 1, 128],
    },
  );
  if (r.exitCode !== 0) {
    const why = (r.stderr.trim().split('\n').pop() ?? '').replace(/(\/\/)[^/@\s]+@/g, '$1***@');
    throw new TrellisError('git', `fetching pull request #${pull}'s head from ${remote} failed: ${why}`, 1);
  }
}
