/**
 * Two-component tags under the semver scheme (VMPilot-style git-flow tags some releases `v0.5`,
 * `v0.6` beside `v0.3.1`): read as the releases X.Y.0 wherever tags are read, so `version
 * describe` counts from the tag `git describe --tags` finds, `status` lists those releases, and
 * `policy check` no longer names them as tags the scheme drops. Where `v0.6` and `v0.6.0` both
 * exist, the full tag names the release (one release, not two). Tags Trellis writes keep the full
 * version, and versions users type are still validated strictly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { versionDescribe } from '../../src/app/version-describe.js';
import { openApp, type Workspace } from '../../src/app/context.js';
import { status } from '../../src/app/status.js';
import { trellis } from '../helpers/cli.js';
import { makeRepo, type FixtureRepo } from '../helpers/repo.js';

const POLICY = `project:
  name: pilot
versioning:
  scheme: semver
  tag: "v{version}"
branches:
  main: main
  develop: dev
  release: "release/{major}.{minor}"
`;

const now = '2025-06-01T12:00:00Z';

function ws(r: FixtureRepo): Workspace {
  return { cwd: r.dir, env: r.env, clock: { now: () => new Date(now) } };
}

/** git-flow: dev merged into main to release; v0.3.1 (full), then v0.5 and v0.6 (two components) on main. */
async function gitflowRepo(): Promise<FixtureRepo> {
  const r = await makeRepo();
  await r.commit('chore: start', { files: { '.trellis.yml': POLICY }, date: '2025-03-01' });
  await r.tag('v0.3.1', { message: 'v0.3.1', date: '2025-03-02' });
  await r.branch('dev');
  await r.checkout('dev');
  await r.commit('feat: a', { files: { a: '1\n' }, date: '2025-04-01' });
  await r.checkout('main');
  await r.merge('dev', { message: 'Merge dev for 0.5', date: '2025-04-02' });
  await r.tag('v0.5'); // lightweight, as most of these are
  await r.checkout('dev');
  await r.merge('main', { message: 'Merge main back into dev', date: '2025-04-03' });
  await r.commit('feat: b', { files: { b: '1\n' }, date: '2025-05-01' });
  await r.checkout('main');
  await r.merge('dev', { message: 'Merge dev for 0.6', date: '2025-05-02' });
  await r.tag('v0.6', { message: 'v0.6', date: '2025-05-02' });
  await r.checkout('dev');
  await r.merge('main', { message: 'Merge main back into dev', date: '2025-05-03' });
  await r.commit('feat: c', { files: { c: '1\n' }, date: '2025-05-10' });
  await r.commit('fix: d', { files: { d: '1\n' }, date: '2025-05-11' });
  await r.checkout('main');
  await r.commit('fix: hot', { files: { h: '1\n' }, date: '2025-05-12' });
  return r;
}

describe('two-component tags under semver (VMPilot-style git-flow)', () => {
  let r: FixtureRepo;
  beforeAll(async () => {
    r = await gitflowRepo();
  });

  it('version describe counts from the tag git describe --tags finds, on every branch tip', async () => {
    for (const rev of ['main', 'dev']) {
      const d = await versionDescribe(ws(r), { rev });
      expect(d.describe).toBe(await r.git('describe', '--tags', '--long', rev));
    }
    const main = await versionDescribe(ws(r), { rev: 'main' });
    expect(main).toMatchObject({ tag: 'v0.6', release: [0, 6, 0], pre: null, distance: 1 });
    expect(main.setuptoolsScm).toBe(`0.6.1.dev1+g${main.hash}`);
    const dev = await versionDescribe(ws(r), { rev: 'dev' });
    expect(dev).toMatchObject({ tag: 'v0.6', distance: 3 });
  });

  it('status lists the releases as X.Y.0, and the line on main counts from v0.6', async () => {
    const res = await trellis(['status', '--json'], { cwd: r.dir, env: r.env, now });
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('');
    const lines = (JSON.parse(res.stdout) as { lines: Array<Record<string, unknown>> }).lines;
    const byLine = Object.fromEntries(lines.map((l) => [l.line, l]));
    expect(byLine['0.6']).toMatchObject({ branch: 'main', latest: '0.6.0', unreleasedCommits: 1 });
    expect(byLine['0.5']).toMatchObject({ branch: null, firstRelease: '0.5.0', latest: '0.5.0' });
    expect(byLine['0.3']).toMatchObject({ latest: '0.3.1' });
    const { tags } = await status(await openApp(ws(r)));
    expect(tags['0.6']?.latestTag?.tag).toBe('v0.6');
    expect(tags['0.5']?.tags.map((t) => [t.tag, t.version])).toEqual([['v0.5', '0.5.0']]);
  });

  it('policy check no longer names them as tags the scheme drops', async () => {
    const res = await trellis(['policy', 'check'], { cwd: r.dir, env: r.env, now });
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('.trellis.yml: OK\n');
  });

  it('where v0.6 and v0.6.0 both exist, the full tag names the one release', async () => {
    const both = await gitflowRepo();
    await both.tag('v0.6.0', { message: 'v0.6.0', date: '2025-05-02', target: 'v0.6^{commit}' });
    const { tags } = await status(await openApp(ws(both)));
    expect(tags['0.6']?.tags.map((t) => [t.tag, t.version])).toEqual([['v0.6.0', '0.6.0']]);
    expect(tags['0.6']?.latestTag?.tag).toBe('v0.6.0');
    // describe: both are the same version; git's own choice between them is kept.
    const d = await versionDescribe(ws(both), { rev: 'main' });
    expect(d.describe).toBe(await both.git('describe', '--tags', '--long', 'main'));
    expect(d.release).toEqual([0, 6, 0]);
  });

  it('keeps strict validation for versions users type', async () => {
    const res = await trellis(['version', 'validate', '--scheme', 'semver'], { stdin: '0.5\n' });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('2 components');
  });
});
