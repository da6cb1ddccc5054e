/**
 * Where `trellis changelog` and a release's notes start: the previous RELEASE (final or
 * pre-release), never a development marker (a PEP 440 `.devN` tag, a `-dev` pre-release, a tag
 * spelled as an entrypoint where the policy names none) when a release exists before it. A
 * marker is the start only when no release precedes it. The policy's own entrypoint
 * (Tarantool-style) stays the start of a line that has no release yet (test/stories/tarantool.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Changelog, ReleasePlan } from '../../src/core/release/index.js';
import { isDevelopmentMarker, olderRangeBase, ownRangeBase, releaseScheme } from '../../src/core/release/index.js';
import type { ReleaseLineToday } from '../../src/core/release/lines.js';
import { loadPolicy } from '../../src/core/policy/load.js';
import { getScheme } from '../../src/core/version/index.js';
import { repoWith, run } from './fixture.js';

const PEP = `versioning:
  scheme: pep440
  tag: "v{version}"
branches:
  release: "release-{major}.{minor}.x"
`;

const SEMVER = `versioning:
  scheme: semver
  tag: "v{version}"
branches:
  release: "release/{major}.{minor}"
`;

async function changelogOf(r: Awaited<ReturnType<typeof repoWith>>, ...args: string[]): Promise<Changelog> {
  const res = await run(r, ['changelog', ...args, '--json']);
  expect(res.stderr).toBe('');
  return JSON.parse(res.stdout) as Changelog;
}

const subjects = (log: Changelog) => log.sections.flatMap((s) => s.entries.map((e) => e.subject)).sort();

describe('development markers', () => {
  it('are .devN, -dev and unconfigured -entrypoint versions, not releases or pre-releases', () => {
    const pep = getScheme('pep440');
    const sem = getScheme('semver', { prereleaseLabels: ['alpha', 'beta', 'rc'] });
    expect(['1.3.1.dev0', '1.3.0rc1.dev2'].map((v) => isDevelopmentMarker(pep.parse(v)))).toEqual([true, true]);
    expect(['1.3.0', '1.3.0rc1', '1.3.0.post1'].map((v) => isDevelopmentMarker(pep.parse(v)))).toEqual([false, false, false]);
    expect(['1.3.0-dev', '1.3.0-dev.3', '1.3.0-dev3', '3.1.0-entrypoint'].map((v) => isDevelopmentMarker(sem.parse(v)))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['1.3.0', '1.3.0-rc.1', '1.3.0-alpha1', '1.3.0-beta.2'].map((v) => isDevelopmentMarker(sem.parse(v)))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('the range base (pure)', () => {
  const policy = loadPolicy(PEP, 'p.yml');
  const scheme = releaseScheme(policy);
  const c = (n: string) => n.padEnd(40, '0');
  const line = (key: string, tags: string[], fork: string | null = null): ReleaseLineToday =>
    ({
      key,
      kind: 'release',
      branch: `release-${key}.x`,
      patch: null,
      tags: tags.map((v) => ({ tag: `v${v}`, version: v, commit: c(v.replace(/\D/g, '')) })),
      entrypoint: null,
      status: 'bugfix',
      newest: true,
      source: { forkPoint: fork ? { commit: c(fork), date: null } : null },
    }) as unknown as ReleaseLineToday;
  const req = (version: string | null, finalOnly = false) => ({ version, finalOnly });

  it("starts at the line's release, not at a later .devN tag", () => {
    const l = line('1.3', ['1.3.0rc1', '1.3.0', '1.3.1.dev0']);
    expect(ownRangeBase(scheme, l, req(null))?.name).toBe('v1.3.0');
    expect(ownRangeBase(scheme, l, req('1.3.1'))?.name).toBe('v1.3.0');
    expect(ownRangeBase(scheme, l, req('1.3.1rc1'))?.name).toBe('v1.3.0');
    expect(ownRangeBase(scheme, line('1.4', ['1.4.0.dev0']), req(null))).toBeNull();
  });

  it("starts at an older line's release the end contains before a marker, and at the marker only when there is none", () => {
    const older = line('1.3', ['1.3.0rc1', '1.3.0'], 'f');
    const dev = line('1.4', ['1.4.0.dev0']);
    const lines = [dev, older];
    expect(olderRangeBase(scheme, dev, lines, req(null), new Set([c('130'), c('1301')]))?.name).toBe('v1.3.0');
    expect(olderRangeBase(scheme, dev, lines, req(null), new Set([c('1301'), c('f')]))?.name).toBe('v1.3.0rc1');
    expect(olderRangeBase(scheme, dev, lines, req('1.4.0rc1'), new Set([c('f')]))?.name).toBe('v1.4.0.dev0');
    // The changelog file counts final releases only: a marker is never its start.
    expect(olderRangeBase(scheme, dev, lines, req('1.4.0', true), new Set([c('f')]))?.name).toBe('f'.padEnd(10, '0'));
  });
});

describe('trellis changelog and release notes with development markers', () => {
  it('count a line from its release, not from the .devN tag made after it (PEP 440)', async () => {
    const r = await repoWith(PEP);
    await r.branch('release-1.3.x');
    await r.checkout('release-1.3.x');
    await r.commit('fix: first', { files: { 'a.txt': '1\n' } });
    await r.tag('v1.3.0', { message: 'Release 1.3.0' });
    await r.commit('fix: made before the dev tag', { files: { 'b.txt': '1\n' } });
    await r.tag('v1.3.1.dev0', { message: 'Development of 1.3.1' });
    await r.commit('fix: made after the dev tag', { files: { 'c.txt': '1\n' } });

    const log = await changelogOf(r, '--line', '1.3');
    expect([log.from, log.to]).toEqual(['v1.3.0', 'release-1.3.x']);
    expect(subjects(log)).toEqual(['made after the dev tag', 'made before the dev tag']);

    const res = await run(r, ['release', '1.3', '--dry-run', '--json']);
    expect(res.stderr).toBe('');
    const plan = (JSON.parse(res.stdout) as { plan: ReleasePlan }).plan;
    expect(plan.version).toBe('1.3.1');
    expect(plan.previousTag).toBe('v1.3.0');
    expect(plan.changes.map((e) => e.subject).sort()).toEqual(['made after the dev tag', 'made before the dev tag']);
  });

  it('count the development line from the previous release on main, not from its -dev tag (SemVer), and from the -dev tag when no release precedes it', async () => {
    const r = await repoWith(SEMVER);
    const first = await r.commit('feat: start', { files: { 'a.txt': '1\n' } });
    await r.tag('v1.3.0-dev', { message: 'Development of 1.3 starts', target: first });
    await r.commit('feat: early', { files: { 'b.txt': '1\n' } });
    // No release before the marker: the marker is where the changes start.
    let log = await changelogOf(r);
    expect([log.from, log.to, subjects(log)]).toEqual(['v1.3.0-dev', 'main', ['early']]);

    await r.tag('v1.2.0', { message: 'Release 1.2.0' });
    const before = await r.commit('feat: after 1.2.0, before the marker', { files: { 'c.txt': '1\n' } });
    await r.tag('v1.4.0-dev', { message: 'Development of 1.4 starts', target: before });
    await r.commit('feat: after the marker', { files: { 'd.txt': '1\n' } });
    log = await changelogOf(r);
    expect([log.from, log.to]).toEqual(['v1.2.0', 'main']);
    expect(subjects(log)).toEqual(['after 1.2.0, before the marker', 'after the marker']);
  });

  it('count from the release before a tag spelled as an entrypoint when the policy names no entrypoint', async () => {
    const r = await repoWith(SEMVER);
    await r.commit('feat: one', { files: { 'a.txt': '1\n' } });
    await r.tag('v1.1.0', { message: 'Release 1.1.0' });
    await r.commit('feat: two', { files: { 'b.txt': '1\n' } });
    await r.tag('v1.2.0-entrypoint', { message: 'Entrypoint' });
    await r.commit('feat: three', { files: { 'c.txt': '1\n' } });
    const log = await changelogOf(r);
    expect([log.from, subjects(log)]).toEqual(['v1.1.0', ['three', 'two']]);
  });
});
