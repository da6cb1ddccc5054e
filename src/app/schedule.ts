/**
 * Use case `schedule`: the release calendar from a day on (projected releases from the cadence,
 * the phases of Goose-style cycles, the days support ends) and the lines supported that day.
 * Reads one `for-each-ref` and at most one `git log` (none when the history answers kept under
 * `.git/trellis/` still hold, see facts/line-history.ts).
 */
import { buildSchedule, linesToday, type LineToday, type ScheduleEvent } from '../core/lines/index.js';
import { readLineFacts } from '../facts/repository.js';
import type { AppContext } from './context.js';

export interface ScheduleRequest {
  /** The first day of the calendar (`YYYY-MM-DD`); default: today. */
  from?: string | undefined;
  /** How many events (default 10). */
  count?: number | undefined;
}

export interface ScheduleResult {
  from: string;
  events: ScheduleEvent[];
  /** Project name from the policy, for headings and calendar names. */
  project: string | null;
  /** The release lines supported on the first day (neither pre-release nor end-of-life), newest first. */
  supported: LineToday[];
  /** Facts that are not about one line (development branch missing, tags that do not parse). */
  warnings: string[];
}

export async function schedule(ctx: AppContext, req: ScheduleRequest = {}): Promise<ScheduleResult> {
  const from = req.from ?? ctx.today;
  const { discovery } = await readLineFacts(ctx.git, ctx.policy, { remote: ctx.remote });
  const events = buildSchedule({ policy: ctx.policy, lines: discovery.lines, from, count: req.count ?? 10 });
  const supported = linesToday(discovery, ctx.policy, from).filter(
    (t) => t.kind === 'release' && t.status !== 'end-of-life' && t.status !== 'prerelease',
  );
  return { from, events, project: ctx.policy.project.name ?? null, supported, warnings: discovery.warnings };
}
