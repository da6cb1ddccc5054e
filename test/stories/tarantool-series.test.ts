/**
 * Tarantool-style series (Tarantool "New release policy (RFC)"), the parts beyond the main
 * development flow (./tarantool.test.ts): a feature set for an older series ("2.13"), one commit
 * never both a release candidate and a release, series stages and delivery channels.
 */
import { describe, expect, it } from 'vitest';
import { story, type Story } from './story.js';

/** The preset names new branches release/X.Y as tarantool does today; the RFC names them X.Y. */
function seedVariant(policy: string): string {
  const lines = policy.split('\n');
  const i = lines.indexOf('    - "release/{major}.{minor}"');
  const j = lines.indexOf('    - "{major}.{minor}"');
  expect([i, j]).not.toContain(-1);
  [lines[i], lines[j]] = [lines[j]!, lines[i]!];
  return lines.join('\n');
}

/**
 * The RFC's backporting example: "two release series (2 and 3) and their latest releases are
 * 2.12.0 and 3.2.0. Aside of this, we have 3.3 feature set in development".
 */
async function twoSeries(edit: (p: string) => string = seedVariant): Promise<Story> {
  const s = await story('tarantool', { branch: 'master', day: '2024-01-05', edit, files: { 'src/box.c': 'int box;\n' } });
  const { r } = s;
  await r.commit('Start the 2.12 feature set', { date: '2024-01-06' });
  await r.tag('2.12.0-entrypoint', { message: '2.12.0-entrypoint', date: '2024-01-06' });
  await r.commit('box: 2.12 work', { files: { 'src/box.c': 'int box = 12;\n' }, date: '2024-01-10' });
  await s.ok('2024-02-01', 'release');
  await s.ok('2024-02-05', 'branch', 'cut', '--major');
  await r.commit('config: declarative config', { files: { 'src/config.lua': 'return {}\n' }, date: '2024-03-01' });
  await s.ok('2024-04-01', 'release');
  await s.ok('2024-04-05', 'branch', 'cut');
  await r.commit('config: 3.1 work', { files: { 'src/config.lua': 'return {31}\n' }, date: '2024-05-01' });
  await s.ok('2024-06-01', 'release');
  await s.ok('2024-06-05', 'branch', 'cut');
  await r.commit('config: 3.2 work', { files: { 'src/config.lua': 'return {32}\n' }, date: '2024-07-01' });
  await s.ok('2024-08-01', 'release');
  await s.ok('2024-08-05', 'branch', 'cut');
  return s;
}

describe('Tarantool-style series: a feature set for an older series', () => {
  it('cuts 2.13 from 2.12 with the dummy commit and 2.13.0-entrypoint on the new branch, master untouched', async () => {
    const s = await twoSeries();
    const { r } = s;
    expect(await s.tags('*-entrypoint')).toEqual([
      '2.12.0-entrypoint',
      '3.0.0-entrypoint',
      '3.1.0-entrypoint',
      '3.2.0-entrypoint',
      '3.3.0-entrypoint',
    ]);
    const master = await r.rev('master');
    const tip212 = await r.rev('2.12');
    // "If the functionality is planned for series 2 as well, we should create the 2.13 branch, push
    //  a dummy commit, set the entrypoint tag and cherry-pick the feature here".
    const out = await s.ok('2024-08-10', 'branch', 'cut', '2.13', '--from', '2.12');
    expect(out).toContain('2.13');
    expect(await r.rev('master')).toBe(master);
    expect(await r.rev('2.12')).toBe(tip212);
    expect(await r.rev('2.13~1')).toBe(tip212);
    expect(await r.git('rev-parse', '2.13^{tree}')).toBe(await r.git('rev-parse', '2.12^{tree}'));
    expect(await r.rev('2.13.0-entrypoint^{commit}')).toBe(await r.rev('2.13'));
    // Never a phantom 3.4 (or 2.14) entrypoint on master.
    expect(await s.tags('*-entrypoint')).toEqual([
      '2.12.0-entrypoint',
      '2.13.0-entrypoint',
      '3.0.0-entrypoint',
      '3.1.0-entrypoint',
      '3.2.0-entrypoint',
      '3.3.0-entrypoint',
    ]);
    // "The dummy commit is necessary, because the new entrypoint tag MUST NOT be reachable from
    //  the X.Y branch. It would break git describe".
    expect(await r.git('tag', '--merged', '2.12', '--list', '*-entrypoint')).toBe('2.12.0-entrypoint');
    expect(await r.git('describe', '--long', 'master')).toMatch(/^3\.3\.0-entrypoint-0-g/);
    expect(await r.git('describe', '--long', '2.13')).toMatch(/^2\.13\.0-entrypoint-0-g/);
    // "... and cherry-pick the feature here": the feature goes to master first, then to 2.13.
    const feature = await r.commit('feat: new iterator', { files: { 'src/iter.c': 'int it;\n' }, date: '2024-08-12' });
    await s.ok('2024-08-13', 'backport', feature, '--to', '2.13', '--direct');
    expect(await r.git('log', '-1', '--format=%s', '2.13')).toBe('feat: new iterator');
    // "If we consider the feature as mature enough, we can release 2.13.0".
    expect(await s.ok('2024-08-20', 'release', '2.13')).toContain('tag 2.13.0');
    expect(await r.git('describe', '--long', '2.13')).toMatch(/^2\.13\.0-0-g/);
  });
});

