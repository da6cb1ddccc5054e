/**
 * `trellis missing` in a plain `git clone`, where the release branches exist only as
 * `refs/remotes/origin/*` (every CI checkout too): the same lines and the same bytes as in the
 * repository itself (before, a clone showed "0 line(s)" and "Nothing is missing", exit 0, with
 * security fixes missing); backport branches pushed to origin count as pending; a local branch
 * behind its remote is read from the remote with a warning; a shallow clone is refused.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoRepo, type DemoRepo } from '../../scripts/demo/history.js';
import { DEMO_TODAY, trellisIn } from '../../scripts/demo/run.js';
import type { CoverageReport } from '../../src/core/coverage/index.js';
import { trellis } from '../helpers/cli.js';
import { buildStory, type Story } from './fixture.js';

const exec = promisify(execFile);
const NOW = '2026-01-15T12:00:00Z';
let parent: string;

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'trellis-missing-clone-'));
});
afterAll(async () => {
  if (parent) await rm(parent, { recursive: true, force: true });
});

async function cloneOf(dir: string, env: NodeJS.ProcessEnv, name: string, args: string[] = []): Promise<string> {
  const to = join(parent, name);
  await exec('git', ['clone', '-q', ...args, dir, to], { env });
  return to;
}

describe('the demo repository and its plain clone', () => {
  let repo: DemoRepo;
  let clone: DemoRepo;
  beforeAll(async () => {
    repo = await buildDemoRepo();
    expect((await trellisIn(repo, ['init', '--preset', 'llama-stack'], DEMO_TODAY)).code).toBe(0);
    const dir = await cloneOf(repo.dir, repo.env, 'demo');
    await copyFile(join(repo.dir, '.trellis.yml'), join(dir, '.trellis.yml'));
    clone = { ...repo, dir };
  }, 60_000);
  afterAll(async () => {
    if (repo) await rm(repo.root, { recursive: true, force: true });
  });

  it.each([
    ['missing'],
    ['missing', '--json'],
    ['missing', '--markdown'],
    ['missing', '--all'],
    ['missing', '--kind', 'security', '--line', '1.2'],
  ])('trellis %s %s prints the same bytes and exit code', async (...argv) => {
    const here = await trellisIn(repo, argv, DEMO_TODAY);
    const there = await trellisIn(clone, argv, DEMO_TODAY);
    expect(there.stdout).toBe(here.stdout);
    expect(there.stderr).toBe(here.stderr);
    expect(there.code).toBe(here.code);
    // The demo's clone has lines to report: the security fix is missing there too.
    if (argv.length === 1) expect(there.stdout).toMatch(/on 3 line\(s\): 1\.3, 1\.2, 1\.1/);
  });

  it('takes a line by the branch name the remote gives it', async () => {
    const r = await trellisIn(clone, ['missing', '--json', '--line', 'origin/release-1.2.x'], DEMO_TODAY);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as CoverageReport).lines).toEqual(['1.2']);
  });
});

describe('a clone of a history with every state', () => {
  let s: Story;
  let dir: string;
  const json = async (cwd: string, env = s.r.env) => trellis(['missing', '--json', '--no-cache'], { cwd, env, now: NOW });
  beforeAll(async () => {
    s = await buildStory();
    dir = await cloneOf(s.r.dir, s.r.env, 'story');
  }, 60_000);

  it('has only main locally, and answers cell for cell as the repository (the backport branch on origin is pending)', async () => {
    const branches = (await exec('git', ['for-each-ref', '--format=%(refname)', 'refs/heads'], { cwd: dir, env: s.r.env })).stdout;
    expect(branches.trim()).toBe('refs/heads/main');
    const here = await json(s.r.dir);
    const there = await json(dir);
    expect(there.stdout).toBe(here.stdout);
    expect(there.code).toBe(1);
    const report = JSON.parse(there.stdout) as CoverageReport;
    expect(report.lines).toEqual(['0.2', '0.1']);
    expect(report.changes.find((c) => c.commit === s.c.pending)?.states['0.2']).toMatchObject({ state: 'pending', commit: s.c.pending2 });
  });

  it('reads a local line branch that is behind from origin, and says so', async () => {
    await exec('git', ['branch', 'release-0.2.x', 'origin/release-0.2.x~2'], { cwd: dir, env: s.r.env });
    const r = await trellis(['missing', '--json', '--no-cache'], { cwd: dir, env: s.r.env, now: NOW });
    expect(r.stdout).toBe((await json(s.r.dir)).stdout);
    expect(r.stderr).toBe(
      "trellis: warning: release-0.2.x: read origin/release-0.2.x (its tip is newer than the local branch's; 'git pull' to update it)\n",
    );
    await exec('git', ['branch', '-D', 'release-0.2.x'], { cwd: dir, env: s.r.env });
  });

  it('refuses a shallow clone with the command that fixes it', async () => {
    const shallow = await cloneOf(`file://${s.r.dir}`, s.r.env, 'shallow', ['--depth', '1']);
    const r = await trellis(['missing'], { cwd: shallow, env: s.r.env, now: NOW });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/is a shallow clone: run 'git fetch --unshallow'/);
  });
});
