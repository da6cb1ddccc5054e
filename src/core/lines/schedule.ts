/**
 * The release calendar (`trellis schedule`): projected next releases from the policy's cadence,
 * the phase boundaries of Goose-style cycles, and the days support ends, as one sorted list of
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
 *   branch was cut (or at 75% of the cycle, Goose-style: mid-cycle "takes about 75% of the cycle"),
 *   feature freeze halfway from there to the release, mid-cycle again on the release day.
 * - **Support ends** of every release line, from `supportOf`: the last day of bug fixes and the
 *   end of life (one event when they coincide). Rules that count on future releases
 *   (`maintained: 2` ends 1.1 the day before 1.3.0 ships) are applied to the projected releases
 *   too; those ends are marked projected.
 *
 * Phases are in schedule-phases.ts, support ends in schedule-support.ts, the iCalendar file in ical.ts.
 */
import { durationRange, addDuration, type Duration } from '../policy/duration.js';
import type { Policy } from '../policy/schema.js';
import type { ParsedVersion, VersionScheme } from '../version/types.js';
import { compareLineKeys, parseLineKey, schemeOf } from './discover.js';
import { phaseEvents } from './schedule-phases.js';
import { supportEndEvents } from './schedule-support.js';
import type { EventId, Projection, ScheduleEvent, ScheduleInput, ScheduleKind } from './schedule-types.js';
import type { ReleaseLine } from './types.js';

export { SCHEDULE_KINDS, type ScheduleEvent, type ScheduleInput, type ScheduleKind } from './schedule-types.js';
export { icalEscape, icalFold, scheduleToICalendar, type ICalendarOptions } from './ical.js';

const KIND_ORDER: Record<ScheduleKind, number> = { phase: 0, major: 1, minor: 2, patch: 3, 'end-of-bugfix': 4, 'end-of-life': 5 };

/** `d` times `n`: 3 × `1 month` = `3 months` (so month ends do not drift as they would by repeated addition). */
const times = (d: Duration, n: number): Duration => ({ n: d.n * n, unit: d.unit });

interface Released {
  version: string;
  parsed: ParsedVersion;
  date: string;
  line: string;
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
  const project = policy.project.name ?? 'trellis';
  const id: EventId = (...parts) => [project, ...parts].join('-');
  // Release lines, and the development line once it has a release of its own (the Tarantool-style X.Y.0 on master).
  const lines = input.lines.filter((l) => l.kind === 'release' || l.releases.length > 0);
  const h = historyOf(policy, lines);

  const minors = minorProjections(policy, h, from, count);
  const events: ScheduleEvent[] = [];
  for (const p of minors) {
    const pre = lines.find((l) => l.key === p.line && l.releases.length === 0)?.prereleases.at(-1);
    const extras = [pre ? `${pre.version} is out` : null, p.overdueSince ? `due since ${p.overdueSince}` : null].filter((x) => x !== null);
    events.push(releaseEvent('minor', p, extras, id));
  }
  events.push(...majorEvents(policy, h, from, count, id));
  events.push(...patchEvents(policy, h, minors, from, count, id));
  if (policy.phases) events.push(...phaseEvents(policy, lines, minors, count, id));
  events.push(...supportEndEvents(policy, lines, minors, from, id));

  // An event is listed while it lasts; the last phase has no end (it is the phase from then on).
  return events
    .filter((e) => (e.endDate ?? e.date) >= from || (e.kind === 'phase' && e.endDate === undefined))
    .sort((a, b) =>
      a.date < b.date ? -1 : a.date > b.date ? 1 : KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compareLineKeys(a.line, b.line),
    )
    .slice(0, count);
}

interface Released {
  version: string;
  parsed: ParsedVersion;
  date: string;
  line: string;
}

/** The releases so far: every dated release, the newest released line and the highest version. */
interface History {
  scheme: VersionScheme;
  released: Released[];
  newestLine: ReleaseLine | undefined;
  highest: Released | null;
}

