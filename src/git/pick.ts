/**
 * Cherry-picks without a work tree: a real three-way merge by `git merge-tree --write-tree`
 * (base: the picked commit's parent, ours: the target, theirs: the picked commit), then
 * `git commit-tree`. The work tree, the index and the stash are never touched.
 *
 * git 2.40 added `merge-tree --merge-base`. On 2.38/2.39 the merge base is forced with two
 * temporary commits whose only common ancestor is a parentless commit carrying the parent's
 * tree; merge-tree then computes exactly that base.
 */
import { makeScratch } from './trellis-dir.js';
import { createHash } from 'node:crypto';
import { TrellisError } from '../core/errors.js';
import type { CatFileSession } from './catfile.js';
import type { GitBase as Git } from './base.js';
import type { Signature } from './refs.js';
import { assertSafeRevision } from '../core/refname.js';
import { gitAtLeast, GIT_FEATURES, requireGit } from './version.js';
import { parseMergeTree, parseMergeTreeBatch, type Conflict, type MergeTreeOutput } from './merge-tree-output.js';

export {
  conflictKind,
  kindFromStages,
  parseMergeTree,
  parseMergeTreeBatch,
  type Conflict,
  type ConflictKind,
  type MergeTreeOutput,
} from './merge-tree-output.js';

/** What to pick and where. */
export interface PickOptions {
  /** The commit to pick (any revision). */
  commit: string;
  /** The commit (or branch) to apply it on. */
  onto: string;
  /** For merge commits: the parent (1-based) whose diff is picked, like `cherry-pick -m`. */
  mainline?: number;
  /** Use the temporary-commit path even when git has `--merge-base` (tests). */
  forceFallback?: boolean;
}

/** Facts shared by every pick result. */
interface PickBase {
  /** The resolved picked commit. */
  commit: string;
  /** The resolved target commit. */
  onto: string;
  /** The merge base used (the picked commit's parent, or `null` for a root commit). */
  base: string | null;
  /** How the merge was made. */
  method: 'merge-base' | 'temporary-commits';
}

/** The outcome of a pick. */
export type PickResult =
  | (PickBase & { status: 'clean'; tree: string })
  | (PickBase & { status: 'empty'; tree: string })
  | (PickBase & { status: 'conflict'; tree: string; conflicts: Conflict[] });

/** A parsed commit object (headers only, plus the raw message). */
export interface CommitObject {
  oid: string;
  tree: string;
  parents: string[];
  /** Raw `author` header value: `Name <email> <unix> <tz>`. */
  authorLine: string;
  committerLine: string;
  message: string;
}

/** Parses the text of a commit object. */
export function parseCommitObject(oid: string, text: string): CommitObject {
  const split = text.indexOf('\n\n');
  const header = split < 0 ? text : text.slice(0, split);
  const message = split < 0 ? '' : text.slice(split + 2);
  const c: CommitObject = { oid, tree: '', parents: [], authorLine: '', committerLine: '', message };
  for (const line of header.split('\n')) {
    if (line.startsWith('tree ')) c.tree = line.slice(5);
    else if (line.startsWith('parent ')) c.parents.push(line.slice(7));
    else if (line.startsWith('author ')) c.authorLine = line.slice(7);
    else if (line.startsWith('committer ')) c.committerLine = line.slice(10);
  }
  return c;
}

/** Parses `Name <email> <unix> <tz>` into a {@link Signature} with an ISO date. */
export function parseIdentLine(line: string): Signature {
  const m = /^(.*?) <([^>]*)> (\d+) ([+-]\d{4})$/.exec(line);
  if (!m) return { name: line, email: '', date: '' };
  return { name: m[1] ?? '', email: m[2] ?? '', date: `@${m[3]} ${m[4]}` };
}

