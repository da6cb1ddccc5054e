/** `git describe`: the nearest tag, the distance to it and the abbreviated commit id. */
import type { GitBase } from './base.js';
import { hasTrackedChanges } from './work-tree-status.js';

/** Which tags `git describe` may name. */
export interface DescribeOptions {
  /** Only these tags (exact names); with `exclude`, git applies both. */
  match?: readonly string[] | undefined;
  /** Never these tags (exact names). */
  exclude?: readonly string[] | undefined;
}

/**
 * `git describe --tags --always --long` of `rev`, or of the work tree (`--dirty`: marked `-dirty`
 * when modified) when no revision is given: lightweight and annotated tags alike, as
 * `git describe --tags` finds them (and setuptools-scm reads them); HEAD in a bare repository.
 * `match`/`exclude` restrict
 * the tags by exact name (tag names cannot hold glob characters: git refuses `*?[\` in refs).
 * The revision comes after `--end-of-options`, so it is never read as an option. Throws
 * `unknown-revision` or `git` (see `gitFailure`).
 */
export async function describeRevision(git: GitBase, rev?: string, opts: DescribeOptions = {}): Promise<string> {
  const args = ['describe', '--tags', '--always', '--long'];
  for (const m of opts.match ?? []) args.push(`--match=${m}`);
  for (const x of opts.exclude ?? []) args.push(`--exclude=${x}`);
  args.push('--end-of-options', rev ?? 'HEAD');
  // A bare repository has no work tree to mark dirty: its HEAD is described. `git describe
  // --dirty` would refresh and rewrite .git/index even with GIT_OPTIONAL_LOCKS=0 (a read that
  // writes), so the mark comes from `git status`, which refreshes in memory only.
  const workTree = rev === undefined ? git.workTree : null;
  const [described, dirty] = await Promise.all([git.line(args), workTree !== null ? hasTrackedChanges(git, workTree) : false]);
  return dirty ? `${described}-dirty` : described;
}

/** True when the repository has no commit on HEAD yet (a new, empty repository). */
export async function headIsUnborn(git: GitBase): Promise<boolean> {
  return (await git.revParse(['HEAD'], { allowMissing: true, peel: 'commit' })).size === 0;
}
