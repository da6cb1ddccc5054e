/** Bringing a clean work tree along when its checked-out branch moved. */
import type { GitBase as Git } from './base.js';

/**
 * Updates the index and files of the work tree at `path` from commit `from` to commit `to`
 * (`git read-tree -m -u`): only the files that differ are rewritten, and git refuses rather
 * than overwrite a local change.
 */
export async function moveWorkTree(git: Git, path: string, from: string, to: string): Promise<void> {
  // Stale stat information (a copied or touched work tree) makes read-tree call a file "not
  // uptodate" although its content is unchanged: refresh first (it only rewrites stat data).
  await git.run(['update-index', '-q', '--refresh'], { cwd: path, detached: true, okExitCodes: [0, 1] });
  await git.run(['read-tree', '-m', '-u', from, to], { cwd: path, detached: true });
}
