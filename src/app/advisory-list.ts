/**
 * Use case `advisory list`: every advisory with its severity, embargo and the lines where it is
 * open — the maintainers' view (embargoed advisories are listed, marked; public outputs leave
 * them out, see advisory-export.ts).
 */
import { loadAdvisoryWorld, type AdvisoryView } from './advisory-shared.js';
import type { AppContext } from './context.js';

export interface AdvisoryListRequest {
  /** The day to judge lines and embargoes on (default today). */
  date?: string | undefined;
}

export interface AdvisoryListResult {
  asOf: string;
  advisories: AdvisoryView[];
  warnings: string[];
}

export async function advisoryList(ctx: AppContext, req: AdvisoryListRequest = {}): Promise<AdvisoryListResult> {
  const asOf = req.date ?? ctx.today;
  const world = await loadAdvisoryWorld(ctx, asOf);
  return { asOf, advisories: world.views, warnings: world.warnings };
}
