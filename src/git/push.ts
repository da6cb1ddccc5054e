/** Sending refs to a remote and bringing its branches in: `git push --atomic` and `git fetch`. */
import { TrellisError } from '../core/errors.js';
import { assertRefName, assertSafeRevision } from '../core/refname.js';
import type { GitBase } from './base.js';

/** One ref to set on the remote: `oid` at `ref`, only if the remote's `ref` is `expect` now (`null`: absent). */
export interface RemoteRefUpdate {
  oid: string;
  ref: string;
  expect: string | null;
}

/** Exit codes read here rather than thrown: a refused push (1) or an unreachable remote (128). */
const FAILED = [0, 1, 128];

/** Credentials in a remote URL (`https://x-access-token:TOKEN@host`) never reach a message. */
function redact(text: string): string {
  return text.replace(/(\/\/)[^/@\s]+@/g, '$1***@');
}

function assertRemote(remote: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(remote)) throw new TrellisError('bad-input', `'${remote}' is not a remote name`, 2);
}

/**
 * Sets every ref in one `git push --atomic` (all or none), each guarded by
 * `--force-with-lease=<ref>:<expected>`, so a ref someone else moved in the meantime fails the
 * push instead of being overwritten. Credentials are git's own (a CI checkout's, the user's).
 */
export async function pushRefs(git: GitBase, remote: string, updates: readonly RemoteRefUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  assertRemote(remote);
  const leases: string[] = [];
  const specs: string[] = [];
  for (const u of updates) {
    assertRefName(u.ref);
    assertSafeRevision(u.oid);
    if (u.expect) assertSafeRevision(u.expect);
    leases.push(`--force-with-lease=${u.ref}:${u.expect ?? ''}`);
    specs.push(`${u.oid}:${u.ref}`);
  }
  const r = await git.run(['push', '--atomic', '--porcelain', '--no-verify', ...leases, '--end-of-options', remote, ...specs], {
    okExitCodes: FAILED,
  });
  if (r.exitCode !== 0) {
    const why = redact(`${r.stdout.toString('utf8')}\n${r.stderr}`)
      .split('\n')
      .filter((l) => /^!|rejected|error:|fatal:/.test(l))
      .map((l) => l.trim())
      .slice(0, 3)
      .join('; ');
    throw new TrellisError('git', `push to ${remote} failed: ${why || 'git push exited ' + r.exitCode}`, 1);
  }
}

/** Brings the remote's branches into `refs/remotes/<remote>/*` (pruning deleted ones), without tags. */
export async function fetchBranches(git: GitBase, remote: string): Promise<void> {
  assertRemote(remote);
  const r = await git.run(
    ['fetch', '--quiet', '--prune', '--no-tags', '--end-of-options', remote, `+refs/heads/*:refs/remotes/${remote}/*`],
    {
      okExitCodes: FAILED,
    },
  );
  if (r.exitCode !== 0) throw new TrellisError('git', `fetch from ${remote} failed: ${redact(r.stderr.trim().split('\n').pop() ?? '')}`, 1);
}

/** The URL `remote` fetches from (`git remote get-url`), or null when there is no such remote. */
export async function remoteUrl(git: GitBase, remote: string): Promise<string | null> {
  assertRemote(remote);
  const r = await git.run(['remote', 'get-url', '--', remote], { okExitCodes: [0, 2, 128] });
  return r.exitCode === 0 ? r.stdout.toString('utf8').trim() : null;
}
