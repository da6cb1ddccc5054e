/**
 * The release commands in a plain `git clone`, where the release branches exist only as
 * `origin/*` (every CI checkout too), and where a local branch is behind its remote: they read
 * the branches as status does, plan what the same command plans in the repository itself, and
 * write LOCAL refs from the remote's tip (the local branch created there, or fast-forwarded) in
 * their one ref transaction, saying so in one line. Nothing is pushed.
 *
 * The repository is the demo history (Llama Stack-style) with `trellis init --preset
 * llama-stack`, the golden test's policy variant (no UI package file, a changelog file), and the
 * unported security fix carried to release-1.2.x, so that lines 1.2 and 1.3 have a release to make.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoRepo } from '../../scripts/demo/history.js';
import { demoWithPreset, withChangelogFile } from '../helpers/demo.js';
import { DEMO_TODAY, trellisIn } from '../../scripts/demo/run.js';
import type { BranchCutPlan, ReleasePlan } from '../../src/core/release/types.js';

const exec = promisify(execFile);
const POLICY = ['--policy', 'golden.yml'];
let repo: DemoRepo;
let clone: DemoRepo;
let parent: string;

async function git(dir: string, ...args: string[]): Promise<string> {
  return (await exec('git', args, { cwd: dir, env: repo.env })).stdout.trim();
}

type Report<P> = { plan: P; dryRun: boolean; commits: string[]; tags: Record<string, string> };

async function json<P>(where: DemoRepo, argv: string[]): Promise<Report<P>> {
  const r = await trellisIn(where, [...argv, '--json', ...POLICY], DEMO_TODAY);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Report<P>;
}

/** A plan without what differs between a clone and its origin: the local branches' old values and the line saying so. */
function sameAsOrigin<P extends ReleasePlan | BranchCutPlan>(plan: P, origin: P): P {
  const { fromRemote: _fromRemote, ...rest } = plan;
  return { ...rest, branches: plan.branches.map((b, i) => ({ ...b, old: origin.branches[i]?.old ?? null })) } as P;
}

/** What a release wrote, by content: the tag's message and tree, and the line branch's commit (tree, message, parent). */
async function written(dir: string, tag: string, branch: string) {
  return {
    tagMessage: await git(dir, 'for-each-ref', '--format=%(contents)', `refs/tags/${tag}`),
    tagTree: await git(dir, 'rev-parse', `${tag}^{tree}`),
    tree: await git(dir, 'rev-parse', `refs/heads/${branch}^{tree}`),
    message: await git(dir, 'log', '-1', '--format=%B', `refs/heads/${branch}`),
    parent: await git(dir, 'rev-parse', `refs/heads/${branch}^`),
  };
}

beforeAll(async () => {
  repo = await demoWithPreset();
  const variant = withChangelogFile(await readFile(join(repo.dir, '.trellis.yml'), 'utf8'));
  await writeFile(join(repo.dir, 'golden.yml'), variant);
  await git(repo.dir, 'checkout', '-q', 'release-1.2.x');
  await git(repo.dir, 'cherry-pick', '-x', repo.commits.cve!);
  await git(repo.dir, 'checkout', '-q', 'main');
  // Main's fallback version as the Llama Stack process leaves it before 1.3.0 (the last patch's
  // .dev0): the post-release bump then moves it forward, and main is written in these releases.
  // (The demo's own main holds 1.4.0.dev0, which a post-release bump never moves backwards.)
  const py = join(repo.dir, 'pyproject.toml');
  await writeFile(py, (await readFile(py, 'utf8')).replace('fallback_version = "1.4.0.dev0"', 'fallback_version = "1.2.2.dev0"'));
  await git(repo.dir, 'commit', '-q', '-am', 'chore: fallback_version 1.2.2.dev0 on main');

  parent = await mkdtemp(join(tmpdir(), 'trellis-release-clone-'));
  const dir = join(parent, 'clone');
  await exec('git', ['clone', '-q', repo.dir, dir], { env: repo.env });
  for (const f of ['.trellis.yml', 'golden.yml']) await copyFile(join(repo.dir, f), join(dir, f));
  clone = { ...repo, dir };
});
afterAll(async () => {
  if (repo) await rm(repo.root, { recursive: true, force: true });
  if (parent) await rm(parent, { recursive: true, force: true });
});