/** Reads commits by revision in one cat-file session; unknown ones throw `unknown-revision`. */
export async function readCommits(git: Git, revs: readonly string[]): Promise<CommitObject[]> {
  revs.forEach(assertSafeRevision);
  const objs = await git.catFile().readAndClose(revs.map((r) => `${r}^{commit}`));
  return objs.map((o, i) => {
    if (!o) throw new TrellisError('unknown-revision', `unknown revision '${revs[i]}'`, 2);
    return parseCommitObject(o.oid, o.content.toString('utf8'));
  });
}

/** Performs the three-way merge of a pick and returns the resulting tree; writes no ref. */
export async function pickCommit(git: Git, opts: PickOptions): Promise<PickResult> {
  requireGit(git.version, 'mergeTreeWriteTree', 'cherry-picking without a work tree');
  assertSafeRevision(opts.commit);
  assertSafeRevision(opts.onto);
  // One cat-file session for the picked commit, the target and (later) the base.
  const cat = git.catFile();
  try {
    return await pickWith(git, cat, opts);
  } finally {
    cat.close();
  }
}

async function readCommitWith(cat: CatFileSession, rev: string): Promise<CommitObject> {
  const o = await cat.read(`${rev}^{commit}`);
  if (!o) throw new TrellisError('unknown-revision', `unknown revision '${rev}'`, 2);
  return parseCommitObject(o.oid, o.content.toString('utf8'));
}

interface PreparedPick {
  picked: CommitObject;
  onto: CommitObject;
  baseCommit: string | null;
}

/** Resolves a pick's commits and its merge base (checking `mainline`). */
async function preparePick(cat: CatFileSession, opts: PickOptions): Promise<PreparedPick> {
  const [picked, onto] = await Promise.all([readCommitWith(cat, opts.commit), readCommitWith(cat, opts.onto)]);
  let baseCommit: string | null;
  if (picked.parents.length > 1) {
    if (opts.mainline === undefined) {
      throw new TrellisError(
        'bad-input',
        `commit ${picked.oid.slice(0, 12)} is a merge; say which parent is the mainline (--mainline N)`,
        2,
      );
    }
    baseCommit = picked.parents[opts.mainline - 1] ?? null;
    if (!baseCommit || !Number.isInteger(opts.mainline) || opts.mainline < 1) {
      throw new TrellisError('bad-input', `commit ${picked.oid.slice(0, 12)} has no parent number ${opts.mainline}`, 2);
    }
  } else {
    if (opts.mainline !== undefined && opts.mainline !== 1) {
      throw new TrellisError('bad-input', `commit ${picked.oid.slice(0, 12)} is not a merge; --mainline does not apply`, 2);
    }
    baseCommit = picked.parents[0] ?? null;
  }
  return { picked, onto, baseCommit };
}

function toResult(p: PreparedPick, method: PickBase['method'], conflicted: boolean, parsed: MergeTreeOutput): PickResult {
  const common: PickBase = { commit: p.picked.oid, onto: p.onto.oid, base: p.baseCommit, method };
  if (conflicted) return { ...common, status: 'conflict', tree: parsed.tree, conflicts: parsed.conflicts };
  if (parsed.tree === p.onto.tree) return { ...common, status: 'empty', tree: parsed.tree };
  return { ...common, status: 'clean', tree: parsed.tree };
}

/** The tree of each pick's merge base (the empty tree for root commits). */
async function baseTrees(git: Git, cat: CatFileSession, preps: readonly PreparedPick[]): Promise<string[]> {
  const needEmpty = preps.some((p) => p.baseCommit === null);
  const empty = needEmpty ? await emptyTree(git) : '';
  return Promise.all(preps.map(async (p) => (p.baseCommit ? (await readCommitWith(cat, p.baseCommit)).tree : empty)));
}

