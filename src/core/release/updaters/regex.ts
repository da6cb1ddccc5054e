import { badSpec, LineIndex, notFound } from './text.js';
import type { VersionFileContext, VersionSlot } from './types.js';

/**
 * Regular expressions for files no parser covers (`_version.py`, C headers, shell scripts).
 *
 * With neither a pattern nor a marker, the marker is `trellis:version`.
 * With a marker, only marked lines are looked at: a line that contains the marker, and every line
 * between a line containing `<marker>-start` and one containing `<marker>-end`; on each, the first
 * match is the version (a marked line without one is an error; a block needs at least one).
 * Without a marker the pattern must match exactly once in the whole file. The pattern is
 * JavaScript syntax without delimiters, compiled with the `m` flag (so `^`/`$` are line anchors),
 * and has exactly one capture group, or a group named `version`: the version's text.
 */

export const DEFAULT_MARKER = 'trellis:version';
/** With a marker and no pattern: the first version-looking token on the line (`1.2.3`, `0.4.6.dev0`, `2.0.0-rc.1`). */
export const DEFAULT_MARKED_PATTERN = String.raw`(?<![0-9.])(\d+(?:\.\d+)+(?:[-+.]?[0-9A-Za-z]+)*)`;

function compile(pattern: string, ctx: VersionFileContext): { re: RegExp; group: number | 'version' } {
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'gmd');
  } catch (e) {
    throw badSpec(ctx, `invalid pattern /${pattern}/: ${(e as Error).message}`);
  }
  // An alternative that matches the empty string reveals how many groups the pattern has.
  const probe = new RegExp(`(?:${pattern})|`, 'd').exec('') as RegExpExecArray;
  const groups = probe.length - 1;
  if (probe.groups !== undefined && 'version' in probe.groups) return { re, group: 'version' };
  if (groups !== 1) throw badSpec(ctx, `pattern /${pattern}/ has ${groups} capture groups; it needs exactly one (or one named "version")`);
  return { re, group: 1 };
}

function slotOf(m: RegExpMatchArray, group: number | 'version', base: number): VersionSlot | null {
  const span = group === 'version' ? m.indices?.groups?.['version'] : m.indices?.[group];
  const value = group === 'version' ? m.groups?.['version'] : m[group];
  if (span === undefined || value === undefined) return null;
  return { start: base + span[0], end: base + span[1], value, encode: (v) => v };
}

function firstMatch(lineText: string, re: RegExp, group: number | 'version', base: number): VersionSlot | null {
  for (const m of lineText.matchAll(re)) {
    const s = slotOf(m, group, base);
    if (s !== null) return s;
  }
  return null;
}

export function locateRegex(
  text: string,
  pattern: string | undefined,
  givenMarker: string | undefined,
  ctx: VersionFileContext,
): VersionSlot[] {
  // Neither given: the default marker with the default pattern.
  const marker = givenMarker ?? (pattern === undefined ? DEFAULT_MARKER : undefined);
  if (marker === undefined) {
    if (pattern === undefined) throw new Error('unreachable');
    const { re, group } = compile(pattern, ctx);
    const slots = [...text.matchAll(re)].map((m) => slotOf(m, group, 0)).filter((s): s is VersionSlot => s !== null);
    const spanning = slots.find((s) => /[\r\n]/.test(s.value));
    if (spanning !== undefined) throw badSpec(ctx, `pattern /${pattern}/ captured text across a line break`);
    if (slots.length === 0) throw notFound(ctx, `pattern /${pattern}/ (0 matches)`);
    if (slots.length > 1) {
      const idx = new LineIndex(text);
      const lines = slots.map((s) => idx.lineOf(s.start)).join(', ');
      throw badSpec(
        ctx,
        `pattern /${pattern}/ matched ${slots.length} times (lines ${lines}); it must match exactly once, or use a marker`,
      );
    }
    return slots;
  }
  if (marker === '') throw badSpec(ctx, 'the marker is empty');
  const source = pattern ?? DEFAULT_MARKED_PATTERN;
  const { re, group } = compile(source, ctx);
  const idx = new LineIndex(text);
  const slots: VersionSlot[] = [];
  let blockStart: number | null = null;
  let blockMatches = 0;
  let marked = 0;
  for (let line = 1; line <= idx.lineCount; line++) {
    const lineText = idx.lineText(line);
    const base = idx.lineStart(line);
    if (lineText.includes(`${marker}-start`)) {
      if (blockStart !== null) throw badSpec(ctx, `line ${line}: ${marker}-start inside the block opened on line ${blockStart}`);
      blockStart = line;
      blockMatches = 0;
      marked++;
      continue;
    }
    if (lineText.includes(`${marker}-end`)) {
      if (blockStart === null) throw badSpec(ctx, `line ${line}: ${marker}-end without ${marker}-start`);
      if (blockMatches === 0)
        throw notFound(ctx, `pattern /${source}/ between ${marker}-start (line ${blockStart}) and ${marker}-end (line ${line})`);
      blockStart = null;
      continue;
    }
    if (blockStart !== null) {
      const found = firstMatch(lineText, re, group, base);
      if (found !== null) {
        slots.push(found);
        blockMatches++;
      }
      continue;
    }
    if (!lineText.includes(marker)) continue;
    marked++;
    const found = firstMatch(lineText, re, group, base);
    if (found === null) throw notFound(ctx, `pattern /${source}/ on line ${line}, which carries the marker ${marker}`);
    slots.push(found);
  }
  if (blockStart !== null) throw badSpec(ctx, `${marker}-start on line ${blockStart} has no ${marker}-end`);
  if (marked === 0) throw notFound(ctx, `marker ${marker}`);
  return slots;
}
