/** Pure unit tests of support status: no git, facts written by hand. */
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/core/policy/load.js';
import { backportStatus, supportOf, type SupportFacts } from '../../src/core/lines/support.js';

function line(key: string, first: string | null, more: Partial<SupportFacts> = {}): SupportFacts {
  return { key, kind: 'release', firstReleaseDate: first, latestReleaseDate: first, hasPrereleases: false, eolByTemplate: false, ...more };
}

function support(yaml: string) {
  return loadPolicy(`support:\n${yaml.replace(/^/gm, '  ')}\n`).support;
}

function on(lines: SupportFacts[], yaml: string, asOf: string) {
  const res = supportOf(lines, support(yaml), asOf);
  return Object.fromEntries(res.map((r) => [r.key, r]));
}

describe('windows from the first release (Lightspeed-style, Python devguide style)', () => {
  const lines = [line('0.4', '2025-01-15')];
  const yaml = 'bugfix: 12 months\nsecurity: 18 months';

  it('gives the last day of bug fixes and of life, inclusive', () => {
    const s = on(lines, yaml, '2025-06-01')['0.4']!;
    expect(s).toMatchObject({ status: 'bugfix', support: 'full', endOfBugfix: '2026-01-15', endOfLife: '2026-07-15', override: null });
  });

  it.each([
    ['2026-01-15', 'bugfix'],
    ['2026-01-16', 'security'],
    ['2026-07-15', 'security'],
    ['2026-07-16', 'end-of-life'],
  ])('on %s the line is %s', (day, status) => {
    expect(on(lines, yaml, day)['0.4']!.status).toBe(status);
  });

  it('with a bugfix window only there is no security-only phase', () => {
    const s = on(lines, 'bugfix: 6 months', '2025-07-16')['0.4']!;
    expect(s).toMatchObject({ status: 'end-of-life', endOfBugfix: '2025-07-15', endOfLife: '2025-07-15' });
  });
});

describe('latest N lines maintained (Llama Stack-style: 2)', () => {
  const lines = [
    line('0.5', null, { hasPrereleases: true }),
    line('0.4', '2025-03-10'),
    line('0.3', '2025-02-10'),
    line('0.2', '2025-01-10'),
  ];

  it('a line leaves support the day before the second newer line ships', () => {
    const s = on(lines, 'maintained: 2', '2025-03-09');
    expect(s['0.2']).toMatchObject({ status: 'bugfix', endOfBugfix: '2025-03-09', endOfLife: '2025-03-09' });
    expect(on(lines, 'maintained: 2', '2025-03-10')['0.2']!.status).toBe('end-of-life');
    expect(s['0.3']).toMatchObject({ status: 'bugfix', endOfLife: null });
    // 0.4 ships the next day: on 2025-03-09 it is still a pre-release.
    expect(s['0.4']).toMatchObject({ status: 'prerelease', endOfLife: null });
    expect(s['0.5']).toMatchObject({ status: 'prerelease', support: null, endOfLife: null });
  });

  it('orders lines by number, not text (0.10 is newer than 0.9)', () => {
    const s = on([line('0.10', '2025-05-01'), line('0.9', '2025-04-01')], 'maintained: 1', '2025-06-01');
    expect(s['0.9']).toMatchObject({ status: 'end-of-life', endOfLife: '2025-04-30' });
    expect(s['0.10']!.status).toBe('bugfix');
  });

  it('a line whose first release comes after the day asked is still a pre-release on that day', () => {
    expect(on(lines, 'maintained: 2', '2025-03-01')['0.4']!.status).toBe('prerelease');
  });
});

describe('until the next minor and a major minimum (Tarantool-style series)', () => {
  it('stops fixes the day before the next minor of the same major ships, not the next major', () => {
    const lines = [line('3.1', '2025-09-01'), line('3.0', '2025-06-01'), line('2.11', '2025-02-15')];
    const s = on(lines, 'untilNextMinor: true', '2025-09-01');
    expect(s['3.0']).toMatchObject({ status: 'end-of-life', endOfBugfix: '2025-08-31', endOfLife: '2025-08-31' });
    expect(on(lines, 'untilNextMinor: true', '2025-08-31')['3.0']!.status).toBe('bugfix');
    expect(s['2.11']).toMatchObject({ status: 'bugfix', endOfLife: null });
  });

  it('keeps the newest line of a major alive for the minimum after the major first shipped', () => {
    const lines = [line('3.0', '2025-06-01'), line('2.1', '2025-03-01'), line('2.0', '2025-01-01')];
    const yaml = 'maintained: 1\nmajorMinimum: 2 years';
    const s = on(lines, yaml, '2026-12-31');
    // 2.1 would leave with 3.0 (2025-05-31); series 2 started 2025-01-01, so it lives to 2027-01-01.
    expect(s['2.1']).toMatchObject({ status: 'bugfix', endOfBugfix: '2027-01-01', endOfLife: '2027-01-01' });
    expect(on(lines, yaml, '2027-01-02')['2.1']!.status).toBe('end-of-life');
    // Only the newest line of the major is extended.
    expect(s['2.0']).toMatchObject({ status: 'end-of-life', endOfLife: '2025-02-28' });
  });
});

