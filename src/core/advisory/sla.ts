/**
 * Service levels (policy `security.sla`): for each advisory a triage due date (report + triage
 * time of its severity), and for each affected line that takes security fixes a fix due date
 * (report + fix time of its severity, per support status when the policy says so), with a state
 * on a day: on time, due soon, overdue, met on DATE, met late on DATE. Pure.
 */
import { addDuration, daysBetween, duration } from '../policy/duration.js';
import type { Policy } from '../policy/schema.js';
import type { AdvisoryLine } from './derive.js';
import type { SeverityLevel } from './severity.js';

export type SlaState = 'on-time' | 'due-soon' | 'overdue' | 'met' | 'met-late';

export interface SlaRow {
  advisory: string;
  severity: SeverityLevel;
  /** `triage`, or the line's key for its fix. */
  what: 'triage' | 'fix';
  line: string | null;
  reported: string;
  /** The due date, or null when the policy sets no time for this severity. */
  due: string | null;
  state: SlaState | 'no-sla';
  /** When it was met (triage date, or the date of the first release with the fix). */
  metOn: string | null;
  /** Days left until due (negative when overdue); null when met or without SLA. */
  daysLeft: number | null;
}

export interface SlaAdvisory {
  id: string;
  severity: SeverityLevel;
  reported: string;
  triaged: string | null;
  lines: readonly AdvisoryLine[];
}

/** True when a line takes security fixes (its backport status is in `backport.kinds.security`). */
export function takesSecurityFixes(policy: Policy, l: AdvisoryLine): boolean {
  return l.backportStatus !== null && policy.backport.kinds.security.includes(l.backportStatus);
}

/** The SLA rows of advisories on `today`. */
export function slaRows(policy: Policy, advisories: readonly SlaAdvisory[], today: string): SlaRow[] {
  const rows: SlaRow[] = [];
  for (const a of advisories) {
    const sla = policy.security.sla[a.severity];
    const base = { advisory: a.id, severity: a.severity, reported: a.reported };
    const triageDue = sla?.triage ? addDuration(a.reported, duration(sla.triage)) : null;
    rows.push({ ...base, what: 'triage', line: null, ...judge(triageDue, a.triaged, a.reported, today) });
    for (const l of a.lines) {
      // Fixes are released from release lines; the development line has no fix due of its own.
      if (l.kind === 'development' || l.state === 'not-affected' || l.state === 'affected-eol' || !takesSecurityFixes(policy, l)) continue;
      const time = (l.support ? sla?.fixByStatus?.[l.support as 'full' | 'bugfix' | 'security'] : undefined) ?? sla?.fix;
      const due = time ? addDuration(a.reported, duration(time)) : null;
      rows.push({ ...base, what: 'fix', line: l.line, ...judge(due, l.fixedDate, a.reported, today) });
    }
  }
  return rows;
}

/** The state of one due date on `today`, given when it was met (null: not yet). */
function judge(
  due: string | null,
  metOn: string | null,
  from: string,
  today: string,
): Pick<SlaRow, 'due' | 'state' | 'metOn' | 'daysLeft'> {
  if (metOn !== null && metOn <= today) return { due, state: due === null || metOn <= due ? 'met' : 'met-late', metOn, daysLeft: null };
  if (due === null) return { due, state: 'no-sla', metOn: null, daysLeft: null };
  const left = daysBetween(today, due);
  if (left < 0) return { due, state: 'overdue', metOn: null, daysLeft: left };
  // Due soon: within the last quarter of the window (at least the last day).
  const soon = Math.max(1, Math.floor(daysBetween(from, due) / 4));
  return { due, state: left <= soon ? 'due-soon' : 'on-time', metOn: null, daysLeft: left };
}

/** True when any row is overdue (`advisory sla` exits 1). */
export function anyOverdue(rows: readonly SlaRow[]): boolean {
  return rows.some((r) => r.state === 'overdue');
}