async function pickWith(git: Git, cat: CatFileSession, opts: PickOptions): Promise<PickResult> {
  const prep = await preparePick(cat, opts);
  const useMergeBase = !opts.forceFallback && prep.baseCommit !== null && gitAtLeast(git.version, GIT_FEATURES.mergeTreeMergeBase);
  let args: string[];
  if (useMergeBase) {
    args = ['merge-tree', '--write-tree', '-z', '--messages', `--merge-base=${prep.baseCommit}`, prep.onto.oid, prep.picked.oid];
  } else {
    const [baseTree = ''] = await baseTrees(git, cat, [prep]);
    const [[ours, theirs] = []] = await temporaryCommits(git, [{ baseTree, trees: [prep.onto.tree, prep.picked.tree] }]);
    args = ['merge-tree', '--write-tree', '-z', '--messages', ours ?? '', theirs ?? ''];
  }
  const res = await git.run(args, { okExitCodes: [0, 1] });
  const parsed = parseMergeTree(res.stdout.toString('utf8'));
  return toResult(prep, useMergeBase ? 'merge-base' : 'temporary-commits', res.exitCode === 1, parsed);
}

/**
 * Many independent picks (e.g. one commit onto five lines, for a plan's predicted outcomes)
 * with a constant number of processes: one cat-file session, one `hash-object` for all
 * temporary commits, and one `merge-tree --stdin`. Results are in the order of `picks`.
 * (Picks that build on each other, as in a chain, need {@link pickCommit} one at a time.)
 */
export async function pickCommits(git: Git, picks: readonly PickOptions[]): Promise<PickResult[]> {
  requireGit(git.version, 'mergeTreeWriteTree', 'cherry-picking without a work tree');
  if (picks.length === 0) return [];
  if (picks.length === 1 || !gitAtLeast(git.version, GIT_FEATURES.mergeTreeStdin)) {
    const out: PickResult[] = [];
    for (const p of picks) out.push(await pickCommit(git, p));
    return out;
  }
  for (const p of picks) {
    assertSafeRevision(p.commit);
    assertSafeRevision(p.onto);
  }
  const cat = git.catFile();
  let preps: PreparedPick[];
  let bases: string[];
  try {
    preps = await Promise.all(picks.map((p) => preparePick(cat, p)));
    bases = await baseTrees(git, cat, preps);
  } finally {
    cat.close();
  }
  const pairs = await temporaryCommits(
    git,
    preps.map((p, i) => ({ baseTree: bases[i] ?? '', trees: [p.onto.tree, p.picked.tree] })),
  );
  const input = pairs.map(([ours, theirs]) => `${ours} ${theirs}\n`).join('');
  const res = await git.run(['merge-tree', '--stdin', '--write-tree', '-z', '--messages'], { input });
  const merges = parseMergeTreeBatch(res.stdout.toString('utf8'));
  if (merges.length !== preps.length) {
    throw new TrellisError('git', `git merge-tree --stdin answered ${merges.length} of ${preps.length} merges`, 2);
  }
  return preps.map((p, i) => {
    const m = merges[i] as MergeTreeOutput & { clean: boolean };
    return toResult(p, 'temporary-commits', !m.clean, m);
  });
}

/** The empty tree's id for this repository's hash (written, so it exists). */
export async function emptyTree(git: Git): Promise<string> {
  return git.line(['mktree'], { input: '' });
}

const TEMP_IDENT = 'Trellis <trellis@invalid> 0 +0000';
const written = new WeakMap<Git, Set<string>>();

/**
 * For each group, writes a parentless commit with `baseTree` and, for each tree, a commit with
 * that tree whose parent is the base; returns the ids of the latter per group. Object ids are
 * computed here, so objects this process already wrote are skipped and all new ones go to git
 * in one `hash-object --stdin-paths` call.
 */
