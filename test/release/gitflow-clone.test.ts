/**
 * VMPilot-style git-flow in a plain `git clone`: the clone has `dev` checked out and `main` (and
 * a colleague's hotfix branch) only as `origin/*`. The git-flow release and `hotfix start` /
 * `hotfix finish` plan what they plan in the repository itself, merge from the remote's tips and
 * write LOCAL refs (main created at the merge, or fast-forwarded where the local main is behind),
 * saying so in one line; a hotfix branch that exists only on the remote is left there. Nothing is
 * pushed: the origin's refs never change.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitflowReleasePlan, GitflowReport } from '../../src/core/release/gitflow.js';
import { trellis } from '../helpers/cli.js';
import { makeRepo, type FixtureRepo } from '../helpers/repo.js';

const exec = promisify(execFile);
const NOW = '2025-02-01T12:00:00Z';
/** A test command as argv: node itself, passing. */
const TEST_ARGV = [process.execPath, '-e', 'process.exit(0)'];

let r: FixtureRepo;
const clones: string[] = [];

async function git(dir: string, ...args: string[]): Promise<string> {
  return (await exec('git', args, { cwd: dir, env: r.env })).stdout.trim();
}

/** A plain clone of the repository (its checked-out branch checked out, every other branch as origin/*). */
async function cloneOf(): Promise<string> {
  const parent = await mkdtemp(join(tmpdir(), 'trellis-gitflow-clone-'));
  clones.push(parent);
  const dir = join(parent, 'clone');
  await exec('git', ['clone', '-q', r.dir, dir], { env: r.env });
  return dir;
}

type Report = GitflowReport & { plan?: GitflowReleasePlan };

/** `trellis ARGS --json` in `dir`; what it writes is dated `date` (default: the fixture's fixed date). */
async function json(dir: string, ...args: string[]): Promise<Report> {
  return jsonOn(undefined, dir, ...args);
}

async function jsonOn(date: string | undefined, dir: string, ...args: string[]): Promise<Report> {
  const env = date ? { ...r.env, GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: date } : r.env;
  const res = await trellis([...args, '--json', '--repo', dir], { env, cwd: dir, now: NOW });
  expect(res.stderr).toBe('');
  return JSON.parse(res.stdout) as Report;
}

const originRefs = () => git(r.dir, 'for-each-ref', '--format=%(refname) %(objectname)');
const localBranches = async (dir: string) => (await git(dir, 'for-each-ref', '--format=%(refname:short)', 'refs/heads')).split('\n');
/** A commit by content: tree and message (and the parents' trees: the same merge of the same sides). */
const commitOf = (dir: string, rev: string) => git(dir, 'log', '-1', '--format=%T%n%B', rev);
const parentTrees = (dir: string, rev: string) => git(dir, 'rev-parse', `${rev}^1^{tree}`, `${rev}^2^{tree}`);
const tagOf = async (dir: string, tag: string) => [
  await git(dir, 'for-each-ref', '--format=%(contents)', `refs/tags/${tag}`),
  await git(dir, 'rev-parse', `${tag}^{tree}`),
];
/** The checks by id and status (the `up-to-date` message names the upstreams a clone has). */
const checksOf = (rep: Report) => rep.checks.map((c) => [c.id, c.status]);
/** The plan, its checks by id and status. */
const planOf = (rep: Report) => ({ ...rep.plan!, checks: rep.plan!.checks.map((c) => [c.id, c.status]) });

beforeAll(async () => {
  r = await makeRepo();
  const init = await trellis(['init', '--preset', 'vmpilot', '--repo', r.dir], { env: r.env });
  expect(init.code, init.stderr).toBe(0);
  const text = (await r.read('.trellis.yml')).toString('utf8').replace('test: [pytest]', `test: ${JSON.stringify(TEST_ARGV)}`);
  expect(text).toContain(JSON.stringify(TEST_ARGV));
  await r.commit('chore: add trellis policy', { files: { '.trellis.yml': text, 'app.txt': 'version one\n', 'README.md': '# VMPilot\n' } });
  await r.tag('v1.0.0', { message: 'Release 1.0.0' });
  await r.branch('dev');
  await r.checkout('dev');
  await r.commit('feat: VM snapshots', { files: { 'snap.txt': 'snapshots\n' } });
  await r.commit('fix: handle an empty VM list', { files: { 'list.txt': 'empty ok\n' } });
});

