/**
 * Use case `status`: every release line with its support on a day (the supported-versions list,
 * like the Python devguide's versions page). Reads one `for-each-ref`, then history as
 * facts/line-history.ts chooses (nothing when the answers kept under `.git/trellis/` still hold;
 * a sample and one `git log`; on a merge-heavy history, small reads per line).
 */
import { buildStatusReport, type LineDiscovery, type LineTag, type StatusReport } from '../core/lines/index.js';
import { hasAdvisoryFiles } from '../facts/advisory-files.js';
import { readLineFacts } from '../facts/repository.js';
import type { OpenAdvisories } from './advisory-status.js';
import type { AppContext } from './context.js';

export interface StatusRequest {
  /** The day to report on (`YYYY-MM-DD`); default: today. */
  date?: string | undefined;
}

/** Every version tag of a line, for pages that list them (`trellis site`); not part of `status --json`. */
export interface LineTags {
  /** Releases and pre-releases, oldest first (by date, then version order). */
  tags: LineTag[];
  /** The line's highest-version tag (stable or not): where its unreleased commits are counted from. */
  latestTag: { tag: string; commit: string | null } | null;
  /** The commit of the line's branch (null without a branch). */
  branchCommit: string | null;
}

export interface StatusResult {
  report: StatusReport;
  /** Project name from the policy, for headings. */
  project: string | null;
  /** Facts that are not about one line (development branch missing, tags that do not parse). */
  warnings: string[];
  /** Line key → its tags (the report lists only the first and latest release). */
  tags: Record<string, LineTags>;
  /** The repository has advisory records (the table then shows each line's open advisories). */
  advisories: boolean;
}

export async function status(ctx: AppContext, req: StatusRequest = {}): Promise<StatusResult> {
  const { discovery } = await readLineFacts(ctx.git, ctx.policy, { remote: ctx.remote });
  const tags: Record<string, LineTags> = {};
  for (const l of discovery.lines) {
    // Each list is oldest version first; merged by date, ties (and undated tags) kept in version order.
    const all = [...l.prereleases, ...l.releases].map((t, i) => ({ t, i }));
    all.sort((a, b) => (a.t.date ?? '9999').localeCompare(b.t.date ?? '9999') || a.i - b.i);
    tags[l.key] = {
      tags: all.map((x) => x.t),
      latestTag: l.latestTag ? { tag: l.latestTag.tag, commit: l.latestTag.commit } : null,
      branchCommit: l.branchCommit,
    };
  }
  const date = req.date ?? ctx.today;
  const report = buildStatusReport(discovery, ctx.policy, date);
  const open = await openAdvisories(ctx, discovery, date);
  for (const l of report.lines) l.openAdvisories = open.counts.get(l.line) ?? 0;
  return {
    report,
    project: ctx.policy.project.name ?? null,
    warnings: [...discovery.warnings, ...open.warnings],
    tags,
    advisories: open.records > 0,
  };
}

/** Open advisories by line; the advisory modules are loaded only where there are records. */
async function openAdvisories(ctx: AppContext, discovery: LineDiscovery, date: string): Promise<OpenAdvisories> {
  if (!(await hasAdvisoryFiles(ctx.git, ctx.policy))) return { records: 0, counts: new Map(), warnings: [] };
  const { openAdvisoriesByLine } = await import('./advisory-status.js');
  return openAdvisoriesByLine(ctx, discovery, date);
}
