/**
 * Lines that have a successor, on real repositories: `support.untilNextMinor` ("supported until
 * the next line's first release") ends the older lines the day before the newer one ships, for
 * lines with tags only (lightspeed-stack's 0.1-0.3, lightweight tags) as for lines with branches;
 * and Tarantool-style patch entrypoints (`3.7.2-entrypoint` on `release/3.7`) name the line's
 * current entrypoint.
 */
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/core/policy/load.js';
import { readLineFacts } from '../../src/facts/repository.js';
import { Git } from '../../src/git/git.js';
import { trellis } from '../helpers/cli.js';
import { makeRepo } from '../helpers/repo.js';

interface StatusJson {
  lines: Array<{ line: string; branch: string | null; status: string; endOfBugfix: string | null; endOfLife: string | null }>;
}

describe('untilNextMinor: a line ends the day before the next line of its major ships', () => {
  it('ends tags-only lines (lightweight tags) and branched lines alike; the newest stays supported', async () => {
    const r = await makeRepo();
    await r.write(
      '.trellis.yml',
      'versioning:\n  scheme: pep440\n  tag: "{version}"\nbranches:\n  release: "release/{major}.{minor}"\nsupport:\n  untilNextMinor: true\n',
    );
    await r.commit('feat: start', { files: { 'a.txt': '0\n' }, date: '2025-07-01' });
    await r.tag('0.1.0'); // lightweight: dated by its commit
    await r.commit('fix: one', { files: { 'a.txt': '1\n' }, date: '2025-08-05' });
    await r.tag('0.1.3');
    await r.commit('feat: two', { files: { 'a.txt': '2\n' }, date: '2025-08-22' });
    await r.tag('0.2.0');
    await r.commit('feat: three', { files: { 'a.txt': '3\n' }, date: '2025-10-10' });
    await r.tag('0.3.0');
    await r.commit('feat: four', { files: { 'a.txt': '4\n' }, date: '2026-01-20' });
    await r.branch('release/0.4');
    await r.checkout('release/0.4');
    await r.tag('0.4.0', { message: '0.4.0', date: '2026-01-20' });
    await r.commit('fix: four', { files: { 'b.txt': '4\n' }, date: '2026-03-01' });
    await r.tag('0.4.3.1', { message: '0.4.3.1', date: '2026-03-01' });
    await r.checkout('main');
    await r.commit('feat: five', { files: { 'a.txt': '5\n' }, date: '2026-03-30' });
    await r.branch('release/0.5');
    await r.checkout('release/0.5');
    await r.tag('0.5.0', { message: '0.5.0', date: '2026-03-31' });
    await r.checkout('main');

    const status = async (date: string) => {
      const res = await trellis(['status', '--json', '--date', date], { cwd: r.dir, env: r.env, now: '2026-06-01T12:00:00Z' });
      expect(res.stderr).toBe('');
      const json = JSON.parse(res.stdout) as StatusJson;
      return Object.fromEntries(json.lines.map((l) => [l.line, [l.status, l.endOfBugfix, l.endOfLife]]));
    };
    expect(await status('2026-06-01')).toEqual({
      '0.6': ['feature', null, null],
      '0.5': ['bugfix', null, null],
      '0.4': ['end-of-life', '2026-03-30', '2026-03-30'],
      '0.3': ['end-of-life', '2026-01-19', '2026-01-19'],
      '0.2': ['end-of-life', '2025-10-09', '2025-10-09'],
      '0.1': ['end-of-life', '2025-08-21', '2025-08-21'],
    });
    // The last day of 0.4 is the day before 0.5.0; the day after, it is over.
    expect((await status('2026-03-30'))['0.4']![0]).toBe('bugfix');
    expect((await status('2026-03-31'))['0.4']![0]).toBe('end-of-life');
  });
});

describe('Tarantool-style patch entrypoints', () => {
  it("a line's entrypoint is its newest one (3.7.2-entrypoint after 3.7.1), and it counts the unreleased commits", async () => {
    const r = await makeRepo({ branch: 'master' });
    await r.commit('init', { files: { 'a.txt': '0\n' }, date: '2025-01-01' });
    await r.tag('3.7.0-entrypoint', { message: 'entrypoint', date: '2025-01-01' });
    await r.commit('feat', { files: { 'a.txt': '1\n' }, date: '2025-01-02' });
    await r.branch('release/3.7');
    await r.checkout('release/3.7');
    await r.tag('3.7.0', { message: '3.7.0', date: '2025-01-03' });
    await r.commit('Start 3.7.1', { date: '2025-01-04' });
    await r.tag('3.7.1-entrypoint', { message: 'entrypoint', date: '2025-01-04' });
    await r.commit('fix: a', { files: { 'b.txt': '1\n' }, date: '2025-01-05' });
    await r.tag('3.7.1', { message: '3.7.1', date: '2025-01-06' });
    await r.commit('Start 3.7.2', { date: '2025-01-07' });
    await r.tag('3.7.2-entrypoint', { message: 'entrypoint', date: '2025-01-07' });
    await r.commit('fix: b', { files: { 'b.txt': '2\n' }, date: '2025-01-08' });
    await r.checkout('master');
    const policy = loadPolicy(
      'versioning:\n  tag: "{version}"\n  prerelease: { labels: [alpha, beta, rc], format: "-{label}{n}" }\nbranches:\n  main: master\n  release: "release/{major}.{minor}"\nrelease:\n  entrypoint: "{major}.{minor}.{patch}-entrypoint"\n',
    );
    const git = await Git.open(r.dir, { env: r.env });
    const { discovery } = await readLineFacts(git, policy);
    const l37 = discovery.lines.find((l) => l.key === '3.7')!;
    expect(l37.entrypoint?.tag).toBe('3.7.2-entrypoint');
    expect(l37.releases.map((t) => t.tag)).toEqual(['3.7.0', '3.7.1']);
    expect(l37.prereleases).toEqual([]);
    expect(l37.unreleasedCommits).toBe(2);
  });
});
