import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CoverageReport } from '../../src/core/coverage/index.js';
import { loadPolicy } from '../../src/core/policy/load.js';
import { coverageLines, runCoverage } from '../../src/facts/coverage/index.js';
import { Git } from '../../src/git/git.js';
import { trellis } from '../helpers/cli.js';
import { makeRepo } from '../helpers/repo.js';
import { buildStory, POLICY, type Story } from './fixture.js';

const NOW = '2026-01-15T12:00:00Z';

async function coverage(s: Story, args: string[] = []): Promise<{ code: number; report: CoverageReport; stderr: string }> {
  const res = await trellis(['missing', '--json', ...args], { cwd: s.r.dir, env: s.r.env, now: NOW });
  return { code: res.code, report: JSON.parse(res.stdout) as CoverageReport, stderr: res.stderr };
}

describe('trellis missing on a history with every state', () => {
  let s: Story;
  let report: CoverageReport;
  let code: number;
  beforeAll(async () => {
    s = await buildStory();
    ({ report, code } = await coverage(s, ['--no-cache']));
  }, 60_000);
  const state = (commit: string, line: string) => report.changes.find((c) => c.commit === commit)?.states[line];

  it('lists the maintained lines, newest first, and starts where the oldest forked', () => {
    expect(report.lines).toEqual(['0.2', '0.1']);
    // A full commit id in JSON (the matrix shortens it).
    expect(report.since).toBe(s.c.c0!);
    expect(report.changes.some((c) => c.commit === s.c.c0)).toBe(false);
  });

  it('finds -x backports by trailer, naming the carrying commit', () => {
    expect(state(s.c.x!, '0.2')).toEqual({ state: 'present', via: 'trailer', commit: s.c.x2, reason: null });
    expect(state(s.c.x!, '0.1')).toMatchObject({ state: 'present', via: 'trailer', commit: s.c.x1 });
  });

  it('finds manual cherry-picks without the trailer by patch-id', () => {
    expect(state(s.c.manual!, '0.2')).toEqual({ state: 'present', via: 'patch-id', commit: s.c.manual2, reason: null });
  });

  it('finds conflict-resolved backports (another patch-id) by their trailer', () => {
    expect(state(s.c.conflict!, '0.2')).toMatchObject({ state: 'present', via: 'trailer', commit: s.c.conflict2 });
  });

  it('follows a chain of picks across lines', () => {
    expect(state(s.c.chain!, '0.2')).toMatchObject({ state: 'present', via: 'trailer', commit: s.c.chain2 });
    expect(state(s.c.chain!, '0.1')).toMatchObject({ state: 'present', via: 'trailer', commit: s.c.chain1 });
  });

  it('finds squash-merged pull requests by bot-style backport messages', () => {
    expect(state(s.c.squash!, '0.2')).toMatchObject({ state: 'present', via: 'pull-request', commit: s.c.squash2 });
  });

  it('a reverted fix and its revert need no backport where the fix never went', () => {
    expect(state(s.c.reverted!, '0.2')).toMatchObject({ state: 'not-needed', reason: `reverted on main by ${s.c.revert!.slice(0, 10)}` });
    expect(state(s.c.revert!, '0.2')).toMatchObject({ state: 'not-needed' });
    expect(state(s.c.revert!, '0.2')?.reason).toContain('which 0.2 does not have');
  });

  it('honours opt-outs by trailer and by the policy file, with the reason', () => {
    expect(state(s.c.optTrailer!, '0.2')).toMatchObject({ state: 'not-needed', reason: 'opted out by a "Backport: no" trailer' });
    expect(state(s.c.optFile!, '0.2')).toMatchObject({ state: 'not-needed', reason: 'opted out: the code is not in old releases' });
  });

  it('reports an unmerged backport branch as pending', () => {
    expect(state(s.c.pending!, '0.2')).toMatchObject({ state: 'pending', via: 'branch', commit: s.c.pending2 });
    // 0.1 is security-only: a bug fix is not needed there.
    expect(state(s.c.pending!, '0.1')).toMatchObject({ state: 'not-needed', reason: 'bugfix changes do not go to security lines' });
  });

  it('says probable, not present, for a subject-only match', () => {
    expect(state(s.c.probable!, '0.2')).toMatchObject({ state: 'probable', via: 'subject', commit: s.c.probable2 });
  });

  it('reports missing fixes with the rule that wants them', () => {
    expect(state(s.c.missing!, '0.2')).toMatchObject({
      state: 'missing',
      via: null,
      commit: null,
      reason: '0.2 is a bugfix line and takes bugfix changes',
    });
  });

  it('a security fix missing on lines that must have it exits 1', () => {
    expect(report.changes.find((c) => c.commit === s.c.security)?.kind).toBe('security');
    expect(state(s.c.security!, '0.1')).toMatchObject({ state: 'missing' });
    expect(state(s.c.security!, '0.2')).toMatchObject({ state: 'missing' });
    expect(code).toBe(1);
  });

  it('features are not needed on lines whose status does not take them', () => {
    expect(state(s.c.feature!, '0.2')).toMatchObject({ state: 'not-needed', reason: 'feature changes do not go to bugfix lines' });
  });

  it('a fix whose Fixes: commit is not on the line is not needed there', () => {
    expect(state(s.c.fixesNew!, '0.1')).toMatchObject({ state: 'not-needed' });
    expect(state(s.c.fixesNew!, '0.1')?.reason).toContain(`the bug came with ${s.c.bug!.slice(0, 10)}`);
    expect(state(s.c.fixesNew!, '0.2')).toMatchObject({ state: 'missing' });
  });

  it('reports a fix made on a line first that main does not have (the reverse direction)', () => {
    const row = report.changes.find((c) => c.commit === s.c.lineFirst);
    expect(row?.states['0.2']).toMatchObject({ state: 'present', via: 'reachable' });
    expect(row?.states.main).toMatchObject({ state: 'missing', reason: 'fixed on 0.2 first; main does not have it' });
    // Backports on lines are not reverse changes.
    expect(report.changes.some((c) => c.commit === s.c.x2)).toBe(false);
  });

  it('filters by kind and line, and prints Markdown and a matrix', async () => {
    const sec = await coverage(s, ['--kind', 'security', '--line', '0.1', '--no-cache']);
    expect(sec.report.lines).toEqual(['0.1']);
    expect(sec.report.changes.map((c) => c.commit)).toEqual([s.c.security]);
    const md = await trellis(['missing', '--markdown', '--no-cache'], { cwd: s.r.dir, env: s.r.env, now: NOW });
    expect(md.stdout).toContain(
      `- [ ] ${s.c.security!.slice(0, 10)} fix: escape user input (security): missing on **0.2**; missing on **0.1**`,
    );
    const text = await trellis(['missing', '--no-cache', '--wide'], { cwd: s.r.dir, env: s.r.env, now: NOW });
    expect(text.stdout).toMatch(new RegExp(`${s.c.missing!.slice(0, 10)}\\s+bugfix\\s+MISSING\\s+-\\s+fix: nobody backported this`));
    expect(text.stderr).toBe('');
  });

  it('rejects an unknown line and a bad kind with exit 2', async () => {
    const bad = await trellis(['missing', '--line', '9.9'], { cwd: s.r.dir, env: s.r.env, now: NOW });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown line '9.9'");
    const kind = await trellis(['missing', '--kind', 'chore'], { cwd: s.r.dir, env: s.r.env, now: NOW });
    expect(kind.code).toBe(2);
  });
});

