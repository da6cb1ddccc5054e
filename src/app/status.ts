/**
 * Use case `status`: every release line with its support on a day (the supported-versions list,
 * like the Python devguide's versions page). Reads one `for-each-ref` and at most one `git log`
 * (none when the history answers kept under `.git/trellis/` still hold, see facts/line-history.ts).
 */
import { buildStatusReport, type StatusReport } from '../core/lines/index.js';
import { readLineFacts } from '../facts/repository.js';
import type { AppContext } from './context.js';

export interface StatusRequest {
  /** The day to report on (`YYYY-MM-DD`); default: today. */
  date?: string | undefined;
}

export interface StatusResult {
  report: StatusReport;
  /** Project name from the policy, for headings. */
  project: string | null;
  /** Facts that are not about one line (development branch missing, tags that do not parse). */
  warnings: string[];
}

export async function status(ctx: AppContext, req: StatusRequest = {}): Promise<StatusResult> {
  const { discovery } = await readLineFacts(ctx.git, ctx.policy, { remote: ctx.remote });
  return {
    report: buildStatusReport(discovery, ctx.policy, req.date ?? ctx.today),
    project: ctx.policy.project.name ?? null,
    warnings: discovery.warnings,
  };
}
