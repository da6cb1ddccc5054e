/**
 * A bare copy of another project's repository, kept under this repository's `.git/trellis/`
 * and brought up to date with `git fetch` (a Goose-style extension reading its core from a
 * remote). The URL comes from the policy: it is checked (no option-like or control characters)
 * and fetched with the protocols limited to file, git, http(s) and ssh (`GIT_ALLOW_PROTOCOL`;
 * never `ext::`).
 */
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TrellisError } from '../core/errors.js';
import type { GitBase } from './base.js';

const ALLOWED_PROTOCOLS = 'file:git:http:https:ssh';

/** The folder of the copy for `name` (`.git/trellis/core.git`). */
export function mirrorDir(git: GitBase, name: string): string {
  return join(git.commonDir, 'trellis', `${name}.git`);
}

/**
 * Makes or updates the copy: `git init --bare` once, remote `origin` set to `url`, then
 * `git fetch --prune --tags origin` and `git remote set-head origin --auto`. Returns the folder
 * and, when the fetch failed (offline), the reason (the copy as last fetched is still read).
 */
export async function updateMirror(git: GitBase, name: string, url: string): Promise<{ dir: string; stale: string | null }> {
  const control = [...url].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (url === '' || url.startsWith('-') || control)
    throw new TrellisError('bad-input', `extension.core.remote: '${url}' is not a repository URL`, 2);
  const dir = mirrorDir(git, name);
  const env = { GIT_ALLOW_PROTOCOL: ALLOWED_PROTOCOLS, GIT_TERMINAL_PROMPT: '0' };
  const run = (args: string[], ok?: number[]) => git.run(args, { env, cwd: dir, ...(ok ? { okExitCodes: ok } : {}) });
  if (!(await stat(join(dir, 'HEAD')).catch(() => null))) {
    await mkdir(dir, { recursive: true });
    await git.run(['init', '-q', '--bare', '--', dir], { cwd: git.commonDir });
  }
  const current = (await run(['config', '--get', 'remote.origin.url'], [0, 1])).stdout.toString('utf8').trim();
  if (current === '') await run(['remote', 'add', '--', 'origin', url]);
  else if (current !== url) await run(['remote', 'set-url', '--', 'origin', url]);
  const fetched = await run(['fetch', '-q', '--prune', '--tags', 'origin'], [0, 1, 128]);
  if (fetched.exitCode !== 0) return { dir, stale: fetched.stderr.trim().split('\n')[0] ?? 'git fetch failed' };
  await run(['remote', 'set-head', 'origin', '--auto'], [0, 1, 128]);
  return { dir, stale: null };
}
