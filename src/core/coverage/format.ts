/**
 * The three faces of a coverage report: a matrix for people, Markdown for issues, JSON for
 * tools (the stable shape of {@link CoverageReport}). Pure: text in, text out.
 */
import { escapeControl } from '../text.js';
import type { CoverageFlow } from './flow.js';
import type { CellState, ChangeCoverage, CoverageReport, CoverageState } from './types.js';

const short = (oid: string | null): string => (oid ? oid.slice(0, 10) : '');

/** `since` for people: a full commit id (as JSON gives it) shortened, a revision or date as given. */
const sinceText = (since: string): string => (/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(since) ? short(since) : since);

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
  /** Which way fixes travel (default main-first): line-first reports say so above the table. */
  flow?: CoverageFlow;
}

/** The note above a line-first report (none for main-first: its output is as it always was). */
function flowNote(report: ReportSource): string {
  return report.flow === 'line-first'
    ? "Fixes land on the lines first and merge back (the policy's flow): rows are the lines' own fixes, checked on the development branch and the other lines.\n\n"
    : '';
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

/** `all`: every change, not only those needing attention; `width`: subjects cut to this many characters (default 60); `tableWidth`: the whole row fits this many (subjects get the rest). */
export interface MatrixOptions {
  all?: boolean;
  width?: number;
  tableWidth?: number;
  /** Colours a cell, given its state and its text already padded to the column (front ends pass the vocabulary's colours). */
  paint?: (state: CoverageState, padded: string) => string;
}

/**
 * The matrix for people: by default only rows that need attention (missing, pending, probable),
 * then per-line counts, then a legend.
 */
export function renderMatrix(report: ReportSource, opts: MatrixOptions = {}): string {
  return [...matrixChunks(report, opts)].join('');
}

/**
 * {@link renderMatrix} in pieces, reading the changes once: each shown row is kept only as
 * references to its own strings and a number per cell (column widths are known only at the
 * end; see {@link ShownRows}), counts are tallied as rows pass, and the table is written in chunks.
 */
export function* matrixChunks(report: ReportSource, opts: MatrixOptions = {}): Generator<string> {
  const tally = new Tally(report.lines);
  const shown = new ShownRows();
  let total = 0;
  for (const c of report.changes) {
    total++;
    tally.add(c);
    if (opts.all || needsAttention(c)) shown.add(c);
  }
  const cols = tally.cols;
  const lines = report.lines;
  yield `Changes since ${escapeControl(sinceText(report.since))} on ${lines.length} line(s): ${lines.join(', ') || '(none)'}\n\n${flowNote(report)}`;
  if (shown.size === 0) yield opts.all ? 'No changes.\n' : 'Nothing is missing, pending or only probable.\n';
  else yield* shown.table(cols, { subject: opts.width, table: opts.tableWidth }, opts.paint);
  let out = '\n';
  out += table(
    ['line', 'present', 'probable', 'pending', 'missing', 'not-needed'],
    cols.map((k) => {
      const s = tally.of(k);
      return [k, String(s.present), String(s.probable), String(s.pending), String(s.missing), String(s['not-needed'])];
    }),
  );
  const hidden = total - shown.size;
  if (!opts.all && hidden > 0) out += `\n${hidden} change(s) with nothing to do are not shown (--all shows them).\n`;
  // `merge` is named only when a shown cell uses it: older reports read exactly as before.
  const vias = shown.hasMerge ? 'reachable, trailer, pull-request, merge, patch-id' : 'reachable, trailer, pull-request, patch-id';
  out += `\nok <via>: present (${vias}); probable: subject only; -: not needed\n`;
  yield out;
}

/**
 * The matrix's shown rows, kept small until the column widths are known: each row's own strings
 * (its commit, kind and subject are the change's, not copies) and each cell as a number in a
 * table of texts; rows with the same columns share one layout.
 */
class ShownRows {
  private readonly commits: string[] = [];
  private readonly kinds: string[] = [];
  private readonly subjects: string[] = [];
  private codes = new Uint16Array(1024);
  private used = 0;
  private readonly texts: string[] = [];
  /** The state behind each text (for colour). */
  private readonly textStates: CoverageState[] = [];
  private readonly textIds = new Map<string, number>();
  private readonly layouts: string[][] = [];
  private readonly layoutOf: number[] = [];
  private readonly layoutIds = new Map<string, number>();
  private readonly widthOf = new Map<string, number>();
  private commitWidth = 6;
  private kindWidth = 4;
  /** True once a shown cell was found through a merge (the legend then names `merge`). */
  hasMerge = false;

  get size(): number {
    return this.commits.length;
  }

  add(c: ChangeCoverage): void {
    const keys = Object.keys(c.states);
    const sig = keys.join('\0');
    let id = this.layoutIds.get(sig);
    if (id === undefined) {
      id = this.layouts.length;
      this.layouts.push(keys);
      this.layoutIds.set(sig, id);
    }
    if (this.used + keys.length > this.codes.length) {
      const grown = new Uint16Array(Math.max(this.codes.length * 2, this.used + keys.length));
      grown.set(this.codes);
      this.codes = grown;
    }
    for (const k of keys) {
      const t = cellText(c.states[k]);
      if (c.states[k]?.via === 'merge') this.hasMerge = true;
      let code = this.textIds.get(t);
      if (code === undefined) {
        code = this.texts.length;
        this.texts.push(t);
        this.textStates.push((c.states[k] as CellState).state);
        this.textIds.set(t, code);
      }
      this.codes[this.used++] = code;
      if (t.length > (this.widthOf.get(k) ?? 0)) this.widthOf.set(k, t.length);
    }
    this.commitWidth = Math.max(this.commitWidth, short(c.commit).length);
    this.kindWidth = Math.max(this.kindWidth, c.kind.length);
    this.commits.push(c.commit);
    this.kinds.push(c.kind);
    this.subjects.push(c.subject);
    this.layoutOf.push(id);
  }

  /** The table of the rows under `cols`, subjects cut to `subjectWidth`, in chunks of about 64 KiB. */
  *table(
    cols: readonly string[],
    width: { subject?: number; table?: number },
    paint?: (state: CoverageState, padded: string) => string,
  ): Generator<string> {
    const { codes, texts, layouts } = this;
    const headers = ['commit', 'kind', ...cols, 'subject'];
    const widths = [this.commitWidth, this.kindWidth, ...cols.map((k) => Math.max(k.length, this.widthOf.get(k) ?? 0)), 0];
    // The subject takes what the table width leaves (at least 12), else a fixed width.
    const before = widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
    const subjectWidth = width.table !== undefined ? Math.max(12, width.table - before) : (width.subject ?? 60);
    // Subjects are the committers' text: control characters are shown escaped, then cut.
    const cut = (raw: string): string => {
      const s = escapeControl(raw);
      return s.length > subjectWidth ? `${s.slice(0, subjectWidth - 1)}…` : s;
    };
    // Where each layout's cells go among the columns (-1: the row has no such state).
    const places = layouts.map((keys) => cols.map((k) => keys.indexOf(k)));
    // A painted cell is padded first (escape codes have no width), once per column and text.
    const painted = new Map<number, string>();
    const cell = (k: number, code: number): string => {
      const text = texts[code] as string;
      if (!paint) return text;
      const key = code * (cols.length + 1) + k;
      let out = painted.get(key);
      if (out === undefined) {
        out = paint(this.textStates[code] as CoverageState, text.padEnd(widths[k + 2] as number));
        painted.set(key, out);
      }
      return out;
    };
    let buf = `${tableLine(headers, widths)}\n`;
    const row: string[] = new Array(cols.length + 3);
    let at = 0;
    for (let r = 0; r < this.commits.length; r++) {
      const layout = this.layoutOf[r] as number;
      const place = places[layout] as number[];
      row[0] = short(this.commits[r] as string);
      row[1] = this.kinds[r] as string;
      for (let k = 0; k < cols.length; k++) row[k + 2] = place[k] === -1 ? '' : cell(k, codes[at + (place[k] as number)] as number);
      row[cols.length + 2] = cut(this.subjects[r] as string);
      at += (layouts[layout] as string[]).length;
      buf += `${tableLine(row, widths)}\n`;
      if (buf.length > 1 << 16) {
        yield buf;
        buf = '';
      }
    }
    yield buf;
  }
}

const mdEscape = (s: string): string => escapeControl(s).replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`);

/** Markdown for an issue: a checklist of what is missing or pending, then a per-line summary. */
export function renderMarkdown(report: ReportSource): string {
  return [...markdownChunks(report)].join('');
}

/** {@link renderMarkdown} in pieces, written as the changes pass (read once). */
export function* markdownChunks(report: ReportSource): Generator<string> {
  const tally = new Tally(report.lines);
  let buf = `## Backport coverage since ${mdEscape(sinceText(report.since))}\n\n${flowNote(report)}`;
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

/** The stable JSON document (final newline): 2-space indent, or `compact` on one line. */
export function renderJson(report: CoverageReport, style: 'pretty' | 'compact' = 'pretty'): string {
  return [...jsonChunks(report, style)].join('');
}

/**
 * The JSON document of {@link renderJson} in pieces, one change at a time, byte for byte what
 * `JSON.stringify(report, null, 2)` writes (`compact`: `JSON.stringify(report)`): a
 * 100,000-change report is over 100 MB of JSON, so it is written as it is made instead of built
 * as one string. `changes` may be any iterable (rows made on demand).
 */
export function* jsonChunks(report: ReportSource, style: 'pretty' | 'compact' = 'pretty'): Generator<string> {
  const compact = style === 'compact';
  const lines = compact
    ? JSON.stringify(report.lines)
    : report.lines.length === 0
      ? '[]'
      : JSON.stringify(report.lines, null, 2).replace(/\n/g, '\n  ');
  yield compact
    ? `{"schemaVersion":1,"since":${JSON.stringify(report.since)},"lines":${lines},"changes":[`
    : `{\n  "schemaVersion": 1,\n  "since": ${JSON.stringify(report.since)},\n  "lines": ${lines},\n  "changes": `;
  let first = true;
  let buf = '';
  for (const c of report.changes) {
    buf += compact ? `${first ? '' : ','}${changeJsonCompact(c)}` : `${first ? '[\n' : ',\n'}    ${changeJson(c)}`;
    first = false;
    if (buf.length > 1 << 16) {
      yield buf;
      buf = '';
    }
  }
  yield compact ? `${buf}]}\n` : `${buf}${first ? '[]' : '\n  ]'}\n}\n`;
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

/** One change as `JSON.stringify(change)` writes it (the fields of {@link changeJson}, on one line). */
function changeJsonCompact(c: ChangeCoverage): string {
  let states = '';
  for (const [k, s] of Object.entries(c.states)) {
    states += `${states === '' ? '' : ','}${JSON.stringify(k)}:{"state":${jstr(s.state)},"via":${jstr(s.via)},"commit":${jstr(s.commit)},"reason":${jstr(s.reason)}}`;
  }
  return `{"commit":${jstr(c.commit)},"subject":${jstr(c.subject)},"kind":${jstr(c.kind)},"states":{${states}}}`;
}
