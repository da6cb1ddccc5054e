/**
 * The three faces of a coverage report: a matrix for people, Markdown for issues, JSON for
 * tools (the stable shape of {@link CoverageReport}). Pure: text in, text out.
 */
import type { CellState, ChangeCoverage, CoverageReport, CoverageState } from './coverage.js';

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

/** A report whose changes may be made on demand (rows built only while written). */
export interface ReportSource {
  since: string;
  lines: readonly string[];
  changes: Iterable<ChangeCoverage>;
}

type Counts = Record<CoverageState, number>;
const zero = (): Counts => ({ present: 0, probable: 0, pending: 0, missing: 0, 'not-needed': 0 });

/** Per-column counts of states, and the columns in order (lines, then others as they appear). */
class Tally {
  readonly cols: string[];
  readonly counts = new Map<string, Counts>();
  constructor(lines: readonly string[]) {
    this.cols = [...lines];
  }
  add(c: ChangeCoverage): void {
    for (const k in c.states) {
      let row = this.counts.get(k);
      if (!row) {
        row = zero();
        this.counts.set(k, row);
        if (!this.cols.includes(k)) this.cols.push(k);
      }
      row[(c.states[k] as CellState).state]++;
    }
  }
  of(k: string): Counts {
    return this.counts.get(k) ?? zero();
  }
}

/** Column widths and one line per row of a left-aligned table (two spaces between columns). */
function tableLine(cells: readonly string[], widths: readonly number[]): string {
  let out = '';
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] as string;
    out += i === cells.length - 1 ? c : `${c.padEnd(widths[i] ?? 0)}  `;
  }
  return out.trimEnd();
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [tableLine(headers, widths), ...rows.map((r) => tableLine(r, widths))].join('\n') + '\n';
}

/**
 * The matrix for people: by default only rows that need attention (missing, pending, probable),
 * then per-line counts, then a legend.
 */
export function renderMatrix(report: ReportSource, opts: { all?: boolean; width?: number } = {}): string {
  return [...matrixChunks(report, opts)].join('');
}

/**
 * {@link renderMatrix} in pieces, reading the changes once: each shown row is kept only as its
 * cells' short texts in one string (column widths are known only at the end), counts are
 * tallied as rows pass, and the table is written in chunks.
 */