describe('merge-back (duckdb-style)', () => {
  it('a change merged from the release branch into main is present on the line by reachability', async () => {
    const r = await makeRepo();
    await r.commit('chore: initial', { files: { '.trellis.yml': POLICY.replace(/backport:\n {2}optOutFile.*\n/, ''), 'a.txt': 'a\n' } });
    await r.branch('release-0.2.x');
    await r.tag('v0.2.0', { message: 'Release 0.2.0', target: 'release-0.2.x' });
    await r.commit('feat: main work', { files: { 'm.txt': 'm\n' } });
    await r.checkout('release-0.2.x');
    const fix = await r.commit('fix: made on the release branch', { files: { 'f.txt': 'f\n' } });
    await r.checkout('main');
    await r.merge('release-0.2.x', { message: 'Merge release-0.2.x into main' });
    const res = await trellis(['missing', '--json', '--no-cache'], { cwd: r.dir, env: r.env, now: NOW });
    const report = JSON.parse(res.stdout) as CoverageReport;
    expect(report.lines).toEqual(['0.2']);
    const row = report.changes.find((c) => c.commit === fix);
    expect(row?.states['0.2']).toEqual({ state: 'present', via: 'reachable', commit: fix, reason: null });
    expect(row?.states.main).toBeUndefined();
  });
});

