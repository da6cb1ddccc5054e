/** The pure advisory core: severities (scored by ae-cvss-calculator), record checks, SLA rows, fix lookups. */
import { describe, expect, it } from 'vitest';
import { deriveLine, type AdvisoryLineFacts } from '../../src/core/advisory/derive.js';
import { fixIndex, namingCommit } from '../../src/core/advisory/fixes.js';
import { isEmbargoed, newRecord, recordProblems } from '../../src/core/advisory/record.js';
import { parseSeverity } from '../../src/core/advisory/severity.js';
import { slaRows } from '../../src/core/advisory/sla.js';
import { checkPolicy, loadPolicy } from '../../src/core/policy/load.js';

const OID = 'a'.repeat(40);

describe('severity', () => {
  it('scores CVSS 2.0, 3.0, 3.1 and 4.0 vectors and rates them as FIRST does', () => {
    expect(parseSeverity('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toMatchObject({ level: 'critical', type: 'CVSS_V3', score: 9.8 });
    expect(parseSeverity('CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N')).toMatchObject({ level: 'medium', type: 'CVSS_V3', score: 4.8 });
    expect(parseSeverity('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N')).toMatchObject({
      level: 'critical',
      type: 'CVSS_V4',
      score: 9.3,
    });
    expect(parseSeverity('AV:N/AC:L/Au:N/C:P/I:N/A:N')).toMatchObject({ type: 'CVSS_V2', level: 'medium', score: 5 });
    expect(parseSeverity('High')).toEqual({ level: 'high', vector: null, type: null, score: null });
  });
  it('refuses what is neither a level nor a complete vector', () => {
    for (const bad of ['severe', '', 'CVSS:3.1/AV:N', 'CVSS:9.9/AV:N', 'not a vector']) expect(parseSeverity(bad), bad).toBeNull();
  });
});

describe('records', () => {
  const base = newRecord({
    id: 'CVE-2026-0001',
    aliases: [],
    severity: parseSeverity('low')!,
    reported: '2026-01-01',
    triaged: '2026-01-02',
    fixes: [OID],
    now: '2026-01-02T00:00:00Z',
  });
  it('writes OSV fields and Trellis fields under database_specific', () => {
    expect(base).toEqual({
      schema_version: '1.6.0',
      id: 'CVE-2026-0001',
      modified: '2026-01-02T00:00:00Z',
      database_specific: { severity: 'low', reported: '2026-01-01', triaged: '2026-01-02', fixes: [OID] },
    });
    expect(recordProblems(base, 'CVE-2026-0001')).toEqual([]);
  });
  it('names each problem by its path', () => {
    const bad = {
      ...base,
      id: 'CVE-2026-0002',
      database_specific: { ...base.database_specific, severity: 'severe', reported: '2026-02-30', fixes: ['abc'] },
    };
    expect(recordProblems(bad, 'CVE-2026-0001').map((p) => p.path.join('.'))).toEqual([
      'id',
      'database_specific.severity',
      'database_specific.reported',
      'database_specific.fixes.0',
    ]);
  });
  it('is under embargo before its disclosure day, public on it', () => {
    const r = { ...base, database_specific: { ...base.database_specific, embargo_until: '2026-03-01' } };
    expect(isEmbargoed(r, '2026-02-28')).toBe(true);
    expect(isEmbargoed(r, '2026-03-01')).toBe(false);
  });
  it('finds the advisories naming a commit or the commit it was carried from', () => {
    const index = fixIndex([{ ...base, aliases: ['GHSA-abcd-efgh-jkmn'] }]);
    expect(namingCommit(index.public, OID, [])).toEqual(['CVE-2026-0001', 'GHSA-abcd-efgh-jkmn']);
    expect(namingCommit(index.ids, 'b'.repeat(40), [OID.slice(0, 10)])).toEqual(['CVE-2026-0001']);
    expect(namingCommit(index.ids, 'b'.repeat(40), ['c'.repeat(40)])).toEqual([]);
  });
});

describe('SLA rows', () => {
  const text = `security:\n  sla:\n    high: { triage: 24 hours, fix: 14 days, fixByStatus: { security: 30 days } }\n`;
  const policy = loadPolicy(text);
  const facts = (line: string, support: 'full' | 'security', fixed: string | null): AdvisoryLineFacts => ({
    line,
    branch: `release/${line}`,
    kind: 'release',
    status: support === 'full' ? 'bugfix' : 'security',
    support,
    backportStatus: support,
    affected: true,
    fix: fixed ? { commit: OID, via: 'trailer', fixes: OID } : null,
    tags: [
      { tag: `${line}.0`, version: `${line}.0`, date: '2026-01-01', introduced: true, fixed: false },
      ...(fixed ? [{ tag: `${line}.1`, version: `${line}.1`, date: fixed, introduced: true, fixed: true }] : []),
    ],
  });
  it('dates fixes per support status and judges them on a day', () => {
    const lines = [facts('2.0', 'full', '2026-01-20'), facts('1.0', 'security', null)].map(deriveLine);
    const rows = slaRows(policy, [{ id: 'X-1', severity: 'high', reported: '2026-01-01', triaged: '2026-01-01', lines }], '2026-01-25');
    expect(rows.map((r) => [r.what, r.line, r.due, r.state])).toEqual([
      ['triage', null, '2026-01-02', 'met'],
      ['fix', '2.0', '2026-01-15', 'met-late'],
      ['fix', '1.0', '2026-01-31', 'due-soon'],
    ]);
    expect(
      slaRows(policy, [{ id: 'X-1', severity: 'high', reported: '2026-01-01', triaged: null, lines }], '2026-02-01').map((r) => r.state),
    ).toEqual(['overdue', 'met-late', 'overdue']);
  });
  it('checks the policy keys', () => {
    expect(checkPolicy(text).problems).toEqual([]);
    const bad = checkPolicy(`security:\n  sla:\n    high: { fixByStatus: { eol: 1 day } }\n`);
    expect(bad.problems.length).toBeGreaterThan(0);
  });
});
