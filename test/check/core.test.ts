/** The pure parts of `trellis check`: the conflict-marker scan, the testing-window verdict (shared with `trellis release`), the advisory SLA rule. */
import { describe, expect, it } from 'vitest';
import type { AdvisoryLine } from '../../src/core/advisory/derive.js';
import { advisorySla } from '../../src/core/check/advisory-sla.js';
import { conflictMarkers, testingWindowVerdict, windowedType } from '../../src/core/check/index.js';
import type { CheckAdvisory, CheckFacts, PullRequestFacts } from '../../src/core/check/types.js';
import { loadPolicy } from '../../src/core/policy/load.js';
import { getScheme } from '../../src/core/version/index.js';

const pep = getScheme('pep440');

describe('conflictMarkers', () => {
  it('finds the markers of a merge and of a diff3 conflict, CRLF included', () => {
    expect(conflictMarkers('a\n<<<<<<< HEAD\nb\n||||||| base\nc\n=======\nd\n>>>>>>> x\n')).toEqual([
      { line: 2, marker: '<<<<<<<' },
      { line: 4, marker: '|||||||' },
      { line: 6, marker: '=======' },
      { line: 8, marker: '>>>>>>>' },
    ]);
    expect(conflictMarkers('<<<<<<<\r\nx\r\n>>>>>>>\r\n')).toHaveLength(2);
  });

  it('ignores Setext headings, longer runs, indented text and binary files', () => {
    expect(conflictMarkers('Title\n=======\n')).toEqual([]);
    expect(conflictMarkers('<<<<<<<< eight\n  <<<<<<< indented\n>>>>>>>x\n')).toEqual([]);
    expect(conflictMarkers('\0<<<<<<< HEAD\n')).toEqual([]);
  });
});

describe('testingWindowVerdict', () => {
  const window = { minor: '1 week', major: '2 weeks', requireRc: true };

  it('judges minors and majors only', () => {
    expect(windowedType(pep.parse('1.2.0'))).toBe('minor');
    expect(windowedType(pep.parse('0.5.0'))).toBe('minor');
    expect(windowedType(pep.parse('2.0.0'))).toBe('major');
    expect(windowedType(pep.parse('1.2.1'))).toBeNull();
    expect(windowedType(pep.parse('1.2.0rc1'))).toBeNull();
    expect(testingWindowVerdict(window, pep.parse('1.2.1'), [], '2026-01-01')).toEqual({ ok: true });
  });

  it('counts the window from the first release candidate, by type', () => {
    const rcs = [
      { version: '2.0.0rc2', date: '2026-01-10' },
      { version: '2.0.0rc1', date: '2026-01-05' },
    ];
    const early = testingWindowVerdict(window, pep.parse('2.0.0'), rcs, '2026-01-18');
    expect(early).toMatchObject({ ok: false, why: 'too-early', allowedFrom: '2026-01-19' });
    expect(testingWindowVerdict(window, pep.parse('2.0.0'), rcs, '2026-01-19')).toEqual({ ok: true });
    expect(testingWindowVerdict({ requireRc: true }, pep.parse('2.0.0'), rcs, '2026-01-06')).toEqual({ ok: true });
  });

  it('requires a release candidate unless requireRc is false', () => {
    expect(testingWindowVerdict(window, pep.parse('1.3.0'), [], '2026-01-01')).toMatchObject({
      ok: false,
      why: 'no-rc',
      allowedFrom: null,
    });
    expect(testingWindowVerdict({ ...window, requireRc: false }, pep.parse('1.3.0'), [], '2026-01-01')).toEqual({ ok: true });
  });
});

describe('advisorySla (the rule alone)', () => {
  const policy = loadPolicy('security:\n  sla:\n    high: { triage: 2 days, fix: 14 days }\n');
  const line = (over: Partial<AdvisoryLine>): AdvisoryLine => ({
    line: '1.0',
    branch: 'release/1.0',
    kind: 'release',
    status: 'feature',
    support: 'full',
    backportStatus: 'full',
    state: 'affected',
    text: 'affected, fix due',
    fixCommit: null,
    via: null,
    fixedIn: null,
    fixedTag: null,
    fixedDate: null,
    introducedIn: null,
    affectedVersions: [],
    ...over,
  });
  const advisory = (over: Partial<CheckAdvisory>): CheckAdvisory => ({
    id: 'CVE-2026-7',
    severity: 'high',
    reported: '2026-01-01',
    triaged: null,
    embargoUntil: null,
    fixes: [],
    lines: [line({})],
    ...over,
  });
  const facts = (advisories: CheckAdvisory[], pr: Partial<PullRequestFacts> | null = null) =>
    ({ policy, date: '2026-01-20', pr, advisories, advisoryProblems: [] }) as unknown as CheckFacts;

  it('an overdue triage, and a fix no record names', () => {
    expect(advisorySla(facts([advisory({})]))).toEqual([
      {
        message:
          'advisory CVE-2026-7 (high): triage is overdue by 17 day(s) (reported 2026-01-01, due 2026-01-03): record the day it was triaged (database_specific.triaged)',
      },
      {
        message:
          'advisory CVE-2026-7 (high): the fix on line 1.0 is overdue by 5 day(s) (reported 2026-01-01, due 2026-01-15): no fix on release/1.0, and the record names none: trellis advisory fix CVE-2026-7 REV',
        line: '1.0',
      },
    ]);
  });

  it('nothing without a service level for the severity, met ones, or on a pull request into no line', () => {
    expect(advisorySla(facts([advisory({ severity: 'low' })]))).toEqual([]);
    expect(advisorySla(facts([advisory({ triaged: '2026-01-02', lines: [line({ state: 'fixed', fixedDate: '2026-01-10' })] })]))).toEqual(
      [],
    );
    expect(advisorySla(facts([advisory({})], { line: null, commits: [] }))).toEqual([]);
  });
});