describe('the caches under .git/trellis', () => {
  async function run(s: Story) {
    const git = await Git.open(s.r.dir, { env: s.r.env });
    const policy = loadPolicy(POLICY);
    const lines = await coverageLines(git, policy, '2026-01-15');
    const before = git.stats.spawned;
    const out = await runCoverage(git, { policy, lines: lines.columns, refs: lines.refs });
    return { ...out, spawned: git.stats.spawned - before };
  }

  it('a warm run reuses commit facts and patch-ids: fewer git processes, the same report', async () => {
    const s = await buildStory();
    const cold = await run(s);
    expect(cold.stats.cache).toEqual({ commits: 'missing', patchIds: 'missing' });
    expect(cold.stats.patchIdsComputed).toBeGreaterThan(0);
    expect(cold.stats.patchIdsComputed).toBeLessThan(cold.stats.commits);
    const warm = await run(s);
    expect(warm.stats.cache).toEqual({ commits: 'ok', patchIds: 'ok' });
    expect(warm.stats.commitFactsRead).toBe(0);
    expect(warm.stats.patchIdsComputed).toBe(0);
    // warm: rev-list, merge-base, cat-file (opt-out file), rev-parse (Fixes:) — no log, no diffs.
    expect(warm.spawned).toBeLessThan(cold.spawned);
    expect(warm.spawned).toBeLessThanOrEqual(4);
    expect(warm.report).toEqual(cold.report);
  }, 60_000);

  it('two runs at once both succeed and leave a valid cache', async () => {
    const s = await buildStory();
    const [a, b] = await Promise.all([run(s), run(s)]);
    expect(a.report).toEqual(b.report);
    const again = await run(s);
    expect(again.stats.cache).toEqual({ commits: 'ok', patchIds: 'ok' });
    expect(again.report).toEqual(a.report);
  }, 60_000);

  it('a corrupt or foreign cache file is rebuilt, not trusted', async () => {
    const s = await buildStory();
    const cold = await run(s);
    const dir = join(s.r.dir, '.git', 'trellis');
    const pidFile = join(dir, 'patch-ids');
    const text = await readFile(pidFile, 'utf8');
    // Flip one patch-id: the checksum no longer matches.
    const lines = text.split('\n');
    lines[1] = lines[1]!.replace(/\t[0-9a-f]/, (m) => `\t${m[1] === '0' ? '1' : '0'}`);
    await writeFile(pidFile, lines.join('\n'));
    await writeFile(join(dir, 'commit-facts'), 'trellis-cache 999 commit-facts other\n');
    const rebuilt = await run(s);
    expect(rebuilt.stats.cache.patchIds).toBe('rebuilt (checksum mismatch)');
    expect(rebuilt.stats.cache.commits).toBe('rebuilt (foreign or outdated header)');
    expect(rebuilt.stats.patchIdsComputed).toBe(cold.stats.patchIdsComputed);
    expect(rebuilt.report).toEqual(cold.report);
    const after = await run(s);
    expect(after.stats.cache).toEqual({ commits: 'ok', patchIds: 'ok' });
  }, 60_000);
});

describe('paths read ahead', () => {
  it('gives the same report and paths as reading them after the plan', async () => {
    const s = await buildStory();
    const git = await Git.open(s.r.dir, { env: s.r.env });
    const policy = loadPolicy(POLICY);
    const lines = await coverageLines(git, policy, '2026-01-15');
    const opts = { policy, lines: lines.columns, refs: lines.refs, cache: false };
    const after = await runCoverage(git, { ...opts, readAheadMin: Number.POSITIVE_INFINITY });
    const ahead = await runCoverage(git, { ...opts, readAheadMin: 1 });
    expect(ahead.report).toEqual(after.report);
    expect(ahead.stats.pathsRead).toBeGreaterThanOrEqual(after.stats.pathsRead);
    expect(ahead.stats.patchIdsComputed).toBe(after.stats.patchIdsComputed);
  }, 60_000);
});
