/**
 * Real clones: a clone whose remote is not called origin (`git clone -o upstream`), a mirror
 * (`git clone --mirror`: branches as local refs, no remote-tracking refs) and a clone with local
 * branches behind or ahead of the remote's all answer as the repository itself does, through the
 * one branch reader (src/facts/branches.ts). Which remote is read: `--remote NAME`, the policy's
 * `branches.remote`, the development branch's upstream remote, `origin`. `-C PATH` before the
 * command runs it as if started there, as git's `-C`.
 *
 * The repository is the demo history (Llama Stack-style) with its policy committed on main (so
 * every clone and the mirror have it), the UI package file left out of the post-release bumps and
 * a changelog file, so that `release 1.3` has a plan to make.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoRepo } from '../../scripts/demo/history.js';
import { demoWithPreset, withChangelogFile } from '../helpers/demo.js';
import { DEMO_TODAY, trellisIn } from '../../scripts/demo/run.js';
import { loadPolicy } from '../../src/core/policy/load.js';
import { readProjectBranches } from '../../src/facts/branches.js';
import { readLineFacts } from '../../src/facts/repository.js';
import { Git } from '../../src/git/git.js';

const exec = promisify(execFile);
let repo: DemoRepo;
let parent: string;
let cve: string;
let made = 0;

async function git(dir: string, ...args: string[]): Promise<string> {
  return (await exec('git', args, { cwd: dir, env: repo.env })).stdout.trim();
}

/** A fresh clone of the repository (`git clone ARGS`), as a place to run Trellis in. */
async function cloneOf(...args: string[]): Promise<DemoRepo> {
  const dir = join(parent, `clone-${++made}`);
  await exec('git', ['clone', '-q', ...args, repo.dir, dir], { env: repo.env });
  return { ...repo, dir };
}

const run = (where: DemoRepo | string, argv: string[]) =>
  trellisIn(typeof where === 'string' ? { ...repo, dir: where } : where, argv, DEMO_TODAY);

/** The commands compared between the repository and its clones. */
const READS = (): string[][] => [
  ['status', '--json'],
  ['status'],
  ['missing', '--json', '--no-cache'],
  ['backport', '--auto', '--dry-run', '--json', cve],
  ['changelog', '--line', '1.3'],
];

/** Runs `argv` (with `before` ahead of the command) there and in the repository: the same output, code and warnings. */
async function answersAsRepository(where: DemoRepo | string, argv: string[], before: string[] = []): Promise<void> {
  const here = await run(repo, argv);
  const there = await run(where, [...before, ...argv]);
  expect(there.stderr).toBe(here.stderr);
  expect(there.stdout).toBe(here.stdout);
  expect(there.code).toBe(here.code);
}

type StatusJson = { lines: Array<{ line: string; branch: string | null; unreleasedCommits: number | null }> };
const line = (stdout: string, key: string) => (JSON.parse(stdout) as StatusJson).lines.find((l) => l.line === key);

beforeAll(async () => {
  repo = await demoWithPreset();
  const variant = withChangelogFile(await readFile(join(repo.dir, '.trellis.yml'), 'utf8'));
  await writeFile(join(repo.dir, '.trellis.yml'), variant);
  await git(repo.dir, 'add', '.trellis.yml');
  await git(repo.dir, 'commit', '-q', '-m', 'chore: adopt trellis');
  cve = repo.commits.cve as string;
  parent = await mkdtemp(join(tmpdir(), 'trellis-real-clones-'));
});
afterAll(async () => {
  if (repo) await rm(repo.root, { recursive: true, force: true });
  if (parent) await rm(parent, { recursive: true, force: true });
});