describe('release commands in a plain git clone (release branches only as origin/*)', () => {
  it('has only main as a local branch', async () => {
    expect(await git(clone.dir, 'for-each-ref', '--format=%(refname)', 'refs/heads')).toBe('refs/heads/main');
  });

  it.each([
    ['changelog', '--line', '1.2'],
    ['changelog', '--line', '1.3', '--json'],
    ['changelog', 'v1.2.1..release-1.2.x', '--markdown'],
    ['checklist', '1.3.0', '--json', ...POLICY],
    ['checklist', '1.2.2', ...POLICY],
  ])('trellis %s %s answers as in the repository itself', async (...argv) => {
    const here = await trellisIn(repo, argv, DEMO_TODAY);
    const there = await trellisIn(clone, argv, DEMO_TODAY);
    expect(here.code).toBe(0);
    expect(there.stderr).toBe(here.stderr);
    expect(there.stdout.split(clone.dir).join(repo.dir)).toBe(here.stdout);
  });

  it('plans the same release and branch cut in a dry run, starting the line branch from its remote', async () => {
    const here = await json<ReleasePlan>(repo, ['release', '1.3', '--dry-run']);
    const there = await json<ReleasePlan>(clone, ['release', '1.3', '--dry-run']);
    const tip = await git(repo.dir, 'rev-parse', 'release-1.3.x');
    expect(there.plan.fromRemote).toEqual([{ branch: 'release-1.3.x', remote: 'origin', tip, local: null }]);
    expect(there.plan.branches[0]).toEqual({ branch: 'release-1.3.x', old: null, to: { planned: 0 } });
    expect(here.plan.fromRemote).toBeUndefined();
    expect(here.plan.commits.length).toBeGreaterThan(0);
    expect(sameAsOrigin(there.plan, here.plan)).toEqual(here.plan);

    // The text says so in one line, and is otherwise the repository's.
    const text = await trellisIn(clone, ['release', '1.3', '--dry-run', ...POLICY], DEMO_TODAY);
    const line = `read from the remote, written locally (nothing is pushed): release-1.3.x from origin/release-1.3.x at ${tip.slice(0, 10)} (local branch created)`;
    expect(text.stdout).toContain(`\n${line}\n`);
    const inRepo = (await trellisIn(repo, ['release', '1.3', '--dry-run', ...POLICY], DEMO_TODAY)).stdout;
    expect(text.stdout.replace(`${line}\n`, '').replace(`  release-1.3.x: (new) ->`, `  release-1.3.x: ${tip.slice(0, 10)} ->`)).toBe(
      inRepo,
    );

    const cutHere = await json<BranchCutPlan>(repo, ['branch', 'cut', '--dry-run']);
    const cutThere = await json<BranchCutPlan>(clone, ['branch', 'cut', '--dry-run']);
    expect(cutThere.plan).toEqual(cutHere.plan);
  });

  it('refuses a local branch that has diverged from its remote, changing nothing', async () => {
    const remoteTip = await git(clone.dir, 'rev-parse', 'origin/release-1.1.x');
    // A local commit older than the remote's tip (so the remote's is read) that the remote lacks.
    const own = (
      await exec('git', ['commit-tree', '-p', `${remoteTip}~1`, '-m', 'fix: only here', `${remoteTip}~1^{tree}`], {
        cwd: clone.dir,
        env: { ...repo.env, GIT_COMMITTER_DATE: '2020-01-01T00:00:00Z', GIT_AUTHOR_DATE: '2020-01-01T00:00:00Z' },
      })
    ).stdout.trim();
    await git(clone.dir, 'branch', 'release-1.1.x', own);
    const before = await git(clone.dir, 'for-each-ref', '--format=%(refname) %(objectname)');
    const r = await trellisIn(clone, ['release', '1.1', ...POLICY], DEMO_TODAY);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'trellis: local branch release-1.1.x has commits that origin/release-1.1.x does not (they have diverged): push or rebase them first (nothing was changed)\n',
    );
    expect(await git(clone.dir, 'for-each-ref', '--format=%(refname) %(objectname)')).toBe(before);
    await git(clone.dir, 'branch', '-D', 'release-1.1.x');
  });

  it('releases a line that exists only on the remote, with main behind its remote: the same tag and commits, local branches created or fast-forwarded, nothing pushed', async () => {
    const originRefs = await git(repo.dir, 'for-each-ref', '--format=%(refname) %(objectname)');
    const tip = await git(repo.dir, 'rev-parse', 'release-1.3.x');
    const main = await git(repo.dir, 'rev-parse', 'main');
    // The checked-out main one commit behind origin/main (a clean work tree).
    await git(clone.dir, 'reset', '-q', '--hard', 'HEAD~1');
    const behind = await git(clone.dir, 'rev-parse', 'HEAD');
    const starts = [
      { branch: 'release-1.3.x', remote: 'origin', tip, local: null },
      { branch: 'main', remote: 'origin', tip: main, local: behind },
    ];
    const dry = await json<ReleasePlan>(clone, ['release', '1.3', '--dry-run']);
    const hereDry = await json<ReleasePlan>(repo, ['release', '1.3', '--dry-run']);
    expect(dry.plan.fromRemote).toEqual(starts);
    expect(dry.plan.commits.map((c) => [c.step, c.branch])).toEqual([
      ['release', 'release-1.3.x'],
      ['post-release', 'main'],
    ]);
    expect(sameAsOrigin(dry.plan, hereDry.plan)).toEqual(hereDry.plan);

    const there = await json<ReleasePlan>(clone, ['release', '1.3']);
    expect(there.dryRun).toBe(false);
    expect(there.plan.fromRemote).toEqual(starts);
    expect(await git(repo.dir, 'for-each-ref', '--format=%(refname) %(objectname)')).toBe(originRefs);
    expect(await git(clone.dir, 'rev-parse', 'refs/heads/release-1.3.x')).toBe(there.commits[0]);
    expect(await git(clone.dir, 'rev-parse', 'refs/heads/main')).toBe(there.commits[1]);
    expect(await git(clone.dir, 'rev-parse', 'refs/remotes/origin/release-1.3.x')).toBe(tip);
    // The checked-out main's work tree came along (clean, at the new commit).
    expect(await git(clone.dir, 'status', '--porcelain', '--untracked-files=no')).toBe('');
    expect(await git(clone.dir, 'rev-parse', 'HEAD')).toBe(there.commits[1]);

    const here = await json<ReleasePlan>(repo, ['release', '1.3']);
    expect(sameAsOrigin(there.plan, here.plan)).toEqual(here.plan);
    const inClone = await written(clone.dir, 'v1.3.0', 'release-1.3.x');
    expect(inClone).toEqual(await written(repo.dir, 'v1.3.0', 'release-1.3.x'));
    expect(inClone.parent).toBe(tip);
    expect(inClone.tagMessage).toContain('Release 1.3.0');
    for (const dir of [clone.dir, repo.dir]) expect(await git(dir, 'rev-parse', 'main^')).toBe(main);
    expect(await git(clone.dir, 'log', '-1', '--format=%T%n%B', 'main')).toBe(await git(repo.dir, 'log', '-1', '--format=%T%n%B', 'main'));
  });

  it('releases from the remote where the local branch is behind it, fast-forwarding the local branch', async () => {
    const tip = await git(repo.dir, 'rev-parse', 'release-1.2.x');
    const behind = await git(repo.dir, 'rev-parse', 'release-1.2.x~1');
    await git(clone.dir, 'branch', 'release-1.2.x', behind);
    const dry = await json<ReleasePlan>(clone, ['release', '1.2', '--dry-run']);
    const hereDry = await json<ReleasePlan>(repo, ['release', '1.2', '--dry-run']);
    expect(dry.plan.version).toBe('1.2.2');
    expect(dry.plan.fromRemote).toEqual([{ branch: 'release-1.2.x', remote: 'origin', tip, local: behind }]);
    expect(dry.plan.branches[0]).toMatchObject({ branch: 'release-1.2.x', old: behind });
    expect(sameAsOrigin(dry.plan, hereDry.plan)).toEqual(hereDry.plan);
    const text = await trellisIn(clone, ['release', '1.2', '--dry-run', ...POLICY], DEMO_TODAY);
    expect(text.stdout).toContain(
      `read from the remote, written locally (nothing is pushed): release-1.2.x from origin/release-1.2.x at ${tip.slice(0, 10)} (local branch fast-forwarded from ${behind.slice(0, 10)})\n`,
    );

    const there = await json<ReleasePlan>(clone, ['release', '1.2']);
    await json<ReleasePlan>(repo, ['release', '1.2']);
    const inClone = await written(clone.dir, 'v1.2.2', 'release-1.2.x');
    expect(inClone).toEqual(await written(repo.dir, 'v1.2.2', 'release-1.2.x'));
    expect(inClone.parent).toBe(tip);
    expect(await git(clone.dir, 'rev-parse', 'refs/heads/release-1.2.x')).toBe(there.commits[0]);
    expect(await git(clone.dir, 'reflog', '-1', '--format=%gs', 'refs/heads/release-1.2.x')).toBe('trellis: release 1.2.2');
  });

  it('cuts the next branch as in the repository itself', async () => {
    const there = await json<BranchCutPlan>(clone, ['branch', 'cut']);
    const here = await json<BranchCutPlan>(repo, ['branch', 'cut']);
    expect(there.plan).toEqual(here.plan);
    expect(await git(clone.dir, 'rev-parse', 'refs/heads/release-1.4.x')).toBe(
      await git(repo.dir, 'rev-parse', 'refs/heads/release-1.4.x'),
    );
  });
});
