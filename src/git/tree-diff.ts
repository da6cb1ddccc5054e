/** Comparing two trees without a work tree. */
import type { GitBase as Git } from './base.js';

/** The paths that exist in tree `to` and not in tree `from` (`git diff-tree -r --diff-filter=A`). */
export async function addedPaths(git: Git, from: string, to: string): Promise<string[]> {
  const out = await git.run(['diff-tree', '-r', '-z', '--no-renames', '--name-only', '--diff-filter=A', from, to]);
  return out.stdout
    .toString('utf8')
    .split('\0')
    .filter((p) => p !== '');
}
