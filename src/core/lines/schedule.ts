/**
 * The release calendar (`trellis schedule`): projected next releases from the policy's cadence,
 * the phase boundaries of seed 004's cycle, and the days support ends, as one sorted list of
 * events. Pure: the lines (from `discoverLines`), the policy and the first day come in as data.
 *
 * - **Releases.** Each stream continues from its latest release: the next minor from the latest
 *   `X.Y.0` (majors count too), the next major from the latest `X.0.0` (X >= 1; a project still
 *   on 0.x counts from its first release), the next patch from the newest released line's
 *   latest release. A range (`6-8 months`) gives a window `date`..`endDate`. A release whose
 *   window closed before the first day is overdue: it is shown on the first day and the stream
 *   continues from there. Patches move to a projected minor's line once it ships.
 * - **Phases** (when the policy has `phases`): dated `phases.schedule` entries as written;
 *   without them, estimated from the minor cadence: pre-release starts when the next line's
 *   branch was cut (or at 75% of the cycle, seed 004: mid-cycle "takes about 75% of the cycle"),
 *   feature freeze halfway from there to the release, mid-cycle again on the release day.
 * - **Support ends** of every release line, from `supportOf`: the last day of bug fixes and the
 *   end of life (one event when they coincide). Rules that count on future releases
 *   (`maintained: 2` ends 1.1 the day before 1.3.0 ships) are applied to the projected releases
 *   too; those ends are marked projected.
 */
import { addDuration, daysBetween, durationRange, type Duration } from '../policy/duration.js';
import type { Phase, Policy } from '../policy/schema.js';
import type { ParsedVersion } from '../version/types.js';
import { compareLineKeys, parseLineKey, schemeOf } from './discover.js';
import { supportFacts, supportOf, type LineSupport, type SupportFacts } from './support.js';
import type { ReleaseLine } from './types.js';

