/**
 * Carries out release and branch-cut plans (src/core/release) through the git adapter, without
 * a work tree: each planned commit is a tree built from its parent's tree plus the new file
 * texts (`updateTree` on a private index) and `commit-tree`, tags are annotated tag objects
 * (signed by git itself when asked), and every branch and tag changes in ONE
 * `update-ref --stdin` transaction with expected old values: all or nothing.
 *
 * Worktrees: a branch the plan moves may be checked out somewhere. When that worktree is clean
 * (no staged or unstaged changes to tracked files, no rebase or bisect, nothing untracked where a
 * new file goes), the branch moves and that worktree is brought along with
 * `git read-tree -m -u <old> <new>`, which only rewrites the files the release changed. When it is
 * not clean, the run is refused before anything is written. Uncommitted work is never touched.
 */
import { TrellisError } from '../../core/errors.js';
import { branchRef, tagRef } from '../../core/refname.js';
import type { CommitRef, PlannedCommit, RepoPlan } from '../../core/release/types.js';
import {
  hasTrackedChanges,
  identityOf,
  moveWorkTree,
  untrackedAmong,
  writeTagObject,
  type Git,
  type RefUpdate,
  type Signature,
} from '../../git/index.js';
import { beginJournal, endJournal } from '../journal.js';

/** What a release command did: the plan, and what was written (nothing in a dry run). */
export interface ApplyReport<P> {
  plan: P;
  dryRun: boolean;
  /** Commits written (plan index → id); empty in a dry run. */
  commits: string[];
  /** Tag objects written (tag name → id). */
  tags: Record<string, string>;
  /** Worktrees brought along with a moved branch. */
  worktrees: Array<{ path: string; branch: string }>;
}

/**
 * Test hook: `before-refs` stops after every object is written and before the ref transaction;
 * `after-refs` stops right after it (before worktrees are brought along), as if the process
 * were killed there.
 */
export type Fault = 'before-refs' | 'after-refs' | null;

interface CheckedOut {
  path: string;
  branch: string;
  old: string;
}

/** Worktrees holding a branch the plan moves: refused unless clean; the clean ones are returned. */
async function checkWorktrees(git: Git, plan: RepoPlan): Promise<CheckedOut[]> {
  const moved = plan.branches.filter((b) => b.old !== null);
  if (moved.length === 0) return [];
  const trees = await git.worktrees();
  const out: CheckedOut[] = [];
  for (const m of moved) {
    const ref = branchRef(m.branch);
    for (const wt of trees) {
      if (wt.busyBranches.includes(ref)) {
        throw new TrellisError(
          'refused',
          `branch ${m.branch} is being rebased or bisected in ${wt.path}; finish that first (nothing was changed)`,
          2,
        );
      }
      if (wt.branch !== ref || wt.bare) continue;
      if (await hasTrackedChanges(git, wt.path)) {
        throw new TrellisError(
          'refused',
          `branch ${m.branch} is checked out in ${wt.path} with uncommitted changes; commit or stash them (or switch that worktree to another branch) and run again (nothing was changed)`,
          2,
        );
      }
      const added = plan.commits
        .filter((c) => c.branch === m.branch)
        .flatMap((c) => c.files.filter((f) => f.before === null).map((f) => f.path));
      if (added.length > 0) {
        const names = await untrackedAmong(git, wt.path, added);
        if (names.length > 0) {
          throw new TrellisError(
            'refused',
            `branch ${m.branch} is checked out in ${wt.path}, where untracked ${names.join(', ')} would be overwritten; move it away and run again (nothing was changed)`,
            2,
          );
        }
      }
      out.push({ path: wt.path, branch: m.branch, old: m.old! });
    }
  }
  return out;
}

/** Writes the plan's objects, then changes every ref in one transaction; returns what was written. */
export async function applyPlan(
  git: Git,
  plan: RepoPlan,
  message: string,
  opts: { fault?: Fault | undefined; kind?: 'release' | 'branch cut'; line?: string | null } = {},
): Promise<Omit<ApplyReport<RepoPlan>, 'plan' | 'dryRun'>> {
  const checkedOut = await checkWorktrees(git, plan);
  const author = await identityOf(git, 'AUTHOR');
  const committer = await identityOf(git, 'COMMITTER');
  const written: string[] = [];
  const resolve = (r: CommitRef): string => ('commit' in r ? r.commit : written[r.planned]!);
  for (const c of plan.commits) written.push(await writeCommit(git, c, resolve(c.parent), author, committer));
  const tags: Record<string, string> = {};
  for (const t of plan.tags) {
    tags[t.name] = await writeTagObject(git, { name: t.name, target: resolve(t.target), message: t.message, sign: t.sign });
  }
  if (opts.fault === 'before-refs') throw new Error('injected fault: stopped before the ref transaction');
  const updates: RefUpdate[] = [
    ...plan.branches.map((b) => ({ ref: branchRef(b.branch), newOid: resolve(b.to), oldOid: b.old })),
    ...plan.tags.map((t) => ({ ref: tagRef(t.name), newOid: tags[t.name]!, oldOid: null })),
  ];
  const newOf = (wt: CheckedOut): string => resolve(plan.branches.find((b) => b.branch === wt.branch)!.to);
  // The journal first: a kill from here on leaves a record the next run finishes (apply/journal.ts).
  await beginJournal(git, {
    kind: opts.kind ?? 'release',
    message,
    line: opts.line ?? null,
    updates: updates.map((u) => ({ ref: u.ref, old: u.oldOid ?? null, new: u.newOid })),
    worktrees: checkedOut.map((wt) => ({ path: wt.path, branch: wt.branch, old: wt.old, new: newOf(wt) })),
  });
  try {
    await git.updateRefs(updates, { message });
  } catch (e) {
    await endJournal(git); // refused: nothing changed
    throw e;
  }
  if (opts.fault === 'after-refs') throw new Error('injected fault: stopped after the ref transaction');
  const synced: Array<{ path: string; branch: string }> = [];
  try {
    for (const wt of checkedOut) {
      await moveWorkTree(git, wt.path, wt.old, newOf(wt));
      synced.push({ path: wt.path, branch: wt.branch });
    }
  } finally {
    await endJournal(git);
  }
  return { commits: written, tags, worktrees: synced };
}

async function writeCommit(git: Git, c: PlannedCommit, parent: string, author: Signature, committer: Signature): Promise<string> {
  const parentTree = await git.resolve(parent, { peel: 'tree' });
  let tree = parentTree;
  if (c.files.length > 0) {
    const modes = new Map((await git.listTree(parentTree, { paths: c.files.map((f) => f.path) })).map((e) => [e.path, e.mode]));
    tree = await git.updateTree(
      parentTree,
      c.files.map((f) => ({ path: f.path, content: f.after, mode: modes.get(f.path) === '100755' ? '100755' : '100644' })),
    );
  }
  return git.commitTree({ tree, parents: [parent], message: c.message, author, committer });
}
