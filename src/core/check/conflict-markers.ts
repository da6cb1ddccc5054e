/**
 * `conflict-markers`: a file changed on a backport or release branch that still holds conflict
 * markers (Mergify's default once shipped them into two release branches,
 * vyos/vyos-documentation#2005). `<<<<<<<` and `>>>>>>>` at the start of a line are markers;
 * `=======` and `|||||||` only between them (a Setext heading or a table rule is not one).
 * Binary files (a NUL byte) are skipped.
 */
import type { CheckFacts, RuleFinding } from './types.js';

/** One marker: 1-based line, and which. */
export interface Marker {
  line: number;
  marker: string;
}

const OPEN = /^<{7}(?: |$)/;
const CLOSE = /^>{7}(?: |$)/;
const MIDDLE = /^(?:={7}|\|{7}(?: .*)?)$/;

/** The conflict markers in a text, in order. */
export function conflictMarkers(text: string): Marker[] {
  if (text.includes('\0')) return [];
  const out: Marker[] = [];
  let open = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = (lines[i] as string).replace(/\r$/, '');
    if (OPEN.test(l)) {
      open = true;
      out.push({ line: i + 1, marker: '<<<<<<<' });
    } else if (CLOSE.test(l)) {
      open = false;
      out.push({ line: i + 1, marker: '>>>>>>>' });
    } else if (open && MIDDLE.test(l)) {
      out.push({ line: i + 1, marker: l.slice(0, 7) });
    }
  }
  return out;
}

export function conflictMarkersRule(facts: CheckFacts): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const f of facts.files ?? []) {
    const markers = conflictMarkers(f.text);
    const first = markers[0];
    if (!first) continue;
    const more = markers.length > 1 ? ` (${markers.length} markers)` : '';
    out.push({
      message: `${f.path} at ${f.at} has a conflict marker ${first.marker} at line ${first.line}${more}`,
      ...(f.line !== null ? { line: f.line } : {}),
      file: f.path,
      fileLine: first.line,
      fileColumn: 1,
    });
  }
  return out;
}
