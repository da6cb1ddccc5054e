/**
 * Support ends in the release calendar: the last day of bug fixes and the end of life of every
 * release line, from `supportOf` (one event when they coincide). Rules that count on future
 * releases (`maintained: 2` ends 1.1 the day before 1.3.0 ships) are applied to the projected
 * releases too; those ends are marked projected.
 */
import { addDuration } from '../policy/duration.js';
import type { Policy } from '../policy/schema.js';
import { ONE_DAY, type EventId, type Projection, type ScheduleEvent } from './schedule-types.js';
import { supportFacts, supportOf, type LineSupport, type SupportFacts } from './support.js';
import type { ReleaseLine } from './types.js';

/** The support-end events of `lines` on `from`, with the projected minors counted as released on their first day. */
export function supportEndEvents(
  policy: Policy,
  lines: readonly ReleaseLine[],
  minors: readonly Projection[],
  from: string,
  id: EventId,
): ScheduleEvent[] {
  const events: ScheduleEvent[] = [];
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
  return events;
}

function supportEvents(
  s: LineSupport,
  projectedEob: boolean,
  projectedEol: boolean,
  minors: readonly Projection[],
  id: EventId,
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
