/**
 * Fixtures for the release stories: real repositories with a committed `.trellis.yml`, the CLI
 * run in-process against them with a fixed clock, and a byte snapshot of the work tree and index.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { trellis, type CliResult } from '../helpers/cli.js';
import { makeRepo, type FixtureRepo } from '../helpers/repo.js';

export const TODAY = '2026-05-01T12:00:00Z';

/** A repository whose first commit holds the policy and `files`. */
export async function repoWith(policy: string, files: Record<string, string> = {}, branch = 'main'): Promise<FixtureRepo> {
  const r = await makeRepo({ branch });
  await r.commit('chore: initial layout', { files: { '.trellis.yml': policy, ...files }, date: '2025-01-01' });
  return r;
}

/** Runs `trellis ARGS --repo DIR` in-process with the fixture's environment and a fixed clock. */
export function run(r: FixtureRepo, args: string[], opts: { env?: Record<string, string> } = {}): Promise<CliResult> {
  return trellis([...args, '--repo', r.dir], { env: { ...r.env, ...opts.env }, cwd: r.dir, now: TODAY });
}

/** A file's text at a revision (fixture files end with a newline, which the git helper strips). */
export async function show(r: FixtureRepo, rev: string, path: string): Promise<string> {
  return `${await r.git('cat-file', 'blob', `${rev}:${path}`)}\n`;
}

/** Every file of the work tree (and `.git/index`, HEAD) as bytes, to prove nothing there changed. */
export async function snapshot(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      const rel = relative(dir, full);
      if (rel === '.git') continue;
      if (e.isDirectory()) await walk(full);
      else out.set(rel, await readFile(full));
    }
  };
  await walk(dir);
  out.set('.git/index', await readFile(join(dir, '.git', 'index')));
  out.set('.git/HEAD', await readFile(join(dir, '.git', 'HEAD')));
  return out;
}

/** Subjects of `range`, newest first. */
export async function subjects(r: FixtureRepo, range: string): Promise<string[]> {
  const out = await r.git('log', '--format=%s', range);
  return out === '' ? [] : out.split('\n');
}
