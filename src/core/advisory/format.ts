/** Text renderings of advisories for the CLI (tables as rows; the CLI draws them). Pure. */
import type { AdvisoryLine } from './derive.js';
import type { SlaRow } from './sla.js';

/** What the list and show renderings need of an advisory. */
export interface AdvisorySummary {
  id: string;
  aliases: readonly string[];
  level: string;
  score: number | null;
  embargoUntil: string | null;
  embargoed: boolean;
  open: readonly string[];
  summary: string | null;
}

export const LIST_COLUMNS = ['advisory', 'aliases', 'severity', 'embargo', 'open on'] as const;

export function listRows(items: readonly AdvisorySummary[]): string[][] {
  return items.map((a) => [
    a.id,
    a.aliases.join(', '),
    a.score !== null ? `${a.level} (${a.score.toFixed(1)})` : a.level,
    a.embargoed ? `until ${a.embargoUntil}` : '',
    a.open.join(', ') || '-',
  ]);
}

export const LINE_COLUMNS = ['line', 'branch', 'status', 'state', 'fix commit', 'via', 'affected versions'] as const;

export function lineRows(lines: readonly AdvisoryLine[]): string[][] {
  return lines.map((l) => [
    l.line,
    l.branch ?? '',
    l.status,
    l.text,
    l.fixCommit ? l.fixCommit.slice(0, 12) : '',
    l.via ?? '',
    l.affectedVersions.join(', '),
  ]);
}

export const SLA_COLUMNS = ['advisory', 'severity', 'what', 'reported', 'due', 'state'] as const;

export function slaStateText(r: SlaRow): string {
  switch (r.state) {
    case 'met':
      return `met on ${r.metOn}`;
    case 'met-late':
      return `met late on ${r.metOn}`;
    case 'overdue':
      return `overdue by ${-(r.daysLeft ?? 0)} day(s)`;
    case 'due-soon':
      return `due soon (${r.daysLeft} day(s) left)`;
    case 'on-time':
      return `on time (${r.daysLeft} day(s) left)`;
    case 'no-sla':
      return 'no SLA for this severity';
  }
}

export function slaRowsText(rows: readonly SlaRow[]): string[][] {
  return rows.map((r) => [
    r.advisory,
    r.severity,
    r.what === 'triage' ? 'triage' : `fix on ${r.line}`,
    r.reported,
    r.due ?? '-',
    slaStateText(r),
  ]);
}