export function* matrixChunks(report: ReportSource, opts: { all?: boolean; width?: number } = {}): Generator<string> {
  const subjectWidth = opts.width ?? 60;
  const cut = (s: string): string => (s.length > subjectWidth ? `${s.slice(0, subjectWidth - 1)}…` : s);
  const tally = new Tally(report.lines);
  // Shown rows: "commit\0kind\0subject" and, per distinct key order, the cells' texts.
  const heads: string[] = [];
  const cells: string[] = [];
  const layouts: string[][] = [];
  const layoutOf: number[] = [];
  const layoutIds = new Map<string, number>();
  const widthOf = new Map<string, number>();
  let total = 0;
  let headWidths = [0, 0];
  for (const c of report.changes) {
    total++;
    tally.add(c);
    if (!opts.all && !needsAttention(c)) continue;
    const keys = Object.keys(c.states);
    const sig = keys.join('\0');
    let id = layoutIds.get(sig);
    if (id === undefined) {
      id = layouts.length;
      layouts.push(keys);
      layoutIds.set(sig, id);
    }
    let texts = '';
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      const t = cellText(c.states[k]);
      if (t.length > (widthOf.get(k) ?? 0)) widthOf.set(k, t.length);
      texts += i === 0 ? t : `\0${t}`;
    }
    const commit = short(c.commit);
    headWidths = [Math.max(headWidths[0] as number, commit.length), Math.max(headWidths[1] as number, c.kind.length)];
    heads.push(`${commit}\0${c.kind}\0${cut(c.subject)}`);
    cells.push(texts);
    layoutOf.push(id);
  }
  const cols = tally.cols;
  const lines = report.lines;
  yield `Changes since ${report.since} on ${lines.length} line(s): ${lines.join(', ') || '(none)'}\n\n`;
  if (heads.length === 0) {
    yield opts.all ? 'No changes.\n' : 'Nothing is missing, pending or only probable.\n';
  } else {
    const headers = ['commit', 'kind', ...cols, 'subject'];
    const widths = [
      Math.max(6, headWidths[0] as number),
      Math.max(4, headWidths[1] as number),
      ...cols.map((k) => Math.max(k.length, widthOf.get(k) ?? 0)),
      0,
    ];
    // Where each layout's cells go among the columns (-1: the row has no such state).
    const places = layouts.map((keys) => cols.map((k) => keys.indexOf(k)));
    let buf = `${tableLine(headers, widths)}\n`;
    const row: string[] = new Array(cols.length + 3);
    for (let r = 0; r < heads.length; r++) {
      const [commit, kind, subject] = (heads[r] as string).split('\0') as [string, string, string];
      const texts = (cells[r] as string).split('\0');
      const place = places[layoutOf[r] as number] as number[];
      row[0] = commit;
      row[1] = kind;
      for (let k = 0; k < cols.length; k++) row[k + 2] = place[k] === -1 ? '' : (texts[place[k] as number] as string);
      row[cols.length + 2] = subject;
      buf += `${tableLine(row, widths)}\n`;
      if (buf.length > 1 << 16) {
        yield buf;
        buf = '';
      }
    }
    yield buf;
  }
  let out = '\n';
  out += table(
    ['line', 'present', 'probable', 'pending', 'missing', 'not-needed'],
    cols.map((k) => {
      const s = tally.of(k);
      return [k, String(s.present), String(s.probable), String(s.pending), String(s.missing), String(s['not-needed'])];
    }),
  );
  const hidden = total - heads.length;
  if (!opts.all && hidden > 0) out += `\n${hidden} change(s) with nothing to do are not shown (--all shows them).\n`;
  out += '\nok <via>: present (reachable, trailer, pull-request, patch-id); probable: subject only; -: not needed\n';
  yield out;
}

const mdEscape = (s: string): string => s.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`);

/** Markdown for an issue: a checklist of what is missing or pending, then a per-line summary. */
export function renderMarkdown(report: ReportSource): string {
  return [...markdownChunks(report)].join('');
}

/** {@link renderMarkdown} in pieces, written as the changes pass (read once). */
export function* markdownChunks(report: ReportSource): Generator<string> {
  const tally = new Tally(report.lines);
  let buf = `## Backport coverage since ${mdEscape(report.since)}\n\n`;
  let shown = 0;
  for (const c of report.changes) {
    tally.add(c);
    if (!needsAttention(c)) continue;
    shown++;
    // The row's states are in column order: the lines, then the development branch.
    const parts: string[] = [];
    let done = true;
    for (const k in c.states) {
      const s = c.states[k] as CellState;
      if (s.state === 'missing') {
        done = false;
        parts.push(`missing on **${mdEscape(k)}**`);
      } else if (s.state === 'pending') parts.push(`pending on **${mdEscape(k)}** (${mdEscape(s.reason ?? '')})`);
      else if (s.state === 'probable') parts.push(`probably on **${mdEscape(k)}** as ${short(s.commit)} (subject only)`);
    }
    buf += `- [${done ? 'x' : ' '}] ${short(c.commit)} ${mdEscape(c.subject)} (${c.kind}): ${parts.join('; ')}\n`;
    if (buf.length > 1 << 16) {
      yield buf;
      buf = '';
    }
  }
  if (shown === 0) buf += 'Nothing is missing, pending or only probable.\n';
  buf += `\n| line | present | probable | pending | missing | not-needed |\n| --- | --- | --- | --- | --- | --- |\n`;
  for (const k of tally.cols) {
    const s = tally.of(k);
    buf += `| ${mdEscape(k)} | ${s.present} | ${s.probable} | ${s.pending} | ${s.missing} | ${s['not-needed']} |\n`;
  }
  yield buf;
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
export function* jsonChunks(report: ReportSource): Generator<string> {
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