describe('Tarantool-style series: a release candidate and a release are never one commit', () => {
  it('puts the release on an empty commit after the rc it was published from', async () => {
    const s = await story('tarantool', { branch: 'master', day: '2024-01-05', edit: seedVariant, files: { 'src/box.c': 'int box;\n' } });
    const { r } = s;
    await r.commit('Start the 3.0 feature set', { date: '2024-01-06' });
    await r.tag('3.0.0-entrypoint', { message: '3.0.0-entrypoint', date: '2024-01-06' });
    await r.commit('box: fix crash', { files: { 'src/box.c': 'int box = 1;\n' }, date: '2024-01-10' });
    await s.ok('2024-01-12', 'release', '--pre', 'rc');
    const rc = await r.rev('3.0.0-rc1^{commit}');
    expect(rc).toBe(await r.rev('master'));
    // "The dummy commit is necessary for our build machinery: the same commit should be identified
    //  either as a release candidate or as a release in an unambiguous way."
    await s.ok('2024-01-20', 'release');
    const rel = await r.rev('3.0.0^{commit}');
    expect(rel).not.toBe(rc);
    expect(await r.rev(`${rel}~1`)).toBe(rc);
    expect(await r.git('rev-parse', `${rel}^{tree}`)).toBe(await r.git('rev-parse', `${rc}^{tree}`));
    expect(await r.git('tag', '--points-at', rel)).toBe('3.0.0');
    expect(await r.git('tag', '--points-at', rc)).toBe('3.0.0-rc1');
    expect(await r.git('log', '-1', '--format=%B', rel)).toContain('the tip of master is tagged 3.0.0-rc1');
    expect(await r.git('describe', '--long', rc)).toMatch(/^3\.0\.0-rc1-0-g/);
    expect(await r.git('describe', '--long', rel)).toMatch(/^3\.0\.0-0-g/);
  });
});

describe('Tarantool-style series: stages and delivery channels', () => {
  it('groups lines by series with its stage and support end, and lists each line’s package repositories', async () => {
    const withChannels = (p: string) =>
      `${seedVariant(p).replace('  majorMinimum: 2 years\n', '  majorMinimum: 2 years\n  lines:\n    "2.12": { eol: "2026-06-30" }\n')}
delivery:
  channels:
    - { kind: yum, url: "https://download.tarantool.org/tarantool/release/series-{major}/{os}/{dist}/", from: "2.10" }
    - { kind: yum, url: "https://download.tarantool.org/tarantool/pre-release/series-{major}/{os}/{dist}/", prerelease: true, from: "2.10" }
    - { kind: apt, url: "https://download.tarantool.org/tarantool/release/series-{major}/{os}/", from: "2.10" }
    - { kind: tarball, url: "https://download.tarantool.org/tarantool/src/", from: "2.10" }
    - { kind: yum, url: "https://download.tarantool.org/tarantool/{line}/{os}/{dist}/", until: "2.8" }
`;
    const s = await twoSeries(withChannels);
    // "Create a new release series": master goes on to 4.0, which has no release yet.
    await s.ok('2024-09-01', 'branch', 'cut', '--major');
    interface Series {
      series: string;
      stage: string;
      supportEnd: string | null;
      lines: Array<{ line: string; status: string; channels: Array<{ kind: string; url: string; prerelease: boolean }> }>;
    }
    const grouped = JSON.parse(await s.ok('2024-09-02', 'status', '--series', '--json')) as { series: Series[] };
    // "Early development: The stage goes on until a first release"; "Support: The stage starts
    //  when a first release is published".
    expect(grouped.series.map((g) => [g.series, g.stage, g.lines.map((l) => l.line)])).toEqual([
      ['4', 'early development', ['4.0']],
      ['3', 'support', ['3.3', '3.2', '3.1', '3.0']],
      ['2', 'support', ['2.12']],
    ]);
    expect(grouped.series[2]!.supportEnd).toBe('2026-06-30');
    // "End of life: A series reaches the end of life, when the last release in the series is published."
    const later = JSON.parse(await s.ok('2026-07-01', 'status', '--series', '--json')) as { series: Series[] };
    expect(later.series.find((g) => g.series === '2')).toMatchObject({ stage: 'end of life', supportEnd: '2026-06-30' });
    const table = await s.ok('2024-09-02', 'status', '--series');
    expect(table).toContain('series 4: early development\n');
    expect(table).toContain('series 2: support until 2026-06-30\n');

    // "For each release series and each supported Linux distribution we offer two repositories:
    //  one for releases and one for pre-releases"; "We also provide source tarballs."
    const status = JSON.parse(await s.ok('2024-09-02', 'status', '--json')) as { lines: Series['lines'] };
    expect(status.lines.find((l) => l.line === '3.2')!.channels).toEqual([
      {
        kind: 'yum',
        name: 'YUM repository',
        url: 'https://download.tarantool.org/tarantool/release/series-3/{os}/{dist}/',
        prerelease: false,
      },
      {
        kind: 'yum',
        name: 'YUM repository',
        url: 'https://download.tarantool.org/tarantool/pre-release/series-3/{os}/{dist}/',
        prerelease: true,
      },
      { kind: 'apt', name: 'APT repository', url: 'https://download.tarantool.org/tarantool/release/series-3/{os}/', prerelease: false },
      { kind: 'tarball', name: 'Tarballs', url: 'https://download.tarantool.org/tarantool/src/', prerelease: false },
    ]);
    expect(status.lines.find((l) => l.line === '2.12')!.channels[0]!.url).toBe(
      'https://download.tarantool.org/tarantool/release/series-2/{os}/{dist}/',
    );
  });
});
