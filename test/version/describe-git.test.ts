/**
 * `trellis version describe` against the real `git describe --tags` on real repositories: the
 * same tag at every commit of a history with lightweight and annotated tags, pre-releases and
 * entrypoints (series and patch entrypoints); a policy restricts the tags to its own; PEP 440
 * tags of the policy's scheme; an empty repository.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { versionDescribe } from '../../src/app/version-describe.js';
import type { Workspace } from '../../src/app/context.js';
import { trellis } from '../helpers/cli.js';
import { makeRepo, type FixtureRepo } from '../helpers/repo.js';

const TARANTOOL_POLICY = `versioning:
  scheme: semver
  prerelease: { labels: [alpha, beta, rc], format: "-{label}{n}" }
  tag: "{version}"
branches:
  main: master
  release: ["release/{major}.{minor}"]
release:
  entrypoint: "{major}.{minor}.{patch}-entrypoint"
`;

function ws(r: FixtureRepo): Workspace {
  return { cwd: r.dir, env: r.env, clock: { now: () => new Date('2026-03-13T12:00:00Z') } };
}

/** Every commit reachable from any ref, oldest first. */
async function allCommits(r: FixtureRepo): Promise<string[]> {
  return (await r.git('rev-list', '--all', '--reverse', '--topo-order')).split('\n').filter(Boolean);
}

describe('version describe finds the tag git describe --tags finds', () => {
  let r: FixtureRepo;
  beforeAll(async () => {
    r = await makeRepo({ branch: 'master' });
    await r.commit('Start the 3.1 feature set', { date: '2024-01-01' });
    await r.tag('3.1.0-entrypoint', { message: '3.1.0-entrypoint', date: '2024-01-01' });
    await r.commit('feat: one', { files: { 'a.c': '1\n' }, date: '2024-01-02' });
    await r.tag('3.1.0-alpha1'); // lightweight
    await r.commit('fix: two', { files: { 'a.c': '2\n' }, date: '2024-01-03' });
    await r.tag('3.1.0-rc1', { message: 'rc1', date: '2024-01-03' });
    await r.commit('fix: three', { files: { 'a.c': '3\n' }, date: '2024-01-04' });
    await r.tag('3.1.0', { message: 'Release 3.1.0', date: '2024-01-04' });
    await r.branch('release/3.1');
    await r.commit('Start the 3.2 feature set', { date: '2024-01-05' });
    await r.tag('3.2.0-entrypoint', { message: '3.2.0-entrypoint', date: '2024-01-05' });
    await r.commit('feat: four', { files: { 'b.c': '4\n' }, date: '2024-01-06' });
    await r.checkout('release/3.1');
    await r.commit('fix: five', { files: { 'a.c': '5\n' }, date: '2024-01-07' });
    await r.tag('3.1.1'); // lightweight release
    await r.commit('Start 3.1.2', { date: '2024-01-08' });
    await r.tag('3.1.2-entrypoint', { message: '3.1.2-entrypoint', date: '2024-01-08' });
    await r.commit('fix: six', { files: { 'a.c': '6\n' }, date: '2024-01-09' });
    await r.commit('docs: notes', { files: { 'notes.md': 'x\n' }, date: '2024-01-09' });
    await r.tag('docs-snapshot'); // lightweight, nearest, not a version tag
    await r.checkout('master');
    await r.merge('release/3.1', { message: 'Merge release/3.1', date: '2024-01-10' });
    await r.write('p.yml', TARANTOOL_POLICY);
  });
  afterAll(() => r.cleanup());

  it('at every commit, without a policy: the same describe string as git', async () => {
    let refused = 0;
    for (const c of await allCommits(r)) {
      const git = await r.git('describe', '--tags', '--always', '--long', c);
      if (git.startsWith('docs-snapshot-')) {
        // git's choice, which the default reading refuses (not X.Y.Z[-mark]): a clean exit 2.
        await expect(versionDescribe(ws(r), { rev: c })).rejects.toThrow(/tag 'docs-snapshot' is not X\.Y\.Z/);
        refused++;
        continue;
      }
      expect((await versionDescribe(ws(r), { rev: c })).describe, c).toBe(git);
    }
    expect(refused).toBe(2);
  });

  it("at every commit, with a policy: git's choice among the policy's tags only", async () => {
    for (const c of await allCommits(r)) {
      const git = await r.git('describe', '--tags', '--always', '--long', '--exclude=docs-snapshot', c);
      const d = await versionDescribe(ws(r), { rev: c, policy: 'p.yml' });
      expect(d.describe, c).toBe(git);
    }
    const onLine = await versionDescribe(ws(r), { rev: 'release/3.1', policy: 'p.yml' });
    expect(onLine).toMatchObject({ tag: '3.1.2-entrypoint', release: [3, 1, 2], distance: 2 });
    expect(onLine.forms.pep440).toBe(`3.1.2.dev2+g${onLine.hash}`);
    expect(onLine.setuptoolsScm).toBe(`3.1.2.dev2+g${onLine.hash}`);
  });

  it('the setuptools-scm form bumps the last number of the tag and dates a dirty tree', async () => {
    const rc = await versionDescribe(ws(r), { rev: '3.1.0-rc1' });
    expect([rc.forms.pep440, rc.setuptoolsScm]).toEqual(['3.1.0rc1', '3.1.0rc1']);
    const afterEntry = await versionDescribe(ws(r), { rev: 'master^1' });
    expect(afterEntry).toMatchObject({ tag: '3.2.0-entrypoint', distance: 1, setuptoolsScm: `3.2.0.dev1+g${afterEntry.hash}` });
    const lw = await versionDescribe(ws(r), { rev: 'release/3.1~3' });
    expect(lw).toMatchObject({ tag: '3.1.1', distance: 0, setuptoolsScm: '3.1.1' });
    await r.checkout('release/3.1');
    await r.write('a.c', 'dirty\n');
    const dirty = await versionDescribe(ws(r), { policy: 'p.yml' });
    expect(dirty.describe).toMatch(/^3\.1\.2-entrypoint-2-g[0-9a-f]+-dirty$/);
    expect(dirty.setuptoolsScm).toBe(`3.1.2.dev2+g${dirty.hash}.d20260313`);
    await r.git('checkout', '--', 'a.c');
    await r.checkout('master');
  });
});

