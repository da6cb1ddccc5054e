/**
 * `trellis backport` in a plain `git clone` of the demo repository, where the release branches
 * exist only as `origin/*`: the same lines and targets, the same plan as in the repository, the
 * backport branches started from origin's tips; `--direct` creates or fast-forwards the local
 * line branch in the run's one transaction, and refuses to drop local commits.
 */
import { execFile } from 'node:child_process';
import { copyFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackportReport } from '../../src/core/backport/index.js';
import type { DemoRepo } from '../../scripts/demo/history.js';
import { demoWithPreset } from '../helpers/demo.js';
import { DEMO_TODAY, trellisIn } from '../../scripts/demo/run.js';

const exec = promisify(execFile);
let repo: DemoRepo;
let parent: string;
let cve: string;
let made = 0;

async function git(dir: string, ...args: string[]): Promise<string> {
  return (await exec('git', args, { cwd: dir, env: repo.env })).stdout.trim();
}

/** A fresh plain clone of the demo repository, with its (uncommitted) policy file. */
async function cloneOf(): Promise<DemoRepo> {
  const dir = join(parent, `clone-${++made}`);
  await exec('git', ['clone', '-q', repo.dir, dir], { env: repo.env });
  await copyFile(join(repo.dir, '.trellis.yml'), join(dir, '.trellis.yml'));
  return { ...repo, dir };
}

/** A fresh copy of the demo repository itself (local branches, no remote), to run mutating commands in. */
async function copyOf(): Promise<DemoRepo> {
  const dir = join(parent, `copy-${++made}`);
  await cp(repo.dir, dir, { recursive: true });
  return { ...repo, dir };
}

const run = (r: DemoRepo, ...argv: string[]) => trellisIn(r, ['backport', ...argv], DEMO_TODAY);
const refs = (r: DemoRepo) => git(r.dir, 'for-each-ref', '--format=%(refname) %(objectname)');
const report = (stdout: string) => JSON.parse(stdout) as BackportReport;

beforeAll(async () => {
  // fixed dates: the same pick writes the same commit id wherever it runs
  repo = await demoWithPreset();
  cve = repo.commits.cve as string;
  parent = await mkdtemp(join(tmpdir(), 'trellis-backport-clone-'));
});
afterAll(async () => {
  if (repo) await rm(repo.root, { recursive: true, force: true });
  if (parent) await rm(parent, { recursive: true, force: true });
});

