/** The merges of a git-flow change, made as trees first (no commit, no ref): the outcome decides the `merge` check. */
import type { MergeOutcome, MergeStep } from '../core/release/gitflow.js';
import { mergeTrees, type Git } from '../git/index.js';

/**
 * Each merge's outcome without a work tree (`git merge-tree --write-tree`): merged (with the
 * tree, committed by apply only when every check passed), already merged, or the conflicts.
 */
export async function predictMerges(
  git: Git,
  steps: readonly MergeStep[],
): Promise<{ outcomes: MergeOutcome[]; trees: Array<string | null> }> {
  const trees: Array<string | null> = [];
  const outcomes: MergeOutcome[] = [];
  for (const m of steps) {
    if (m.alreadyMerged) {
      trees.push(null);
      outcomes.push({ into: m.into, from: m.from, status: 'already-merged', commit: null, conflicts: [] });
      continue;
    }
    const res = await mergeTrees(git, m.ours, m.theirs);
    trees.push(res.clean ? res.tree : null);
    outcomes.push({
      into: m.into,
      from: m.from,
      status: res.clean ? 'merged' : 'conflict',
      commit: null,
      conflicts: res.clean ? [] : res.conflicts,
    });
  }
  return { outcomes, trees };
}
