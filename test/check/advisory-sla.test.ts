/**
 * `trellis check`'s `advisory-sla` rule on a Lightspeed-style repository (the advisory stories'
 * fixture: release/X.Y branches, X.Y.Z tags, `security.sla` from the preset: critical fixes in 7
 * days), with the records written by the real `trellis advisory add`: a repository past an SLA
 * and one within it, the three output formats, embargo, `check.since`, a pull request into an
 * overdue line, a bad record. And the classifier: a commit a record names as its fix is a
 * security fix for `check` and `missing` whatever its message says.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/app/check.js';
import { advisoryRepo, type AdvisoryRepo } from '../advisory/fixture.js';

const CRITICAL = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';

interface Repo extends AdvisoryRepo {
  fix: string;
  check(day: string, ...args: string[]): Promise<CheckReport & { code: number; stdout: string }>;
}

/** The fixture with CVE-2026-1000 (critical, reported 2026-02-01, fix due 2026-02-08) fixed on main on 2026-02-02, not backported. */
async function overdueRepo(): Promise<Repo> {
  const a = await advisoryRepo();
  const { s } = a;
  // A plain "fix:" subject: only the record says it is a security fix.
  const fix = await s.r.commit('fix: bound the token cache', { files: { 'cache.py': 'cache = {}\nlimit = 10\n' }, date: '2026-02-02' });
  await a.add('2026-02-02', 'CVE-2026-1000', {
    severity: CRITICAL,
    introduced: '0.4.0',
    fix,
    reported: '2026-02-01',
    summary: 'Unbounded token cache',
  });
  // (A message naming the CVE would make the commit a security fix by itself.)
  await s.r.commit('chore: record the advisory', { date: '2026-02-02' });
  const check = async (day: string, ...args: string[]) => {
    const out = await s.run(day, 'check', ...args, '--json');
    expect(out.stderr).toBe('');
    const report = JSON.parse(out.stdout) as CheckReport;
    expect(report.exitCode).toBe(out.code);
    return { ...report, code: out.code, stdout: out.stdout };
  };
  return { ...a, fix, check };
}

const sla = (r: CheckReport) => r.findings.filter((f) => f.rule === 'advisory-sla');