function historyOf(policy: Policy, lines: readonly ReleaseLine[]): History {
  const scheme = schemeOf(policy);
  const released: Released[] = [];
  for (const l of lines) {
    for (const t of l.releases) {
      const parsed = scheme.tryParse(t.version);
      if (parsed && t.date !== null) released.push({ version: t.version, parsed, date: t.date, line: l.key });
    }
  }
  const newestLine = [...lines].filter((l) => l.releases.length > 0).sort((a, b) => compareLineKeys(b.key, a.key))[0];
  const highest = released.reduce<Released | null>((a, b) => (a === null || scheme.compare(b.parsed, a.parsed) > 0 ? b : a), null);
  return { scheme, released, newestLine, highest };
}

const part = (r: Released, i: number) => r.parsed.release[i] ?? 0;

/** The latest of `rs` by date (the higher version on the same day). */
function latest(scheme: VersionScheme, rs: Released[]): Released | null {
  return rs.reduce<Released | null>(
    (a, b) => (a === null || b.date > a.date || (b.date === a.date && scheme.compare(b.parsed, a.parsed) > 0) ? b : a),
    null,
  );
}

/** The next minors (`X.Y.0`) from the latest one by the minor cadence (none when lines are majors). */
function minorProjections(policy: Policy, h: History, from: string, count: number): Projection[] {
  const minorCadence = policy.cadence.minor ? durationRange(policy.cadence.minor) : null;
  if (!minorCadence || !h.newestLine || policy.versioning.line === 'major') return [];
  // X.Y.0 releases (majors included; a four-part X.Y.0.1 is a patch).
  const base = latest(
    h.scheme,
    h.released.filter((r) => part(r, 2) === 0 && r.parsed.release.slice(3).every((x) => x === 0)),
  );
  if (!base) return [];
  const { major, minor } = parseLineKey(h.newestLine.key);
  return stream(base.date, minorCadence, from, count, (k) => ({
    version: `${major}.${(minor ?? 0) + k}.0`,
    line: `${major}.${(minor ?? 0) + k}`,
  }));
}

/** The next majors (`X.0.0`, X >= 1) by the major cadence; a project still on 0.x counts from its first release. */
function majorEvents(policy: Policy, h: History, from: string, count: number, id: EventId): ScheduleEvent[] {
  const majorCadence = policy.cadence.major ? durationRange(policy.cadence.major) : null;
  if (!majorCadence || !h.highest) return [];
  const byMajor = policy.versioning.line === 'major';
  const majors = h.released.filter((r) => part(r, 0) >= 1 && part(r, 1) === 0 && part(r, 2) === 0);
  const base = latest(h.scheme, majors) ?? h.released.reduce((a, b) => (b.date < a.date ? b : a));
  const note = majors.length === 0 ? `no major release yet: counted from ${base.version} (${base.date})` : null;
  const top = part(h.highest, 0);
  return stream(base.date, majorCadence, from, count, (k) => ({
    version: `${top + k}.0.0`,
    line: byMajor ? `${top + k}` : `${top + k}.0`,
  })).map((p) =>
    releaseEvent(
      'major',
      p,
      [note, p.overdueSince ? `due since ${p.overdueSince}` : null].filter((x) => x !== null),
      id,
    ),
  );
}

/** Patches of the newest released line by the patch cadence; once a projected minor ships, its line's. */
function patchEvents(policy: Policy, h: History, minors: readonly Projection[], from: string, count: number, id: EventId): ScheduleEvent[] {
  const patchCadence = policy.cadence.patch ? durationRange(policy.cadence.patch) : null;
  const newestLine = h.newestLine;
  if (!patchCadence || !newestLine?.latestRelease?.date) return [];
  const events: ScheduleEvent[] = [];
  let line = newestLine.key;
  let patch = latestPatch(newestLine, h.scheme.tryParse.bind(h.scheme));
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
    events.push(releaseEvent('patch', p, p.overdueSince ? [`due since ${p.overdueSince}`] : [], id));
    patch += 1;
    cur = p.date;
    emitted++;
  }
  return events;
}

function releaseEvent(kind: 'major' | 'minor' | 'patch', p: Projection, extras: string[], id: EventId): ScheduleEvent {
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

function latestPatch(line: ReleaseLine, parse: (v: string) => ParsedVersion | null): number {
  const v = line.latestRelease ? parse(line.latestRelease.version) : null;
  return v?.release[2] ?? 0;
}
