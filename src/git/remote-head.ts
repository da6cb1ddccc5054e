/** The branch a remote's HEAD names (its default branch, as `git clone` recorded it). */
import type { GitBase } from './base.js';

/** The short name of the branch `refs/remotes/<remote>/HEAD` points at (`main`), or null when it is not set. */
export async function remoteHeadBranch(git: GitBase, remote: string): Promise<string | null> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(remote)) return null;
  const r = await git.run(['symbolic-ref', '-q', '--end-of-options', `refs/remotes/${remote}/HEAD`], { okExitCodes: [0, 1, 128] });
  if (r.exitCode !== 0) return null;
  const target = r.stdout.toString('utf8').trim();
  const prefix = `refs/remotes/${remote}/`;
  return target.startsWith(prefix) ? target.slice(prefix.length) : null;
}
