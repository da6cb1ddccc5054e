/** The paths that differ between two commits. */
import { assertSafeRevision } from '../core/refname.js';
import type { GitBase } from './base.js';

/** Paths that differ between commits `a` and `b` (`git diff-tree -r --name-only -z`, no renames). */
export async function pathsBetween(git: GitBase, a: string, b: string): Promise<string[]> {
  assertSafeRevision(a);
  assertSafeRevision(b);
  const out = await git.run(['diff-tree', '-r', '--name-only', '-z', '--no-renames', '--end-of-options', a, b]);
  return out.stdout
    .toString('utf8')
    .split('\0')
    .filter((p) => p !== '');
}
