/**
 * Phase events of the release calendar (Goose-style phases): dated `phases.schedule` entries as
 * written; without them, estimated from the minor cadence: pre-release starts when the next
 * line's branch was cut (or at 75% of the cycle: mid-cycle "takes about 75% of the cycle"),
 * feature freeze halfway from there to the release, mid-cycle again on the release day.
 */
import { addDuration, daysBetween } from '../policy/duration.js';
import type { Phase, Policy } from '../policy/schema.js';
import { compareLineKeys, parseLineKey } from './discover.js';
import { ONE_DAY, type EventId, type Projection, type ScheduleEvent } from './schedule-types.js';
import type { ReleaseLine } from './types.js';

type PhaseSchedule = NonNullable<Policy['phases']>['schedule'];

const PHASE_WORDS: Record<Phase, string> = { 'mid-cycle': 'mid-cycle', 'pre-release': 'pre-release', 'feature-freeze': 'feature freeze' };

const nextOf = (key: string) => {
  const { major, minor } = parseLineKey(key);
  return minor === null ? `${major + 1}` : `${major}.${minor + 1}`;
};

/** The phase events: the policy's dated `phases.schedule`, else estimated from the projected minors. */
export function phaseEvents(
  policy: Policy,
  lines: readonly ReleaseLine[],
  minors: readonly Projection[],
  count: number,
  id: EventId,
): ScheduleEvent[] {
  const schedule = policy.phases!.schedule;
  const newest = [...lines].filter((l) => l.releases.length > 0).sort((a, b) => compareLineKeys(b.key, a.key))[0];
  if (schedule.length > 0) return datedPhases(schedule, newest, id);
  return estimatedPhases(lines, newest, minors, count, id);
}

/** Dated entries, as the policy gives them: each lasts until the next one starts. */
function datedPhases(schedule: PhaseSchedule, newest: ReleaseLine | undefined, id: EventId): ScheduleEvent[] {
  const out: ScheduleEvent[] = [];
  schedule.forEach((entry, i) => {
    const next = schedule[i + 1];
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

/** Estimated from the cadence: one cycle per projected minor. */
function estimatedPhases(
  lines: readonly ReleaseLine[],
  newest: ReleaseLine | undefined,
  minors: readonly Projection[],
  count: number,
  id: EventId,
): ScheduleEvent[] {
  const out: ScheduleEvent[] = [];
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
