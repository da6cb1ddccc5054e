/**
 * Development markers are not releases. Llama Stack tags its main branch `vX.Y.Z-dev` when a
 * patch ships (`v0.7.2-dev` beside `v0.7.1`); by version that marker is the line's newest tag,
 * but it is not on the line's branch. `status` counts a line's unreleased commits from its
 * newest tag that ships something, as `git rev-list --count v0.7.1..release-0.7.x` does (on the
 * llama-stack clone 0.7 showed 8 where 1 follows v0.7.1); a line with only a marker counts from
 * it. `release` plans the next version from the line's real tags too: 0.7.2 is the patch after
 * v0.7.1, not the "pre-releases of 0.7.2" to finish. The same holds under PEP 440
 * (`v0.7.2.dev0`).
 */
import { describe, expect, it } from 'vitest';
import { trellis } from '../helpers/cli.js';
import { makeRepo, type FixtureRepo } from '../helpers/repo.js';

const policy = (scheme: 'semver' | 'pep440') => `project:
  name: stack
versioning:
  scheme: ${scheme}
  tag: "v{version}"
branches:
  main: main
  release: "release-{major}.{minor}.x"
support:
  maintained: 3
`;

/** 0.7 forks with a marker on main; 0.7.0 and 0.7.1 ship on the branch, the next marker goes on main, one fix follows on the branch. */
async function llamaStyle(scheme: 'semver' | 'pep440'): Promise<FixtureRepo> {
  const dev = (v: string) => (scheme === 'semver' ? `v${v}-dev` : `v${v}.dev0`);
  const r = await makeRepo();
  await r.commit('chore: start', { files: { '.trellis.yml': policy(scheme) }, date: '2026-03-01' });
  await r.tag(dev('0.7.0'));
  await r.branch('release-0.7.x');
  await r.checkout('release-0.7.x');
  await r.commit('chore: prepare release v0.7.0', { files: { v: '0.7.0\n' }, date: '2026-04-01' });
  await r.tag('v0.7.0', { message: 'v0.7.0', date: '2026-04-01' });
  await r.commit('fix: a', { files: { a: '1\n' }, date: '2026-04-03' });
  await r.commit('chore: prepare release v0.7.1', { files: { v: '0.7.1\n' }, date: '2026-04-08' });
  await r.tag('v0.7.1', { message: 'v0.7.1', date: '2026-04-08' });
  await r.commit('fix: b', { files: { b: '1\n' }, date: '2026-04-10' });
  await r.checkout('main');
  await r.commit('feat: next', { files: { n: '1\n' }, date: '2026-04-08' });
  await r.tag(dev('0.7.2'));
  // A line not released yet: only its marker on main.
  await r.commit('feat: more', { files: { m: '1\n' }, date: '2026-04-20' });
  await r.tag(dev('0.8.0'));
  await r.branch('release-0.8.x');
  await r.checkout('release-0.8.x');
  await r.commit('fix: c', { files: { c: '1\n' }, date: '2026-04-22' });
  await r.commit('fix: d', { files: { d: '1\n' }, date: '2026-04-23' });
  await r.checkout('main');
  return r;
}

type Report = { lines: Array<{ line: string; latest: string | null; unreleasedCommits: number | null }> };

describe('unreleased commits beside development markers', () => {
  it.each(['semver', 'pep440'] as const)('%s: count from the newest release on the line, or from the marker alone', async (scheme) => {
    const r = await llamaStyle(scheme);
    const out = await trellis(['status', '--json'], { cwd: r.dir, env: r.env, now: '2026-05-01T12:00:00Z' });
    expect(out.stderr).toBe('');
    const lines = (JSON.parse(out.stdout) as Report).lines;
    const line = (k: string) => lines.find((l) => l.line === k);
    expect(line('0.7')).toMatchObject({ latest: '0.7.1', unreleasedCommits: 1 });
    expect(Number(await r.git('rev-list', '--count', 'v0.7.1..release-0.7.x'))).toBe(1);
    expect(line('0.8')).toMatchObject({ latest: null, unreleasedCommits: 2 });
  });

  it.each(['semver', 'pep440'] as const)('%s: release plans the next version from the real tags', async (scheme) => {
    const r = await llamaStyle(scheme);
    const plan = async (line: string) => {
      const out = await trellis(['release', line, '--dry-run'], { cwd: r.dir, env: r.env, now: '2026-05-01T12:00:00Z' });
      expect(out.code, out.stderr).toBe(0);
      return out.stdout.split('\n')[0];
    };
    expect(await plan('0.7')).toBe(
      'would release 0.7.2 (line 0.7, branch release-0.7.x, tag v0.7.2): patch release from the commits since v0.7.1',
    );
    expect(await plan('0.8')).toMatch(
      /^would release 0\.8\.0 \(line 0\.8, branch release-0\.8\.x, tag v0\.8\.0\): the first release of line 0\.8/,
    );
  });
});
