/** Writing and reading objects without a work tree: blobs, trees, files at a revision. */
import { makeScratch } from './trellis-dir.js';
import { TrellisError } from '../core/errors.js';
import type { GitBase as Git } from './base.js';
import { assertSafeRevision } from '../core/refname.js';
import { parentPaths, repoFilePathProblem } from '../core/repo-path.js';

/** One entry of a tree, as `git ls-tree` shows it and `git mktree` reads it. */
export interface TreeEntry {
  /** `100644`, `100755`, `120000` (symlink), `040000` (tree), `160000` (submodule). */
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  oid: string;
  /** The entry's name (a full path from the tree root when listed recursively). */
  path: string;
}

/** Writes `content` as a blob (`git hash-object -w --stdin`) and returns its id. */
export async function writeBlob(git: Git, content: string | Buffer): Promise<string> {
  return git.line(['hash-object', '-w', '-t', 'blob', '--stdin', '--no-filters'], { input: content });
}

/**
 * Writes a tree from its entries (`git mktree -z`) and returns its id. Entry names must be
 * single path components; build nested trees bottom-up or use {@link updateTree}.
 */
export async function writeTree(git: Git, entries: readonly TreeEntry[]): Promise<string> {
  for (const e of entries) {
    if (e.path === '' || e.path.includes('/') || e.path.includes('\0') || e.path === '.' || e.path === '..') {
      throw new TrellisError('bad-input', `invalid tree entry name '${e.path}'`, 2);
    }
  }
  const input = entries.map((e) => `${e.mode} ${e.type} ${e.oid}\t${e.path}\0`).join('');
  return git.line(['mktree', '-z'], { input });
}

/** Lists a tree (`git ls-tree -z`), optionally recursively, optionally limited to paths. */
export async function listTree(git: Git, treeish: string, opts: { recursive?: boolean; paths?: string[] } = {}): Promise<TreeEntry[]> {
  assertSafeRevision(treeish);
  const args = ['ls-tree', '-z', '--full-tree'];
  if (opts.recursive) args.push('-r');
  // ls-tree has no `--`: after --end-of-options, the tree-ish and then paths.
  args.push('--end-of-options', treeish, ...(opts.paths ?? []));
  const out = await git.text(args);
  const entries: TreeEntry[] = [];
  for (const rec of out.split('\0')) {
    if (rec === '') continue;
    const m = /^(\d+) (blob|tree|commit) ([0-9a-f]+)\t([\s\S]*)$/.exec(rec);
    if (m) entries.push({ mode: m[1] ?? '', type: m[2] as TreeEntry['type'], oid: m[3] ?? '', path: m[4] ?? '' });
  }
  return entries;
}

/** The content of `path` at `rev` (`<rev>:<path>`), or `null` when it does not exist there. */
export async function readFileAt(git: Git, rev: string, path: string): Promise<Buffer | null> {
  assertSafeRevision(rev);
  const cat = git.catFile();
  try {
    const obj = await cat.read(`${rev}:${path.replace(/^\/+/, '')}`);
    if (!obj) return null;
    if (obj.type !== 'blob') throw new TrellisError('bad-input', `'${path}' at ${rev} is a ${obj.type}, not a file`, 2);
    return obj.content;
  } finally {
    cat.close();
  }
}

/** A change to one file for {@link updateTree}: new content, or `null` to delete it. */
export interface FileChange {
  path: string;
  content: string | Buffer | null;
  /** `100644` (default) or `100755`. */
  mode?: '100644' | '100755';
}

/**
 * Returns a new tree: `baseTree` with the given files written or deleted, without a work tree
 * or the user's index. Uses a temporary index file (`GIT_INDEX_FILE`) that is removed after.
 *
 * Refuses (exit 2, nothing written) any change that would lose more than the one file it names:
 * a path that is a folder, a submodule or a symbolic link in `baseTree`, a path under something
 * that is a file there, and any path git would not store (`..`, `.git` in any spelling). Git's
 * `update-index --index-info` would otherwise replace a whole folder by the file, or a file by a
 * folder, or skip the path silently; the result is checked again after it is written.
 */
export async function updateTree(git: Git, baseTree: string | null, changes: readonly FileChange[]): Promise<string> {
  const paths = changes.map((c) => {
    const path = c.path.replace(/^\/+/, '');
    const problem = repoFilePathProblem(path);
    if (problem) throw new TrellisError('bad-input', `refusing to write '${c.path}': ${problem}`, 2);
    return path;
  });
  if (baseTree) await assertReplacesOnlyFiles(git, baseTree, paths);
  const { rm } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const dir = await makeScratch(git.commonDir, 'index');
  const env = { GIT_INDEX_FILE: join(dir, 'index') };
  let tree: string;
  try {
    if (baseTree) {
      assertSafeRevision(baseTree);
      await git.run(['read-tree', '--end-of-options', baseTree], { env });
    } else {
      await git.run(['read-tree', '--empty'], { env });
    }
    const lines: string[] = [];
    for (const [i, c] of changes.entries()) {
      const path = paths[i]!;
      if (c.content === null) {
        lines.push(`0 ${'0'.repeat(git.zeroOid.length)}\t${path}\0`);
      } else {
        const oid = await writeBlob(git, c.content);
        lines.push(`${c.mode ?? '100644'} ${oid}\t${path}\0`);
      }
    }
    await git.run(['update-index', '-z', '--index-info'], { env, input: lines.join('') });
    tree = await git.line(['write-tree'], { env });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  // What was asked is what was written: each file present as a file, each deletion gone.
  const written = new Map((await listTree(git, tree, { paths })).map((e) => [e.path, e]));
  for (const [i, c] of changes.entries()) {
    const e = written.get(paths[i]!);
    const ok = c.content === null ? e === undefined : e?.type === 'blob';
    if (!ok) throw new TrellisError('refused', `refusing to write '${c.path}': git did not store it as asked`, 2);
  }
  return tree;
}

/** Throws unless every path is a file (or absent) in `tree` and every folder above it is a folder (or absent). */
async function assertReplacesOnlyFiles(git: Git, tree: string, paths: readonly string[]): Promise<void> {
  const parents = [...new Set(paths.flatMap(parentPaths))];
  const entries = new Map((await listTree(git, tree, { paths: [...new Set([...paths, ...parents])] })).map((e) => [e.path, e]));
  for (const path of paths) {
    const e = entries.get(path);
    if (e?.type === 'tree')
      throw new TrellisError(
        'refused',
        `refusing to write '${path}': it is a folder in the tree, and a file there would delete everything under it`,
        2,
      );
    if (e?.type === 'commit') throw new TrellisError('refused', `refusing to write '${path}': it is a submodule in the tree`, 2);
    if (e?.mode === '120000') throw new TrellisError('refused', `refusing to write '${path}': it is a symbolic link in the tree`, 2);
    for (const parent of parentPaths(path)) {
      const p = entries.get(parent);
      if (p && p.type !== 'tree') {
        throw new TrellisError(
          'refused',
          `refusing to write '${path}': '${parent}' is a file in the tree, and a folder there would delete it`,
          2,
        );
      }
    }
  }
}
