/**
 * What a work tree holds that git has not committed: tracked files with changes, and untracked
 * files. Read with `git status` / `git ls-files`; GIT_OPTIONAL_LOCKS=0 (set by the runner) keeps
 * `git status` from rewriting the index.
 */
import type { GitBase as Git } from './base.js';

/**
 * Tracked files with uncommitted changes (staged or not) in the work tree at `path`, submodules
 * included. Untracked files do not count. A rename or copy lists its new name.
 */
export async function changedFiles(git: Git, path: string): Promise<string[]> {
  const out = await git.text(['status', '--porcelain=v1', '-z', '--untracked-files=no', '--ignore-submodules=none'], { cwd: path });
  const files: string[] = [];
  const parts = out.split('\0');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] ?? '';
    if (p.length < 4) continue;
    files.push(p.slice(3));
    if (p[0] === 'R' || p[0] === 'C') i++; // the rename's source follows
  }
  return files;
}

/** True when the work tree at `path` has uncommitted changes to tracked files (git's default submodule setting). */
export async function hasTrackedChanges(git: Git, path: string): Promise<boolean> {
  const status = await git.run(['status', '--porcelain=v1', '-z', '--untracked-files=no'], { cwd: path });
  return status.stdout.length > 0;
}

/** Which of `paths` are untracked files in the work tree at `path`. */
export async function untrackedAmong(git: Git, path: string, paths: readonly string[]): Promise<string[]> {
  const untracked = await git.run(['ls-files', '-z', '--others', '--', ...paths], { cwd: path });
  return untracked.stdout
    .toString('utf8')
    .split('\0')
    .filter((n) => n !== '');
}