describe('a clone whose remote is not called origin (git clone -o upstream)', () => {
  it('reads the remote of the development branch’s upstream by default: the same answers as the repository', async () => {
    const clone = await cloneOf('-o', 'upstream');
    expect(await git(clone.dir, 'for-each-ref', '--format=%(refname)', 'refs/heads')).toBe('refs/heads/main');
    for (const argv of READS()) await answersAsRepository(clone, argv);
  });

  it('with no upstream to go by, origin is read (none here); --remote upstream and branches.remote: upstream read the right one', async () => {
    const clone = await cloneOf('-o', 'upstream');
    await git(clone.dir, 'branch', '--unset-upstream', 'main');
    // origin, the default, does not exist: only main is a branch.
    expect(line((await run(clone, ['status', '--json'])).stdout, '1.2')?.branch).toBeNull();
    for (const argv of READS()) await answersAsRepository(clone, argv, ['--remote', 'upstream']);
    await answersAsRepository(clone, ['status'], ['--remote=upstream']);

    const policy = await readFile(join(clone.dir, '.trellis.yml'), 'utf8');
    expect(policy).toMatch(/^branches:\n/m);
    await writeFile(join(clone.dir, '.trellis.yml'), policy.replace(/^branches:\n/m, 'branches:\n  remote: upstream\n'));
    for (const argv of READS()) await answersAsRepository(clone, argv);
  });

  it('plans the same release, started from upstream/*', async () => {
    const clone = await cloneOf('-o', 'upstream');
    const here = await run(repo, ['release', '1.3', '--dry-run', '--json']);
    const there = await run(clone, ['release', '1.3', '--dry-run', '--json']);
    expect(here.code).toBe(0);
    expect(there.code).toBe(0);
    type Plan = { plan: { version: string; tags: unknown[]; commits: unknown[]; fromRemote?: unknown[] } };
    const [a, b] = [JSON.parse(here.stdout) as Plan, JSON.parse(there.stdout) as Plan];
    expect(b.plan.version).toBe(a.plan.version);
    expect(b.plan.tags).toEqual(a.plan.tags);
    expect(b.plan.commits).toEqual(a.plan.commits);
    const tip = await git(repo.dir, 'rev-parse', 'release-1.3.x');
    expect(b.plan.fromRemote).toEqual([{ branch: 'release-1.3.x', remote: 'upstream', tip, local: null }]);
  });

  it('refuses a remote that does not exist, in one line with exit 2, named by the option or by the policy', async () => {
    const clone = await cloneOf('-o', 'upstream');
    const r = await run(clone, ['--remote', 'nope', 'status']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe("trellis: unknown remote 'nope' (named by --remote): the remotes here are upstream\n");
    const policy = await readFile(join(clone.dir, '.trellis.yml'), 'utf8');
    await writeFile(join(clone.dir, '.trellis.yml'), policy.replace(/^branches:\n/m, 'branches:\n  remote: origin\n'));
    for (const argv of [['status'], ['missing'], ['backport', cve, '--to', '1.2', '--dry-run'], ['release', '1.3', '--dry-run']]) {
      const p = await run(clone, argv);
      expect(p.code).toBe(2);
      expect(p.stderr).toBe("trellis: unknown remote 'origin' (named by branches.remote): the remotes here are upstream\n");
    }
    // a remote that exists but has no remote-tracking branches yet is no error: nothing to read there
    await git(clone.dir, 'remote', 'add', 'origin', repo.dir);
    expect((await run(clone, ['status'])).code).toBe(0);
  });

  it('branches.remote: false reads the local branches only', async () => {
    const clone = await cloneOf('-o', 'upstream');
    const policy = await readFile(join(clone.dir, '.trellis.yml'), 'utf8');
    await writeFile(join(clone.dir, '.trellis.yml'), policy.replace(/^branches:\n/m, 'branches:\n  remote: false\n'));
    const r = await run(clone, ['status', '--json']);
    expect(r.code).toBe(0);
    expect(line(r.stdout, '1.2')?.branch).toBeNull();
    expect(line(r.stdout, '1.1')?.branch).toBeNull();
    // 1.3 has no branch of its own: its release candidates make it the line in development, on main
    expect(line(r.stdout, '1.3')?.branch).toBe('main');
  });
});

describe('a mirror (git clone --mirror: branches as local refs, no remote-tracking refs)', () => {
  it('answers as the repository', async () => {
    const mirror = await cloneOf('--mirror');
    expect(await git(mirror.dir, 'for-each-ref', '--format=%(refname)', 'refs/remotes')).toBe('');
    for (const argv of READS()) await answersAsRepository(mirror, argv);
  });
});

describe('-C PATH before the command', () => {
  it.each([
    ['status', '--json'],
    ['missing', '--no-cache'],
    ['backport', '--auto', '--dry-run', '{cve}'],
    ['release', '1.3', '--dry-run', '--json'],
  ])('runs %s %s as if started in PATH, relative paths from there', async (...args) => {
    const clone = await cloneOf();
    const argv = args.map((a) => (a === '{cve}' ? cve : a));
    const inClone = await run(clone, argv);
    expect(inClone.code).not.toBe(2);
    const name = clone.dir.slice(parent.length + 1);
    for (const before of [
      ['-C', clone.dir],
      ['-C', parent, '-C', name],
      [`-C${parent}`, '-C', name, '--remote', 'origin'],
    ]) {
      const r = await run(tmpdir(), [...before, ...argv]);
      expect(r).toEqual({ ...inClone, argv: [...before, ...argv] });
    }
    // --repo stays, relative to -C
    const viaRepo = await run(tmpdir(), ['-C', parent, ...argv, '--repo', name]);
    expect(viaRepo.stdout).toBe(inClone.stdout);
  });

  it('a -C that is no directory is exit 2 in one line', async () => {
    const r = await run(parent, ['-C', 'nowhere', 'status']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`trellis: not a git repository: ${join(parent, 'nowhere')} is not a directory\n`);
  });
});

describe('a local branch that differs from the remote’s', () => {
  it('behind: the remote’s tip is read, and the output says so', async () => {
    const clone = await cloneOf('-o', 'upstream');
    await git(clone.dir, 'branch', 'release-1.2.x', 'upstream/release-1.2.x~1');
    const r = await run(clone, ['status', '--json']);
    expect(line(r.stdout, '1.2')).toEqual(line((await run(repo, ['status', '--json'])).stdout, '1.2'));
    expect(r.stderr).toBe(
      "trellis: warning: release-1.2.x: read upstream/release-1.2.x (its tip is newer than the local branch's; 'git pull' to update it)\n",
    );
    // missing reads the same tip: the same report
    const here = await run(repo, ['missing', '--json', '--no-cache']);
    expect((await run(clone, ['missing', '--json', '--no-cache'])).stdout).toBe(here.stdout);
  });

  it('ahead: the local branch is read, and the output says so', async () => {
    const clone = await cloneOf('-o', 'upstream');
    await git(clone.dir, 'branch', 'release-1.2.x', 'upstream/release-1.2.x');
    const tree = await git(clone.dir, 'rev-parse', 'release-1.2.x^{tree}');
    const own = await git(clone.dir, 'commit-tree', tree, '-p', 'release-1.2.x', '-m', 'fix: only here');
    await git(clone.dir, 'update-ref', 'refs/heads/release-1.2.x', own);
    const r = await run(clone, ['status', '--json']);
    const inRepo = line((await run(repo, ['status', '--json'])).stdout, '1.2');
    expect(line(r.stdout, '1.2')).toEqual({ ...inRepo, unreleasedCommits: (inRepo?.unreleasedCommits ?? 0) + 1 });
    expect(r.stderr).toBe(
      "trellis: warning: release-1.2.x: read the local branch (it has 1 commit that upstream/release-1.2.x does not; 'git push' to publish them)\n",
    );
  });

  it('diverged: the newer tip is read and the relation is known without asking git again', async () => {
    const clone = await cloneOf();
    const base = await git(clone.dir, 'rev-parse', 'origin/release-1.1.x~1');
    const env = { ...repo.env, GIT_COMMITTER_DATE: '2020-01-01T00:00:00Z' };
    const tree = await git(clone.dir, 'rev-parse', `${base}^{tree}`);
    const own = (await exec('git', ['commit-tree', tree, '-p', base, '-m', 'local work'], { cwd: clone.dir, env })).stdout.trim();
    await git(clone.dir, 'branch', 'release-1.1.x', own);
    const g = await Git.open(clone.dir, { env: repo.env });
    const policy = loadPolicy(await readFile(join(clone.dir, '.trellis.yml'), 'utf8'));
    const read = await readProjectBranches(g, policy);
    expect(read.remote).toBe('origin');
    expect(read.tips.get('release-1.1.x')).toMatchObject({
      commit: await git(clone.dir, 'rev-parse', 'origin/release-1.1.x'),
      local: own,
      remote: 'origin',
      ref: 'refs/remotes/origin/release-1.1.x',
      relation: 'diverged',
    });
    expect(read.notes).toEqual([
      "release-1.1.x: read origin/release-1.1.x (the local branch has diverged from it, and origin/release-1.1.x's tip is newer)",
    ]);
  });

  it('costs no process where local and remote agree, one per branch that differs', async () => {
    const clone = await cloneOf();
    const policy = loadPolicy(await readFile(join(clone.dir, '.trellis.yml'), 'utf8'));
    const spent = async () => {
      const g = await Git.open(clone.dir, { env: repo.env });
      const before = g.stats.spawned;
      // Without the answers kept between runs (facts/line-history.ts): this counts branch reads.
      await readLineFacts(g, policy, { cache: false });
      return g.stats.spawned - before;
    };
    const inRepo = await Git.open(repo.dir, { env: repo.env });
    const before = inRepo.stats.spawned;
    await readLineFacts(inRepo, policy, { cache: false });
    // for-each-ref, the sample of the development branch and git log, as in the repository itself
    expect(inRepo.stats.spawned - before).toBe(3);
    expect(await spent()).toBe(3);
    for (const b of ['release-1.1.x', 'release-1.2.x', 'release-1.3.x']) await git(clone.dir, 'branch', b, `origin/${b}`);
    expect(await spent()).toBe(3);
    await git(clone.dir, 'branch', '-f', 'release-1.2.x', 'origin/release-1.2.x~1');
    expect(await spent()).toBe(4);
  });
});