afterAll(async () => {
  for (const d of clones) await rm(d, { recursive: true, force: true });
});

describe('git-flow in a plain git clone (main only as origin/main)', () => {
  it('releases dev into main as in the repository itself, creating the local main at the merge', async () => {
    const clone = await cloneOf();
    expect(await localBranches(clone)).toEqual(['dev']);
    const main = await r.rev('main');
    const dev = await r.rev('dev');

    const here = await json(r.dir, 'release', '--dry-run');
    const there = await json(clone, 'release', '--dry-run');
    expect(there.exitCode).toBe(0);
    expect(planOf(there)).toEqual(planOf(here));
    expect(there.plan!.merge).toMatchObject({ into: 'main', from: 'dev', ours: main, theirs: dev });
    expect(checksOf(there)).toEqual(checksOf(here));
    expect(there.checks.find((c) => c.id === 'up-to-date')!.message).toBe('dev is not behind origin/dev');
    expect(there.fromRemote).toEqual([{ branch: 'main', remote: 'origin', tip: main, local: null }]);
    expect(here.fromRemote).toBeUndefined();
    expect(here.refs[0]).toMatchObject({ ref: 'refs/heads/main', action: 'update', old: main });
    expect(there.refs).toEqual([{ ...here.refs[0], action: 'create', old: null }, here.refs[1]]);
    const text = await trellis(['release', '--dry-run', '--repo', clone], { env: r.env, cwd: clone, now: NOW });
    expect(text.stdout).toContain(
      `\nread from the remote, written locally (nothing is pushed): main from origin/main at ${main.slice(0, 10)} (local branch created)\n`,
    );

    const before = await originRefs();
    const done = await json(clone, 'release');
    expect(done.summary).toBe('released 1.1.0: dev merged into main, tagged v1.1.0');
    expect(await originRefs()).toBe(before);
    const merge = await git(clone, 'rev-parse', 'refs/heads/main');
    expect(await git(clone, 'rev-parse', 'main^1', 'main^2')).toBe(`${main}\n${dev}`);
    expect(done.refs[0]).toMatchObject({ ref: 'refs/heads/main', action: 'create', old: null, new: merge });
    expect(await git(clone, 'rev-parse', 'refs/remotes/origin/main')).toBe(main);

    expect((await json(r.dir, 'release')).exitCode).toBe(0);
    expect(await commitOf(clone, 'main')).toBe(await commitOf(r.dir, 'main'));
    expect(await parentTrees(clone, 'main')).toBe(await parentTrees(r.dir, 'main'));
    expect(await tagOf(clone, 'v1.1.0')).toEqual(await tagOf(r.dir, 'v1.1.0'));
    const notes = 'release-notes/1.1.0.md';
    expect(await readFile(join(clone, notes), 'utf8')).toBe(await readFile(join(r.dir, notes), 'utf8'));
  });

  it('starts a hotfix from the remote main as in the repository itself', async () => {
    const clone = await cloneOf();
    const here = await json(r.dir, 'hotfix', 'start', '1.1.1', '--dry-run');
    const there = await json(clone, 'hotfix', 'start', '1.1.1', '--dry-run');
    expect(there).toEqual(here);
    expect((await json(clone, 'hotfix', 'start', '1.1.1')).exitCode).toBe(0);
    expect((await json(r.dir, 'hotfix', 'start', '1.1.1')).exitCode).toBe(0);
    expect(await git(clone, 'rev-parse', 'refs/heads/hotfix/1.1.1')).toBe(await r.rev('v1.1.0^{commit}'));
    expect(await r.rev('hotfix/1.1.1')).toBe(await r.rev('v1.1.0^{commit}'));
  });

  it('finishes a hotfix that exists only on the remote: merged from its tip, main created, the remote branch left alone', async () => {
    await r.checkout('hotfix/1.1.1');
    const fix = await r.commit('fix: guard the VM list', { files: { 'list.txt': 'guarded\n' } });
    await r.checkout('dev');
    const clone = await cloneOf();
    expect(await localBranches(clone)).toEqual(['dev']);
    // dev is a branch the hotfix goes into: not checked out while it moves.
    for (const dir of [clone, r.dir]) await git(dir, 'checkout', '-q', '--detach');
    const main = await r.rev('main');
    const dev = await r.rev('dev');

    const here = await json(r.dir, 'hotfix', 'finish', '--dry-run');
    const there = await json(clone, 'hotfix', 'finish', '--dry-run');
    expect(there.exitCode).toBe(0);
    expect([there.version, there.tag, there.merges, checksOf(there)]).toEqual([here.version, here.tag, here.merges, checksOf(here)]);
    expect(there.fromRemote).toEqual([{ branch: 'main', remote: 'origin', tip: main, local: null }]);
    expect(here.refs.map((x) => [x.ref, x.action, x.old])).toEqual([
      ['refs/heads/main', 'update', main],
      ['refs/heads/dev', 'update', dev],
      ['refs/tags/v1.1.1', 'create', null],
      ['refs/heads/hotfix/1.1.1', 'delete', fix],
    ]);
    expect(there.refs.map((x) => [x.ref, x.action, x.old])).toEqual([
      ['refs/heads/main', 'create', null],
      ['refs/heads/dev', 'update', dev],
      ['refs/tags/v1.1.1', 'create', null],
    ]);
    expect(there.summary).toBe(
      'dry run: would merge hotfix/1.1.1 into main and dev, tag v1.1.1; hotfix/1.1.1 exists only as origin/hotfix/1.1.1: delete it there when you push',
    );

    const before = await originRefs();
    // A day later than the release (so the next test's remote main is newer than a local main at the release).
    const later = '2025-01-02T12:00:00Z';
    const done = await jsonOn(later, clone, 'hotfix', 'finish');
    expect(done.summary).toBe(
      'finished hotfix 1.1.1: merged into main and dev, tagged v1.1.1; hotfix/1.1.1 exists only as origin/hotfix/1.1.1: delete it there when you push',
    );
    expect(await originRefs()).toBe(before);
    expect(await localBranches(clone)).toEqual(['dev', 'main']);
    expect(await git(clone, 'rev-parse', 'refs/remotes/origin/hotfix/1.1.1')).toBe(fix);
    expect(await git(clone, 'rev-parse', 'main^1', 'main^2')).toBe(`${main}\n${fix}`);

    expect((await jsonOn(later, r.dir, 'hotfix', 'finish')).exitCode).toBe(0);
    for (const b of ['main', 'dev']) {
      expect(await commitOf(clone, b)).toBe(await commitOf(r.dir, b));
      expect(await parentTrees(clone, b)).toBe(await parentTrees(r.dir, b));
    }
    expect(await tagOf(clone, 'v1.1.1')).toEqual(await tagOf(r.dir, 'v1.1.1'));
    await r.checkout('dev');
  });

  it('releases from the remote main where the local main is behind it, fast-forwarding the local main', async () => {
    await r.commit('feat: VM templates', { files: { 'templates.txt': 'templates\n' } });
    const clone = await cloneOf();
    const main = await r.rev('main');
    await git(clone, 'branch', '-q', '--track', 'main', 'origin/main');
    await git(clone, 'update-ref', 'refs/heads/main', await r.rev('main~1'));
    const behind = await git(clone, 'rev-parse', 'refs/heads/main');

    const here = await json(r.dir, 'release', '--dry-run');
    const there = await json(clone, 'release', '--dry-run');
    expect(there.exitCode).toBe(0);
    expect(planOf(there)).toEqual(planOf(here));
    expect(there.plan!.version).toBe('1.2.0');
    expect(there.checks.find((c) => c.id === 'up-to-date')!.message).toBe('dev is not behind origin/dev; main is not behind origin/main');
    expect(there.fromRemote).toEqual([{ branch: 'main', remote: 'origin', tip: main, local: behind }]);
    expect(there.refs[0]).toMatchObject({ ref: 'refs/heads/main', action: 'update', old: behind });

    expect((await json(clone, 'release')).exitCode).toBe(0);
    expect((await json(r.dir, 'release')).exitCode).toBe(0);
    expect(await git(clone, 'rev-parse', 'main^1')).toBe(main);
    expect(await commitOf(clone, 'main')).toBe(await commitOf(r.dir, 'main'));
    expect(await tagOf(clone, 'v1.2.0')).toEqual(await tagOf(r.dir, 'v1.2.0'));
  });
});