describe('version describe with the policy of a PEP 440 project', () => {
  it("reads v1.3.0rc1, 0.4.3.1 and v0.1 as the policy's tags", async () => {
    const r = await makeRepo();
    await r.write('.trellis.yml', 'versioning:\n  scheme: pep440\n  tag: ["v{version}", "{version}"]\n');
    await r.commit('chore: start', { date: '2025-01-01' });
    await r.tag('v0.1');
    await r.commit('feat: a', { files: { a: '1\n' }, date: '2025-01-02' });
    const v01 = await versionDescribe(ws(r), {});
    expect(v01).toMatchObject({ tag: 'v0.1', release: [0, 1], distance: 1, setuptoolsScm: `0.2.dev1+g${v01.hash}` });
    await r.tag('0.4.3.1', { message: '0.4.3.1', date: '2025-01-02' });
    await r.commit('fix: b', { files: { a: '2\n' }, date: '2025-01-03' });
    const four = await versionDescribe(ws(r), {});
    expect(four).toMatchObject({
      tag: '0.4.3.1',
      release: [0, 4, 3, 1],
      forms: { rpm: '0.4.3.1.1', pep440: `0.4.3.1.post1+g${four.hash}` },
    });
    expect(four.setuptoolsScm).toBe(`0.4.3.2.dev1+g${four.hash}`);
    await r.tag('v1.3.0rc1', { message: 'rc', date: '2025-01-03' });
    await r.tag('docs-snapshot'); // nearer, lightweight, not a version tag of the policy
    await r.commit('fix: c', { files: { a: '3\n' }, date: '2025-01-04' });
    expect(await r.git('describe', '--tags', '--long')).toMatch(/^(docs-snapshot|v1\.3\.0rc1)-1-g/);
    const rc = await versionDescribe(ws(r), {});
    expect(rc).toMatchObject({ tag: 'v1.3.0rc1', pre: { label: 'rc', number: 1 }, distance: 1 });
    expect(rc.forms).toEqual({
      rpm: '1.3.0~rc1.1.dev',
      deb: '1.3.0~rc1.1.dev',
      tarball: '1.3.0-rc1.1.dev',
      pep440: `1.3.0rc1.post1+g${rc.hash}`,
    });
    expect(rc.setuptoolsScm).toBe(`1.3.0rc2.dev1+g${rc.hash}`);
    // Without the policy, the same tag is read with --scheme pep440.
    const cli = await trellis(['version', 'describe', '--scheme', 'pep440', '--policy', 'none.yml', '--json'], { cwd: r.dir, env: r.env });
    expect(cli.code).toBe(2);
    expect(cli.stderr).toBe('trellis: policy file none.yml not found\n');
    await r.cleanup();
  });
});

describe('version describe in an empty repository', () => {
  it('exits 2 saying there is nothing to describe', async () => {
    const r = await makeRepo();
    const res = await trellis(['version', 'describe'], { cwd: r.dir, env: r.env });
    expect(res).toEqual({ code: 2, stdout: '', stderr: `trellis: nothing to describe: ${r.dir} has no commits yet\n` });
    await r.write('.trellis.yml', 'versioning:\n  tag: "v{version}"\n');
    const withPolicy = await trellis(['version', 'describe', '--json'], { cwd: r.dir, env: r.env });
    expect(withPolicy.stderr).toBe(`trellis: nothing to describe: ${r.dir} has no commits yet\n`);
    await r.cleanup();
  });
});
