/** Reading many commits in one `git log` with a NUL-separated format. */
import { TrellisError } from '../core/errors.js';
import type { GitBase as Git } from './base.js';
import { assertSafeRevision } from '../core/refname.js';
import type { Signature } from './refs.js';

/** One commit as the log reads it; the body is complete so trailers can be parsed by pure code. */
export interface CommitInfo {
  oid: string;
  parents: string[];
  author: Signature;
  committer: Signature;
  /** The first line (paragraph) of the message, as `%s`. */
  subject: string;
  /** The whole raw message (`%B`): subject, body and trailers, usually ending in a newline. */
  message: string;
  /**
   * Paths changed (with {@link LogOptions.paths}): against the first parent, renames shown as
   * a deletion plus an addition, empty for merges unless `firstParent` is set.
   */
  paths?: string[];
}

/** Options for {@link readLog}. */
export interface LogOptions {
  /** Follow only first parents (`--first-parent`). */
  firstParent?: boolean;
  /** Also list the paths each commit changes (`--name-only --no-renames`). */
  paths?: boolean;
  /** Limit to commits touching these paths (placed after `--`). */
  pathspec?: string[];
  /** At most this many commits. */
  maxCount?: number;
  /** Only merges (`true`) or no merges (`false`). */
  merges?: boolean;
  /** Oldest first (`--reverse`). */
  reverse?: boolean;
  /** `--topo-order` instead of git's default (reverse chronological). */
  topoOrder?: boolean;
}

/** A record starts with this byte; a real path starting with it and a full oid is absurd. */
const START = '\x01';
const FORMAT = `${START}%H%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%s%x00%B%x00`;
const NFIELDS = 10;

/**
 * Runs one `git log` over `range` (revisions such as `main`, `v1..v2`, `^x`; validated so none
 * is read as an option) and parses every commit.
 */
export async function readLog(git: Git, range: readonly string[], opts: LogOptions = {}): Promise<CommitInfo[]> {
  if (range.length === 0) throw new TrellisError('bad-input', 'log needs at least one revision', 2);
  range.forEach(assertSafeRevision);
  const args = ['log', '-z', `--format=${FORMAT}`, '--no-color', '--no-show-signature', '--no-mailmap'];
  if (opts.firstParent) args.push('--first-parent');
  if (opts.paths) args.push('--name-only', '--no-renames');
  if (opts.maxCount !== undefined) args.push(`--max-count=${opts.maxCount}`);
  if (opts.merges === true) args.push('--merges');
  if (opts.merges === false) args.push('--no-merges');
  if (opts.reverse) args.push('--reverse');
  if (opts.topoOrder) args.push('--topo-order');
  args.push('--end-of-options', ...range, '--', ...(opts.pathspec ?? []));
  const out = await git.text(args);
  return parseLog(out, !!opts.paths);
}

/** Parses the output of {@link readLog}'s format (exported for tests). */
export function parseLog(out: string, withPaths: boolean): CommitInfo[] {
  const tokens = out.split('\0');
  const commits: CommitInfo[] = [];
  let i = 0;
  const isStart = (t: string): boolean => t.startsWith(START) && /^[0-9a-f]{40,64}$/.test(t.slice(1));
  while (i < tokens.length) {
    const t = tokens[i] ?? '';
    if (!isStart(t)) {
      i++;
      continue;
    }
    const f = tokens.slice(i, i + NFIELDS);
    i += NFIELDS;
    const [oid = '', parents = '', an = '', ae = '', ad = '', cn = '', ce = '', cd = '', subject = '', message = ''] = f;
    const c: CommitInfo = {
      oid: oid.slice(1),
      parents: parents === '' ? [] : parents.split(' '),
      author: { name: an, email: ae, date: ad },
      committer: { name: cn, email: ce, date: cd },
      subject,
      message,
    };
    if (withPaths) {
      const paths: string[] = [];
      while (i < tokens.length && !isStart(tokens[i] ?? '')) {
        const p = (tokens[i] ?? '').replace(/^\n/, '');
        if (p !== '') paths.push(p);
        i++;
      }
      c.paths = paths;
    }
    commits.push(c);
  }
  return commits;
}
