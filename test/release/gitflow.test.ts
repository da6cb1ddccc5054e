/**
 * VMPilot-style git-flow on real repositories: `trellis init --preset vmpilot`, feature work on dev,
 * a git-flow release refused by each preparation check and then made (merge commit without a
 * work tree, annotated tag, one transaction), a hotfix started and finished (merged into main
 * and dev, tagged on main, branch deleted), merge conflicts refused with nothing changed.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRepo, withPolicy, type AppContext } from '../../src/app/context.js';
import { gitflowRelease } from '../../src/app/gitflow-release.js';
import { loadPolicy } from '../../src/core/policy/load.js';
import { trellis } from '../helpers/cli.js';
import { makeRepo, type FixtureRepo } from '../helpers/repo.js';

/** A test command as argv: node itself, failing with exit 3 while a FAIL file exists (untracked). */
const TEST_ARGV = [process.execPath, '-e', "process.exit(require('fs').existsSync('FAIL') ? 3 : 0)"];

async function policyText(r: FixtureRepo): Promise<string> {
  return (await r.read('.trellis.yml')).toString('utf8');
}

/** main with v1.0.0 released, dev branched from it and checked out, the vmpilot policy committed. */
async function vmpilot(): Promise<FixtureRepo> {
  const r = await makeRepo();
  const init = await trellis(['init', '--preset', 'vmpilot', '--repo', r.dir], { env: r.env });
  expect(init.code, init.stderr).toBe(0);
  const text = (await policyText(r)).replace('test: [pytest]', `test: ${JSON.stringify(TEST_ARGV)}`);
  expect(text).toContain(JSON.stringify(TEST_ARGV));
  await r.commit('chore: add trellis policy', { files: { '.trellis.yml': text, 'app.txt': 'version one\n', 'README.md': '# VMPilot\n' } });
  await r.tag('v1.0.0', { message: 'Release 1.0.0' });
  await r.branch('dev');
  await r.checkout('dev');
  await r.commit('feat: VM snapshots', { files: { 'snap.txt': 'snapshots\n' } });
  await r.commit('fix: handle an empty VM list', { files: { 'list.txt': 'empty ok\n' } });
  return r;
}

async function context(r: FixtureRepo): Promise<AppContext> {
  const clock = { now: () => new Date('2025-02-01T12:00:00Z') };
  return withPolicy(await openRepo({ cwd: r.dir, env: r.env, clock }, r.dir), loadPolicy(await policyText(r)));
}

async function refsOf(r: FixtureRepo): Promise<string> {
  return r.git('for-each-ref', '--format=%(refname) %(objectname)');
}

/** Everything a run must leave alone: refs, the index file, tracked and untracked state. */
async function snapshot(r: FixtureRepo): Promise<{ refs: string; index: Buffer; status: string }> {
  return {
    refs: await refsOf(r),
    index: readFileSync(join(r.dir, '.git', 'index')),
    status: await r.git('status', '--porcelain=v1', '--untracked-files=all'),
  };
}

