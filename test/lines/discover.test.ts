/**
 * Release lines discovered from real repositories (one fixture script per seed scheme and per
 * drift shape), with statuses and dates on chosen days.
 */
import { describe, expect, it } from 'vitest';
import { buildStatusReport, discoverLines, endOfLifeCycles, type StatusLine, type StatusReport } from '../../src/core/lines/index.js';
import { loadPolicy } from '../../src/core/policy/load.js';
import type { Policy } from '../../src/core/policy/schema.js';
import { readLineFacts } from '../../src/facts/repository.js';
import { Git } from '../../src/git/git.js';
import {
  gooseRepo,
  lightspeedDriftRepo,
  lightspeedRepo,
  llamaStackRepo,
  tarantoolAlphaRepo,
  tarantoolReleasedOnMasterRepo,
  tarantoolRepo,
  vmpilotRepo,
  type Fixture,
} from './fixtures.js';

async function facts(fx: Fixture) {
  const git = await Git.open(fx.repo.dir, { env: fx.repo.env });
  const policy: Policy = loadPolicy(fx.policy);
  const before = git.stats.spawned;
  const f = await readLineFacts(git, policy);
  return { ...f, policy, spawned: git.stats.spawned - before };
}

function byLine(report: StatusReport): Record<string, StatusLine> {
  return Object.fromEntries(report.lines.map((l) => [l.line, l]));
}

/** The columns of the status table, for compact expectations. */
function row(l: StatusLine) {
  return [l.line, l.branch, l.status, l.lts, l.firstRelease, l.latest, l.endOfBugfix, l.endOfLife, l.unreleasedCommits];
}

describe('Lightspeed-style: release/X.Y.Z per patch, windows, LTS, explicit override, tags without branch', () => {
  it('heads each line by its highest patch branch and reports every column', async () => {
    const fx = await lightspeedRepo();
    const f = await facts(fx);
    // for-each-ref, the sample of main's first-parent chain (facts/line-history.ts), git log
    expect(f.spawned).toBe(3);
    const lines = Object.fromEntries(f.discovery.lines.map((l) => [l.key, l]));
    expect(lines['0.5']!.branches.map((b) => b.name)).toEqual(['release/0.5.2', 'release/0.5.1', 'release/0.5.0']);
    expect(lines['0.5']!.forkPoint?.commit).toBe(fx.commits.cut05);
    expect(lines['0.4']!.forkPoint).toEqual({ commit: fx.commits.cut04, date: '2025-01-10' });
    expect(lines['0.3']).toMatchObject({ branch: null, maintainable: false });

    const report = buildStatusReport(f.discovery, f.policy, '2025-12-01');
    expect(report.lines.map(row)).toEqual([
      ['0.7', 'main', 'feature', false, null, null, null, null, null],
      ['0.6', 'release/0.6.0', 'bugfix', true, '0.6.0', '0.6.0', '2026-06-10', '2027-06-10', 0],
      ['0.5', 'release/0.5.2', 'security', false, '0.5.0', '0.5.1', null, '2026-06-30', 1],
      ['0.4', 'release/0.4.1', 'bugfix', false, '0.4.0', '0.4.1', '2026-01-15', '2026-07-15', 0],
      ['0.3', null, 'bugfix', false, '0.3.0', '0.3.0', '2026-01-02', '2026-07-02', null],
    ]);
    const l = byLine(report);
    expect(l['0.3']!.notes).toContain('no branch: tags only, so fixes cannot be carried to it (not maintainable)');
    expect(l['0.5']!.override).toEqual({ status: 'bugfix', endOfBugfix: '2026-03-05', endOfLife: '2026-09-05' });
    expect(l['0.5']!.notes).toContain('support.lines["0.5"] says security; the rules say bugfix (bug fixes until 2026-03-05)');
  });

  it('moves each line through its phases on the boundary days, and the LTS line expires', async () => {
    const f = await facts(await lightspeedRepo());
    const status = (day: string) => Object.fromEntries(buildStatusReport(f.discovery, f.policy, day).lines.map((l) => [l.line, l.status]));
    expect(status('2026-01-15')['0.4']).toBe('bugfix');
    expect(status('2026-01-16')['0.4']).toBe('security');
    expect(status('2026-07-15')['0.4']).toBe('security');
    expect(status('2026-07-16')['0.4']).toBe('end-of-life');
    expect(status('2026-06-30')['0.5']).toBe('security');
    expect(status('2026-07-01')['0.5']).toBe('end-of-life');
    expect(status('2026-06-10')['0.6']).toBe('bugfix');
    expect(status('2026-06-11')['0.6']).toBe('security');
    expect(status('2027-06-10')['0.6']).toBe('security');
    expect(status('2027-06-11')['0.6']).toBe('end-of-life');
  });
});

