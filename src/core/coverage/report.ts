/** Questions asked of a finished coverage report (or of its rows as they pass). */
import type { ChangeCoverage, CoverageReport, CoverageState } from './types.js';

/** True when this change is a security change missing on a line that must have it: the rule behind `trellis missing`'s exit 1. */
export function missesSecurityFix(c: ChangeCoverage): boolean {
  return c.kind === 'security' && Object.values(c.states).some((s) => s.state === 'missing');
}

/** True when a security change is missing on a line that must have it (exit 1). */
export function securityMissing(report: CoverageReport): boolean {
  return report.changes.some(missesSecurityFix);
}

/** Counts of each state per column. */
export function summarize(report: CoverageReport): Record<string, Record<CoverageState, number>> {
  const out: Record<string, Record<CoverageState, number>> = {};
  for (const c of report.changes) {
    for (const [k, s] of Object.entries(c.states)) {
      const row = (out[k] ??= { present: 0, probable: 0, pending: 0, missing: 0, 'not-needed': 0 });
      row[s.state]++;
    }
  }
  return out;
}
