/**
 * Advisories on a Lightspeed-style repository (release/X.Y branches, X.Y.Z tags): the use cases
 * of the process's design — U5 a CVE fixed on main and backported to x.y (here with conflicts
 * on one line), U1 a CVE in x.y fixed there only, U7 a CVE carried from line X to line Y without
 * touching the others — with every exported OSV document valid and its ranges true in git.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { advisoryRepo } from './fixture.js';
import { expectRangesHold, expectValidOsv, exportedOsv, type OsvDoc } from './osv.js';

const CRITICAL = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';

interface ShowJson {
  advisory: {
    id: string;
    severity: { level: string; score: number | null };
    open: string[];
    lines: Array<{ line: string; state: string; text: string; via: string | null; fixedIn: string | null; fixCommit: string | null }>;
  };
}
const states = (j: ShowJson): Record<string, string> => Object.fromEntries(j.advisory.lines.map((l) => [l.line, l.text]));

describe('advisories on a Lightspeed-style repository', () => {
  it('U5: a CVE fixed on main, backported to 0.6 and, with conflicts, to 0.5; the EOL line has no fix planned', async () => {
    const a = await advisoryRepo();
    const { s, r } = { s: a.s, r: a.s.r };
    const fix = await r.commit('fix: bound the token cache', { files: { 'cache.py': 'cache = {}\nlimit = 10\n' }, date: '2026-02-02' });
    // The report came first; the introducing commit is named by the version that shipped it.
    expect(
      await a.add('2026-02-02', 'CVE-2026-1000', {
        severity: CRITICAL,
        introduced: '0.4.0',
        fix,
        reported: '2026-02-01',
        summary: 'Unbounded token cache',
      }),
    ).toBe('wrote .trellis/advisories/CVE-2026-1000.json\n');
    const record = JSON.parse(readFileSync(join(r.dir, '.trellis/advisories/CVE-2026-1000.json'), 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({
      id: 'CVE-2026-1000',
      severity: [{ type: 'CVSS_V3', score: CRITICAL }],
      database_specific: { reported: '2026-02-01', introduced: a.vuln, fixes: [fix] },
    });
    // Writing the record is all `add` does: no commit.
    expect(await r.git('status', '--porcelain')).toBe('?? .trellis/');
    await r.commit('security: record CVE-2026-1000', { date: '2026-02-02' });

    // U5 to 0.6: a clean backport by Trellis.
    expect(await s.ok('2026-02-03', 'backport', fix, '--to', '0.6', '--direct')).toContain('release/0.6');
    // To 0.5, which changed the same lines on its own: a conflict, resolved by hand.
    await a.commitOn('release/0.5', 'fix: cache keys are strings', { 'cache.py': 'cache: dict[str, str] = {}\n' }, '2026-02-03');
    const conflict = await s.run('2026-02-04', 'backport', fix, '--to', '0.5', '--direct');
    expect(conflict.code).toBe(1);
    const conflicts = `backport/0.5/${fix.slice(0, 10)}-conflicts`;
    await r.checkout(conflicts);
    await r.commit('Resolve backport conflicts', { files: { 'cache.py': 'cache: dict[str, str] = {}\nlimit = 10\n' }, date: '2026-02-04' });
    await r.checkout('main');
    await s.ok('2026-02-04', 'backport', '--continue');
    await r.tag('0.6.1', { message: 'Release 0.6.1', date: '2026-02-05', target: 'release/0.6' });

    const shown = JSON.parse(await s.ok('2026-02-06', 'advisory', 'show', 'CVE-2026-1000', '--json')) as ShowJson;
    expect(states(shown)).toEqual({
      '0.7': 'fixed on the development branch',
      '0.6': 'fixed in 0.6.1',
      '0.5': 'fixed, fix not released yet',
      '0.4': 'affected, end-of-life, no fix planned',
      '0.3': 'not affected',
    });
    expect(shown.advisory.severity).toEqual({ level: 'critical', vector: CRITICAL, type: 'CVSS_V3', score: 9.8 });
    // The conflicted backport counts: its commit names the fix it carries.
    expect(shown.advisory.lines.find((l) => l.line === '0.5')?.via).toBe('trailer');
    expect(shown.advisory.open).toEqual(['0.5', '0.4']);

    // Public export: valid OSV, every range true in git.
    const out = mkdtempSync(join(tmpdir(), 'trellis-osv-'));
    expect(await s.ok('2026-02-06', 'advisory', 'export', '--format', 'osv', '--out', out)).toBe(`wrote ${out}/CVE-2026-1000.json\n`);
    const doc = JSON.parse(readFileSync(join(out, 'CVE-2026-1000.json'), 'utf8')) as OsvDoc;
    expectValidOsv(doc);
    expect(doc.affected.map((e) => [e.database_specific.line, e.versions])).toEqual([
      ['0.7', []],
      ['0.6', ['0.6.0']],
      ['0.5', ['0.5.0']],
      ['0.4', ['0.4.0']],
    ]);
    const eco = (line: string) =>
      doc.affected.find((e) => e.database_specific.line === line)?.ranges.find((x) => x.type === 'ECOSYSTEM')?.events;
    expect(eco('0.6')).toEqual([{ introduced: '0.6.0' }, { fixed: '0.6.1' }]);
    expect(eco('0.4')).toEqual([{ introduced: '0.4.0' }, { last_affected: '0.4.0' }]);
    await expectRangesHold(a, doc);

    // Markdown for the release notes or a security page.
    const md = await s.ok('2026-02-06', 'advisory', 'export', '--format', 'markdown');
    expect(md).toContain('## CVE-2026-1000: Unbounded token cache');
    expect(md).toContain('| 0.6 | bugfix | fixed in 0.6.1 | 0.6.1 | 0.6.0 |');

    // `status` counts the open advisories per line (JSON always; a table column with records).
    const st = JSON.parse(await s.ok('2026-02-06', 'status', '--json')) as { lines: Array<{ line: string; openAdvisories: number }> };
    expect(Object.fromEntries(st.lines.map((l) => [l.line, l.openAdvisories]))).toEqual({
      '0.7': 0,
      '0.6': 0,
      '0.5': 1,
      '0.4': 1,
      '0.3': 0,
    });
    const table = await s.ok('2026-02-06', 'status', '--wide');
    expect(table).toMatch(/unreleased +open advisories\n/);
    expect(table).toMatch(/\n0\.5 +release\/0\.5 .* 1\n/);
  });

  it('U1: a CVE in 0.5 only, fixed there; no other line is affected', async () => {
    const a = await advisoryRepo();
    const { s, r } = { s: a.s, r: a.s.r };
    const before = Object.fromEntries(
      await Promise.all(['main', 'release/0.6', 'release/0.4', 'release/0.3'].map(async (b) => [b, await r.rev(b)] as const)),
    );
    const bad = await a.commitOn('release/0.5', 'fix: accept legacy tokens', { 'legacy.py': 'accept_all = True\n' }, '2026-02-01');
    const fix = await a.commitOn('release/0.5', 'fix: check legacy tokens', { 'legacy.py': 'accept_all = False\n' }, '2026-02-03');
    await a.add('2026-02-03', 'GHSA-2026-0501', { alias: 'CVE-2026-0501', severity: 'high', introduced: bad, fix });
    let shown = JSON.parse(await s.ok('2026-02-03', 'advisory', 'show', 'CVE-2026-0501', '--json')) as ShowJson;
    expect(states(shown)).toEqual({
      '0.7': 'not affected',
      '0.6': 'not affected',
      '0.5': 'fixed, fix not released yet',
      '0.4': 'not affected',
      '0.3': 'not affected',
    });
    await r.tag('0.5.1', { message: 'Release 0.5.1', date: '2026-02-04', target: 'release/0.5' });
    shown = JSON.parse(await s.ok('2026-02-04', 'advisory', 'show', 'GHSA-2026-0501', '--json')) as ShowJson;
    expect(shown.advisory.lines.find((l) => l.line === '0.5')).toMatchObject({ state: 'fixed', fixedIn: '0.5.1', via: 'reachable' });
    expect(shown.advisory.open).toEqual([]);
    for (const [b, sha] of Object.entries(before)) {
      expect(await r.rev(b), b).toBe(sha);
      expect(a.isAncestor(bad, sha), `${b} lacks the vulnerable commit`).toBe(false);
    }
    const [doc] = await exportedOsv(a, '2026-02-04');
    expect(doc!.affected.map((e) => e.database_specific.line)).toEqual(['0.5']);
  });

  it('U7: a CVE fixed on 0.6 and carried to 0.5 without touching the other lines', async () => {
    const a = await advisoryRepo();
    const { s, r } = { s: a.s, r: a.s.r };
    const fix = await a.commitOn('release/0.6', 'fix: expire cached tokens', { 'cache.py': 'cache = {}\nttl = 60\n' }, '2026-02-02');
    await a.add('2026-02-02', 'CVE-2026-0607', { severity: 'medium', introduced: a.vuln, fix });
    const before = Object.fromEntries(
      await Promise.all(['main', 'release/0.6', 'release/0.4', 'release/0.3'].map(async (b) => [b, await r.rev(b)] as const)),
    );
    expect(await s.ok('2026-02-03', 'backport', fix, '--to', '0.5', '--direct')).toContain('release/0.5');
    for (const [b, sha] of Object.entries(before)) expect(await r.rev(b), b).toBe(sha);
    const shown = JSON.parse(await s.ok('2026-02-03', 'advisory', 'show', 'CVE-2026-0607', '--json')) as ShowJson;
    expect(states(shown)).toEqual({
      '0.7': 'affected, fix due',
      '0.6': 'fixed, fix not released yet',
      '0.5': 'fixed, fix not released yet',
      '0.4': 'affected, end-of-life, no fix planned',
      '0.3': 'not affected',
    });
    expect(await exportedOsv(a, '2026-02-03')).toHaveLength(1);
    expect(readdirSync(join(r.dir, '.trellis/advisories'))).toEqual(['CVE-2026-0607.json']);
  });
});