export const SCHEDULE_KINDS = ['major', 'minor', 'patch', 'phase', 'end-of-bugfix', 'end-of-life'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/** One calendar entry. */
export interface ScheduleEvent {
  /** First day (`YYYY-MM-DD`). */
  date: string;
  /** Last day of a window or of a phase (inclusive), when the event spans days. */
  endDate?: string;
  kind: ScheduleKind;
  /** The line the event is about (`1.3`). */
  line: string;
  title: string;
  /** The version of a projected release. */
  version?: string;
  /** The phase that starts (kind `phase`). */
  phase?: Phase;
  /** True when computed from the cadence (or from projected releases), false for dates the facts or the policy give. */
  projected: boolean;
  /** Stable identifier of the event (same release or same end keeps it across runs): iCalendar UIDs. */
  id: string;
}

/** Input of {@link buildSchedule}. */
export interface ScheduleInput {
  policy: Policy;
  /** Discovered lines (`discoverLines(...).lines`), development line included or not. */
  lines: readonly ReleaseLine[];
  /** The first day of the calendar. */
  from: string;
  /** How many events (default 10). */
  count?: number;
}

const KIND_ORDER: Record<ScheduleKind, number> = { phase: 0, major: 1, minor: 2, patch: 3, 'end-of-bugfix': 4, 'end-of-life': 5 };
const ONE_DAY: Duration = { n: 1, unit: 'day' };

/** `d` times `n`: 3 × `1 month` = `3 months` (so month ends do not drift as they would by repeated addition). */
const times = (d: Duration, n: number): Duration => ({ n: d.n * n, unit: d.unit });

interface Released {
  version: string;
  parsed: ParsedVersion;
  date: string;
  line: string;
}

/** A projected release: the window's first and last day. */
interface Projection {
  version: string;
  line: string;
  date: string;
  endDate: string;
  overdueSince: string | null;
}

/**
 * A stream of releases every `cadence` after `base`: the k-th (from 1) in the window
 * `base + k·min` .. `base + k·max`. A window that closed before `from` is overdue: it moves to
 * `from` and the stream continues from there.
 */
function stream(
  base: string,
  cadence: { min: Duration; max: Duration },
  from: string,
  n: number,
  version: (k: number) => { version: string; line: string },
): Projection[] {
  const out: Projection[] = [];
  let anchor = base;
  let shift = 0;
  for (let k = 1; k <= n; k++) {
    const step = k - shift;
    const date = addDuration(anchor, times(cadence.min, step));
    const endDate = addDuration(anchor, times(cadence.max, step));
    const v = version(k);
    if (k === 1 && endDate < from) {
      out.push({ ...v, date: from, endDate: from, overdueSince: endDate });
      anchor = from;
      shift = 1;
      continue;
    }
    out.push({ ...v, date, endDate, overdueSince: null });
  }
  return out;
}

/**
 * The calendar from `from`: projected releases, phase starts and support ends, sorted by day
 * (then phase, major, minor, patch, end of bug fixes, end of life), the first `count` events.
 * An event is listed when it ends on or after `from`; the phase in effect on `from` is listed
 * too (its start may be earlier).
 */
export function buildSchedule(input: ScheduleInput): ScheduleEvent[] {
  const { policy, from } = input;
  const count = input.count ?? 10;
  const scheme = schemeOf(policy);
  const project = policy.project.name ?? 'trellis';
  // Release lines, and the development line once it has a release of its own (seed 003's X.Y.0 on master).
  const lines = input.lines.filter((l) => l.kind === 'release' || l.releases.length > 0);
  const byMajor = policy.versioning.line === 'major';

  const released: Released[] = [];
  for (const l of lines) {
    for (const t of l.releases) {
      const parsed = scheme.tryParse(t.version);
      if (parsed && t.date !== null) released.push({ version: t.version, parsed, date: t.date, line: l.key });
    }
  }
  const part = (r: Released, i: number) => r.parsed.release[i] ?? 0;
  const latest = (rs: Released[]) =>
    rs.reduce<Released | null>(
      (a, b) => (a === null || b.date > a.date || (b.date === a.date && scheme.compare(b.parsed, a.parsed) > 0) ? b : a),
      null,
    );
  const newestLine = [...lines].filter((l) => l.releases.length > 0).sort((a, b) => compareLineKeys(b.key, a.key))[0];
  const highest = released.reduce<Released | null>((a, b) => (a === null || scheme.compare(b.parsed, a.parsed) > 0 ? b : a), null);

  const events: ScheduleEvent[] = [];
  const id = (...parts: string[]) => [project, ...parts].join('-');

  // ---- releases -------------------------------------------------------------------------
  const minors: Projection[] = [];
  const minorCadence = policy.cadence.minor ? durationRange(policy.cadence.minor) : null;
  if (minorCadence && newestLine && !byMajor) {
    // X.Y.0 releases (majors included; a four-part X.Y.0.1 is a patch).
    const base = latest(released.filter((r) => part(r, 2) === 0 && r.parsed.release.slice(3).every((x) => x === 0)));
    if (base) {
      const { major, minor } = parseLineKey(newestLine.key);
      minors.push(
        ...stream(base.date, minorCadence, from, count, (k) => ({
          version: `${major}.${(minor ?? 0) + k}.0`,
          line: `${major}.${(minor ?? 0) + k}`,
        })),
      );
    }
  }
  const preparing = (key: string) => lines.find((l) => l.key === key && l.releases.length === 0);
  for (const p of minors) {
    const pre = preparing(p.line)?.prereleases.at(-1);
    const extras = [pre ? `${pre.version} is out` : null, p.overdueSince ? `due since ${p.overdueSince}` : null].filter((x) => x !== null);
    events.push(release('minor', p, extras));
  }

  const majorCadence = policy.cadence.major ? durationRange(policy.cadence.major) : null;
  if (majorCadence && highest) {
    const majors = released.filter((r) => part(r, 0) >= 1 && part(r, 1) === 0 && part(r, 2) === 0);
    const base = latest(majors) ?? released.reduce((a, b) => (b.date < a.date ? b : a));
    const note = majors.length === 0 ? `no major release yet: counted from ${base.version} (${base.date})` : null;
    const top = part(highest, 0);
    for (const p of stream(base.date, majorCadence, from, count, (k) => ({
      version: `${top + k}.0.0`,
      line: byMajor ? `${top + k}` : `${top + k}.0`,
    }))) {
      events.push(
        release(
          'major',
          p,
          [note, p.overdueSince ? `due since ${p.overdueSince}` : null].filter((x) => x !== null),
        ),
      );
    }
  }

  const patchCadence = policy.cadence.patch ? durationRange(policy.cadence.patch) : null;
  if (patchCadence && newestLine?.latestRelease?.date) {
    // Weekly patches of the newest released line; once a projected minor ships, its line's.
    let line = newestLine.key;
    let patch = latestPatch(newestLine, scheme.tryParse.bind(scheme));
    let cur = newestLine.latestRelease.date;
    const pending = [...minors];
    for (let emitted = 0, guard = 0; emitted < count && guard < count * 4; guard++) {
      const date = addDuration(cur, patchCadence.min);
      const endDate = addDuration(cur, patchCadence.max);
      const m = pending[0];
      if (m && m.date <= date) {
        pending.shift();
        line = m.line;
        patch = 0;
        cur = m.date;
        continue;
      }
      const p: Projection = { version: `${line}.${patch + 1}`, line, date, endDate, overdueSince: null };
      if (emitted === 0 && endDate < from) {
        Object.assign(p, { date: from, endDate: from, overdueSince: endDate });
      }
      events.push(release('patch', p, p.overdueSince ? [`due since ${p.overdueSince}`] : []));
      patch += 1;
      cur = p.date;
      emitted++;
    }
  }

  function release(kind: 'major' | 'minor' | 'patch', p: Projection, extras: string[]): ScheduleEvent {
    const e: ScheduleEvent = {
      date: p.date,
      kind,
      line: p.line,
      title: `${kind} release ${p.version}${extras.length > 0 ? ` (${extras.join('; ')})` : ''}`,
      version: p.version,
      projected: true,
      id: id(kind, p.version),
    };
    if (p.endDate !== p.date) e.endDate = p.endDate;
    return e;
  }

  // ---- phases (seed 004) ------------------------------------------------------------------
  if (policy.phases) events.push(...phaseEvents(policy, lines, minors, from, count, id));

  // ---- support ends -----------------------------------------------------------------------
  const facts = lines.map(supportFacts);
  const hypothetical: SupportFacts[] = minors
    .filter((m) => !facts.some((f) => f.key === m.line && f.firstReleaseDate !== null))
    .map((m) => ({
      key: m.line,
      kind: 'release',
      firstReleaseDate: m.date,
      latestReleaseDate: m.date,
      hasPrereleases: false,
      eolByTemplate: false,
    }));
  const known = new Map(supportOf(facts, policy.support, from).map((s) => [s.key, s]));
  const combinedFacts = [...facts.filter((f) => !hypothetical.some((h) => h.key === f.key)), ...hypothetical];
  const withProjection = supportOf(combinedFacts, policy.support, from);
  for (const s of withProjection) {
    const real = known.get(s.key);
    const isHypothetical = hypothetical.some((h) => h.key === s.key);
    if (s.start === null && !isHypothetical) continue;
    const projectedEob = isHypothetical || (real?.endOfBugfix ?? null) === null;
    const projectedEol = isHypothetical || (real?.endOfLife ?? null) === null;
    events.push(...supportEvents(s, projectedEob, projectedEol, minors, id));
  }

  // An event is listed while it lasts; the last phase has no end (it is the phase from then on).
  return events
    .filter((e) => (e.endDate ?? e.date) >= from || (e.kind === 'phase' && e.endDate === undefined))
    .sort((a, b) =>
      a.date < b.date ? -1 : a.date > b.date ? 1 : KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compareLineKeys(a.line, b.line),
    )
    .slice(0, count);
}

function latestPatch(line: ReleaseLine, parse: (v: string) => ParsedVersion | null): number {
  const v = line.latestRelease ? parse(line.latestRelease.version) : null;
  return v?.release[2] ?? 0;
}

function supportEvents(
  s: LineSupport,
  projectedEob: boolean,
  projectedEol: boolean,
  minors: readonly Projection[],
  id: (...parts: string[]) => string,
): ScheduleEvent[] {
  const out: ScheduleEvent[] = [];
  const lts = s.lts ? ' (LTS)' : '';
  const why = (date: string, projected: boolean) => {
    if (!projected) return '';
    const next = minors.find((m) => addDuration(m.date, ONE_DAY, -1) === date);
    return next ? `; projected: the day before ${next.version}` : '; projected';
  };
  if (s.endOfLife !== null && s.endOfBugfix !== null && s.endOfLife === s.endOfBugfix) {
    out.push({
      date: s.endOfLife,
      kind: 'end-of-life',
      line: s.key,
      title: `${s.key}${lts}: end of life (last day of any fix${why(s.endOfLife, projectedEol)})`,
      projected: projectedEol,
      id: id('end-of-life', s.key),
    });
    return out;
  }
  if (s.endOfBugfix !== null) {
    const sec = s.endOfLife !== null ? `security fixes until ${s.endOfLife}` : 'no end of life set';
    out.push({
      date: s.endOfBugfix,
      kind: 'end-of-bugfix',
      line: s.key,
      title: `${s.key}${lts}: last day of bug fixes (${sec}${why(s.endOfBugfix, projectedEob)})`,
      projected: projectedEob,
      id: id('end-of-bugfix', s.key),
    });
  }
  if (s.endOfLife !== null) {
    out.push({
      date: s.endOfLife,
      kind: 'end-of-life',
      line: s.key,
      title: `${s.key}${lts}: end of life (last day of security fixes${why(s.endOfLife, projectedEol)})`,
      projected: projectedEol,
      id: id('end-of-life', s.key),
    });
  }
  return out;
}

const PHASE_WORDS: Record<Phase, string> = { 'mid-cycle': 'mid-cycle', 'pre-release': 'pre-release', 'feature-freeze': 'feature freeze' };

function phaseEvents(
  policy: Policy,
  lines: readonly ReleaseLine[],
  minors: readonly Projection[],
  from: string,
  count: number,
  id: (...parts: string[]) => string,
): ScheduleEvent[] {
  const phases = policy.phases!;
  const out: ScheduleEvent[] = [];
  const newest = [...lines].filter((l) => l.releases.length > 0).sort((a, b) => compareLineKeys(b.key, a.key))[0];
  const nextOf = (key: string) => {
    const { major, minor } = parseLineKey(key);
    return minor === null ? `${major + 1}` : `${major}.${minor + 1}`;
  };

  if (phases.schedule.length > 0) {
    // Dated entries, as the policy gives them: each lasts until the next one starts.
    phases.schedule.forEach((entry, i) => {
      const next = phases.schedule[i + 1];
      // Without a line, the entry prepares the line after the newest release.
      const line = entry.line ?? (newest ? nextOf(newest.key) : '');
      const e: ScheduleEvent = {
        date: entry.from,
        kind: 'phase',
        line,
        phase: entry.phase,
        title: `${PHASE_WORDS[entry.phase]} begins${line ? ` (${entry.phase === 'mid-cycle' ? 'working toward' : 'preparing'} ${line})` : ''}`,
        projected: false,
        id: id('phase', entry.phase, entry.from),
      };
      if (next) e.endDate = addDuration(next.from, ONE_DAY, -1);
      out.push(e);
    });
    return out;
  }

  // Estimated from the cadence: one cycle per projected minor.
  if (!newest || minors.length === 0) return out;
  let cycleStart = newest.firstRelease?.date ?? null;
  for (const [k, m] of minors.slice(0, count).entries()) {
    if (cycleStart === null) break;
    const branch = k === 0 ? lines.find((l) => l.key === m.line && l.branch !== null && l.releases.length === 0) : undefined;
    const cut = branch ? (branch.forkPoint?.date ?? branch.prereleases[0]?.date ?? null) : null;
    const days = Math.max(0, daysBetween(cycleStart, m.date));
    const preStart = cut ?? addDuration(cycleStart, { n: Math.round(days * 0.75), unit: 'day' });
    const freeze = addDuration(preStart, { n: Math.floor(Math.max(0, daysBetween(preStart, m.date)) / 2), unit: 'day' });
    out.push({
      date: preStart,
      endDate: addDuration(freeze, ONE_DAY, -1) < preStart ? preStart : addDuration(freeze, ONE_DAY, -1),
      kind: 'phase',
      line: m.line,
      phase: 'pre-release',
      title: cut
        ? `pre-release of ${m.line} began (branch ${branch!.branch} cut)`
        : `pre-release of ${m.line} begins (estimated: create its branch; 75% of the cycle)`,
      projected: cut === null,
      id: id('phase', 'pre-release', m.line),
    });
    if (freeze < m.date) {
      out.push({
        date: freeze,
        endDate: addDuration(m.date, ONE_DAY, -1),
        kind: 'phase',
        line: m.line,
        phase: 'feature-freeze',
        title: `feature freeze of ${m.line} begins (estimated: bug fixes only on its branch)`,
        projected: true,
        id: id('phase', 'feature-freeze', m.line),
      });
    }
    out.push({
      date: m.date,
      kind: 'phase',
      line: nextOf(m.line),
      phase: 'mid-cycle',
      title: `mid-cycle begins with ${m.version} (working toward ${nextOf(m.line)})`,
      projected: true,
      id: id('phase', 'mid-cycle', nextOf(m.line)),
    });
    cycleStart = m.date;
  }
  // Each phase lasts until the next one starts.
  out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  out.forEach((e, i) => {
    const next = out[i + 1];
    if (e.endDate === undefined && next && next.date > e.date) e.endDate = addDuration(next.date, ONE_DAY, -1);
  });
  return out;
}

// ---- iCalendar (RFC 5545) -------------------------------------------------------------------
//
// Written by hand: what `trellis schedule --ical` needs is a fixed set of all-day VEVENTs with
// text escaping (3.3.11), 75-octet line folding (3.1) and CRLF line ends — a few dozen lines.
// The calendar libraries on npm (ical-generator, ics) are larger than this feature, pull in
// date-time libraries for time zones we never use, and would still need the same tests.

/** Escapes TEXT values: backslash, semicolon, comma and newlines (RFC 5545 3.3.11). */
export function icalEscape(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line into lines of at most 75 octets (UTF-8), continuation lines starting
 * with one space (RFC 5545 3.1); never splits a character.
 */
export function icalFold(line: string): string {
  const out: string[] = [];
  let cur = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (octets + n > limit) {
      out.push(cur);
      cur = ' ';
      octets = 1;
      limit = 75;
    }
    cur += ch;
    octets += n;
  }
  out.push(cur);
  return out.join('\r\n');
}

const icalDate = (d: string) => d.replace(/-/g, '');

/** Options of {@link scheduleToICalendar}. */
export interface ICalendarOptions {
  /** DTSTAMP: when the file is made (the CLI's clock), an ISO instant. */
  stamp: string;
  /** The calendar's name (X-WR-CALNAME). */
  name: string;
  /** Put before every summary (the project name), so events read well among others. */
  prefix?: string;
}

/** The events as an iCalendar file: all-day VEVENTs, CRLF line ends, folded lines. */
export function scheduleToICalendar(events: readonly ScheduleEvent[], opts: ICalendarOptions): string {
  const stamp = new Date(opts.stamp)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Trellis//trellis schedule//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icalEscape(opts.name)}`,
  ];
  for (const e of events) {
    const last = e.endDate ?? e.date;
    const description = [
      `${e.kind} for line ${e.line}`,
      e.endDate ? `window ${e.date} to ${e.endDate}` : null,
      e.projected ? 'projected by trellis schedule from the policy cadence and support rules' : 'from the repository and the policy',
    ].filter((x) => x !== null);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.id.replace(/[^A-Za-z0-9._-]/g, '_')}@trellis`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${icalDate(e.date)}`,
      `DTEND;VALUE=DATE:${icalDate(addDuration(last, ONE_DAY))}`,
      `SUMMARY:${icalEscape(opts.prefix ? `${opts.prefix} ${e.title}` : e.title)}`,
      `DESCRIPTION:${icalEscape(description.join('\n'))}`,
      `CATEGORIES:${icalEscape(e.kind)}`,
      `STATUS:${e.projected ? 'TENTATIVE' : 'CONFIRMED'}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(icalFold).join('\r\n') + '\r\n';
}
