/**
 * Carries out a merge-back: the merge commit (its tree already made by `git merge-tree
 * --write-tree`) written with `commit-tree`, the development branch moved in ONE `update-ref`
 * transaction with its expected old value, and, when that branch is checked out in a clean
 * worktree, the worktree brought along with `read-tree -m -u` as releases do
 * (./release/index.ts). A checked-out branch with local changes is never moved.
 *
 * Journaled like every writer (./journal.ts): commit written → journal → the one transaction →
 * the worktree brought along → journal removed, so a kill at any instant leaves no change or a
 * state the next run finishes.
 */
import { TrellisError } from '../core/errors.js';
import { branchRef } from '../core/refname.js';
import { addedPaths, hasTrackedChanges, identityOf, moveWorkTree, untrackedAmong, type Git } from '../git/index.js';
import { beginJournal, endJournal } from './journal.js';
import type { Fault } from './release/index.js';

/** The merge to write, decided by the app layer. */
export interface MergeBackWrite {
  into: string;
  ours: string;
  theirs: string;
  tree: string;
  message: string;
  /** The line merged back (recorded in the journal), or null for a plain branch. */
  line: string | null;
}

/** The worktree holding `into`, refused (exit 2, nothing changed) unless it can be brought along; null when none holds it. */
export async function checkedOutClean(git: Git, into: string, ours: string, tree: string): Promise<string | null> {
  const ref = branchRef(into);
  let found: string | null = null;
  for (const wt of await git.worktrees()) {
    if (wt.busyBranches.includes(ref))
      throw new TrellisError(
        'refused',
        `branch ${into} is being rebased or bisected in ${wt.path}; finish that first (nothing was changed)`,
        2,
      );
    if (wt.branch !== ref || wt.bare) continue;
    if (await hasTrackedChanges(git, wt.path)) {
      throw new TrellisError(
        'refused',
        `branch ${into} is checked out in ${wt.path} with uncommitted changes; commit or stash them (or switch that worktree to another branch) and run again (nothing was changed)`,
        2,
      );
    }
    const added = await addedPaths(git, await git.resolve(ours, { peel: 'tree' }), tree);
    const blocked = added.length > 0 ? await untrackedAmong(git, wt.path, added) : [];
    if (blocked.length > 0) {
      throw new TrellisError(
        'refused',
        `branch ${into} is checked out in ${wt.path}, where untracked ${blocked.join(', ')} would be overwritten; move it away and run again (nothing was changed)`,
        2,
      );
    }
    found = wt.path;
  }
  return found;
}

/** Writes the merge commit and moves `into` to it; brings `worktree` along. Returns the commit. `fault`: the test hook of ./release/index.ts. */
export async function writeMergeBack(git: Git, m: MergeBackWrite, worktree: string | null, fault: Fault = null): Promise<string> {
  const author = await identityOf(git, 'AUTHOR');
  const committer = await identityOf(git, 'COMMITTER');
  const commit = await git.commitTree({ tree: m.tree, parents: [m.ours, m.theirs], message: m.message, author, committer });
  if (fault === 'before-refs') throw new Error('injected fault: stopped before the ref transaction');
  const ref = branchRef(m.into);
  const message = `trellis: merge-back ${m.theirs} into ${m.into}`;
  // The journal first: a kill from here on leaves a record the next run finishes (./journal.ts).
  await beginJournal(git, {
    kind: 'merge-back',
    message,
    line: m.line,
    updates: [{ ref, old: m.ours, new: commit }],
    worktrees: worktree ? [{ path: worktree, branch: m.into, old: m.ours, new: commit }] : [],
  });
  try {
    await git.updateRefs([{ ref, newOid: commit, oldOid: m.ours }], { message });
  } catch (e) {
    await endJournal(git); // refused: nothing changed
    throw e;
  }
  if (fault === 'after-refs') throw new Error('injected fault: stopped after the ref transaction');
  try {
    if (worktree) await moveWorkTree(git, worktree, m.ours, commit);
  } finally {
    await endJournal(git);
  }
  return commit;
}
