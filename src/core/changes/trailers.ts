/**
 * Git trailers of a commit message, read the way `git interpret-trailers` finds them: the last
 * paragraph (never the subject) is the trailer block when all its lines are `Token: value`
 * trailers (or continuation lines starting with blanks), or when at least a quarter are and
 * one of them is git-generated (`Signed-off-by:`, `(cherry picked from commit ...)`).
 *
 * `(cherry picked from commit <sha>)` lines are collected from the whole message, in order, so
 * that a chain of cherry-picks (main -> 3.1 -> 3.0) is recorded from the oldest origin on.
 */

export interface Trailer {
  /** as written (compare case-insensitively; see `trailerValues`) */
  key: string;
  value: string;
}

export interface CommitTrailers {
  trailers: Trailer[];
  /** commit ids of every `(cherry picked from commit <sha>)` line, in message order */
  cherryPickedFrom: string[];
}

const TRAILER = /^([A-Za-z0-9][A-Za-z0-9-]*)[ \t]*:[ \t]*(.*)$/;
const CHERRY = /^\(cherry picked from commit ([0-9a-f]{4,64})\)$/;
const GIT_GENERATED = /^(signed-off-by|\(cherry picked from commit )/i;

export function parseTrailers(message: string): CommitTrailers {
  const lines = message.replace(/\r\n/g, '\n').split('\n');
  const cherryPickedFrom: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const m = CHERRY.exec((lines[i] as string).trim());
    if (m) cherryPickedFrom.push(m[1] as string);
  }
  // The last paragraph after the subject paragraph.
  let end = lines.length;
  while (end > 0 && (lines[end - 1] as string).trim() === '') end--;
  let start = end;
  while (start > 0 && (lines[start - 1] as string).trim() !== '') start--;
  let firstBlank = 0;
  while (firstBlank < lines.length && (lines[firstBlank] as string).trim() !== '') firstBlank++;
  if (start <= firstBlank - 1 || start === 0) return { trailers: [], cherryPickedFrom };
  const block = lines.slice(start, end);
  const trailers: Trailer[] = [];
  let trailerLines = 0;
  let other = 0;
  let generated = false;
  for (const line of block) {
    if (/^[ \t]/.test(line) && trailers.length > 0) {
      const last = trailers[trailers.length - 1] as Trailer;
      last.value = `${last.value} ${line.trim()}`.trim();
      continue;
    }
    if (CHERRY.test(line.trim())) {
      trailerLines++;
      generated = true;
      continue;
    }
    const m = TRAILER.exec(line);
    if (m) {
      trailerLines++;
      if (GIT_GENERATED.test(line)) generated = true;
      trailers.push({ key: m[1] as string, value: (m[2] as string).trim() });
    } else other++;
  }
  const isBlock = trailerLines > 0 && (other === 0 || (generated && trailerLines * 3 >= other));
  return { trailers: isBlock ? trailers : [], cherryPickedFrom };
}

/** Values of every trailer called `key` (case-insensitive), in order. */
export function trailerValues(t: CommitTrailers, key: string): string[] {
  const k = key.toLowerCase();
  return t.trailers.filter((x) => x.key.toLowerCase() === k).map((x) => x.value);
}

/** Commit ids named by `Fixes:` trailers (`Fixes: 54a4f02 ("subject")` gives `54a4f02`). */
export function fixedCommits(t: CommitTrailers): string[] {
  const out: string[] = [];
  for (const v of trailerValues(t, 'Fixes')) {
    const m = /^([0-9a-f]{7,64})\b/i.exec(v);
    if (m) out.push((m[1] as string).toLowerCase());
  }
  return out;
}

/** CVE ids from `CVE:` trailers (several per trailer allowed), upper-cased, first occurrence kept. */
export function cveIds(t: CommitTrailers): string[] {
  const seen = new Set<string>();
  for (const v of trailerValues(t, 'CVE')) {
    for (const m of v.matchAll(/CVE-[0-9]{4}-[0-9]{4,}/gi)) seen.add(m[0].toUpperCase());
  }
  return [...seen];
}

/** `Backport:` directive: `no`/`none`/`skip`/`false` skip; anything else lists targets (may be empty). */
export interface BackportDirective {
  skip: boolean;
  /** release lines named in the trailer, e.g. `Backport: 3.1, 3.0` */
  targets: string[];
}

export function backportDirective(t: CommitTrailers): BackportDirective | null {
  const values = trailerValues(t, 'Backport');
  if (values.length === 0) return null;
  const targets: string[] = [];
  for (const v of values) {
    if (/^(no|none|skip|false|never)$/i.test(v.trim())) return { skip: true, targets: [] };
    for (const part of v.split(/[\s,]+/)) if (part !== '' && !/^(yes|true)$/i.test(part)) targets.push(part);
  }
  return { skip: false, targets };
}
