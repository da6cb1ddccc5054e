/**
 * Histories built like the real projects `trellis missing` was measured on, each asserting the
 * answer a plain `cherry-pick -x` backport on local branches would get (present, with the
 * evidence), the same answer in a plain clone, and the same answer from `presenceOn` (what
 * `backport` asks before picking), so the two commands cannot disagree:
 *
 * - Lightspeed-style: cherry_picker picks a pull request's merge with `-m 1 -x` onto a backport
 *   branch that is merged into the line;
 * - duckdb-style: the line merges "Backport PR #20 to 0.2 (#25)", whose commit is a squashed
 *   copy; only that merge's subject names the pull request (merged on main as "Title (#20)");
 * - Llama Stack-style: "Cherry-pick of #30" and "Backport of … from #44" in the bodies;
 * - Goose-style phases (codename branches): fixes land on the line and merge back into main.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoverageReport } from '../../src/core/coverage/index.js';
import { loadPolicy } from '../../src/core/policy/load.js';
import { presenceOn } from '../../src/facts/coverage/index.js';
import { Git } from '../../src/git/git.js';
import { trellis } from '../helpers/cli.js';
import { makeRepo, type FixtureRepo } from '../helpers/repo.js';

const exec = promisify(execFile);
const NOW = '2026-01-15T12:00:00Z';
const TRUNK = `versioning:
  tag: "v{version}"
branches:
  main: main
  release: "release-{major}.{minor}.x"
support:
  lines:
    "0.2": { support: full }
`;
let parent: string;

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'trellis-real-'));
});
afterAll(async () => {
  if (parent) await rm(parent, { recursive: true, force: true });
});

/** `trellis missing --json` in the repository and in a plain clone of it: the same bytes, then the report. */
async function missingHereAndInClone(r: FixtureRepo): Promise<{ report: CoverageReport; code: number }> {
  const here = await trellis(['missing', '--json', '--no-cache'], { cwd: r.dir, env: r.env, now: NOW });
  const dir = join(parent, `clone-${Math.random().toString(36).slice(2)}`);
  await exec('git', ['clone', '-q', r.dir, dir], { env: r.env });
  const there = await trellis(['missing', '--json', '--no-cache'], { cwd: dir, env: r.env, now: NOW });
  expect(there.stdout).toBe(here.stdout);
  expect(there.code).toBe(here.code);
  expect(here.stderr).toBe('');
  return { report: JSON.parse(here.stdout) as CoverageReport, code: here.code };
}

const cell = (report: CoverageReport, commit: string, line: string) => report.changes.find((c) => c.commit === commit)?.states[line];

/** What `backport` would be told for `commits` onto `line` (from main). */
async function presence(r: FixtureRepo, policy: string, commits: string[], line: string) {
  const git = await Git.open(r.dir, { env: r.env });
  return presenceOn(git, loadPolicy(policy), { commits, target: await r.rev(line), source: await r.rev('main') });
}

async function start(policy: string): Promise<FixtureRepo> {
  const r = await makeRepo();
  await r.commit('chore: initial', { files: { '.trellis.yml': policy, 'a.txt': 'a\n' } });
  await r.branch('release-0.2.x');
  await r.tag('v0.2.0', { message: 'Release 0.2.0', target: 'release-0.2.x' });
  return r;
}

describe('Lightspeed-style: cherry_picker picks the merge of a pull request with -m 1', () => {
  it('finds every commit of the pull request on the line, through the merge', async () => {
    const r = await start(TRUNK);
    await r.branch('dev/fix');
    await r.checkout('dev/fix');
    const a = await r.commit('fix: parse an empty config', { files: { 'cfg.txt': 'cfg\n' } });
    const b = await r.commit('fix: keep the defaults of an empty config', { files: { 'cfg.txt': 'cfg\ndefaults\n' } });
    await r.checkout('main');
    await r.commit('feat: unrelated work', { files: { 'f.txt': 'f\n' } });
    const m = await r.merge('dev/fix', { message: 'Merge pull request #12 from dev/fix\n\nParse empty configs' });
    await r.checkout('release-0.2.x');
    await r.branch('backport-abc1234-0.2');
    await r.checkout('backport-abc1234-0.2');
    const pick = await r.cherryPick(m, { x: true, mainline: 1 });
    await r.checkout('release-0.2.x');
    await r.merge('backport-abc1234-0.2', {
      message: 'Merge pull request #13 from dev/backport-abc1234-0.2\n\n[0.2] Parse empty configs (GH-12)',
    });
    await r.checkout('main');

    const { report, code } = await missingHereAndInClone(r);
    const want = { state: 'present', via: 'merge', commit: pick, reason: `came with merge ${m.slice(0, 10)} (#12)` };
    expect(cell(report, a, '0.2')).toEqual(want);
    expect(cell(report, b, '0.2')).toEqual(want);
    expect(code).toBe(0);
    const told = await presence(r, TRUNK, [a, b, m], 'release-0.2.x');
    expect(told.get(a)).toEqual({ via: 'merge', commit: pick, merge: m });
    expect(told.get(b)).toEqual({ via: 'merge', commit: pick, merge: m });
    expect(told.get(m)).toEqual({ via: 'trailer', commit: pick });
  });
});

