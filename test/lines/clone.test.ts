/**
 * A plain `git clone` has the release branches only as `refs/remotes/origin/*`; every CI checkout
 * too. The read commands must answer there exactly as in the repository itself: the same lines,
 * statuses, schedule and merge targets. A local branch behind its remote is read from the
 * remote, and the output says so; a shallow clone is refused with the command that fixes it.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoRepo, type DemoRepo } from '../../scripts/demo/history.js';
import { DEMO_TODAY, trellisIn } from '../../scripts/demo/run.js';

const exec = promisify(execFile);
let repo: DemoRepo;
let clone: DemoRepo;
let parent: string;

async function git(dir: string, ...args: string[]): Promise<string> {
  return (await exec('git', args, { cwd: dir, env: repo.env })).stdout.trim();
}

beforeAll(async () => {
  repo = await buildDemoRepo();
  expect((await trellisIn(repo, ['init', '--preset', 'llama-stack'], DEMO_TODAY)).code).toBe(0);
  parent = await mkdtemp(join(tmpdir(), 'trellis-clone-'));
  const dir = join(parent, 'clone');
  await exec('git', ['clone', '-q', repo.dir, dir], { env: repo.env });
  await copyFile(join(repo.dir, '.trellis.yml'), join(dir, '.trellis.yml'));
  clone = { ...repo, dir };
});
afterAll(async () => {
  if (repo) await rm(repo.root, { recursive: true, force: true });
  if (parent) await rm(parent, { recursive: true, force: true });
});

describe('a plain git clone (release branches only as origin/*)', () => {
  it('has only main as a local branch', async () => {
    expect(await git(clone.dir, 'for-each-ref', '--format=%(refname)', 'refs/heads')).toBe('refs/heads/main');
  });

  it.each([
    ['status', '--json'],
    ['status'],
    ['schedule', '--json', '--count', '6'],
    ['target', '--kind', 'bugfix', '--json'],
    ['target', '--kind', 'security'],
  ])('trellis %s %s answers as in the repository itself', async (...argv) => {
    const here = await trellisIn(repo, argv, DEMO_TODAY);
    const there = await trellisIn(clone, argv, DEMO_TODAY);
    expect(there.code).toBe(here.code);
    expect(there.stderr).toBe(here.stderr);
    expect(there.stdout).toBe(here.stdout);
  });

  it('reads a local branch that is behind from its remote, and says so', async () => {
    await git(clone.dir, 'branch', 'release-1.2.x', 'origin/release-1.2.x~1');
    const r = await trellisIn(clone, ['status', '--json'], DEMO_TODAY);
    type Report = { lines: Array<{ line: string; unreleasedCommits: number | null }> };
    const line = (JSON.parse(r.stdout) as Report).lines.find((l) => l.line === '1.2');
    const inRepo = (JSON.parse((await trellisIn(repo, ['status', '--json'], DEMO_TODAY)).stdout) as Report).lines.find(
      (l) => l.line === '1.2',
    );
    expect(line?.unreleasedCommits).toBe(inRepo?.unreleasedCommits);
    expect(r.stderr).toContain(
      "release-1.2.x: read origin/release-1.2.x (its tip is newer than the local branch's; 'git pull' to update it)",
    );
    await git(clone.dir, 'branch', '-D', 'release-1.2.x');
  });

  it('refuses a shallow clone with the command that fixes it', async () => {
    const dir = join(parent, 'shallow');
    await exec('git', ['clone', '-q', '--depth', '1', `file://${repo.dir}`, dir], { env: repo.env });
    await copyFile(join(repo.dir, '.trellis.yml'), join(dir, '.trellis.yml'));
    const r = await trellisIn({ ...repo, dir }, ['status'], DEMO_TODAY);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^trellis: .*shallow.* is a shallow clone: run 'git fetch --unshallow' \(in GitHub Actions: actions\/checkout with fetch-depth: 0\)\n$/,
    );
  });
});