describe('advisory-sla', () => {
  it('within the SLA: no finding; past it: one error per line where the fix is due, with the days and the remedy', async () => {
    const a = await overdueRepo();
    expect((await a.check('2026-02-05')).rules.map((x) => x.rule)).toContain('advisory-sla');
    expect(sla(await a.check('2026-02-05'))).toEqual([]);
    const late = await a.check('2026-02-20');
    expect(late.code).toBe(1);
    const short = a.fix.slice(0, 10);
    expect(sla(late)).toEqual([
      {
        rule: 'advisory-sla',
        severity: 'error',
        message: `advisory CVE-2026-1000 (critical): the fix on line 0.6 is overdue by 12 day(s) (reported 2026-02-01, due 2026-02-08): no fix on release/0.6: trellis backport ${short} --to 0.6`,
        line: '0.6',
      },
      {
        rule: 'advisory-sla',
        severity: 'error',
        message: `advisory CVE-2026-1000 (critical): the fix on line 0.5 is overdue by 12 day(s) (reported 2026-02-01, due 2026-02-08): no fix on release/0.5: trellis backport ${short} --to 0.5`,
        line: '0.5',
      },
    ]);
    // The summary is never in a finding (CI logs are often public).
    expect(late.stdout).not.toContain('Unbounded token cache');
    // The same rows as `advisory sla` (one computation).
    const { rows } = JSON.parse((await a.s.run('2026-02-20', 'advisory', 'sla', '--json')).stdout) as {
      rows: Array<{ what: string; line: string | null; state: string }>;
    };
    expect(rows.filter((r) => r.state === 'overdue').map((r) => r.line)).toEqual(['0.6', '0.5']);

    // Backported and released on 0.6, backported only on 0.5: 0.6 is met, 0.5 waits for a release.
    await a.s.ok('2026-02-21', 'backport', a.fix, '--to', '0.6', '--direct');
    await a.s.ok('2026-02-21', 'backport', a.fix, '--to', '0.5', '--direct');
    await a.s.r.tag('0.6.1', { message: 'Release 0.6.1', date: '2026-02-21', target: 'release/0.6' });
    const after = await a.check('2026-02-22');
    expect(sla(after).map((f) => f.line)).toEqual(['0.5']);
    expect(sla(after)[0]?.message).toMatch(
      /: the fix [0-9a-f]{10} is on release\/0\.5 but in no release of the line yet: trellis release 0\.5$/,
    );
    await a.s.r.tag('0.5.1', { message: 'Release 0.5.1', date: '2026-02-22', target: 'release/0.5' });
    expect(sla(await a.check('2026-02-23'))).toEqual([]);
  });

  it('text and GitHub formats; a warning level keeps the exit 0; off runs nothing', async () => {
    const a = await overdueRepo();
    const text = await a.s.run('2026-02-20', 'check');
    expect(text.stdout).toMatch(
      /^error: advisory CVE-2026-1000 \(critical\): the fix on line 0\.6 is overdue by 12 day\(s\) .* \[advisory-sla\]$/m,
    );
    const gh = await a.s.run('2026-02-20', 'check', '--format', 'github');
    expect(gh.stdout).toMatch(
      /^::error title=trellis check%3A advisory-sla::advisory CVE-2026-1000 \(critical\): the fix on line 0\.5 is overdue by 12 day\(s\)/m,
    );
    const policy = join(a.s.r.dir, '.trellis.yml');
    const base = await a.s.show('HEAD', '.trellis.yml');
    // security-missing would fail the check too (the fix is a security fix by its record): off here.
    writeFileSync(policy, `${base}check:\n  rules:\n    advisory-sla: warning\n    security-missing: off\n`);
    const warned = await a.check('2026-02-20');
    expect(sla(warned).map((f) => f.severity)).toEqual(['warning', 'warning']);
    expect(warned.code).toBe(0);
    writeFileSync(policy, `${base}check:\n  rules:\n    advisory-sla: off\n`);
    expect(sla(await a.check('2026-02-20'))).toEqual([]);
  });

  it('check.since: advisories reported before the day are accepted', async () => {
    const a = await overdueRepo();
    const base = await a.s.show('HEAD', '.trellis.yml');
    writeFileSync(join(a.s.r.dir, '.trellis.yml'), `${base}check:\n  since: "2026-02-02"\n`);
    expect(sla(await a.check('2026-02-20'))).toEqual([]);
  });

  it('embargo: the repository check names the id, marked, without severity or summary; a pull request leaves it out', async () => {
    const a = await overdueRepo();
    const other = await a.s.r.commit('fix: escape the log line', { files: { 'log.py': 'escape = True\n' }, date: '2026-02-03' });
    await a.add('2026-02-03', 'PROJ-2026-7', {
      severity: 'high',
      fix: other,
      reported: '2026-02-01',
      'embargo-until': '2026-04-01',
      summary: 'Secret log injection',
    });
    const report = await a.check('2026-02-20');
    const embargoed = sla(report).filter((f) => f.message.includes('PROJ-2026-7'));
    // No introducing commit recorded: every line is taken as affected.
    expect(embargoed.map((f) => f.line)).toEqual(['0.6', '0.5', '0.3']);
    expect(embargoed[0]?.message).toMatch(
      /^advisory PROJ-2026-7 \(embargoed until 2026-04-01\): the fix on line 0\.6 is overdue by 5 day\(s\)/,
    );
    expect(report.stdout).not.toContain('Secret log injection');
    expect(report.stdout).not.toMatch(/PROJ-2026-7 \(high\)/);
    // A pull request into 0.5: the disclosed advisory only, as a warning.
    await a.s.r.git('branch', 'topic', 'release/0.5');
    await a.commitOn('topic', 'docs: a note', { 'NOTE.md': 'note\n' }, '2026-02-19');
    const pr = await a.check('2026-02-20', '--base', 'release/0.5', '--head', 'topic');
    expect(sla(pr).map((f) => [f.severity, f.line])).toEqual([['warning', '0.5']]);
    expect(pr.stdout).not.toContain('PROJ-2026-7');
  });

  it('a pull request into the overdue line that carries the fix is told so, as a warning (only a release meets the SLA)', async () => {
    const a = await overdueRepo();
    await a.s.r.git('branch', 'topic', 'release/0.5');
    await a.s.r.checkout('topic');
    await a.s.r.git('cherry-pick', '-x', a.fix);
    await a.s.r.checkout('main');
    const pr = await a.check('2026-02-20', '--base', 'release/0.5', '--head', 'topic');
    const [f] = sla(pr);
    expect(f).toMatchObject({ severity: 'warning', line: '0.5' });
    expect(f?.message).toMatch(/; this pull request carries it \([0-9a-f]{10}\): release it once merged$/);
    // A pull request into another line does not hear of 0.5.
    await a.s.r.git('branch', 'topic6', 'release/0.6');
    await a.commitOn('topic6', 'docs: a note', { 'NOTE.md': 'note\n' }, '2026-02-19');
    expect(sla(await a.check('2026-02-20', '--base', 'release/0.6', '--head', 'topic6')).map((x) => x.line)).toEqual(['0.6']);
  });

  it('a bad record is a located finding, not a crash', async () => {
    const a = await overdueRepo();
    writeFileSync(join(a.s.r.dir, '.trellis/advisories/CVE-2026-2.json'), '{\n  "id": "CVE-2026-2",\n  oops\n}\n');
    const report = await a.check('2026-02-20');
    expect(sla(report)).toEqual([
      expect.objectContaining({ severity: 'error', file: '.trellis/advisories/CVE-2026-2.json', fileLine: 3, fileColumn: 3 }),
    ]);
    expect(sla(report)[0]?.message).toMatch(/^invalid JSON/);
  });
});