describe('lightspeed-stack drift: release/X.Y, tags without v, rcN and four-part PEP 440 versions', () => {
  it('reads the lines through the policy alone', async () => {
    const f = await facts(await lightspeedDriftRepo());
    const l = Object.fromEntries(f.discovery.lines.map((x) => [x.key, x]));
    expect(l['0.3']).toMatchObject({ branch: 'release/0.3', unreleasedCommits: 1 });
    expect(l['0.3']!.releases.map((t) => t.tag)).toEqual(['0.3.0', '0.3.1', '0.3.1.1']);
    expect(l['0.3']!.latestRelease).toMatchObject({ version: '0.3.1.1', date: '2025-02-11' });
    expect(l['0.3']!.prereleases.map((t) => t.version)).toEqual(['0.3.0rc1']);
    expect(l['0.4']!.prereleases.map((t) => t.version)).toEqual(['0.4.0rc1', '0.4.0rc2']);
    const r = byLine(buildStatusReport(f.discovery, f.policy, '2025-03-15'));
    expect(r['0.4']).toMatchObject({
      status: 'prerelease',
      firstRelease: null,
      prereleases: ['0.4.0rc1', '0.4.0rc2'],
      unreleasedCommits: 0,
    });
    expect(r['0.3']).toMatchObject({ status: 'bugfix', firstRelease: '0.3.0', firstReleaseDate: '2025-01-10' });
  });
});

describe('Llama Stack-style: release-X.Y.x, rc tags, last 2 minors, old per-release branches', () => {
  it('finds the lines and keeps release-0.2.x ahead of the old release-0.2.1', async () => {
    const fx = await llamaStackRepo();
    const f = await facts(fx);
    // for-each-ref, the sample of main's first-parent chain (facts/line-history.ts), git log
    expect(f.spawned).toBe(3);
    const l = Object.fromEntries(f.discovery.lines.map((x) => [x.key, x]));
    expect(l['0.2']!.branches.map((b) => b.name)).toEqual(['release-0.2.x', 'release-0.2.1']);
    expect(l['0.3']!.forkPoint?.commit).toBe(fx.commits.cut03);
    const report = buildStatusReport(f.discovery, f.policy, '2025-04-15');
    expect(report.lines.map(row)).toEqual([
      ['0.6', 'main', 'feature', false, null, null, null, null, null],
      ['0.5', 'release-0.5.x', 'prerelease', false, null, null, null, null, 0],
      ['0.4', 'release-0.4.x', 'bugfix', false, '0.4.0', '0.4.1', null, null, 2],
      ['0.3', 'release-0.3.x', 'bugfix', false, '0.3.0', '0.3.0', null, null, 1],
      ['0.2', 'release-0.2.x', 'end-of-life', false, '0.2.0', '0.2.1', '2025-03-09', '2025-03-09', 0],
      ['0.1', null, 'end-of-life', false, '0.1.0', '0.1.0', '2025-02-09', '2025-02-09', null],
    ]);
    expect(report.lines[0]!.kind).toBe('development');
    expect(byLine(report)['0.2']!.notes).toContain('also branches release-0.2.1');
    expect(byLine(buildStatusReport(f.discovery, f.policy, '2025-03-09'))['0.2']!.status).toBe('bugfix');
  });
});

