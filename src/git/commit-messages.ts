/** Many commits' raw messages (and, when asked, changed paths) in one streaming `git log --no-walk --stdin`. */
import type { GitBase } from './base.js';
import { indexIn, splitPaths, streamRecords } from './record-stream.js';

/** One commit as the log prints it. */
export interface CommitMessage {
  oid: string;
  /** Number of parents (a merge has two or more). */
  parents: number;
  /** The raw message (subject, body, trailers). */
  message: string;
  /** Changed paths against the first parent (no rename detection), or null when not read (`paths: false`). */
  paths: string[] | null;
}

const LOG_FORMAT = '%x01%H %P%x00%B%x00';

/**
 * Reads the commits `oids` in one `git log --no-walk=unsorted --stdin -z`, streaming: `each` gets
 * each commit as its record arrives, so memory never holds the log. Unknown ids are skipped
 * (`--ignore-missing`). Unless `paths: false` the log also lists changed paths (`--name-only`:
 * a tree diff per commit, so leave them out when they are not needed).
 */
export async function readCommitMessages(
  git: GitBase,
  oids: readonly string[],
  each: (c: CommitMessage) => void,
  opts: { paths?: boolean } = {},
): Promise<void> {
  if (oids.length === 0) return;
  const withPaths = opts.paths !== false;
  const args = ['log', '--no-walk=unsorted', '--stdin', '--ignore-missing', '-z', `--format=${LOG_FORMAT}`];
  if (withPaths) args.push('--name-only', '--no-renames');
  args.push('--no-color', '--no-show-signature');
  await streamRecords(git, args, oids, undefined, (buf, start, end) => {
    // "<oid> <parents>\0<message>\0[\n<path>\0<path>\0...]"
    const z1 = indexIn(buf, 0, start, end);
    if (z1 < 0) return;
    const head = buf.toString('latin1', start, z1).split(' ');
    const oid = head[0] as string;
    if (!/^[0-9a-f]{40,64}$/.test(oid)) return;
    let z2 = indexIn(buf, 0, z1 + 1, end);
    if (z2 < 0) z2 = end;
    const message = buf.toString('utf8', z1 + 1, z2);
    const paths = withPaths ? splitPaths(buf, z2 + 1, end) : null;
    each({ oid, parents: head.length - 1, message, paths });
  });
}
