/**
 * `trellis schedule` on real fixture repositories: projected releases from the cadence
 * (llama-stack: major 6-8 months, minor monthly, patch weekly; goose: minor every 4 months),
 * phase boundaries (estimated from the branches, or dated by phases.schedule), support ends
 * (rules, projected ends of `maintained: N`, LTS, windows), and the iCalendar file parsed back.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { icalEscape, icalFold, type ScheduleEvent } from '../../src/core/lines/index.js';
import { trellis } from '../helpers/cli.js';
import { GOOSE_POLICY, gooseRepo, lightspeedRepo, llamaStackRepo, type Fixture } from './fixtures.js';

async function schedule(fx: Fixture, args: string[], policy?: string): Promise<ScheduleEvent[]> {
  const extra: string[] = [];
  if (policy !== undefined) {
    const file = join(fx.repo.home, 'schedule-policy.yml');
    await writeFile(file, policy);
    extra.push('--policy', file);
  }
  const r = await trellis(['schedule', '--repo', fx.repo.dir, '--json', ...extra, ...args], { env: fx.repo.env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const json = JSON.parse(r.stdout) as { from: string; events: ScheduleEvent[] };
  return json.events;
}

/** The fields that matter, one row per event. */
const rows = (events: ScheduleEvent[]) =>
  events.map((e) => [e.date, e.endDate ?? null, e.kind, e.line, e.version ?? e.phase ?? null, e.projected]);

