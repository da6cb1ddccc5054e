/** Many commits' changed paths in one streaming `git diff-tree --stdin --name-only`. */
import type { GitBase } from './base.js';
import { indexIn, splitPaths, streamRecords } from './record-stream.js';

/**
 * The changed paths of many commits in one `git diff-tree -r --stdin --name-only` (against
 * the first parent, no rename detection, root commits against the empty tree). Commits
 * without changes and merges are not reported. Feed commits in history order: git's object
 * caches make that several times faster than a random order. An abort through `signal` stops
 * the read where it is (what was reported stays reported).
 */
export async function readChangedPaths(
  git: GitBase,
  oids: readonly string[],
  each: (oid: string, paths: string[]) => void,
  opts: { signal?: AbortSignal } = {},
): Promise<void> {
  if (oids.length === 0) return;
  const args = ['diff-tree', '-r', '--stdin', '--root', '--no-renames', '--name-only', '-z', '--no-color', '--format=%x01%H'];
  await streamRecords(git, args, oids, opts.signal, (buf, start, end) => {
    // "<oid>\0\n<path>\0<path>\0..."
    const z1 = indexIn(buf, 0, start, end);
    if (z1 < 0) return;
    const oid = buf.toString('latin1', start, z1);
    if (!/^[0-9a-f]{40,64}$/.test(oid)) return;
    each(oid, splitPaths(buf, z1 + 1, end));
  });
}