describe('duckdb-style: "Backport PR #20" only in the subject of the line’s merge', () => {
  it('finds the pull request’s commits on the line, and the squashed copy is no line-first fix', async () => {
    const r = await start(TRUNK);
    await r.branch('pr/20');
    await r.checkout('pr/20');
    const fix = await r.commit('Fix crash in window functions', { files: { 'window.cpp': 'fixed();\n' } });
    const test = await r.commit('Add a test for the window crash', { files: { 'window.test': 'select 1;\n' } });
    await r.checkout('main');
    await r.commit('Faster hash joins (#19)', { files: { 'join.cpp': 'fast();\n' } });
    const m = await r.merge('pr/20', { message: 'Fix crash in window functions (#20)' });
    await r.checkout('release-0.2.x');
    await r.branch('pr/25');
    await r.checkout('pr/25');
    const copy = await r.commit('Fix crash in window functions', {
      files: { 'window.cpp': 'fixed(); // 0.2\n', 'window.test': 'select 1;\n' },
    });
    await r.checkout('release-0.2.x');
    const lm = await r.merge('pr/25', { message: 'Backport PR #20 to 0.2 (#25)\n\nSee https://github.com/duckdb/duckdb/pull/20' });
    await r.checkout('main');

    const { report } = await missingHereAndInClone(r);
    const want = { state: 'present', via: 'merge', commit: lm, reason: `came with merge ${m.slice(0, 10)} (#20)` };
    expect(cell(report, fix, '0.2')).toEqual(want);
    expect(cell(report, test, '0.2')).toEqual(want);
    // The copy on the line says it is one (through its merge): not a fix made on 0.2 first.
    expect(report.changes.some((c) => c.commit === copy)).toBe(false);
    const told = await presence(r, TRUNK, [fix, test], 'release-0.2.x');
    expect(told.get(fix)).toEqual({ via: 'merge', commit: lm, merge: m });
  });
});

describe('Llama Stack-style: "Cherry-pick of #N" and "Backport of … from #N" bodies', () => {
  it('finds both backports by pull-request number, and neither is a line-first fix', async () => {
    const r = await start(TRUNK);
    const stale = await r.commit('fix: stale log ref (#30)', { files: { 'log.py': 'ref = "new"\n' } });
    const starter = await r.commit('fix: add [starter] pip extra for zero-install experience (#44)', {
      files: { 'extra.toml': 'starter\n' },
    });
    await r.checkout('release-0.2.x');
    const l31 = await r.commit('fix: point the log at the renamed path (#31)\n\nCherry-pick of #30 to release-0.2.x\n', {
      files: { 'log.py': 'ref = "new" # 0.2\n' },
    });
    const l45 = await r.commit(
      'fix: add [starter] pip extra (backport) (#45)\n\n## Summary\n\nBackport of the `[starter]` pip extra from #44 to the release-0.2.x\nbranch.\n',
      { files: { 'extra.toml': 'starter # 0.2\n' } },
    );
    await r.checkout('main');

    const { report, code } = await missingHereAndInClone(r);
    expect(cell(report, stale, '0.2')).toEqual({ state: 'present', via: 'pull-request', commit: l31, reason: null });
    expect(cell(report, starter, '0.2')).toEqual({ state: 'present', via: 'pull-request', commit: l45, reason: null });
    // No "fixed on 0.2 first; main does not have it" for the backports themselves.
    expect(report.changes.map((c) => c.commit)).toEqual([starter, stale]);
    expect(code).toBe(0);
    const told = await presence(r, TRUNK, [stale, starter], 'release-0.2.x');
    expect(told.get(stale)).toEqual({ via: 'pull-request', commit: l31 });
    expect(told.get(starter)).toEqual({ via: 'pull-request', commit: l45 });
  });
});

describe('Goose-style phases: fixes land on the codename branch and merge back into main', () => {
  const GOOSE = `versioning:
  tag: "v{version}"
branches:
  main: main
  release: "v{major}.{minor}-{codename}"
support:
  lines:
    "1.0": { support: full }
phases:
  current: mid-cycle
`;

  it('checks the line’s own fixes on main, and expects none of main’s changes on the line', async () => {
    const r = await makeRepo();
    await r.commit('chore: initial', { files: { '.trellis.yml': GOOSE, 'a.cpp': 'a\n' } });
    await r.branch('v1.0-nivis');
    await r.tag('v1.0.0', { message: 'Release 1.0.0', target: 'v1.0-nivis' });
    const mainFix = await r.commit('fix: planner bug in code only 1.1 has', { files: { 'planner.cpp': 'fixed();\n' } });
    await r.commit('feat: new optimizer rule', { files: { 'optimizer.cpp': 'rule();\n' } });
    await r.checkout('v1.0-nivis');
    const merged = await r.commit('fix: wrong result in window functions', { files: { 'window.cpp': 'fixed();\n' } });
    await r.checkout('main');
    await r.merge('v1.0-nivis', { message: "Merge branch 'v1.0-nivis'" });
    await r.checkout('v1.0-nivis');
    const pending = await r.commit('fix: crash on an empty table', { files: { 'empty.cpp': 'fixed();\n' } });
    await r.checkout('main');

    const { report, code } = await missingHereAndInClone(r);
    expect(report.lines).toEqual(['1.0']);
    expect(report.changes.map((c) => c.commit)).toEqual([pending, merged]);
    expect(report.changes.some((c) => c.commit === mainFix)).toBe(false);
    expect(cell(report, merged, 'main')).toEqual({ state: 'present', via: 'reachable', commit: merged, reason: null });
    expect(cell(report, pending, 'main')).toMatchObject({ state: 'missing', reason: 'fixed on 1.0 first; main does not have it' });
    expect(cell(report, pending, '1.0')).toMatchObject({ state: 'present', via: 'reachable' });
    expect(code).toBe(0);
    const text = await trellis(['missing', '--no-cache'], { cwd: r.dir, env: r.env, now: NOW });
    expect(text.stdout).toContain("Fixes land on the lines first and merge back (the policy's flow)");
  });
});
