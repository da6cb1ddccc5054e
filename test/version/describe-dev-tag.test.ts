/**
 * A development tag on main (Llama Stack tags `v0.8.1-dev` on main once release-0.8.x is cut, and
 * setuptools-scm versions main's builds from it): `version describe` counts from it as git
 * describe --tags does, instead of falling back to a release tag thousands of commits back.
 */
import { describe, expect, it } from 'vitest';
import { versionDescribe } from '../../src/app/version-describe.js';
import { makeRepo } from '../helpers/repo.js';

const POLICY = `versioning:
  scheme: pep440
  prerelease: { labels: [rc], format: "{label}{n}" }
  tag: "v{version}"
branches:
  main: main
  release: "release-{major}.{minor}.x"
`;

describe('version describe with a development tag on main', () => {
  it('finds v0.8.1-dev on main like git describe --tags, and gives the setuptools-scm version', async () => {
    const r = await makeRepo();
    await r.commit('chore: start', { files: { '.trellis.yml': POLICY }, date: '2026-01-01' });
    await r.tag('v0.2.1', { message: 'Release 0.2.1', date: '2026-01-01' });
    await r.commit('feat: a', { files: { 'a.py': '1\n' }, date: '2026-02-01' });
    await r.branch('release-0.8.x');
    await r.tag('v0.8.0', { message: 'Release 0.8.0', target: 'release-0.8.x', date: '2026-02-01' });
    await r.commit('chore: open 0.8.1 development', { files: { 'a.py': '2\n' }, date: '2026-02-02' });
    await r.tag('v0.8.1-dev'); // lightweight, as the project tags it
    for (const n of [3, 4, 5]) await r.commit(`feat: change ${n}`, { files: { 'a.py': `${n}\n` }, date: `2026-02-0${n}` });

    const git = await r.git('describe', '--tags', '--long', 'main');
    const d = await versionDescribe({ cwd: r.dir, env: r.env, clock: { now: () => new Date('2026-03-01') } }, { rev: 'main' });
    expect(git).toMatch(/^v0\.8\.1-dev-3-g[0-9a-f]+$/);
    expect(d.describe).toBe(git);
    expect(d.tag).toBe('v0.8.1-dev');
    expect(d.setuptoolsScm).toMatch(/^0\.8\.1\.dev3\+g[0-9a-f]+$/);
    expect(d.forms.pep440).toMatch(/^0\.8\.1\.dev3\+g[0-9a-f]+$/);
  });
});
