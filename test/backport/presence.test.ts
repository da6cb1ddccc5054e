/**
 * `backport` and `missing` agree on "already present": on a line that carries pull requests the
 * ways real projects backport them — cherry_picker's `-m 1` pick of main's merge (Lightspeed-
 * style), a line merge "Backport PR #N" of a squashed copy (duckdb-style), a "Cherry-pick of #N"
 * body (Llama Stack-style) — `backport --auto` calls already present exactly the cells `missing`
 * calls present, with the same evidence (carrier and merge), and picks nothing there.
 */
import { describe, expect, it } from 'vitest';
import type { BackportReport } from '../../src/core/backport/index.js';
import type { CoverageReport } from '../../src/core/coverage/index.js';
import { trellis } from '../helpers/cli.js';
import { makeRepo, type FixtureRepo } from '../helpers/repo.js';
import { refs } from './fixture.js';

const NOW = '2026-01-15T12:00:00Z';
const POLICY = `versioning:
  tag: "v{version}"
branches:
  main: main
  release: "release-{major}.{minor}.x"
support:
  lines:
    "0.2": { support: full }
`;
/** missing's evidence names → backport's (backport has always said ancestor and origin). */
const AS_BACKPORT: Record<string, string> = {
  reachable: 'ancestor',
  trailer: 'origin',
  'pull-request': 'pull-request',
  merge: 'merge',
  'patch-id': 'patch-id',
};

/** main with three pull requests backported to release-0.2.x in three ways, and one fix not backported. */
async function backportedThreeWays(): Promise<{ r: FixtureRepo; notCarried: string }> {
  const r = await makeRepo();
  await r.commit('chore: initial', { files: { '.trellis.yml': POLICY, 'a.txt': 'a\n' } });
  await r.branch('release-0.2.x');
  await r.tag('v0.2.0', { message: 'Release 0.2.0', target: 'release-0.2.x' });
  // Lightspeed-style: a pull request merged with a merge commit, picked with -m 1 -x by cherry_picker.
  await r.branch('dev/fix');
  await r.checkout('dev/fix');
  await r.commit('fix: parse an empty config', { files: { 'cfg.txt': 'cfg\n' } });
  await r.commit('fix: keep the defaults of an empty config', { files: { 'cfg.txt': 'cfg\ndefaults\n' } });
  await r.checkout('main');
  const m12 = await r.merge('dev/fix', { message: 'Merge pull request #12 from dev/fix\n\nParse empty configs' });
  // duckdb-style: a pull request merged on main, its squashed copy merged into the line as "Backport PR #20".
  await r.branch('pr/20');
  await r.checkout('pr/20');
  await r.commit('fix: crash in window functions', { files: { 'window.cpp': 'fixed();\n' } });
  await r.checkout('main');
  await r.merge('pr/20', { message: 'fix: crash in window functions (#20)' });
  // Llama Stack-style: a squashed fix on main, a "Cherry-pick of #30" on the line.
  await r.commit('fix: stale log ref (#30)', { files: { 'log.py': 'ref = "new"\n' } });
  const notCarried = await r.commit('fix: close the socket on timeout (#31)', { files: { 'net.py': 'close()\n' } });

  await r.checkout('release-0.2.x');
  await r.branch('backport-abc1234-0.2');
  await r.checkout('backport-abc1234-0.2');
  await r.cherryPick(m12, { x: true, mainline: 1 });
  await r.checkout('release-0.2.x');
  await r.merge('backport-abc1234-0.2', {
    message: 'Merge pull request #13 from dev/backport-abc1234-0.2\n\n[0.2] Parse empty configs (GH-12)',
  });
  await r.branch('pr/25');
  await r.checkout('pr/25');
  await r.commit('fix: crash in window functions', { files: { 'window.cpp': 'fixed(); // 0.2\n' } });
  await r.checkout('release-0.2.x');
  await r.merge('pr/25', { message: 'Backport PR #20 to 0.2 (#25)' });
  await r.commit('fix: point the log at the renamed path (#32)\n\nCherry-pick of #30 to release-0.2.x\n', {
    files: { 'log.py': 'ref = "new" # 0.2\n' },
  });
  await r.checkout('main');
  return { r, notCarried };
}

