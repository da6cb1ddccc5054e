/**
 * The "open advisories" count per line that `status` shows: advisories (not under embargo on
 * the day: status is a public page) that are open on the line — affected with no fix, a fix not
 * released yet, or end-of-life with no fix planned. Bad records do not stop `status`: they
 * become a warning (`trellis advisory list` reports them in full).
 */
import { isTrellisError } from '../core/errors.js';
import { linesToday, type LineDiscovery } from '../core/lines/index.js';
import { readAdvisories } from '../facts/advisories.js';
import { viewsOf } from './advisory-shared.js';
import type { AppContext } from './context.js';

export interface OpenAdvisories {
  /** How many advisory records the repository has (0: none, and status shows no column). */
  records: number;
  /** Line key → open advisories. */
  counts: Map<string, number>;
  warnings: string[];
}

export async function openAdvisoriesByLine(ctx: AppContext, discovery: LineDiscovery, date: string): Promise<OpenAdvisories> {
  let records;
  try {
    records = (await readAdvisories(ctx.git, ctx.policy)).records;
  } catch (e) {
    if (!isTrellisError(e)) throw e;
    return { records: 0, counts: new Map(), warnings: [`advisories not counted: ${e.message}`] };
  }
  const counts = new Map<string, number>();
  if (records.length === 0) return { records: 0, counts, warnings: [] };
  const views = await viewsOf(ctx, linesToday(discovery, ctx.policy, date), records, date);
  for (const v of views) if (!v.embargoed) for (const line of v.open) counts.set(line, (counts.get(line) ?? 0) + 1);
  return { records: records.length, counts, warnings: [] };
}