describe('git-flow release (VMPilot-style)', () => {
  it('refuses on each failing preparation check with nothing changed, then merges dev into main and tags', async () => {
    const r = await vmpilot();
    const mainBefore = await r.rev('main');
    const devTip = await r.rev('dev');

    // 1. Uncommitted changes to a tracked file.
    await r.write('app.txt', 'edited, not committed\n');
    let before = await snapshot(r);
    let rep = await gitflowRelease(await context(r));
    expect(rep.exitCode).toBe(1);
    expect(rep.checks.find((c) => c.id === 'clean-tree')).toMatchObject({ status: 'fail' });
    expect(rep.checks.find((c) => c.id === 'clean-tree')!.message).toContain('app.txt');
    expect(rep.summary).toContain('nothing was changed');
    expect(await snapshot(r)).toEqual(before);
    await r.git('checkout', '--', 'app.txt');

    // 2. Not on dev (main checked out: also a branch the release would move).
    await r.checkout('main');
    before = await snapshot(r);
    rep = await gitflowRelease(await context(r));
    expect(rep.exitCode).toBe(1);
    expect(rep.checks.find((c) => c.id === 'develop-branch')).toMatchObject({ status: 'fail' });
    expect(rep.checks.find((c) => c.id === 'develop-branch')!.message).toContain('on main, not dev');
    expect(rep.checks.find((c) => c.id === 'worktrees')).toMatchObject({ status: 'fail' });
    expect(await snapshot(r)).toEqual(before);
    await r.checkout('dev');

    // 3. Behind the upstream (compared with the local remote-tracking ref; no fetch).
    const origin = await r.cloneBare();
    await r.git('remote', 'add', 'origin', origin);
    await r.git('config', 'branch.dev.remote', 'origin');
    await r.git('config', 'branch.dev.merge', 'refs/heads/dev');
    const ahead = await r.gitWith(['commit-tree', '-p', devTip, '-m', 'feat: pushed by a colleague', `${devTip}^{tree}`], {});
    await r.git('update-ref', 'refs/remotes/origin/dev', ahead);
    before = await snapshot(r);
    rep = await gitflowRelease(await context(r));
    expect(rep.exitCode).toBe(1);
    expect(rep.checks.find((c) => c.id === 'up-to-date')).toMatchObject({
      status: 'fail',
      message: 'dev is 1 commit behind origin/dev: pull first',
    });
    expect(await snapshot(r)).toEqual(before);
    await r.git('update-ref', 'refs/remotes/origin/dev', devTip);

    // 4. The test command fails (run without a shell, exit code reported).
    await r.write('FAIL', 'x\n');
    before = await snapshot(r);
    rep = await gitflowRelease(await context(r));
    expect(rep.exitCode).toBe(1);
    const tests = rep.checks.find((c) => c.id === 'tests')!;
    expect(tests.status).toBe('fail');
    expect(tests.message).toContain('failed (exit 3)');
    expect(await snapshot(r)).toEqual(before);
    await r.git('clean', '-fq', '--', 'FAIL');

    // Dry run: every check ok but the tests, which a dry run never runs (it says what it would
    // run: the command comes from the policy), the plan printed, nothing changed.
    before = await snapshot(r);
    rep = await gitflowRelease(await context(r), { dryRun: true });
    expect(rep.exitCode).toBe(0);
    expect(rep.version).toBe('1.1.0');
    expect(rep.checks.find((c) => c.id === 'tests')?.message).toBe(`would run ${TEST_ARGV.join(' ')} (not run in a dry run)`);
    expect(rep.checks.map((c) => [c.id, c.status])).toEqual([
      ['develop-branch', 'ok'],
      ['clean-tree', 'ok'],
      ['up-to-date', 'ok'],
      ['worktrees', 'ok'],
      ['milestone', 'skip'],
      ['tests', 'skip'],
      ['merge', 'ok'],
      ['notes', 'ok'],
    ]);
    expect(rep.refs.map((u) => [u.ref, u.action, u.old, u.new])).toEqual([
      ['refs/heads/main', 'update', mainBefore, null],
      ['refs/tags/v1.1.0', 'create', null, null],
    ]);
    expect(await snapshot(r)).toEqual(before);
    expect(existsSync(join(r.dir, 'release-notes/1.1.0.md'))).toBe(false);

    // The release.
    const indexBefore = readFileSync(join(r.dir, '.git', 'index'));
    rep = await gitflowRelease(await context(r));
    expect(rep.exitCode, rep.summary).toBe(0);
    expect(rep.summary).toBe('released 1.1.0: dev merged into main, tagged v1.1.0');
    const merge = await r.rev('main');
    expect(await r.git('rev-list', '--parents', '-n', '1', merge)).toBe(`${merge} ${mainBefore} ${devTip}`);
    expect(await r.git('log', '-1', '--format=%B', merge)).toBe("Merge branch 'dev' into main\n");
    expect(await r.git('rev-parse', 'main^{tree}')).toBe(await r.git('rev-parse', 'dev^{tree}'));
    expect(await r.git('cat-file', '-t', 'v1.1.0')).toBe('tag');
    expect(await r.rev('v1.1.0^{commit}')).toBe(merge);
    expect(await r.git('tag', '-l', '--format=%(contents)', 'v1.1.0')).toBe('Release 1.1.0\n');
    expect(await r.rev('dev')).toBe(devTip);
    // The work tree and index are untouched; only the draft notes were written.
    expect(readFileSync(join(r.dir, '.git', 'index')).equals(indexBefore)).toBe(true);
    expect(await r.git('status', '--porcelain=v1', '--untracked-files=all')).toBe('?? release-notes/1.1.0.md');
    const notes = (await r.read('release-notes/1.1.0.md')).toString('utf8');
    // The project is named for the repository (its folder), not for the project the preset came from.
    expect(notes).toContain(`# ${basename(r.dir)} 1.1.0`);
    expect(notes).toContain('changes since v1.0.0');
    expect(notes).toMatch(/### Added\n\n- VM snapshots \([0-9a-f]{7}\)/);
    expect(notes).toMatch(/### Fixed\n\n- handle an empty VM list/);
    // One transaction: both refs in the reflog of the same update-ref.
    expect(await r.git('reflog', 'show', '--format=%gs', 'refs/heads/main', '-n', '1')).toBe(
      'trellis: release 1.1.0 (merge dev into main)',
    );

    // The vmpilot checklist sees the tag and the draft notes.
    const list = await trellis(['checklist', '1.1.0', '--json', '--repo', r.dir], { env: r.env });
    expect(list.code, list.stderr).toBe(0);
    const items = JSON.parse(list.stdout).items as Array<{ check: string | null; status: string }>;
    expect(items.filter((i) => i.check).map((i) => [i.check, i.status])).toEqual([
      ['tests-pass', 'unknown'],
      ['notes-written', 'done'],
      ['tag-exists', 'done'],
    ]);

    // Again: nothing new on dev.
    const again = await gitflowRelease(await context(r)).catch((e: Error) => e);
    expect(again).toBeInstanceOf(Error);
    expect((again as Error).message).toContain('nothing to release: no commits since v1.1.0');
    // An existing version is refused.
    await expect(gitflowRelease(await context(r), { version: '1.1.0' })).rejects.toThrow("tag 'v1.1.0' already exists");
    await expect(gitflowRelease(await context(r), { version: '1.0.5' })).rejects.toThrow();
  });

  it('refuses a conflicting merge of dev into main and changes nothing', async () => {
    const r = await vmpilot();
    await r.commit('fix: edit on dev', { files: { 'app.txt': 'dev says\n' } });
    // A commit made straight on main (what git-flow forbids, but happens).
    await r.checkout('main');
    await r.commit('fix: edit on main', { files: { 'app.txt': 'main says\n' } });
    await r.checkout('dev');
    const before = await snapshot(r);
    const rep = await gitflowRelease(await context(r), { version: '1.1.0' });
    expect(rep.exitCode).toBe(1);
    const m = rep.checks.find((c) => c.id === 'merge')!;
    expect(m.status).toBe('fail');
    expect(m.message).toContain('dev conflicts with main in app.txt (content)');
    expect(rep.merges[0]).toMatchObject({ status: 'conflict', conflicts: [{ path: 'app.txt', kind: 'content' }] });
    expect(await snapshot(r)).toEqual(before);
    expect(existsSync(join(r.dir, 'release-notes'))).toBe(false);
  });

  it('keeps draft notes the release owner already edited, and honours --notes', async () => {
    const r = await vmpilot();
    await r.write('release-notes/1.1.0.md', 'my own words\n');
    let rep = await gitflowRelease(await context(r), { notes: join(r.home, 'elsewhere.md'), dryRun: true });
    expect(rep.notes).toEqual({ path: join(r.home, 'elsewhere.md'), written: false, kept: false });
    rep = await gitflowRelease(await context(r));
    expect(rep.exitCode).toBe(0);
    expect(rep.notes).toEqual({ path: 'release-notes/1.1.0.md', written: false, kept: true });
    expect((await r.read('release-notes/1.1.0.md')).toString('utf8')).toBe('my own words\n');
  });
});

describe('git-flow release after dev was merged by hand', () => {
  it('makes no second merge and tags main as it is', async () => {
    const r = await vmpilot();
    await r.checkout('main');
    const merged = await r.merge('dev', { message: "Merge branch 'dev' into main" });
    await r.checkout('dev');
    const rep = await gitflowRelease(await context(r), { version: '1.1.0' });
    expect(rep.exitCode, rep.summary).toBe(0);
    expect(rep.merges).toEqual([{ into: 'main', from: 'dev', status: 'already-merged', commit: null, conflicts: [] }]);
    expect(rep.refs.map((u) => u.ref)).toEqual(['refs/tags/v1.1.0']);
    expect(await r.rev('main')).toBe(merged);
    expect(await r.rev('v1.1.0^{commit}')).toBe(merged);
  });
});

describe('trellis release with a git-flow policy (the CLI)', () => {
  it('prints each check, refuses with exit 1, then releases', async () => {
    const r = await vmpilot();
    await r.write('app.txt', 'dirty\n');
    let res = await trellis(['release', '--repo', r.dir], { env: r.env });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(
      'release 1.1.0 (git-flow)\nchecks:\n  ok   develop-branch: on dev\n  fail clean-tree: 1 file with uncommitted changes: app.txt\n',
    );
    expect(res.stdout).toContain('ref changes (not made):');
    expect(res.stdout).toContain('release 1.1.0 refused: clean-tree failed; nothing was changed');
    await r.git('checkout', '--', 'app.txt');
    const before = await snapshot(r);
    res = await trellis(['release', '--dry-run', '--repo', r.dir], { env: r.env });
    expect(res.code, res.stdout).toBe(0);
    expect(res.stdout).toContain('release 1.1.0 (git-flow) - dry run, nothing changed');
    expect(res.stdout).toContain('  refs/heads/main: ');
    expect(res.stdout).toContain('-> (merge of dev into main)');
    expect(res.stdout).toContain('  refs/tags/v1.1.0: create (annotated tag v1.1.0 on main)');
    expect(await snapshot(r)).toEqual(before);
    res = await trellis(['release', '--version', '2.0.0', '--repo', r.dir], { env: r.env });
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toContain('released 2.0.0: dev merged into main, tagged v2.0.0');
    expect(await r.rev('v2.0.0^{commit}')).toBe(await r.rev('main'));
  });
});

describe('git-flow hotfix (VMPilot-style)', () => {
  async function released(): Promise<FixtureRepo> {
    const r = await vmpilot();
    const rep = await gitflowRelease(await context(r));
    expect(rep.exitCode).toBe(0);
    await r.git('clean', '-fdq');
    await r.commit('feat: next thing on dev', { files: { 'next.txt': 'next\n' } });
    return r;
  }

  it("starts from main's latest release, merges into main and dev, tags on main, deletes the branch", async () => {
    const r = await released();
    const mainBefore = await r.rev('main');
    const devBefore = await r.rev('dev');

    const wrong = await trellis(['hotfix', 'start', '1.2.0', '--repo', r.dir], { env: r.env });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('a hotfix of 1.1.0 (v1.1.0, the latest release on main) is 1.1.1, not 1.2.0');

    const dry = await trellis(['hotfix', 'start', '1.1.1', '--dry-run', '--repo', r.dir], { env: r.env });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('refs/heads/hotfix/1.1.1: create');
    expect(await r.git('branch', '--list', 'hotfix/*')).toBe('');

    const start = await trellis(['hotfix', 'start', '1.1.1', '--repo', r.dir], { env: r.env });
    expect(start.code, start.stderr).toBe(0);
    expect(await r.rev('hotfix/1.1.1')).toBe(await r.rev('v1.1.0^{commit}'));

    // The fix, committed on the hotfix branch in a worktree of its own.
    const wt = await r.addWorktree('hotfix/1.1.1');
    writeFileSync(join(wt, 'boot.txt'), 'boot fixed\n');
    await r.gitWith(['add', 'boot.txt'], { cwd: wt });
    await r.gitWith(['commit', '-q', '-m', 'fix: crash on boot'], { cwd: wt });
    const fix = await r.rev('hotfix/1.1.1');

    // The hotfix branch (and dev, here) are checked out: refused, saying where.
    let fin = await trellis(['hotfix', 'finish', '--repo', r.dir], { env: r.env });
    expect(fin.code).toBe(1);
    expect(fin.stdout).toContain(`dev is checked out in ${r.dir} (clean)`);
    expect(fin.stdout).toContain(`hotfix/1.1.1 is checked out in ${wt} (clean)`);
    await r.write('README.md', '# VMPilot, edited\n');
    fin = await trellis(['hotfix', 'finish', '--repo', r.dir], { env: r.env });
    expect(fin.code).toBe(1);
    expect(fin.stdout).toContain(`dev is checked out in ${r.dir} with uncommitted changes (1 file: README.md)`);
    await r.git('checkout', '--', 'README.md');
    await r.git('switch', '--detach', '-q');
    await r.gitWith(['switch', '--detach', '-q'], { cwd: wt });

    const before = await snapshot(r);
    const dryFinish = await trellis(['hotfix', 'finish', '--dry-run', '--json', '--repo', r.dir], { env: r.env });
    expect(dryFinish.code, dryFinish.stdout).toBe(0);
    const plan = JSON.parse(dryFinish.stdout);
    expect(plan.refs.map((u: { ref: string; action: string }) => `${u.action} ${u.ref}`)).toEqual([
      'update refs/heads/main',
      'update refs/heads/dev',
      'create refs/tags/v1.1.1',
      'delete refs/heads/hotfix/1.1.1',
    ]);
    expect(await snapshot(r)).toEqual(before);

    fin = await trellis(['hotfix', 'finish', '1.1.1', '--repo', r.dir], { env: r.env });
    expect(fin.code, fin.stdout + fin.stderr).toBe(0);
    expect(fin.stdout).toContain('finished hotfix 1.1.1: merged into main and dev, tagged v1.1.1, deleted hotfix/1.1.1');
    const main = await r.rev('main');
    const dev = await r.rev('dev');
    expect(await r.git('rev-list', '--parents', '-n', '1', main)).toBe(`${main} ${mainBefore} ${fix}`);
    expect(await r.git('rev-list', '--parents', '-n', '1', dev)).toBe(`${dev} ${devBefore} ${fix}`);
    expect(await r.git('log', '-1', '--format=%s', main)).toBe("Merge branch 'hotfix/1.1.1' into main");
    expect(await r.git('log', '-1', '--format=%s', dev)).toBe("Merge branch 'hotfix/1.1.1' into dev");
    expect(await r.rev('v1.1.1^{commit}')).toBe(main);
    expect(await r.git('cat-file', '-t', 'v1.1.1')).toBe('tag');
    expect(await r.git('branch', '--list', 'hotfix/*')).toBe('');
    expect(await r.git('show', 'dev:boot.txt')).toBe('boot fixed');
    expect(await r.git('show', 'dev:next.txt')).toBe('next');
    expect(readFileSync(join(r.dir, '.git', 'index')).equals(before.index)).toBe(true);
    expect(await r.git('status', '--porcelain=v1', '--untracked-files=all')).toBe(before.status);

    // The next hotfix starts from 1.1.1.
    const next = await trellis(['hotfix', 'start', '1.1.2', '--dry-run', '--repo', r.dir], { env: r.env });
    expect(next.code, next.stderr).toBe(0);
  });

  it('refuses a hotfix that conflicts with dev: nothing changed, a clear report', async () => {
    const r = await released();
    await r.commit('feat: app text on dev', { files: { 'app.txt': 'dev rewrote this\n' } });
    await r.git('switch', '--detach', '-q');
    expect((await trellis(['hotfix', 'start', '1.1.1', '--repo', r.dir], { env: r.env })).code).toBe(0);
    const base = await r.rev('hotfix/1.1.1');
    const blob = await r.gitWith(['hash-object', '-w', '--stdin'], { input: 'hotfix rewrote this\n' });
    const tree = await r.gitWith(['mktree'], {
      input: (await r.git('ls-tree', `${base}^{tree}`)).replace(/blob [0-9a-f]+\tapp\.txt/, `blob ${blob}\tapp.txt`) + '\n',
    });
    const fix = await r.gitWith(['commit-tree', '-p', base, '-m', 'fix: app text', tree], {});
    await r.git('update-ref', 'refs/heads/hotfix/1.1.1', fix);
    const before = await snapshot(r);
    const fin = await trellis(['hotfix', 'finish', '--repo', r.dir], { env: r.env });
    expect(fin.code).toBe(1);
    expect(fin.stdout).toContain('merge hotfix/1.1.1 into main: clean');
    expect(fin.stdout).toContain('merge hotfix/1.1.1 into dev: CONFLICT in app.txt (content)');
    expect(fin.stdout).toContain('hotfix 1.1.1 not finished: merge failed; nothing was changed');
    expect(await snapshot(r)).toEqual(before);
  });

  it('signs the patch release tag with an SSH key when asked (git tag -v verifies it)', async () => {
    const r = await released();
    await r.git('switch', '--detach', '-q');
    expect((await trellis(['hotfix', 'start', '1.1.1', '--repo', r.dir], { env: r.env })).code).toBe(0);
    const base = await r.rev('hotfix/1.1.1');
    const fix = await r.gitWith(['commit-tree', '-p', base, '-m', 'fix: signed fix', `${base}^{tree}`], {});
    await r.git('update-ref', 'refs/heads/hotfix/1.1.1', fix);
    const { spawnSync } = await import('node:child_process');
    const key = join(r.home, 'id_ed25519');
    const gen = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'cy@example.com', '-f', key], { env: r.env });
    expect(gen.status, String(gen.stderr)).toBe(0);
    const allowed = join(r.home, 'allowed_signers');
    writeFileSync(allowed, `cy@example.com ${readFileSync(`${key}.pub`, 'utf8')}`);
    await r.git('config', 'gpg.format', 'ssh');
    await r.git('config', 'user.signingkey', key);
    await r.git('config', 'gpg.ssh.allowedSignersFile', allowed);
    const fin = await trellis(['hotfix', 'finish', '--sign', '--repo', r.dir], { env: r.env });
    expect(fin.code, fin.stdout + fin.stderr).toBe(0);
    const verify = spawnSync('git', ['tag', '-v', 'v1.1.1'], { cwd: r.dir, env: r.env, encoding: 'utf8' });
    expect(verify.status, verify.stderr).toBe(0);
    expect(verify.stderr).toContain('Good "git" signature for cy@example.com');
    expect(await r.rev('v1.1.1^{commit}')).toBe(await r.rev('main'));
  });
});