describe('llama-stack (Llama Stack-style cadence)', () => {
  let llama: Fixture;
  beforeAll(async () => {
    llama = await llamaStackRepo();
  });

  it('projects minors monthly and patches weekly; an overdue release is due on the first day; maintained: 2 ends lines the day before a projected minor', async () => {
    // Latest minor 0.4.0 (2025-03-10): 0.5.0 was due 2025-04-10. Latest patch 0.4.1 (2025-03-20).
    const events = await schedule(llama, ['--from', '2025-04-15', '--count', '9']);
    expect(rows(events)).toEqual([
      ['2025-04-15', null, 'minor', '0.5', '0.5.0', true],
      ['2025-04-15', null, 'patch', '0.4', '0.4.2', true],
      ['2025-04-22', null, 'patch', '0.5', '0.5.1', true],
      ['2025-04-29', null, 'patch', '0.5', '0.5.2', true],
      ['2025-05-06', null, 'patch', '0.5', '0.5.3', true],
      ['2025-05-13', null, 'patch', '0.5', '0.5.4', true],
      ['2025-05-14', null, 'end-of-life', '0.4', null, true],
      ['2025-05-15', null, 'minor', '0.6', '0.6.0', true],
      ['2025-05-22', null, 'patch', '0.6', '0.6.1', true],
    ]);
    expect(events[0]!.title).toBe('minor release 0.5.0 (0.5.0rc1 is out; due since 2025-04-10)');
    expect(events[6]!.title).toBe('0.4: end of life (last day of any fix; projected: the day before 0.6.0)');
    // 0.3 ends the day before 0.5.0 ships: on the first day itself, it is listed before anything later.
    const all = await schedule(llama, ['--from', '2025-04-14', '--count', '3']);
    expect(rows(all)).toEqual([
      ['2025-04-14', null, 'minor', '0.5', '0.5.0', true],
      ['2025-04-14', null, 'patch', '0.4', '0.4.2', true],
      ['2025-04-21', null, 'patch', '0.5', '0.5.1', true],
    ]);
  });

  it('gives a major window from the 6-8 months range, counted from the first release while on 0.x', async () => {
    const events = await schedule(llama, ['--from', '2025-04-15', '--count', '40']);
    const majors = events.filter((e) => e.kind === 'major');
    expect(majors[0]).toMatchObject({ date: '2025-07-02', endDate: '2025-09-02', version: '1.0.0', line: '1.0', projected: true });
    expect(majors[0]!.title).toBe('major release 1.0.0 (no major release yet: counted from 0.1.0 (2025-01-02))');
    // Sorted by day, then kind.
    const keys = events.map((e) => e.date);
    expect([...keys].sort()).toEqual(keys);
  });

  it('checks --from and --count', async () => {
    const bad = await trellis(['schedule', '--repo', llama.repo.dir, '--from', '2025-02-30'], { env: llama.repo.env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from:');
    const zero = await trellis(['schedule', '--repo', llama.repo.dir, '--count', '0'], { env: llama.repo.env });
    expect(zero).toMatchObject({ code: 2, stdout: '' });
    const both = await trellis(['schedule', '--repo', llama.repo.dir, '--json', '--ical'], { env: llama.repo.env });
    expect(both.code).toBe(2);
  });

  it('prints a table from today by default (--wide: events unwrapped)', async () => {
    const r = await trellis(['schedule', '--repo', llama.repo.dir, '--count', '2', '--wide'], {
      env: llama.repo.env,
      now: '2025-04-15T08:00:00Z',
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'Release schedule of llama-stack from 2025-04-15',
        '',
        'date        kind   line  event',
        `----------  -----  ----  ${'-'.repeat('minor release 0.5.0 (0.5.0rc1 is out; due since 2025-04-10) *'.length)}`,
        '2025-04-15  minor  0.5   minor release 0.5.0 (0.5.0rc1 is out; due since 2025-04-10) *',
        '2025-04-15  patch  0.4   patch release 0.4.2 (due since 2025-03-27) *',
        '',
        '* projected from the cadence and the support rules (cadence in .trellis.yml); the rest are facts or policy dates',
        'supported on 2025-04-15: 0.4 (bugfix), 0.3 (bugfix)',
        '',
      ].join('\n'),
    );
  });
});

describe('goose (Goose-style phases: minor about every 4 months, phases, LTS 1 year)', () => {
  let goose: Fixture;
  beforeAll(async () => {
    goose = await gooseRepo();
  });

  it('estimates the phases from the branches and the cadence; LTS 1.1 ends a year after 1.1.0', async () => {
    // 1.2.0 on 2025-04-15: 1.3.0 due 2025-08-15. v1.3-ossivalis forked on 2025-07-01.
    const events = await schedule(goose, ['--from', '2025-07-10', '--count', '11']);
    expect(rows(events)).toEqual([
      ['2025-07-01', '2025-07-22', 'phase', '1.3', 'pre-release', false],
      ['2025-07-23', '2025-08-14', 'phase', '1.3', 'feature-freeze', true],
      ['2025-08-14', null, 'end-of-life', '1.2', null, true],
      ['2025-08-15', '2025-11-14', 'phase', '1.4', 'mid-cycle', true],
      ['2025-08-15', null, 'minor', '1.3', '1.3.0', true],
      // Next cycle: pre-release at 75% of the 4 months, feature freeze halfway to the release.
      ['2025-11-15', '2025-11-29', 'phase', '1.4', 'pre-release', true],
      ['2025-11-30', '2025-12-14', 'phase', '1.4', 'feature-freeze', true],
      ['2025-12-14', null, 'end-of-life', '1.3', null, true],
      ['2025-12-15', '2026-03-15', 'phase', '1.5', 'mid-cycle', true],
      ['2025-12-15', null, 'minor', '1.4', '1.4.0', true],
      ['2026-01-10', null, 'end-of-life', '1.1', null, false],
    ]);
    expect(events[0]!.title).toBe('pre-release of 1.3 began (branch v1.3-ossivalis cut)');
    expect(events[10]!.title).toBe('1.1 (LTS): end of life (last day of any fix)');
    // No patch or major cadence in the goose preset: patches are on demand.
    expect(events.some((e) => e.kind === 'patch' || e.kind === 'major')).toBe(false);
  });

  it('uses dated phases.schedule entries as written, each until the next starts', async () => {
    const policy = GOOSE_POLICY.replace(
      'schedule: []',
      `schedule:
    - { phase: mid-cycle, from: "2025-04-15" }
    - { phase: pre-release, from: "2025-07-01", line: "1.3" }
    - { phase: feature-freeze, from: "2025-07-20", line: "1.3" }`,
    );
    const events = await schedule(goose, ['--from', '2025-07-10', '--count', '4'], policy);
    expect(rows(events)).toEqual([
      ['2025-07-01', '2025-07-19', 'phase', '1.3', 'pre-release', false],
      ['2025-07-20', null, 'phase', '1.3', 'feature-freeze', false],
      ['2025-08-14', null, 'end-of-life', '1.2', null, true],
      ['2025-08-15', null, 'minor', '1.3', '1.3.0', true],
    ]);
    // The phase in effect on the first day is listed even though it started before.
    const later = await schedule(goose, ['--from', '2025-07-25', '--count', '1'], policy);
    expect(rows(later)).toEqual([['2025-07-20', null, 'phase', '1.3', 'feature-freeze', false]]);
  });
});

describe('support ends from windows (Lightspeed-style)', () => {
  it('lists the end of bug fixes and the end of life separately, LTS marked, explicit dates as given', async () => {
    const fx = await lightspeedRepo();
    const events = await schedule(fx, ['--from', '2025-07-15', '--count', '20']);
    expect(rows(events)).toEqual([
      ['2026-01-02', null, 'end-of-bugfix', '0.3', null, false],
      ['2026-01-15', null, 'end-of-bugfix', '0.4', null, false],
      ['2026-06-10', null, 'end-of-bugfix', '0.6', null, false],
      ['2026-06-30', null, 'end-of-life', '0.5', null, false],
      ['2026-07-02', null, 'end-of-life', '0.3', null, false],
      ['2026-07-15', null, 'end-of-life', '0.4', null, false],
      ['2027-06-10', null, 'end-of-life', '0.6', null, false],
    ]);
    expect(events[2]!.title).toBe('0.6 (LTS): last day of bug fixes (security fixes until 2027-06-10)');
  });
});

// ---- iCalendar ---------------------------------------------------------------------------------

interface Component {
  name: string;
  props: Array<{ name: string; params: Record<string, string>; value: string }>;
  children: Component[];
}

/** A small RFC 5545 reader for the test: checks line ends and folding, unfolds, nests components. */
function parseICalendar(text: string): Component {
  expect(text.endsWith('\r\n')).toBe(true);
  expect(/(^|[^\r])\n/.test(text)).toBe(false); // every line ends with CRLF
  const physical = text.slice(0, -2).split('\r\n');
  for (const l of physical) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
  const logical: string[] = [];
  for (const l of physical) {
    if (l.startsWith(' ') || l.startsWith('\t')) logical[logical.length - 1] += l.slice(1);
    else logical.push(l);
  }
  const stack: Component[] = [{ name: '', props: [], children: [] }];
  for (const line of logical) {
    const m = /^([A-Z-]+)((?:;[A-Z-]+=[^;:]*)*):(.*)$/.exec(line);
    expect(m, line).not.toBeNull();
    const [, name, paramText, value] = m!;
    if (name === 'BEGIN') {
      const c: Component = { name: value!, props: [], children: [] };
      stack.at(-1)!.children.push(c);
      stack.push(c);
    } else if (name === 'END') {
      expect(stack.pop()!.name).toBe(value);
    } else {
      const params = Object.fromEntries(
        paramText!
          .split(';')
          .filter(Boolean)
          .map((p) => p.split('=') as [string, string]),
      );
      stack.at(-1)!.props.push({ name: name!, params, value: value! });
    }
  }
  expect(stack).toHaveLength(1);
  expect(stack[0]!.children).toHaveLength(1);
  return stack[0]!.children[0]!;
}

const unescape = (v: string) => v.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
const prop = (c: Component, name: string) => c.props.find((p) => p.name === name);

describe('--ical', () => {
  it('writes a calendar that parses back: CRLF, folded at 75 octets, escaped text, one VEVENT per event', async () => {
    const fx = await gooseRepo();
    const json = await schedule(fx, ['--from', '2025-07-10', '--count', '11']);
    const r = await trellis(['schedule', '--repo', fx.repo.dir, '--from', '2025-07-10', '--count', '11', '--ical'], {
      env: fx.repo.env,
      now: '2025-07-10T09:30:05Z',
    });
    expect(r.code).toBe(0);
    const cal = parseICalendar(r.stdout);
    expect(cal.name).toBe('VCALENDAR');
    expect(prop(cal, 'VERSION')?.value).toBe('2.0');
    expect(prop(cal, 'PRODID')?.value).toBe('-//Trellis//trellis schedule//EN');
    expect(unescape(prop(cal, 'X-WR-CALNAME')!.value)).toBe('goose releases');
    expect(cal.children.map((c) => c.name)).toEqual(json.map(() => 'VEVENT'));
    const uids = new Set<string>();
    cal.children.forEach((ev, i) => {
      const e = json[i]!;
      const uid = prop(ev, 'UID')!.value;
      expect(uid).toMatch(/^[A-Za-z0-9._-]+@trellis$/);
      uids.add(uid);
      expect(prop(ev, 'DTSTAMP')?.value).toBe('20250710T093005Z');
      const start = prop(ev, 'DTSTART')!;
      expect(start.params).toEqual({ VALUE: 'DATE' });
      expect(start.value).toBe(e.date.replace(/-/g, ''));
      const end = prop(ev, 'DTEND')!;
      expect(end.params).toEqual({ VALUE: 'DATE' });
      // DTEND is exclusive: the day after the last day.
      const last = new Date(`${e.endDate ?? e.date}T00:00:00Z`);
      last.setUTCDate(last.getUTCDate() + 1);
      expect(end.value).toBe(last.toISOString().slice(0, 10).replace(/-/g, ''));
      expect(unescape(prop(ev, 'SUMMARY')!.value)).toBe(`goose ${e.title}`);
      expect(prop(ev, 'STATUS')?.value).toBe(e.projected ? 'TENTATIVE' : 'CONFIRMED');
    });
    expect(uids.size).toBe(json.length);
    // Titles with commas and semicolons are escaped, so some lines were long enough to fold.
    expect(r.stdout).toContain('\\;');
    expect(r.stdout).toContain('\r\n ');
  });

  it('folds by octets without splitting a character, and escapes TEXT', () => {
    const line = `SUMMARY:${'é'.repeat(60)}`; // 8 + 120 octets
    const folded = icalFold(line);
    const parts = folded.split('\r\n');
    for (const p of parts) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
    expect(icalFold('SHORT:x')).toBe('SHORT:x');
    expect(icalEscape('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });
});
