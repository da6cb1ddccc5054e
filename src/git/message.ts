/**
 * Commit-message rules that must match git byte for byte: the `(cherry picked from commit …)`
 * line of `git cherry-pick -x`. Pure functions (no git process).
 *
 * Written by hand because the rule lives in git's C code (sequencer.c, trailer.c) and no
 * library exposes it; the tests compare against real `git cherry-pick -x`.
 */

/** The prefix git writes before the origin's object id. */
export const CHERRY_PICKED_PREFIX = '(cherry picked from commit ';

const GIT_GENERATED_PREFIXES = ['Signed-off-by: ', CHERRY_PICKED_PREFIX];

/** Removes leading blank lines, as git's `find_commit_subject` does when cherry-picking. */
function skipLeadingBlankLines(msg: string): string {
  let s = msg;
  for (;;) {
    const nl = s.indexOf('\n');
    const line = nl < 0 ? s : s.slice(0, nl);
    if (nl < 0 || !/^[ \t\r\v\f]*$/.test(line)) return s;
    s = s.slice(nl + 1);
  }
}

/**
 * Where the log message proper ends: trailing comment lines, blank lines and old-style
 * `Conflicts:` blocks are ignored (git's `ignore_non_trailer`).
 */
function endOfLogMessage(buf: string): number {
  const scissors = buf.search(/^# -+ >8 -+\n/m);
  const cutoff = scissors < 0 ? buf.length : scissors;
  let boc = 0;
  let bol = 0;
  let inConflicts = false;
  while (bol < cutoff) {
    const nl = buf.indexOf('\n', bol);
    const next = nl < 0 ? buf.length : nl + 1;
    const ch = buf[bol];
    if (ch === '#' || ch === '\n') {
      if (!boc) boc = bol;
    } else if (buf.startsWith('Conflicts:\n', bol)) {
      inConflicts = true;
      if (!boc) boc = bol;
    } else if (inConflicts && ch === '\t') {
      // a path in the conflicts block
    } else if (boc) {
      boc = 0;
      inConflicts = false;
    }
    bol = next;
  }
  return boc ? boc : cutoff;
}

/** Position of the separator of a `Token: value` line, or -1 (git's `find_separator`). */
function findSeparator(line: string): number {
  let whitespace = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (c === ':') return i;
    if (!whitespace && /[A-Za-z0-9-]/.test(c)) continue;
    if (i !== 0 && (c === ' ' || c === '\t')) {
      whitespace = true;
      continue;
    }
    break;
  }
  return -1;
}

const isBlank = (line: string): boolean => /^[ \t\r\v\f]*$/.test(line);

/**
 * True when the message ends with a trailer block as git recognises it (git's
 * `has_conforming_footer`): after the title paragraph, a last paragraph whose lines are all
 * trailers, or that holds a git-generated trailer (`Signed-off-by:`, `(cherry picked from
 * commit`) and at least 25% trailers.
 */
export function hasTrailerBlock(message: string): boolean {
  const text = message.slice(0, endOfLogMessage(message));
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let endOfTitle = 0;
  while (endOfTitle < lines.length) {
    const l = lines[endOfTitle] ?? '';
    if (!l.startsWith('#') && isBlank(l)) break;
    endOfTitle++;
  }
  let onlySpaces = true;
  let recognized = false;
  let trailerLines = 0;
  let nonTrailerLines = 0;
  let continuation = 0;
  for (let i = lines.length - 1; i >= endOfTitle; i--) {
    const l = lines[i] ?? '';
    if (l.startsWith('#')) {
      nonTrailerLines += continuation;
      continuation = 0;
      continue;
    }
    if (isBlank(l)) {
      if (onlySpaces) continue;
      nonTrailerLines += continuation;
      if (recognized && trailerLines * 3 >= nonTrailerLines) return true;
      return trailerLines > 0 && nonTrailerLines === 0;
    }
    onlySpaces = false;
    if (GIT_GENERATED_PREFIXES.some((p) => l.startsWith(p))) {
      trailerLines++;
      continuation = 0;
      recognized = true;
      continue;
    }
    const sep = findSeparator(l);
    if (sep >= 1 && !/^\s/.test(l)) {
      trailerLines++;
      continuation = 0;
    } else if (/^\s/.test(l)) {
      continuation++;
    } else {
      nonTrailerLines++;
      nonTrailerLines += continuation;
      continuation = 0;
    }
  }
  return false;
}

/**
 * git's `strbuf_stripspace`: trailing whitespace removed from every line, runs of blank lines
 * collapsed to one, leading and trailing blank lines dropped, every line ending in `\n`; with
 * `stripComments`, lines starting with `#` are dropped too.
 */
export function stripspace(text: string, stripComments = false): string {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let out = '';
  let empty = 0;
  for (const raw of lines) {
    const line = raw.replace(/[ \t\r\v\f]+$/, '');
    if (stripComments && line.startsWith('#')) continue;
    if (line === '') {
      empty++;
      continue;
    }
    if (empty > 0 && out !== '') out += '\n';
    empty = 0;
    out += `${line}\n`;
  }
  return out;
}

/** How `git cherry-pick` cleans the message (`commit.cleanup`; git's default is `whitespace`). */
export type MessageCleanup = 'whitespace' | 'verbatim' | 'strip';

/**
 * The message `git cherry-pick -x` writes for a commit with message `original` and id `oid`:
 * leading blank lines dropped, a final newline ensured, a blank line unless the message already
 * ends with trailers, then `(cherry picked from commit <oid>)`; then git's default clean-up
 * (`whitespace`: trailing spaces and extra blank lines removed, comment lines kept).
 */
export function cherryPickMessage(original: string, oid: string, opts: { cleanup?: MessageCleanup } = {}): string {
  let msg = skipLeadingBlankLines(original);
  if (msg.length > 0 && !msg.endsWith('\n')) msg += '\n';
  if (!hasTrailerBlock(msg)) msg += '\n';
  msg = `${msg}${CHERRY_PICKED_PREFIX}${oid})\n`;
  const cleanup = opts.cleanup ?? 'whitespace';
  return cleanup === 'verbatim' ? msg : stripspace(msg, cleanup === 'strip');
}

/** Every origin named by `(cherry picked from commit <oid>)` lines in a message, in order. */
export function cherryPickedFrom(message: string): string[] {
  const out: string[] = [];
  const re = /^\(cherry picked from commit ([0-9a-f]{7,64})\)\s*$/gm;
  for (let m = re.exec(message); m; m = re.exec(message)) out.push(m[1] ?? '');
  return out;
}