describe('VMPilot-style git-flow with tags only', () => {
  it('puts development on dev and the newest released line on main', async () => {
    const f = await facts(await vmpilotRepo());
    const report = buildStatusReport(f.discovery, f.policy, '2025-04-01');
    expect(report.lines.map(row)).toEqual([
      ['1.3', 'dev', 'feature', false, null, null, null, null, null],
      ['1.2', 'main', 'bugfix', false, '1.2.0', '1.2.0', null, null, 1],
      ['1.1', null, 'end-of-life', false, '1.1.0', '1.1.1', '2025-03-09', '2025-03-09', null],
      ['1.0', null, 'end-of-life', false, '1.0.0', '1.0.0', '2025-02-09', '2025-02-09', null],
    ]);
    expect(byLine(report)['1.2']!.maintainable).toBe(true);
    expect(byLine(report)['1.1']!.maintainable).toBe(false);
  });
});

describe('Tarantool-style series: X.Y and release/X.Y branches, archive/, backport/ branches, entrypoint tags', () => {
  it('reads every shape and never takes backport branches or entrypoint tags for lines or releases', async () => {
    const fx = await tarantoolRepo();
    const f = await facts(fx);
    // for-each-ref, the sample of main's first-parent chain (facts/line-history.ts), git log
    expect(f.spawned).toBe(3);
    const l = Object.fromEntries(f.discovery.lines.map((x) => [x.key, x]));
    expect(Object.keys(l)).toEqual(['3.1', '3.0', '2.11', '2.10']);
    expect(l['2.11']!.branches.map((b) => b.name)).toEqual(['release/2.11']);
    expect(l['2.10']).toMatchObject({ branch: 'archive/2.10', eolByTemplate: true });
    expect(l['3.0']!.prereleases.map((t) => t.tag)).toEqual(['3.0.0-alpha1', '3.0.0-rc1']);
    expect(l['3.0']!.entrypoint?.tag).toBe('3.0.0-entrypoint');
    expect(l['3.0']!.forkPoint?.commit).toBe(fx.commits.cut30);
    expect(l['3.1']).toMatchObject({ kind: 'development', branch: 'master', keyProjected: false, releases: [], prereleases: [] });
    expect(l['3.1']!.entrypoint?.tag).toBe('3.1.0-entrypoint');

    const report = buildStatusReport(f.discovery, f.policy, '2025-09-01');
    expect(report.lines.map(row)).toEqual([
      ['3.1', 'master', 'feature', false, null, null, null, null, 2],
      ['3.0', '3.0', 'bugfix', false, '3.0.0', '3.0.1', null, null, 1],
      ['2.11', 'release/2.11', 'bugfix', false, '2.11.0', '2.11.1', null, null, 0],
      ['2.10', 'archive/2.10', 'end-of-life', false, '2.10.0', '2.10.1', '2025-02-14', '2025-02-14', 0],
    ]);
    // untilNextMinor: 2.10 takes fixes until the day before 2.11.0 ships.
    expect(byLine(buildStatusReport(f.discovery, f.policy, '2025-02-14'))['2.10']!.status).toBe('bugfix');
    expect(byLine(buildStatusReport(f.discovery, f.policy, '2025-02-15'))['2.10']!.status).toBe('end-of-life');
  });

  it('a series in early development lives on master as a pre-release line', async () => {
    const f = await facts(await tarantoolAlphaRepo());
    const report = buildStatusReport(f.discovery, f.policy, '2025-03-01');
    expect(report.lines.map(row)).toEqual([
      ['3.0', 'master', 'prerelease', false, null, null, null, null, 1],
      ['2.11', 'release/2.11', 'bugfix', false, '2.11.0', '2.11.0', null, null, 0],
    ]);
    expect(report.lines[0]).toMatchObject({ kind: 'development', prereleases: ['3.0.0-alpha1'] });
  });
});

