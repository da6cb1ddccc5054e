/**
 * The git adapter's front door: {@link Git.open} a repository (work tree, bare, or linked
 * worktree), then read refs, logs and objects in batches, pick commits without a work tree and
 * change refs in one transaction. Every git process is counted in {@link Git.stats}.
 */
import { readLog, type CommitInfo, type LogOptions } from './log.js';
import { listTree, readFileAt, updateTree, writeBlob, writeTree, type FileChange, type TreeEntry } from './objects.js';
import { patchIds, type PatchIdOptions } from './patchid.js';
import {
  commitTree,
  pickCommit,
  pickCommits,
  readCommits,
  type CommitObject,
  type CommitTreeOptions,
  type PickOptions,
  type PickResult,
} from './pick.js';
import { readRefs, type RefInfo, type RefsOptions } from './refs.js';
import { assertSafeRevision } from '../core/refname.js';
import {
  checkedOutIn,
  createTag,
  listWorktrees,
  updateRefs,
  writeAnnotatedTag,
  type AnnotatedTagOptions,
  type Identity,
  type RefUpdate,
  type Worktree,
} from './transaction.js';
import { GitBase, type GitOpenOptions, type RepositoryLayout } from './base.js';

export type { GitOpenOptions, RepositoryLayout };

/** An opened repository: the base reads plus refs, logs, objects, picks and ref transactions. */
export class Git extends GitBase {
  /**
   * Opens the repository containing `path` (default: the current directory). Costs one
   * `rev-parse` (plus one `git version` per executable per process).
   * Throws `not-a-repository`, `git-too-old` or `git` (git missing).
   */
  static async open(path = '.', opts: GitOpenOptions = {}): Promise<Git> {
    const [layout, version, runner] = await GitBase.openParts(path, opts);
    return new Git(layout, version, runner);
  }

  // ---- batched reads ----------------------------------------------------------------------

  /** All branches and tags (and remotes, if asked) with ids, peeled commits and dates: one process. */
  refs(opts?: RefsOptions): Promise<RefInfo[]> {
    return readRefs(this, opts);
  }

  /** Commits of a range (`['v1..main']`, `['main', '^v1']`) in one `git log`. */
  log(range: readonly string[], opts?: LogOptions): Promise<CommitInfo[]> {
    return readLog(this, range, opts);
  }

  /** Reads and parses commit objects (tree, parents, raw author, raw message) in one session. */
  readCommits(revs: readonly string[]): Promise<CommitObject[]> {
    return readCommits(this, revs);
  }

  /** True when `ancestor` is reachable from `descendant` (or equal to it). */
  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    assertSafeRevision(ancestor);
    assertSafeRevision(descendant);
    const r = await this.run(['merge-base', '--is-ancestor', ancestor, descendant], { okExitCodes: [0, 1] });
    return r.exitCode === 0;
  }

  /** The best common ancestor of two commits, or `null` when they share none. */
  async mergeBase(a: string, b: string): Promise<string | null> {
    assertSafeRevision(a);
    assertSafeRevision(b);
    const r = await this.run(['merge-base', a, b], { okExitCodes: [0, 1] });
    return r.exitCode === 0 ? r.stdout.toString('utf8').trim() : null;
  }

  /**
   * Which of `commits` are reachable from `from`, in one `git rev-list`: walks the history of
   * `from` (minus `exclude`, revisions known to hide none of the candidates) and stops as
   * soon as every candidate has been seen. Candidates must be full object ids.
   */
  async reachableFrom(from: string, commits: readonly string[], opts: { exclude?: string[] } = {}): Promise<Set<string>> {
    const want = new Set(commits);
    const found = new Set<string>();
    if (want.size === 0) return found;
    assertSafeRevision(from);
    const exclude = (opts.exclude ?? []).map((e) => `^${assertSafeRevision(e)}`);
    const child = this.runner.spawn(['rev-list', '--stdin']);
    child.stdin.on('error', () => undefined);
    child.stdin.end([from, ...exclude].join('\n') + '\n');
    let rest = '';
    let stopped = false;
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (s: string) => {
      if (stopped) return;
      const lines = (rest + s).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) if (want.has(l)) found.add(l);
      if (found.size === want.size) {
        stopped = true;
        child.kill();
      }
    });
    const code = await new Promise<number>((res, rej) => {
      child.on('error', rej);
      child.on('close', (c) => res(c ?? 0));
    });
    if (!stopped && code !== 0) {
      const { gitFailure } = await import('./run.js');
      throw gitFailure(['rev-list'], stderr, code);
    }
    if (!stopped && want.has(rest)) found.add(rest);
    return found;
  }

  /** commit → `git patch-id --stable` for many commits with two processes in total. */
  patchIds(commits: readonly string[], opts?: PatchIdOptions): Promise<Map<string, string>> {
    return patchIds(this, commits, opts);
  }

  // ---- objects ------------------------------------------------------------------------------

  /** The content of a file at a revision, or `null` when absent. */
  readFile(rev: string, path: string): Promise<Buffer | null> {
    return readFileAt(this, rev, path);
  }

  /** Lists a tree. */
  listTree(treeish: string, opts?: { recursive?: boolean; paths?: string[] }): Promise<TreeEntry[]> {
    return listTree(this, treeish, opts);
  }

  /** Writes a blob and returns its id. */
  writeBlob(content: string | Buffer): Promise<string> {
    return writeBlob(this, content);
  }

  /** Writes one tree level from entries and returns its id. */
  writeTree(entries: readonly TreeEntry[]): Promise<string> {
    return writeTree(this, entries);
  }

  /** A new tree: `baseTree` with files written or deleted (a private index, not the user's). */
  updateTree(baseTree: string | null, changes: readonly FileChange[]): Promise<string> {
    return updateTree(this, baseTree, changes);
  }

  // ---- picks and commits --------------------------------------------------------------------

  /** The three-way merge of a cherry-pick, without a work tree; writes no ref. */
  pickCommit(opts: PickOptions): Promise<PickResult> {
    return pickCommit(this, opts);
  }

  /** Many independent picks with a constant number of processes (one `merge-tree --stdin`). */
  pickCommits(picks: readonly PickOptions[]): Promise<PickResult[]> {
    return pickCommits(this, picks);
  }

  /** Writes a commit object and returns its id (no ref changes). */
  commitTree(opts: CommitTreeOptions): Promise<string> {
    return commitTree(this, opts);
  }

  // ---- refs, worktrees, tags ----------------------------------------------------------------

  /** All-or-nothing ref changes with expected old values (one `update-ref --stdin`). */
  updateRefs(updates: readonly RefUpdate[], opts: { message: string }): Promise<void> {
    return updateRefs(this, updates, opts);
  }

  /** The worktrees of the repository (`worktree list --porcelain`). */
  worktrees(): Promise<Worktree[]> {
    return listWorktrees(this);
  }

  /** True when `branch` is checked out (or being rebased/bisected) in any worktree. */
  async isCheckedOut(branch: string): Promise<boolean> {
    return (await checkedOutIn(this, branch)).length > 0;
  }

  /** The worktrees that hold `branch`. */
  checkedOutIn(branch: string): Promise<Worktree[]> {
    return checkedOutIn(this, branch);
  }

  /** Writes an annotated tag object (no ref) and returns its id. */
  writeAnnotatedTag(opts: AnnotatedTagOptions): Promise<string> {
    return writeAnnotatedTag(this, opts);
  }

  /** Creates a tag ref (annotated when a message is given); refuses to overwrite. */
  createTag(opts: { name: string; target: string; message?: string; tagger?: Identity }): Promise<string> {
    return createTag(this, opts);
  }
}
