/** Which branch a work tree has checked out. */
import type { GitBase as Git } from './base.js';

/**
 * The short name of the branch checked out in the repository's work tree (or in `cwd`, another
 * worktree); null when HEAD is detached or there is no work tree (bare repository).
 */
export async function checkedOutBranch(git: Git, opts: { cwd?: string } = {}): Promise<string | null> {
  if (git.workTree === null && opts.cwd === undefined) return null;
  const head = await git.run(['symbolic-ref', '-q', '--short', 'HEAD'], { okExitCodes: [0, 1], ...opts });
  return head.exitCode === 0 ? head.stdout.toString('utf8').trim() : null;
}
