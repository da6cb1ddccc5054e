/**
 * Use case `advisory sla`: each advisory's triage and each affected supported line's fix
 * against the policy's service levels (`security.sla`) on a day; exit intent 1 when any is
 * overdue. Embargoed advisories count (their fixes are due all the same).
 */
import { anyOverdue, slaRows, type SlaRow } from '../core/advisory/sla.js';
import { loadAdvisoryWorld } from './advisory-shared.js';
import type { AppContext } from './context.js';

export interface AdvisorySlaRequest {
  date?: string | undefined;
}

export interface AdvisorySlaResult {
  asOf: string;
  rows: SlaRow[];
  exitCode: 0 | 1;
  warnings: string[];
}

export async function advisorySla(ctx: AppContext, req: AdvisorySlaRequest = {}): Promise<AdvisorySlaResult> {
  const asOf = req.date ?? ctx.today;
  const world = await loadAdvisoryWorld(ctx, asOf);
  const rows = slaRows(
    ctx.policy,
    world.views.map((v) => ({
      id: v.id,
      severity: v.severity.level,
      reported: v.record.database_specific.reported,
      triaged: v.record.database_specific.triaged ?? null,
      lines: v.lines,
    })),
    asOf,
  );
  return { asOf, rows, exitCode: anyOverdue(rows) ? 1 : 0, warnings: world.warnings };
}