describe('Tarantool-style series: a released feature set that still lives on master', () => {
  it('is the development line: one row on master, its status from the support rules, maintainable', async () => {
    const fx = await tarantoolReleasedOnMasterRepo();
    const f = await facts(fx);
    // for-each-ref, the sample of main's first-parent chain (facts/line-history.ts), git log
    expect(f.spawned).toBe(3);
    const l = Object.fromEntries(f.discovery.lines.map((x) => [x.key, x]));
    expect(Object.keys(l)).toEqual(['3.1', '3.0']);
    expect(l['3.1']).toMatchObject({ kind: 'development', branch: 'master', keyProjected: false, maintainable: true, forkPoint: null });
    expect(l['3.1']!.entrypoint?.tag).toBe('3.1.0-entrypoint');

    const report = buildStatusReport(f.discovery, f.policy, '2025-03-10');
    expect(report.lines.map(row)).toEqual([
      ['3.1', 'master', 'bugfix', false, '3.1.0', '3.1.0', null, null, 1],
      // untilNextMinor: 3.0 ends the day before 3.1.0, released on master.
      ['3.0', '3.0', 'end-of-life', false, '3.0.0', '3.0.0', '2025-02-28', '2025-02-28', 0],
    ]);
    expect(report.lines[0]).toMatchObject({ kind: 'development', support: 'full', maintainable: true });
    expect(report.lines[0]!.notes.join('\n')).not.toContain('not maintainable');
    // Asked about a day before its first release, it is still the line in development.
    expect(buildStatusReport(f.discovery, f.policy, '2025-02-15').lines[0]).toMatchObject({ line: '3.1', status: 'feature' });
    // It is a released cycle for endoflife.date too.
    expect(endOfLifeCycles(report).map((c) => c.releaseCycle)).toEqual(['3.1', '3.0']);
  });

  it('a release tagged off the first-parent history of master is not a release made on master: tags only', async () => {
    const fx = await tarantoolReleasedOnMasterRepo({ sideTag: true });
    const f = await facts(fx);
    const report = buildStatusReport(f.discovery, f.policy, '2025-03-10');
    expect(report.lines.map((x) => [x.line, x.branch, x.kind, x.status, x.maintainable])).toEqual([
      ['3.2', 'master', 'development', 'feature', true],
      ['3.1', null, 'release', 'bugfix', false],
      ['3.0', '3.0', 'release', 'end-of-life', true],
    ]);
    // Without the history (callers that read refs only), the newest branchless line is taken to live on master.
    expect(discoverLines(f.refs, f.policy).lines.map((x) => [x.key, x.branch, x.kind])).toEqual([
      ['3.1', 'master', 'development'],
      ['3.0', '3.0', 'release'],
    ]);
  });
});

describe('Goose-style phases (DuckDB): vX.Y-codename merged back into main, LTS for a year', () => {
  it('keeps the fork point where the branch was cut despite repeated merges into main', async () => {
    const fx = await gooseRepo();
    const f = await facts(fx);
    const l = Object.fromEntries(f.discovery.lines.map((x) => [x.key, x]));
    expect(l['1.1']).toMatchObject({ branch: 'v1.1-eatoni', codename: 'eatoni', unreleasedCommits: 0 });
    expect(l['1.1']!.forkPoint?.commit).toBe(fx.commits.cut11);
    // git merge-base would answer the last merged commit instead.
    expect(await fx.repo.git('merge-base', 'main', 'v1.1-eatoni')).not.toBe(fx.commits.cut11);
    expect(l['1.2']!.forkPoint?.commit).toBe(fx.commits.cut12);

    const report = buildStatusReport(f.discovery, f.policy, '2025-07-10');
    expect(report.lines.map(row)).toEqual([
      ['1.4', 'main', 'feature', false, null, null, null, null, null],
      ['1.3', 'v1.3-ossivalis', 'prerelease', false, null, null, null, null, 0],
      ['1.2', 'v1.2-histrionicus', 'bugfix', false, '1.2.0', '1.2.0', null, null, 1],
      ['1.1', 'v1.1-eatoni', 'bugfix', true, '1.1.0', '1.1.2', '2026-01-10', '2026-01-10', 0],
    ]);
    expect(byLine(buildStatusReport(f.discovery, f.policy, '2026-01-10'))['1.1']!.status).toBe('bugfix');
    expect(byLine(buildStatusReport(f.discovery, f.policy, '2026-01-11'))['1.1']!.status).toBe('end-of-life');
  });
});