async function temporaryCommits(git: Git, groups: ReadonlyArray<{ baseTree: string; trees: readonly string[] }>): Promise<string[][]> {
  const body = (tree: string, parent: string | null): string =>
    `tree ${tree}\n${parent ? `parent ${parent}\n` : ''}author ${TEMP_IDENT}\ncommitter ${TEMP_IDENT}\n\n` +
    'trellis: temporary merge input (safe to garbage-collect)\n';
  const objs: Array<{ oid: string; text: string }> = [];
  const result = groups.map(({ baseTree, trees }) => {
    const base = body(baseTree, null);
    const baseOid = objectId(git, 'commit', base);
    objs.push({ oid: baseOid, text: base });
    return trees.map((t) => {
      const text = body(t, baseOid);
      const oid = objectId(git, 'commit', text);
      objs.push({ oid, text });
      return oid;
    });
  });
  let seen = written.get(git);
  if (!seen) written.set(git, (seen = new Set()));
  const unique = new Map(objs.map((o) => [o.oid, o]));
  const todo = [...unique.values()].filter((o) => !seen.has(o.oid));
  if (todo.length > 0) {
    const { writeFile, rm } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const dir = await makeScratch(git.commonDir, 'objects');
    try {
      const paths = await Promise.all(
        todo.map(async (o, i) => {
          const p = join(dir, `${i}`);
          await writeFile(p, o.text);
          return p;
        }),
      );
      const out = await git.text(['hash-object', '-w', '-t', 'commit', '--no-filters', '--stdin-paths'], {
        input: paths.join('\n') + '\n',
      });
      const got = out.split('\n').filter((l) => l !== '');
      todo.forEach((o, i) => {
        if (got[i] !== o.oid) throw new Error(`object id mismatch: computed ${o.oid}, git wrote ${got[i]}`);
        seen.add(o.oid);
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return result;
}

/** The object id git gives to an object of `type` with `text` in this repository's hash. */
export function objectId(git: Git, type: string, text: string | Buffer): string {
  const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const h = createHash(git.objectFormat === 'sha256' ? 'sha256' : 'sha1');
  h.update(`${type} ${data.length}\0`);
  h.update(data);
  return h.digest('hex');
}

/** What to write as a commit. */
export interface CommitTreeOptions {
  tree: string;
  parents: string[];
  /** The message, written as given (git adds nothing). */
  message: string;
  /** The author; the date is ISO 8601 or git's `@<unix> <tz>`. */
  author: Signature;
  /** Default: git's configured committer identity and the current time. */
  committer?: Signature;
  /** Sign with GPG (`true`), never (`false`), or as `commit.gpgSign` says (undefined). */
  sign?: boolean;
}

/** Writes a commit object with `git commit-tree` (no ref changes) and returns its id. */
export async function commitTree(git: Git, opts: CommitTreeOptions): Promise<string> {
  const args = ['commit-tree'];
  for (const p of opts.parents) args.push('-p', assertSafeRevision(p));
  if (opts.sign === true) args.push('-S');
  if (opts.sign === false) args.push('--no-gpg-sign');
  args.push('-F', '-', '--end-of-options', assertSafeRevision(opts.tree));
  const env: Record<string, string> = {
    GIT_AUTHOR_NAME: opts.author.name,
    GIT_AUTHOR_EMAIL: opts.author.email,
    GIT_AUTHOR_DATE: gitDate(opts.author.date),
  };
  if (opts.committer) {
    env.GIT_COMMITTER_NAME = opts.committer.name;
    env.GIT_COMMITTER_EMAIL = opts.committer.email;
    env.GIT_COMMITTER_DATE = gitDate(opts.committer.date);
  }
  return git.line(args, { env, input: opts.message });
}

/**
 * A date as git reads it without guessing: ISO 8601 with an offset becomes `@<unix> <±hhmm>`,
 * which keeps the original offset; anything else is passed through.
 */
export function gitDate(date: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?)(Z|[+-]\d\d:?\d\d)$/.exec(date);
  if (!m) return date;
  const seconds = Math.floor(new Date(`${m[1]}${m[2]}`).getTime() / 1000);
  const tz = m[2] === 'Z' ? '+0000' : (m[2] ?? '').replace(':', '');
  return `@${seconds} ${tz}`;
}
