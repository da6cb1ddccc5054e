/** Merges without a work tree: `git merge-tree --write-tree` (git 2.38+). */
import type { GitBase as Git } from './base.js';
import { parseMergeTree } from './pick.js';

/** The outcome of a merge: the merged tree, or the paths that conflict. */
export type MergedTree = { clean: true; tree: string } | { clean: false; conflicts: Array<{ path: string; kind: string }> };

/** The merge of `theirs` into `ours` without a work tree: the tree (written to the object store), or the conflicting paths. */
export async function mergeTrees(git: Git, ours: string, theirs: string): Promise<MergedTree> {
  git.require('mergeTreeWriteTree', 'merging without a work tree');
  const res = await git.run(['merge-tree', '--write-tree', '-z', '--messages', ours, theirs], { okExitCodes: [0, 1] });
  const parsed = parseMergeTree(res.stdout.toString('utf8'));
  if (res.exitCode === 0) return { clean: true, tree: parsed.tree };
  return { clean: false, conflicts: parsed.conflicts.map((c) => ({ path: c.path, kind: c.kind })) };
}
