/**
 * Advisory records as data: SLAs (a missed one makes `advisory sla` exit 1), the embargo (absent
 * from every public output before the disclosure date, present after), and bad records (each a
 * located error, exit 2, nothing written).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { advisoryRepo } from './fixture.js';

interface SlaJson {
  rows: Array<{ advisory: string; what: string; line: string | null; due: string | null; state: string; metOn: string | null }>;
  exitCode: number;
}

describe('advisory SLAs', () => {
  it('dates each fix from the report by severity; a missed one exits 1, a released fix is met', async () => {
    const a = await advisoryRepo();
    const { s, r } = { s: a.s, r: a.s.r };
    const fix = await a.commitOn('release/0.6', 'fix: expire cached tokens', { 'cache.py': 'cache = {}\nttl = 60\n' }, '2026-02-03');
    // Lightspeed preset: high → triage 24 hours, fix 14 days.
    await a.add('2026-02-02', 'CVE-2026-2000', { severity: 'high', introduced: a.vuln, reported: '2026-02-01' });
    await s.ok('2026-02-03', 'advisory', 'fix', 'CVE-2026-2000', fix);
    await r.tag('0.6.1', { message: 'Release 0.6.1', date: '2026-02-10', target: 'release/0.6' });

    const early = JSON.parse(await s.ok('2026-02-11', 'advisory', 'sla', '--json')) as SlaJson;
    expect(early.exitCode).toBe(0);
    // 0.3 forked before the vulnerable commit, 0.4 is end-of-life: no fix is due there.
    expect(early.rows.map((x) => [x.what, x.line, x.due, x.state, x.metOn])).toEqual([
      ['triage', null, '2026-02-02', 'met', '2026-02-02'],
      ['fix', '0.6', '2026-02-15', 'met', '2026-02-10'],
      ['fix', '0.5', '2026-02-15', 'on-time', null],
    ]);
    const soon = JSON.parse(await s.ok('2026-02-13', 'advisory', 'sla', '--json')) as SlaJson;
    expect(soon.rows.find((x) => x.line === '0.5')?.state).toBe('due-soon');
    const late = await s.run('2026-02-20', 'advisory', 'sla');
    expect(late.code).toBe(1);
    expect(late.stdout).toContain('CVE-2026-2000  high      fix on 0.5  2026-02-01  2026-02-15  overdue by 5 day(s)');
    expect(late.stdout).toContain('met on 2026-02-10');
    // The end-of-life line has no fix due: it is reported, not counted.
    expect(late.stdout).not.toContain('fix on 0.4');
  });
});

describe('embargo', () => {
  it('keeps an embargoed advisory out of every public output until its disclosure date', async () => {
    const a = await advisoryRepo();
    const { s, r } = { s: a.s, r: a.s.r };
    const fix = await a.commitOn('release/0.6', 'fix: expire cached tokens', { 'cache.py': 'cache = {}\nttl = 60\n' }, '2026-02-03');
    await a.add('2026-02-03', 'CVE-2026-3000', { severity: 'low', introduced: a.vuln, fix, 'embargo-until': '2026-03-01' });
    await r.tag('0.6.1', { message: 'Release 0.6.1', date: '2026-02-04', target: 'release/0.6' });
    // The status page counts open advisories: one on 0.5 (and on the EOL 0.4) once disclosed.
    const counts = async (day: string): Promise<string> =>
      (JSON.parse(await s.ok(day, 'status', '--json')) as { lines: Array<{ line: string; openAdvisories: number }> }).lines
        .map((l) => `${l.line}:${l.openAdvisories}`)
        .join(' ');
    const publicOutputs = async (day: string): Promise<string> =>
      [
        await s.ok(day, 'advisory', 'export', '--format', 'osv'),
        await s.ok(day, 'advisory', 'export', '--format', 'markdown'),
        await s.ok(day, 'advisory', 'export', '--format', 'osv', '--json'),
      ].join('\n');
    expect(await counts('2026-02-28')).toBe('0.7:0 0.6:0 0.5:0 0.4:0 0.3:0');
    expect(await counts('2026-03-01')).toBe('0.7:1 0.6:0 0.5:1 0.4:1 0.3:0');
    const before = await publicOutputs('2026-02-28');
    expect(before).not.toContain('CVE-2026-3000');
    expect(before).not.toContain(fix);
    // Not even how many are held back: the export's JSON says nothing of embargoed advisories.
    const json = JSON.parse(await s.ok('2026-02-28', 'advisory', 'export', '--json')) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(['asOf', 'documents', 'format', 'schemaVersion', 'warnings', 'written']);
    expect(JSON.stringify(json)).not.toMatch(/embargo/i);
    // Maintainers still see it, marked, and its fix is tracked.
    expect(await s.ok('2026-02-28', 'advisory', 'list')).toContain('until 2026-03-01');
    expect(await s.ok('2026-02-28', 'advisory', 'export', '--include-embargoed')).toContain('CVE-2026-3000');
    const after = await publicOutputs('2026-03-01');
    expect(after).toContain('CVE-2026-3000');
    expect(after).toContain(fix);
  });
});

describe('bad records', () => {
  const write = (dir: string, name: string, text: string): void => writeFileSync(join(dir, '.trellis/advisories', name), text);

  it('locates each problem at file:line:col, exits 2 and writes nothing', async () => {
    const a = await advisoryRepo();
    const { s, r } = { s: a.s, r: a.s.r };
    await s.ok('2026-02-02', 'advisory', 'add', 'CVE-2026-4000', '--severity', 'medium');
    const good = readFileSync(join(r.dir, '.trellis/advisories/CVE-2026-4000.json'), 'utf8');
    const expectError = async (pattern: RegExp): Promise<void> => {
      const files = readdirSync(join(r.dir, '.trellis/advisories')).map((f) => [
        f,
        readFileSync(join(r.dir, '.trellis/advisories', f), 'utf8'),
      ]);
      for (const args of [
        ['advisory', 'list'],
        ['advisory', 'export'],
        ['advisory', 'add', 'CVE-2026-4999', '--severity', 'low'],
        ['advisory', 'fix', 'CVE-2026-4000', 'HEAD'],
      ]) {
        const res = await s.run('2026-02-03', ...args);
        expect(res.code, args.join(' ')).toBe(2);
        expect(res.stderr, args.join(' ')).toMatch(pattern);
        expect(res.stderr.trim().split('\n')).toHaveLength(1);
      }
      const after = readdirSync(join(r.dir, '.trellis/advisories')).map((f) => [
        f,
        readFileSync(join(r.dir, '.trellis/advisories', f), 'utf8'),
      ]);
      expect(after).toEqual(files);
    };
    // Invalid JSON.
    write(r.dir, 'CVE-2026-4001.json', '{\n  "id": "CVE-2026-4001",\n  "modified": "2026-02-02T00:00:00Z"\n  "x": 1\n}\n');
    await expectError(/^trellis: \.trellis\/advisories\/CVE-2026-4001\.json:4:3: invalid JSON/);
    // An unknown severity.
    write(
      r.dir,
      'CVE-2026-4001.json',
      good.replace('CVE-2026-4000', 'CVE-2026-4001').replace('"severity": "medium"', '"severity": "severe"'),
    );
    await expectError(/^trellis: \.trellis\/advisories\/CVE-2026-4001\.json:6:17: unknown severity "severe"/);
    // A fix commit that does not exist.
    write(
      r.dir,
      'CVE-2026-4001.json',
      good.replace('CVE-2026-4000', 'CVE-2026-4001').replace('"fixes": []', `"fixes": ["${'e'.repeat(40)}"]`),
    );
    await expectError(new RegExp(`^trellis: \\.trellis/advisories/CVE-2026-4001\\.json:\\d+:\\d+: no such commit ${'e'.repeat(40)}`));
    // An id that clashes: another record claims it as an alias.
    write(
      r.dir,
      'CVE-2026-4001.json',
      good.replace('CVE-2026-4000', 'CVE-2026-4001').replace('"modified"', '"aliases": ["CVE-2026-4000"],\n  "modified"'),
    );
    await expectError(
      /^trellis: \.trellis\/advisories\/CVE-2026-4001\.json:4:15: 'CVE-2026-4000' is already the id or an alias of CVE-2026-4000/,
    );
    write(r.dir, 'CVE-2026-4001.json', good.replace('CVE-2026-4000', 'CVE-2026-4001'));
    // Adding an id that exists is refused the same way.
    const again = await s.run('2026-02-03', 'advisory', 'add', 'CVE-2026-4001', '--severity', 'low');
    expect(again.code).toBe(2);
    expect(again.stderr).toBe("trellis: 'CVE-2026-4001' is already an advisory id or alias (.trellis/advisories/CVE-2026-4001.json)\n");
    const unknown = await s.run('2026-02-03', 'advisory', 'add', 'CVE-2026-4002', '--severity', 'CVSS:3.1/AV:N');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown severity 'CVSS:3.1/AV:N'");
    const option = await s.run('2026-02-03', 'advisory', 'add', 'CVE-2026-4002', '--severity', 'low', '--fix', '--output=x');
    expect(option.code).toBe(2);
    expect(readdirSync(join(r.dir, '.trellis/advisories'))).toEqual(['CVE-2026-4000.json', 'CVE-2026-4001.json']);
  });
});

describe('dry runs', () => {
  it('add, fix and export --out print what they would write and write nothing', async () => {
    const a = await advisoryRepo();
    const { s, r } = { s: a.s, r: a.s.r };
    const dry = await s.ok('2026-02-02', 'advisory', 'add', 'CVE-2026-6000', '--severity', 'low', '--dry-run');
    expect(dry).toMatch(/^would write \.trellis\/advisories\/CVE-2026-6000\.json \(dry run\):\n\{\n {2}"schema_version": "1\.6\.0",/);
    expect(await r.git('status', '--porcelain')).toBe('');
    await s.ok('2026-02-02', 'advisory', 'add', 'CVE-2026-6000', '--severity', 'low');
    const file = join(r.dir, '.trellis/advisories/CVE-2026-6000.json');
    const before = readFileSync(file, 'utf8');
    const fixed = JSON.parse(await s.ok('2026-02-03', 'advisory', 'fix', 'CVE-2026-6000', 'HEAD', '--dry-run', '--json')) as {
      written: boolean;
      record: { database_specific: { fixes: string[] } };
    };
    expect(fixed.written).toBe(false);
    expect(fixed.record.database_specific.fixes).toEqual([await r.rev('HEAD')]);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(await s.ok('2026-02-03', 'advisory', 'export', '--out', 'osv', '--dry-run')).toBe('would write osv/CVE-2026-6000.json\n');
    expect(readdirSync(r.dir)).not.toContain('osv');
  });
});
