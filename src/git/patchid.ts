/**
 * Patch-ids for many commits with two processes per pipeline:
 * `git diff-tree --stdin -p --root` piped into `git patch-id --stable` by an OS pipe (one
 * pipeline by default; {@link PatchIdOptions.pipelines} splits the work across CPUs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { TrellisError } from '../core/errors.js';
import type { GitBase as Git } from './base.js';
import { gitFailure, spawnFailure } from './run.js';

/** Options for {@link patchIds}. */
export interface PatchIdOptions {
  /**
   * Detect renames (`-M`) as `git log -p` does by default. Off by default: without rename
   * detection the id depends only on the commit's trees, is cheaper, and matches how
   * `git cherry` compares commits.
   */
  renames?: boolean;
  /**
   * Split the commits into this many contiguous slices, each diffed by its own
   * `diff-tree | patch-id` pair, so the work runs on several CPUs (default 1). Slices keep the
   * given order, so commits given in history order still share git's caches within a slice.
   */
  pipelines?: number;
}

/**
 * Returns commit → patch-id, equal to `git log -p | git patch-id --stable` for text changes.
 * Binary changes are hashed with full object ids in their `index` lines (`--full-index`): with
 * abbreviated ids, as `git log -p` prints them, the id of the same change would shift when the
 * repository grows and git lengthens its abbreviations, and cached ids would stop matching. Merge commits and commits whose diff is
 * empty have no patch-id and are absent from the map; root commits are diffed against the empty
 * tree, as `git log -p` does.
 */
export async function patchIds(git: Git, commits: readonly string[], opts: PatchIdOptions = {}): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  const unique = [...new Set(commits)];
  if (unique.length === 0) return result;
  for (const c of unique) {
    if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(c)) {
      throw new TrellisError('bad-input', `patchIds needs full object ids, got '${c}'`, 2);
    }
  }
  // Below a few hundred commits a second pair of processes costs more than it saves.
  const asked = opts.pipelines !== undefined && Number.isFinite(opts.pipelines) ? Math.floor(opts.pipelines) : 1;
  const n = Math.max(1, Math.min(asked, Math.ceil(unique.length / 256)));
  const size = Math.ceil(unique.length / n);
  const slices: string[][] = [];
  for (let k = 0; k < unique.length; k += size) slices.push(unique.slice(k, k + size));
  const outs = await Promise.all(slices.map((slice) => pipeline(git, slice, opts)));
  for (const out of outs) {
    for (const line of out.split('\n')) {
      const sp = line.indexOf(' ');
      if (sp < 0) continue;
      result.set(line.slice(sp + 1), line.slice(0, sp));
    }
  }
  return result;
}

/** One `diff-tree | patch-id --stable` pair over `commits`; returns patch-id's output. */
async function pipeline(git: Git, commits: readonly string[], opts: PatchIdOptions): Promise<string> {
  // patch-id first, then diff-tree writing straight into patch-id's stdin: the diffs (most of
  // the bytes) go from one git process to the other through an OS pipe, never through Node,
  // which reads only patch-id's short output. The shared end is patch-id's stdin, a stream
  // Node only ever writes to, so Node cannot consume any of the diff; Node's own copy of that
  // end is closed once diff-tree holds it, so patch-id sees the end when diff-tree exits.
  const pid = git.runner.spawn(['patch-id', '--stable']);
  git.runner.stats.spawned++;
  const diff = spawn(
    git.runner.gitPath,
    [
      '-C',
      git.runner.cwd,
      'diff-tree',
      '--stdin',
      '-p',
      '--root',
      '--no-color',
      '--no-ext-diff',
      '--no-textconv',
      '--full-index',
      opts.renames ? '-M' : '--no-renames',
    ],
    { env: git.runner.env(), stdio: ['pipe', pid.stdin, 'pipe'], windowsHide: true },
  );
  pid.stdin.on('error', () => undefined);
  pid.stdin.destroy();
  let diffErr = '';
  let pidErr = '';
  diff.stderr?.on('data', (b: Buffer) => (diffErr += b.toString('utf8')));
  pid.stderr.on('data', (b: Buffer) => (pidErr += b.toString('utf8')));
  diff.stdin?.on('error', () => undefined);
  let out = '';
  pid.stdout.setEncoding('utf8');
  pid.stdout.on('data', (s: string) => (out += s));
  const exit = (child: ChildProcess): Promise<number> =>
    new Promise((resolve, reject) => {
      child.on('error', (e) => reject(spawnFailure(e, git.runner.gitPath)));
      child.on('close', (code) => resolve(code ?? 1));
    });
  const done = Promise.all([exit(diff), exit(pid)]);
  diff.stdin?.end(commits.join('\n') + '\n');
  const [dcode, pcode] = await done;
  if (dcode !== 0) throw gitFailure(['diff-tree'], diffErr, dcode);
  if (pcode !== 0) throw gitFailure(['patch-id'], pidErr, pcode);
  return out;
}