describe('trellis backport in a plain git clone (release branches only as origin/*)', () => {
  it('plans exactly what the repository plans: the same --dry-run output, text and JSON', async () => {
    const clone = await cloneOf();
    expect(await git(clone.dir, 'for-each-ref', '--format=%(refname)', 'refs/heads')).toBe('refs/heads/main');
    for (const argv of [
      ['--auto', '--dry-run', '--json', cve],
      ['--auto', '--dry-run', cve],
      [cve, '--to', '1.2', '--to', 'release-1.1.x', '--dry-run', '--json'],
      [cve, '--to', '1.3', '--to', '1.2', '--chain', '--dry-run', '--json'],
      ['--auto', '--introduced', '1.2.0', '--dry-run', '--json', cve],
    ]) {
      const here = await run(repo, ...argv);
      const there = await run(clone, ...argv);
      expect(there.stderr).toBe(here.stderr);
      expect(there.stdout).toBe(here.stdout);
      expect(there.code).toBe(here.code);
    }
    const auto = report((await run(clone, '--auto', '--dry-run', '--json', cve)).stdout);
    expect(auto.plan?.targets.map((t) => t.target.name)).toEqual(['1.3', '1.2', '1.1']);
    expect(auto.skipped[0]).toEqual({ line: '1.4', reason: 'holds the change already' });
  });

  it('writes each backport branch from the remote tip, as the repository writes it, and no line branch', async () => {
    const clone = await cloneOf();
    const original = await copyOf();
    const there = await run(clone, '--auto', cve);
    const here = await run(original, '--auto', cve);
    expect(there.code).toBe(0);
    expect(there.stdout).toBe(here.stdout);
    expect(there.stderr).toBe('');
    const short = cve.slice(0, 10);
    for (const line of ['1.3', '1.2', '1.1']) {
      const branch = `backport/${line}/${short}`;
      expect(await git(clone.dir, 'rev-parse', branch)).toBe(await git(original.dir, 'rev-parse', branch));
      expect(await git(clone.dir, 'rev-parse', `${branch}^`)).toBe(await git(clone.dir, 'rev-parse', `origin/release-${line}.x`));
    }
    const heads = await git(clone.dir, 'for-each-ref', '--format=%(refname:short)', 'refs/heads');
    expect(heads.split('\n').sort()).toEqual(['backport/1.1/' + short, 'backport/1.2/' + short, 'backport/1.3/' + short, 'main']);
  });

  it('--direct creates the local line branch from origin in the one transaction, and says so', async () => {
    const clone = await cloneOf();
    const remoteTip = await git(clone.dir, 'rev-parse', 'origin/release-1.2.x');
    const dry = await run(clone, cve, '--to', '1.2', '--direct', '--dry-run', '--json');
    const inRepo = report((await run(repo, cve, '--to', '1.2', '--direct', '--dry-run', '--json')).stdout);
    const planned = report(dry.stdout);
    // the same picks onto the same base; the plan adds only where the base came from
    expect(planned.results).toEqual(inRepo.results);
    expect(planned.plan?.targets[0]?.remoteBase).toEqual({ ref: 'refs/remotes/origin/release-1.2.x', local: null });
    const { remoteBase: _, ...rest } = planned.plan?.targets[0] ?? {};
    expect({ ...planned.plan, targets: [rest] }).toEqual(inRepo.plan);
    expect(planned.updates).toEqual([
      { ref: 'refs/heads/release-1.2.x', newOid: planned.results[0]?.head, oldOid: null, target: 0, why: 'result' },
    ]);

    const before = await refs(clone);
    const res = await run(clone, cve, '--to', '1.2', '--direct');
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('');
    expect(res.stdout).toContain('\n  release-1.2.x: local branch created from origin/release-1.2.x\n');
    expect(res.stdout).toContain(`wrote release-1.2.x -> ${planned.results[0]?.head.slice(0, 10)} (new)`);
    const tip = await git(clone.dir, 'rev-parse', 'release-1.2.x');
    expect(tip).toBe(planned.results[0]?.head);
    expect(await git(clone.dir, 'rev-parse', 'release-1.2.x^')).toBe(remoteTip);
    expect(await git(clone.dir, 'rev-parse', 'origin/release-1.2.x')).toBe(remoteTip);
    // exactly one ref changed, by the backport's transaction
    const after = await refs(clone);
    expect(after.split('\n').filter((l) => !before.split('\n').includes(l))).toEqual([`refs/heads/release-1.2.x ${tip}`]);
    expect(await git(clone.dir, 'reflog', '-1', '--format=%gs', 'release-1.2.x')).toContain('trellis backport');
    // the same commit the repository's own --direct writes
    const original = await copyOf();
    expect((await run(original, cve, '--to', '1.2', '--direct')).code).toBe(0);
    expect(await git(original.dir, 'rev-parse', 'release-1.2.x')).toBe(tip);
  });

  it('--direct fast-forwards a local line branch that is behind origin, from its old tip', async () => {
    const clone = await cloneOf();
    const old = await git(clone.dir, 'rev-parse', 'origin/release-1.1.x~1');
    await git(clone.dir, 'branch', 'release-1.1.x', old);
    const res = await run(clone, cve, '--to', '1.1', '--direct', '--json');
    expect(res.code).toBe(0);
    const rep = report(res.stdout);
    expect(rep.updates[0]).toMatchObject({ ref: 'refs/heads/release-1.1.x', oldOid: old });
    expect(rep.notes).toEqual([
      "release-1.1.x: read origin/release-1.1.x (its tip is newer than the local branch's; 'git pull' to update it)",
    ]);
    expect(await git(clone.dir, 'rev-parse', 'release-1.1.x^')).toBe(await git(clone.dir, 'rev-parse', 'origin/release-1.1.x'));
    // the text says it in one line
    const again = await cloneOf();
    await git(again.dir, 'branch', 'release-1.1.x', old);
    const text = await run(again, cve, '--to', '1.1', '--direct');
    expect(text.stdout).toContain(`\n  release-1.1.x: local branch fast-forwarded from ${old.slice(0, 10)} past origin/release-1.1.x\n`);
  });

  it('--direct refuses a local line branch with commits origin lacks; nothing changes', async () => {
    const clone = await cloneOf();
    const base = await git(clone.dir, 'rev-parse', 'origin/release-1.1.x~1');
    // a local commit older than origin's tip: origin's tip is read, and a fast-forward would drop this
    const tree = await git(clone.dir, 'rev-parse', `${base}^{tree}`);
    const env = { ...repo.env, GIT_COMMITTER_DATE: '2025-01-01T12:00:00Z', GIT_AUTHOR_DATE: '2025-01-01T12:00:00Z' };
    const local = (await exec('git', ['commit-tree', tree, '-p', base, '-m', 'local work'], { cwd: clone.dir, env })).stdout.trim();
    await git(clone.dir, 'branch', 'release-1.1.x', local);
    const before = await refs(clone);
    const res = await run(clone, cve, '--to', '1.1', '--direct');
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(
      'branch release-1.1.x has commits that origin/release-1.1.x lacks; --direct would drop them (push or rebase them first, or use a backport branch)',
    );
    expect(await refs(clone)).toBe(before);
  });

  it('a re-run finds the backport branch pushed to origin pending, in a fresh clone', async () => {
    const first = await cloneOf();
    expect((await run(first, cve, '--to', '1.2')).code).toBe(0);
    const branch = `backport/1.2/${cve.slice(0, 10)}`;
    const origin = await copyOf(); // a copy of the repository plays origin
    await git(first.dir, 'push', '-q', origin.dir, branch);
    const clone = { ...repo, dir: join(parent, `clone-${++made}`) };
    await exec('git', ['clone', '-q', origin.dir, clone.dir], { env: repo.env });
    await copyFile(join(repo.dir, '.trellis.yml'), join(clone.dir, '.trellis.yml'));
    const before = await refs(clone);
    const res = await run(clone, cve, '--to', '1.2');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`  origin/${branch} holds this backport already and is not merged into release-1.2.x yet\n`);
    expect(await refs(clone)).toBe(before);
  });

  it('refuses a shallow clone with the command that fixes it', async () => {
    const dir = join(parent, `shallow-${++made}`);
    await exec('git', ['clone', '-q', '--depth', '1', `file://${repo.dir}`, dir], { env: repo.env });
    await copyFile(join(repo.dir, '.trellis.yml'), join(dir, '.trellis.yml'));
    const res = await run({ ...repo, dir }, cve, '--to', '1.2', '--dry-run');
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/is a shallow clone: run 'git fetch --unshallow'/);
  });
});
