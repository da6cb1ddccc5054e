/**
 * The files a release plan may rewrite, read at the revisions it starts from in one cat-file
 * session, with the refusals that keep a release from replacing a folder or writing under a file.
 */
import { TrellisError } from '../core/errors.js';
import type { FileReader } from '../core/release/plan.js';
import { parentPaths } from '../core/repo-path.js';
import type { Git } from '../git/index.js';
import { existingCommits } from './branch-tips.js';

/** Texts by label (a branch name, or a commit id) and path (null when the file is absent). */
export type FilesAt = Map<string, Map<string, string | null>>;

/**
 * Reads `paths` at each revision in one cat-file session. `at`: label → revision (a branch's
 * commit by the branch's name, so a branch read from its remote reads the same files); the
 * refusals name the label. Returns label → path → text (null when absent).
 */
export async function readFilesAt(git: Git, at: ReadonlyMap<string, string>, paths: readonly string[]): Promise<FilesAt> {
  const out: FilesAt = new Map();
  const names: string[] = [];
  const keys: Array<[string, string]> = [];
  // Each path and the folders above it: a plan may only write a file where a file (or nothing) is.
  const wanted = [...new Set(paths.flatMap((p) => [...parentPaths(p), p]))];
  for (const [label, rev] of at) {
    out.set(label, new Map());
    for (const p of wanted) {
      names.push(`${rev}:${p}`);
      keys.push([label, p]);
    }
  }
  if (names.length === 0) return out;
  const objs = await git.readObjects(names);
  const own = new Set(paths);
  objs.forEach((o, i) => {
    const [label, path] = keys[i]!;
    if (own.has(path)) {
      if (o && o.type !== 'blob') {
        throw new TrellisError(
          'refused',
          `'${path}' is a ${o.type === 'tree' ? 'folder' : 'submodule'} on ${label}: the policy must name a file there, and a release never replaces a folder`,
          2,
        );
      }
      out.get(label)!.set(path, o ? o.content.toString('utf8') : null);
    } else if (o && o.type !== 'tree') {
      const under = paths.find((p) => p.startsWith(`${path}/`));
      throw new TrellisError('refused', `'${under}' cannot be written on ${label}: '${path}' is a file there, not a folder`, 2);
    }
  });
  return out;
}

/** The files at existing branches (`tips`: name → commit or null), keyed by branch name: what the planners read. */
export async function readFilesAtBranches(
  git: Git,
  tips: ReadonlyMap<string, string | null>,
  paths: readonly string[],
): Promise<FileReader> {
  const files = await readFilesAt(git, existingCommits(tips), paths);
  return (rev, path) => files.get(rev)?.get(path);
}