describe('a commit an advisory names as its fix is a security fix (one classifier for missing, check and backport --auto)', () => {
  it('check reports it under security-missing, missing classifies it security and exits 1', async () => {
    const a = await overdueRepo();
    const report = await a.check('2026-02-05');
    const sec = report.findings.filter((f) => f.rule === 'security-missing');
    expect(sec.map((f) => f.line)).toEqual(['0.6', '0.5']);
    expect(report.findings.filter((f) => f.rule === 'backport-overdue')).toEqual([]);
    const missing = await a.s.run('2026-02-05', 'missing', '--json');
    expect(missing.code).toBe(1);
    const rows = JSON.parse(missing.stdout) as {
      changes: Array<{ commit: string; kind: string; states: Record<string, { state: string; reason: string | null }> }>;
    };
    const row = rows.changes.find((c) => c.commit === a.fix);
    expect(row?.kind).toBe('security');
    // The record's introducing commit reads as a Fixes: trailer: 0.3 forked before it and needs no fix.
    expect(row?.states['0.3']).toMatchObject({
      state: 'not-needed',
      reason: `the bug came with ${a.vuln.slice(0, 10)}, which 0.3 does not have`,
    });
    expect(row?.states['0.5']?.state).toBe('missing');
    // missing --explain says why.
    const explained = JSON.parse((await a.s.run('2026-02-05', 'missing', '--explain', a.fix, '--json')).stdout) as { reason: unknown };
    expect(explained.reason).toEqual({ signal: 'security-advisory', rule: null, matched: ['CVE-2026-1000'] });
    // Without the record the same commit is a bug fix (and a warm replay must not serve the old answer).
    await a.s.r.git('rm', '-q', '-r', '.trellis/advisories');
    const plain = await a.s.run('2026-02-05', 'missing', '--json');
    expect(JSON.parse(plain.stdout).changes.find((c: { commit: string }) => c.commit === a.fix)?.kind).toBe('bugfix');
    expect(plain.code).toBe(0);
  });
});