describe('LTS (Goose-style phases: 1 year)', () => {
  const lines = [line('1.2', '2025-04-15'), line('1.1', '2025-01-10')];
  const yaml = 'maintained: 1\nlts:\n  lines: ["1.1"]\n  duration: 1 year';

  it('extends a designated line to its LTS end, and expires then', () => {
    const s = on(lines, yaml, '2025-06-01');
    expect(s['1.1']).toMatchObject({ status: 'bugfix', lts: true, endOfBugfix: '2026-01-10', endOfLife: '2026-01-10' });
    expect(s['1.2']).toMatchObject({ status: 'bugfix', lts: false, endOfLife: null });
    expect(on(lines, yaml, '2026-01-10')['1.1']!.status).toBe('bugfix');
    expect(on(lines, yaml, '2026-01-11')['1.1']!.status).toBe('end-of-life');
  });

  it('without LTS the same line ends when the next one ships', () => {
    expect(on(lines, 'maintained: 1', '2025-06-01')['1.1']).toMatchObject({ status: 'end-of-life', lts: false, endOfLife: '2025-04-14' });
  });

  it('moves only the end of life when the rules have a security-only phase', () => {
    const s = on(
      [line('0.6', '2025-06-10')],
      'bugfix: 12 months\nsecurity: 18 months\nlts:\n  lines: ["0.6"]\n  duration: 24 months',
      '2026-12-11',
    );
    expect(s['0.6']).toMatchObject({ status: 'security', endOfBugfix: '2026-06-10', endOfLife: '2027-06-10' });
  });

  it('never ends a line that the rules leave open (the newest line stays supported)', () => {
    expect(on([line('1.2', '2025-04-15')], 'maintained: 1\nlts:\n  lines: ["1.2"]\n  duration: 1 year', '2027-01-01')['1.2']).toMatchObject(
      {
        status: 'bugfix',
        endOfLife: null,
      },
    );
  });
});

describe('the explicit per-line list (Lightspeed-style R3)', () => {
  const lines = [line('0.6', '2025-06-10'), line('0.5', '2025-03-05')];
  const rules = 'bugfix: 12 months\nsecurity: 18 months';

  it('wins over the rules and says where they disagree', () => {
    const yaml = `${rules}\nlines:\n  "0.5":\n    support: security\n    eol: "2026-06-30"\n    note: critical fixes only`;
    const s = on(lines, yaml, '2025-12-01')['0.5']!;
    expect(s.status).toBe('security');
    expect(s.support).toBe('security');
    expect(s.endOfLife).toBe('2026-06-30');
    // The rules' end of bug fixes (2026-03-05) contradicts "security" today: it gives way.
    expect(s.endOfBugfix).toBeNull();
    expect(s.override).toEqual({ status: 'bugfix', endOfBugfix: '2026-03-05', endOfLife: '2026-09-05' });
    expect(s.notes).toEqual([
      'support.lines["0.5"] says security; the rules say bugfix (bug fixes until 2026-03-05)',
      'support.lines["0.5"] sets end of life on 2026-06-30; the rules give 2026-09-05',
      'critical fixes only',
    ]);
    expect(on(lines, yaml, '2026-07-01')['0.5']!.status).toBe('end-of-life');
  });

  it('agreeing records carry no override', () => {
    const s = on(lines, `${rules}\nlines:\n  "0.6":\n    support: full`, '2025-12-01')['0.6']!;
    expect(s).toMatchObject({ status: 'bugfix', support: 'full', override: null, notes: [] });
  });

  it('keeps "bugfix" (critical bugs + security) apart from full support for backports', () => {
    const s = on(lines, `${rules}\nlines:\n  "0.6":\n    support: bugfix`, '2025-12-01')['0.6']!;
    expect(s.support).toBe('bugfix');
    expect(backportStatus(s)).toBe('bugfix');
    expect(backportStatus({ status: 'bugfix', support: 'full' })).toBe('full');
    expect(backportStatus({ status: 'end-of-life', support: 'end-of-life' })).toBeNull();
  });

  it('revives a line the rules have ended, and says so', () => {
    const s = on(lines, `maintained: 1\nlines:\n  "0.5":\n    support: full`, '2025-12-01')['0.5']!;
    expect(s).toMatchObject({ status: 'bugfix', endOfLife: null, override: { status: 'end-of-life', endOfLife: '2025-06-09' } });
    expect(s.notes[0]).toBe('support.lines["0.5"] says bugfix; the rules say end-of-life (end of life after 2025-06-09)');
  });

  it('an explicit start moves the windows', () => {
    const s = on(lines, `bugfix: 1 year\nlines:\n  "0.5":\n    start: "2025-04-01"`, '2025-12-01')['0.5']!;
    expect(s).toMatchObject({ start: '2025-04-01', endOfBugfix: '2026-04-01' });
    expect(s.notes).toEqual(['support starts 2025-04-01 (support.lines["0.5"]); the first release was tagged 2025-03-05']);
  });
});

describe('end-of-life templates and the development line', () => {
  it('an archived line ends with its last release', () => {
    const s = on([line('2.10', '2025-01-10', { latestReleaseDate: '2025-03-01', eolByTemplate: true })], 'maintained: 3', '2025-03-02')[
      '2.10'
    ]!;
    expect(s).toMatchObject({ status: 'end-of-life', endOfLife: '2025-03-01' });
    expect(
      on([line('2.10', '2025-01-10', { latestReleaseDate: '2025-03-01', eolByTemplate: true })], 'maintained: 3', '2025-03-01')['2.10']!
        .status,
    ).toBe('bugfix');
  });

  it('an archived line without releases is end-of-life', () => {
    expect(on([line('2.9', null, { eolByTemplate: true })], 'maintained: 3', '2025-03-02')['2.9']!.status).toBe('end-of-life');
  });

  it('the development line is feature, or prerelease once it has pre-release tags', () => {
    expect(on([line('3.1', null, { kind: 'development' })], 'maintained: 1', '2025-01-01')['3.1']).toMatchObject({
      status: 'feature',
      endOfLife: null,
    });
    expect(on([line('3.0', null, { kind: 'development', hasPrereleases: true })], 'maintained: 1', '2025-01-01')['3.0']!.status).toBe(
      'prerelease',
    );
  });
});
