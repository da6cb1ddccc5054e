/**
 * The three faces of a coverage report: a matrix for people, Markdown for issues, JSON for
 * tools (the stable shape of {@link CoverageReport}). Pure: text in, text out.
 */
import type { CellState, ChangeCoverage, CoverageReport } from './coverage.js';
import { summarize } from './coverage.js';

const short = (oid: string | null): string => (oid ? oid.slice(0, 10) : '');

/** The short text of one cell in the matrix. */
export function cellText(s: CellState | undefined): string {
  if (!s) return '';
  switch (s.state) {
    case 'present':
      return `ok ${s.via ?? ''}`.trim();
    case 'probable':
      return `probable ${short(s.commit)}`;
    case 'pending':
      return 'pending';
    case 'missing':
      return 'MISSING';
    default:
      return '-';
  }
}

/** True when a row deserves a person's attention: something missing, pending or only probable. */
export function needsAttention(c: ChangeCoverage): boolean {
  return Object.values(c.states).some((s) => s.state === 'missing' || s.state === 'pending' || s.state === 'probable');
}

/** Every column of a report: its lines, then the development branch when a reverse row has it. */
export function columnsOf(report: CoverageReport): string[] {
  const cols = [...report.lines];
  for (const c of report.changes) for (const k of Object.keys(c.states)) if (!cols.includes(k)) cols.push(k);
  return cols;
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

/**
 * The matrix for people: by default only rows that need attention (missing, pending, probable),
 * then per-line counts, then a legend.
 */
export function renderMatrix(report: CoverageReport, opts: { all?: boolean; width?: number } = {}): string {
  const cols = columnsOf(report);
  const rows = report.changes.filter((c) => opts.all || needsAttention(c));
  const subjectWidth = opts.width ?? 60;
  const cut = (s: string): string => (s.length > subjectWidth ? `${s.slice(0, subjectWidth - 1)}…` : s);
  let out = `Changes since ${report.since} on ${report.lines.length} line(s): ${report.lines.join(', ') || '(none)'}\n\n`;
  if (rows.length === 0) {
    out += opts.all ? 'No changes.\n' : 'Nothing is missing, pending or only probable.\n';
  } else {
    out += table(
      ['commit', 'kind', ...cols, 'subject'],
      rows.map((c) => [short(c.commit), c.kind, ...cols.map((k) => cellText(c.states[k])), cut(c.subject)]),
    );
  }
  const sum = summarize(report);
  out += '\n';
  out += table(
    ['line', 'present', 'probable', 'pending', 'missing', 'not-needed'],
    cols.map((k) => {
      const s = sum[k] ?? { present: 0, probable: 0, pending: 0, missing: 0, 'not-needed': 0 };
      return [k, String(s.present), String(s.probable), String(s.pending), String(s.missing), String(s['not-needed'])];
    }),
  );
  const hidden = report.changes.length - rows.length;
  if (!opts.all && hidden > 0) out += `\n${hidden} change(s) with nothing to do are not shown (--all shows them).\n`;
  out += '\nok <via>: present (reachable, trailer, pull-request, patch-id); probable: subject only; -: not needed\n';
  return out;
}

const mdEscape = (s: string): string => s.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`);

/** Markdown for an issue: a checklist of what is missing or pending, then a per-line summary. */
export function renderMarkdown(report: CoverageReport): string {
  const cols = columnsOf(report);
  const rows = report.changes.filter(needsAttention);
  let out = `## Backport coverage since ${mdEscape(report.since)}\n\n`;
  if (rows.length === 0) out += 'Nothing is missing, pending or only probable.\n';
  for (const c of rows) {
    const parts: string[] = [];
    for (const k of cols) {
      const s = c.states[k];
      if (!s) continue;
      if (s.state === 'missing') parts.push(`missing on **${mdEscape(k)}**`);
      else if (s.state === 'pending') parts.push(`pending on **${mdEscape(k)}** (${mdEscape(s.reason ?? '')})`);
      else if (s.state === 'probable') parts.push(`probably on **${mdEscape(k)}** as ${short(s.commit)} (subject only)`);
    }
    const done = !Object.values(c.states).some((s) => s.state === 'missing');
    out += `- [${done ? 'x' : ' '}] ${short(c.commit)} ${mdEscape(c.subject)} (${c.kind}): ${parts.join('; ')}\n`;
  }
  const sum = summarize(report);
  out += `\n| line | present | probable | pending | missing | not-needed |\n| --- | --- | --- | --- | --- | --- |\n`;
  for (const k of cols) {
    const s = sum[k] ?? { present: 0, probable: 0, pending: 0, missing: 0, 'not-needed': 0 };
    out += `| ${mdEscape(k)} | ${s.present} | ${s.probable} | ${s.pending} | ${s.missing} | ${s['not-needed']} |\n`;
  }
  return out;
}

/** The stable JSON document (2-space indent, final newline). */
export function renderJson(report: CoverageReport): string {
  return [...jsonChunks(report)].join('');
}

/**
 * The JSON document of {@link renderJson} in pieces, one change at a time, byte for byte what
 * `JSON.stringify(report, null, 2)` writes: a 100,000-change report is over 100 MB of JSON, so
 * it is written as it is made instead of built as one string. `changes` may be any iterable
 * (rows made on demand).
 */
export function* jsonChunks(report: { since: string; lines: readonly string[]; changes: Iterable<ChangeCoverage> }): Generator<string> {
  const lines = report.lines.length === 0 ? '[]' : JSON.stringify(report.lines, null, 2).replace(/\n/g, '\n  ');
  yield `{\n  "since": ${JSON.stringify(report.since)},\n  "lines": ${lines},\n  "changes": `;
  let first = true;
  let buf = '';
  for (const c of report.changes) {
    buf += `${first ? '[\n' : ',\n'}    ${changeJson(c)}`;
    first = false;
    if (buf.length > 1 << 16) {
      yield buf;
      buf = '';
    }
  }
  yield `${buf}${first ? '[]' : '\n  ]'}\n}\n`;
}

const jstr = (s: string | null): string => (s === null ? 'null' : JSON.stringify(s));

/** One change as `JSON.stringify(change, null, 2)` indented by four spaces, without the cost of the generic path. */
function changeJson(c: ChangeCoverage): string {
  const i = '      ';
  let states = '';
  for (const [k, s] of Object.entries(c.states)) {
    states += `${states === '' ? '' : ','}\n${i}  ${JSON.stringify(k)}: {\n${i}    "state": ${jstr(s.state)},\n${i}    "via": ${jstr(s.via)},\n${i}    "commit": ${jstr(s.commit)},\n${i}    "reason": ${jstr(s.reason)}\n${i}  }`;
  }
  return `{\n${i}"commit": ${jstr(c.commit)},\n${i}"subject": ${jstr(c.subject)},\n${i}"kind": ${jstr(c.kind)},\n${i}"states": ${states === '' ? '{}' : `{${states}\n${i}}`}\n    }`;
}
