/** `git describe`: the nearest tag, the distance to it and the abbreviated commit id. */
import type { GitBase } from './base.js';

/**
 * `git describe --always --long` of `rev`, or of the work tree (`--dirty`: marked `-dirty` when
 * modified) when no revision is given. The revision comes after `--end-of-options`, so it is
 * never read as an option. Throws `unknown-revision` or `git` (see `gitFailure`).
 */
export function describeRevision(git: GitBase, rev?: string): Promise<string> {
  const args = ['describe', '--always', '--long'];
  if (rev === undefined) args.push('--dirty');
  else args.push('--end-of-options', rev);
  return git.line(args);
}
