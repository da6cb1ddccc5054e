/**
 * Tables for people that fit the terminal: cells escaped (control characters from commits, tags
 * and branch names never reach the terminal raw), columns wrapped at spaces when the table is
 * wider than the terminal (80 columns when the output is not one), then optional columns hidden,
 * then long words broken; colour applied after the layout so escape codes never count as width.
 * Hand-written: the table libraries on npm pull in their own string-width stacks for a few dozen
 * lines of layout.
 */
import { escapeControl } from './escape.js';

export interface TableOptions {
  /** The widest the table may be (Infinity: no limit, `--wide`). */
  width?: number;
  /** Columns that may be hidden to fit, most expendable first (indexes into the headers). */
  optional?: readonly number[];
  /** Colours a cell's padded text: (column, row index, raw cell text, padded text) → text to write. */
  paint?: (column: number, row: number, cell: string, padded: string) => string;
}

export interface RenderedTable {
  text: string;
  /** The headers of the columns hidden to fit. */
  hidden: string[];
}

const GAP = 2;

/** The shortest a column can be when wrapped at spaces: its longest word. */
function minWidth(cells: readonly string[]): number {
  return Math.max(1, ...cells.flatMap((c) => c.split(' ').map((w) => w.length)));
}

/** Lines of `text` at most `width` long: wrapped at spaces, words longer than `width` broken. */
export function wrapCell(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(' ')) {
    while (word.length > width) {
      if (line) {
        lines.push(line);
        line = '';
      }
      lines.push(word.slice(0, width));
      word = word.slice(width);
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function total(widths: readonly number[]): number {
  return widths.reduce((a, b) => a + b, 0) + GAP * Math.max(0, widths.length - 1);
}

/** Column widths that fit `max`, or null when even wrapping at spaces does not fit. */
function fitAtSpaces(columns: readonly string[][], max: number): number[] | null {
  const widths = columns.map((c) => Math.max(...c.map((s) => s.length)));
  const mins = columns.map(minWidth);
  while (total(widths) > max) {
    // Narrow the widest column that can still be narrowed.
    let widest = -1;
    widths.forEach((w, i) => {
      if (w > (mins[i] ?? 0) && (widest < 0 || w > (widths[widest] ?? 0))) widest = i;
    });
    if (widest < 0) return null;
    widths[widest] = (widths[widest] ?? 1) - 1;
  }
  return widths;
}

/** Widths that fit `max` by breaking words too (each column keeps at least 3 characters). */
function fitBreaking(columns: readonly string[][], max: number): number[] {
  const widths = columns.map(minWidth);
  while (total(widths) > max) {
    const widest = widths.indexOf(Math.max(...widths));
    if ((widths[widest] ?? 0) <= 3) break;
    widths[widest] = (widths[widest] ?? 4) - 1;
  }
  return widths;
}

/** Lays out `rows` under `headers` (see {@link TableOptions}). */
export function layoutTable(headers: readonly string[], rows: readonly string[][], opts: TableOptions = {}): RenderedTable {
  const max = opts.width ?? Infinity;
  const safe = rows.map((r) => headers.map((_, i) => escapeControl(r[i] ?? '')));
  let keep = headers.map((_, i) => i);
  const hidden: string[] = [];
  const columnsOf = (idx: number[]) => idx.map((i) => [headers[i] ?? '', ...safe.map((r) => r[i] ?? '')]);
  let widths = fitAtSpaces(columnsOf(keep), max);
  for (const drop of opts.optional ?? []) {
    if (widths) break;
    keep = keep.filter((i) => i !== drop);
    hidden.push(headers[drop] ?? '');
    widths = fitAtSpaces(columnsOf(keep), max);
  }
  const w = widths ?? fitBreaking(columnsOf(keep), max);
  const out: string[] = [];
  const emit = (cells: string[], row: number) => {
    const wrapped = cells.map((c, k) => wrapCell(c, w[k] ?? 1));
    const height = Math.max(...wrapped.map((l) => l.length));
    for (let h = 0; h < height; h++) {
      const parts = wrapped.map((lines, k) => {
        const text = lines[h] ?? '';
        const padded = k === wrapped.length - 1 ? text : text.padEnd(w[k] ?? 0);
        return row >= 0 && opts.paint && text !== '' ? opts.paint(keep[k] ?? k, row, cells[k] ?? '', padded) : padded;
      });
      out.push(parts.join(' '.repeat(GAP)).trimEnd());
    }
  };
  emit(
    keep.map((i) => headers[i] ?? ''),
    -1,
  );
  out.push(w.map((n) => '-'.repeat(n)).join(' '.repeat(GAP)));
  safe.forEach((r, row) =>
    emit(
      keep.map((i) => r[i] ?? ''),
      row,
    ),
  );
  return { text: out.join('\n') + '\n', hidden };
}
