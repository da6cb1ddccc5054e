/**
 * What the git-flow use cases share: the merges, made as trees first (no commit, no ref; the
 * outcome decides the `merge` check), and the ref changes as changes of local refs.
 */
import type { MergeOutcome, MergeStep, RefChange } from '../core/release/gitflow.js';
import type { RemoteStart } from '../core/release/types.js';
import { refuseDiverged, remoteStartOf, type BranchTips } from '../facts/branch-tips.js';
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

/** The ref changes of a git-flow command as LOCAL ref changes, and what that says about the remote. */
export interface LocalRefChanges {
  refs: RefChange[];
  /** Branches written from their remote's tip: created there, or fast-forwarded from the local value. */
  fromRemote: RemoteStart[];
  /** Branches to delete that exist only on the remote: left alone (nothing is pushed or deleted there). */
  remoteOnly: string[];
}

/**
 * The planned ref changes as changes of LOCAL refs (./branch-tips.ts in facts): a branch read from
 * its remote is created at the new commit (no local branch) or fast-forwarded from its local value;
 * a branch to delete that exists only on the remote is left alone. Refused when a local branch has
 * diverged from the remote's tip it is moved from (its own commits would be lost).
 */
export async function localRefChanges(git: Git, planned: readonly RefChange[], tips: BranchTips): Promise<LocalRefChanges> {
  const out: LocalRefChanges = { refs: [], fromRemote: [], remoteOnly: [] };
  const moved: RemoteStart[] = [];
  for (const r of planned) {
    const start = r.ref.startsWith('refs/heads/') ? remoteStartOf(tips.get(r.ref.slice('refs/heads/'.length))) : null;
    if (!start) {
      out.refs.push(r);
    } else if (r.action === 'delete') {
      if (start.local === null) out.remoteOnly.push(start.branch);
      else out.refs.push({ ...r, old: start.local });
      moved.push(start);
    } else {
      out.refs.push({ ...r, action: start.local === null ? 'create' : 'update', old: start.local });
      out.fromRemote.push(start);
      moved.push(start);
    }
  }
  await refuseDiverged(git, moved);
  return out;
}