describe('backport and missing agree on what a line carries already', () => {
  it('backport --auto is already-present exactly where missing says present, with the same evidence, and picks nothing there', async () => {
    const { r, notCarried } = await backportedThreeWays();
    const run = (args: string[]) => trellis(args, { cwd: r.dir, env: r.env, now: NOW });
    const missing = await run(['missing', '--json', '--no-cache']);
    expect(missing.stderr).toBe('');
    const report = JSON.parse(missing.stdout) as CoverageReport;
    const rows = report.changes.map((c) => c.commit);
    expect(rows).toHaveLength(5); // the two commits of #12, the one of #20, #30 and #31
    const before = await refs(r);
    let seenVia = new Set<string>();
    for (const change of report.changes) {
      const cell = change.states['0.2'];
      const res = await run(['backport', '--auto', '--kind', 'bugfix', '--json', change.commit]);
      expect(res.stderr).toBe('');
      const rep = JSON.parse(res.stdout) as BackportReport;
      const i = rep.plan?.targets.findIndex((t) => t.target.line === '0.2') ?? -1;
      const step = rep.results[i]?.steps[0];
      if (cell?.state === 'present') {
        seenVia = seenVia.add(cell.via as string);
        expect(rep.results[i]?.outcome).toBe('already-present');
        const merge = cell.via === 'merge' ? { merge: expect.stringMatching(/^[0-9a-f]{40}$/) as unknown } : {};
        expect(step).toEqual({
          commit: change.commit,
          source: change.commit,
          status: 'already-present',
          carrier: cell.commit,
          evidence: AS_BACKPORT[cell.via as string],
          ...merge,
        });
        if (step?.status === 'already-present' && step.merge) expect(cell.reason).toContain(`came with merge ${step.merge.slice(0, 10)}`);
        expect(rep.updates).toEqual([]);
        expect(rep.exitCode).toBe(0);
        expect(rep.plan?.targets[i]?.present).toEqual([
          { commit: change.commit, evidence: step?.status === 'already-present' ? step.evidence : null, carrier: cell.commit, ...merge },
        ]);
      } else {
        expect(change.commit).toBe(notCarried);
        expect(cell?.state).toBe('missing');
        expect(step?.status).toBe('clean');
        expect(rep.plan?.targets[i]?.present).toBeUndefined();
      }
    }
    expect([...seenVia].sort()).toEqual(['merge', 'pull-request']);
    // Only the run for the one fix the line lacks wrote a ref: its backport branch.
    const after = (await refs(r)).split('\n').filter((l) => !before.split('\n').includes(l));
    expect(after).toEqual([expect.stringMatching(new RegExp(`^refs/heads/backport/0\\.2/${notCarried.slice(0, 10)} `))]);
  });

  it('says so in text: the carrier, the merge and the pull request', async () => {
    const { r } = await backportedThreeWays();
    const run = (args: string[]) => trellis(args, { cwd: r.dir, env: r.env, now: NOW });
    const fix = await r.git('log', '--format=%H', '-1', '--grep', 'parse an empty config', 'main');
    const stale = await r.git('log', '--format=%H', '-1', '--grep', 'stale log ref', 'main');
    const a = await run(['backport', '--to', '0.2', fix]);
    expect(a.stdout).toMatch(/already present in [0-9a-f]{10} \(came with merge [0-9a-f]{10}\)/);
    const b = await run(['backport', '--to', '0.2', stale]);
    expect(b.stdout).toMatch(/already present in [0-9a-f]{10} \(names its pull request\)/);
    expect(b.stdout).toContain('nothing to change');
  });
});

describe('a line’s fix carried to the development branch', () => {
  it('is already present on main where main records it as its origin (main is the target, not the source)', async () => {
    const { r } = await backportedThreeWays();
    await r.checkout('release-0.2.x');
    const lineFix = await r.commit('fix: a bug only the line had', { files: { 'only.txt': 'fixed\n' } });
    await r.checkout('main');
    const onMain = await r.cherryPick(lineFix, { x: true });
    const res = await trellis(['backport', '--to', 'main', '--json', lineFix], { cwd: r.dir, env: r.env, now: NOW });
    const rep = JSON.parse(res.stdout) as BackportReport;
    expect(rep.results[0]?.steps[0]).toEqual({
      commit: lineFix,
      source: lineFix,
      status: 'already-present',
      carrier: onMain,
      evidence: 'origin',
    });
    expect(rep.updates).toEqual([]);
  });
});
