import { TrellisError } from '../../errors.js';
import type { VersionChange, VersionFileContext, VersionFileUpdate, VersionOccurrence, VersionSlot } from './types.js';

/** Line/column arithmetic over one text; line endings (LF or CRLF) are never part of a line. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
  /** 1-based column of an offset. */
  columnOf(offset: number): number {
    return offset - (this.starts[this.lineOf(offset) - 1] as number) + 1;
  }
  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.starts[line - 1] as number;
  }
  get lineCount(): number {
    return this.starts.length;
  }
  /** The text of a 1-based line, without `\n` or `\r\n`. */
  lineText(line: number): string {
    const start = this.starts[line - 1] as number;
    const next = this.starts[line];
    let end = next === undefined ? this.text.length : next - 1;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return this.text.slice(start, end);
  }
}

export function notFound(ctx: VersionFileContext, what: string): TrellisError {
  return new TrellisError('not-found', `${ctx.file}: ${what} not found`, 2, { file: ctx.file, what });
}

export function badFile(ctx: VersionFileContext, text: string, offset: number, why: string): TrellisError {
  const idx = new LineIndex(text);
  const line = idx.lineOf(offset);
  const col = idx.columnOf(offset);
  return new TrellisError('bad-input', `${ctx.file}:${line}:${col}: ${why}`, 2, { file: ctx.file, line, col });
}

export function badSpec(ctx: VersionFileContext, why: string): TrellisError {
  return new TrellisError('policy', `${ctx.file}: ${why}`, 2, { file: ctx.file });
}

/** A version value must fit on one line: edits never add or remove lines. */
export function checkNewValue(ctx: VersionFileContext, value: string): void {
  if (value === '') throw badSpec(ctx, 'the new version value is empty');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw badSpec(ctx, `the new version value ${JSON.stringify(value)} contains a line break or control character`);
  }
}

const BOM = '\uFEFF';

/** Runs a locator on the text without its byte-order mark and maps the slots back. */
export function locateWithoutBom(text: string, locate: (body: string) => VersionSlot[]): VersionSlot[] {
  if (!text.startsWith(BOM)) return locate(text);
  return locate(text.slice(1)).map((s) => ({ ...s, start: s.start + 1, end: s.end + 1 }));
}

export function occurrencesOf(text: string, slots: readonly VersionSlot[]): VersionOccurrence[] {
  const idx = new LineIndex(text);
  return [...slots].sort((a, b) => a.start - b.start).map((s) => ({ line: idx.lineOf(s.start), value: s.value }));
}

/**
 * Writes `newValue` into every slot and reports each place whose text changed. Only the bytes of
 * the slots change; a slot already spelled as the new value is left alone (idempotence).
 */
export function applySlots(text: string, slots: readonly VersionSlot[], newValue: string): VersionFileUpdate {
  const sorted = [...slots].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    if ((sorted[i] as VersionSlot).start < (sorted[i - 1] as VersionSlot).end) {
      throw new Error('version slots overlap'); // a locator bug, not a user error
    }
  }
  const edits = sorted
    .map((s) => ({ slot: s, replacement: s.encode(newValue) }))
    .filter((e) => text.slice(e.slot.start, e.slot.end) !== e.replacement);
  if (edits.length === 0) return { text, changes: [], occurrences: slots.length };

  let out = '';
  let pos = 0;
  for (const e of edits) {
    out += text.slice(pos, e.slot.start) + e.replacement;
    pos = e.slot.end;
  }
  out += text.slice(pos);

  const before = new LineIndex(text);
  const after = new LineIndex(out);
  if (before.lineCount !== after.lineCount) throw new Error('a version edit changed the number of lines');
  const changes: VersionChange[] = edits.map((e) => {
    const line = before.lineOf(e.slot.start);
    return { line, before: before.lineText(line), after: after.lineText(line), oldValue: e.slot.value, newValue };
  });
  return { text: out, changes, occurrences: slots.length };
}
