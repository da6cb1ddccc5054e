/** Where a work tree's index stands, and git's lock files of a repository (for recovery after a kill). */
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { assertRefName, assertSafeRevision } from '../core/refname.js';
import type { GitBase as Git } from './base.js';

/** True when the index of the work tree at `path` holds exactly `tree` (`git diff-index --cached --quiet`; reads only). */
export async function indexMatches(git: Git, path: string, tree: string): Promise<boolean> {
  assertSafeRevision(tree);
  const r = await git.run(['diff-index', '--cached', '--quiet', '--end-of-options', tree, '--'], { cwd: path, okExitCodes: [0, 1] });
  return r.exitCode === 0;
}

/** The commit the work tree at `path` has checked out (`HEAD`), or null when unborn. */
export async function headCommitAt(git: Git, path: string): Promise<string | null> {
  const r = await git.run(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: path, okExitCodes: [0, 1] });
  return r.exitCode === 0 ? r.stdout.toString('utf8').trim() : null;
}

/** The git directory of the work tree at `path` (`.git`, or `.git/worktrees/<id>` for a linked one). */
export async function gitDirAt(git: Git, path: string): Promise<string> {
  return git.line(['rev-parse', '--path-format=absolute', '--git-dir'], { cwd: path });
}

/** A lock file git leaves while it changes something, with its age; null when there is none. */
export interface LockFile {
  path: string;
  ageMs: number;
}

/** The lock files of these refs (loose `<ref>.lock` and `packed-refs.lock`) that exist now. */
export async function refLocks(git: Git, refs: readonly string[], now = Date.now()): Promise<LockFile[]> {
  const paths = [
    ...refs.map((r) => join(git.commonDir, `${assertRefName(r, 'ref name', { allowOneLevel: false })}.lock`)),
    join(git.commonDir, 'packed-refs.lock'),
  ];
  return existingLocks(paths, now);
}

/** The lock files among `paths` that exist now (regular files only). */
export async function existingLocks(paths: readonly string[], now = Date.now()): Promise<LockFile[]> {
  const found: LockFile[] = [];
  for (const path of paths) {
    const st = await lstat(path).catch(() => null);
    if (st?.isFile()) found.push({ path, ageMs: now - st.mtimeMs });
  }
  return found;
}
