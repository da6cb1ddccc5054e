/** The release calendar's events and the projections they are made from. */
import type { Duration } from '../policy/duration.js';
import type { Phase, Policy } from '../policy/schema.js';
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

/** Input of `buildSchedule`. */
export interface ScheduleInput {
  policy: Policy;
  /** Discovered lines (`discoverLines(...).lines`), development line included or not. */
  lines: readonly ReleaseLine[];
  /** The first day of the calendar. */
  from: string;
  /** How many events (default 10). */
  count?: number;
}

/** A projected release: the window's first and last day. */
export interface Projection {
  version: string;
  line: string;
  date: string;
  endDate: string;
  overdueSince: string | null;
}

/** Makes an event's stable id from its parts (the project name first). */
export type EventId = (...parts: string[]) => string;

export const ONE_DAY: Duration = { n: 1, unit: 'day' };
