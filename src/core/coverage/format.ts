/**
 * The three faces of a coverage report: a matrix for people, Markdown for issues, JSON for
 * tools (the stable shape of {@link CoverageReport}). Pure: text in, text out.
 */
import type { CellState, ChangeCoverage, CoverageReport, CoverageState } from './matrix.js';

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
 * {@link renderMatrix} in pieces, reading the changes once: each shown row is kept only as
 * references to its own strings and a number per cell (column widths are known only at the
 * end), counts are tallied as rows pass, and the table is written in chunks.
 */
export function* matrixChunks(report: ReportSource, opts: { all?: boolean; width?: number } = {}): Generator<string> {
  const subjectWidth = opts.width ?? 60;
  const cut = (s: string): string => (s.length > subjectWidth ? `${s.slice(0, subjectWidth - 1)}…` : s);
  const tally = new Tally(report.lines);
  // Shown rows, kept small until the widths are known: the row's own strings (its commit, kind
  // and subject are the change's, not copies) and each cell as a number in a table of texts.
  const commits: string[] = [];
  const kinds: string[] = [];
  const subjects: string[] = [];
  let codes = new Uint16Array(1024);
  let used = 0;
  const texts: string[] = [];
  const textIds = new Map<string, number>();
  const layouts: string[][] = [];
  const layoutOf: number[] = [];
  const layoutIds = new Map<string, number>();
  const widthOf = new Map<string, number>();
  let total = 0;
  let commitWidth = 6;
  let kindWidth = 4;
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
    if (used + keys.length > codes.length) {
      const grown = new Uint16Array(Math.max(codes.length * 2, used + keys.length));
      grown.set(codes);
      codes = grown;
    }
    for (const k of keys) {
      const t = cellText(c.states[k]);
      let code = textIds.get(t);
      if (code === undefined) {
        code = texts.length;
        texts.push(t);
        textIds.set(t, code);
      }
      codes[used++] = code;
      if (t.length > (widthOf.get(k) ?? 0)) widthOf.set(k, t.length);
    }
    commitWidth = Math.max(commitWidth, short(c.commit).length);
    kindWidth = Math.max(kindWidth, c.kind.length);
    commits.push(c.commit);
    kinds.push(c.kind);
    subjects.push(c.subject);
    layoutOf.push(id);
  }
  const cols = tally.cols;
  const lines = report.lines;
  yield `Changes since ${report.since} on ${lines.length} line(s): ${lines.join(', ') || '(none)'}\n\n`;
  if (commits.length === 0) {
    yield opts.all ? 'No changes.\n' : 'Nothing is missing, pending or only probable.\n';
  } else {
    const headers = ['commit', 'kind', ...cols, 'subject'];
    const widths = [commitWidth, kindWidth, ...cols.map((k) => Math.max(k.length, widthOf.get(k) ?? 0)), 0];
    // Where each layout's cells go among the columns (-1: the row has no such state).
    const places = layouts.map((keys) => cols.map((k) => keys.indexOf(k)));
    let buf = `${tableLine(headers, widths)}\n`;
    const row: string[] = new Array(cols.length + 3);
    let at = 0;
    for (let r = 0; r < commits.length; r++) {
      const layout = layoutOf[r] as number;
      const place = places[layout] as number[];
      row[0] = short(commits[r] as string);
      row[1] = kinds[r] as string;
      for (let k = 0; k < cols.length; k++)
        row[k + 2] = place[k] === -1 ? '' : (texts[codes[at + (place[k] as number)] as number] as string);
      row[cols.length + 2] = cut(subjects[r] as string);
      at += (layouts[layout] as string[]).length;
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
  const hidden = total - commits.length;
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
