/**
 * Ref changes as one all-or-nothing `git update-ref --stdin` transaction with expected old
 * values; worktrees (which branch is checked out where); tags written without a work tree.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { TrellisError } from '../core/errors.js';
import type { GitBase as Git } from './base.js';
import { assertRefName, assertSafeRevision, tagRef } from '../core/refname.js';

/** One ref change. */
export interface RefUpdate {
  /** Full ref name (`refs/heads/release-1.2.x`). */
  ref: string;
  /** The new object id, or `null` to delete the ref. */
  newOid: string | null;
  /**
   * What the ref must hold now: an object id, `null` for "must not exist", or `undefined` for
   * "whatever it is" (avoid that: it gives up protection against concurrent changes).
   */
  oldOid?: string | null;
}

/**
 * Applies all updates in one `git update-ref --stdin` transaction (`start`, `prepare`,
 * `commit`): either every ref changes or none does. When a ref is not at its expected old
 * value, throws `refused` naming that ref.
 */
export async function updateRefs(git: Git, updates: readonly RefUpdate[], opts: { message: string }): Promise<void> {
  if (updates.length === 0) return;
  const zero = git.zeroOid;
  const seen = new Set<string>();
  const lines = ['start'];
  for (const u of updates) {
    assertRefName(u.ref, 'ref name', { allowOneLevel: false });
    if (seen.has(u.ref)) throw new TrellisError('bad-input', `ref '${u.ref}' is updated twice in one transaction`, 2);
    seen.add(u.ref);
    for (const oid of [u.newOid, u.oldOid]) {
      if (typeof oid === 'string' && !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(oid)) {
        throw new TrellisError('bad-input', `ref update for '${u.ref}' needs full object ids, got '${oid}'`, 2);
      }
    }
    const old = u.oldOid === undefined ? '' : ` ${u.oldOid ?? zero}`;
    if (u.newOid === null) lines.push(`delete ${u.ref}${old}`);
    else lines.push(`update ${u.ref} ${u.newOid}${old}`);
  }
  lines.push('prepare', 'commit', '');
  const message = opts.message.replace(/\s*\n\s*/g, ' ').trim();
  try {
    await git.run(['update-ref', '-m', message, '--stdin'], { input: lines.join('\n'), detached: true });
  } catch (e) {
    if (!(e instanceof TrellisError)) throw e;
    const m = /(?:cannot lock ref|unable to resolve reference|cannot update ref) '([^']+)'(?::\s*(.*))?/.exec(e.message);
    if (m) {
      const why = (m[2] ?? '').replace(/is at ([0-9a-f]{7})[0-9a-f]+ but expected ([0-9a-f]{7})[0-9a-f]+/, 'is at $1, expected $2');
      throw new TrellisError('refused', `ref '${m[1]}' was changed by someone else${why ? ` (${why})` : ''}; no ref was updated`, 2, {
        ref: m[1],
      });
    }
    throw e;
  }
}

/** One worktree of the repository. */
export interface Worktree {
  /** Absolute path of the worktree (the repository itself for a bare repository). */
  path: string;
  /** The commit checked out, `null` in a bare repository or an unborn branch. */
  head: string | null;
  /** The branch checked out (full ref), `null` when detached or bare. */
  branch: string | null;
  bare: boolean;
  detached: boolean;
  locked: boolean;
  prunable: boolean;
  /**
   * Branches this worktree is busy with although its HEAD is detached: a rebase or bisect in
   * progress (git itself refuses to move those branches).
   */
  busyBranches: string[];
}

/** Lists worktrees (`git worktree list --porcelain`) and the branches they are busy with. */
export async function listWorktrees(git: Git): Promise<Worktree[]> {
  const out = await git.text(['worktree', 'list', '--porcelain']);
  const trees: Worktree[] = [];
  for (const block of out.split(/\n\n+/)) {
    if (block.trim() === '') continue;
    const wt: Worktree = {
      path: '',
      head: null,
      branch: null,
      bare: false,
      detached: false,
      locked: false,
      prunable: false,
      busyBranches: [],
    };
    for (const line of block.split('\n')) {
      const sp = line.indexOf(' ');
      const key = sp < 0 ? line : line.slice(0, sp);
      const val = sp < 0 ? '' : line.slice(sp + 1);
      if (key === 'worktree') wt.path = val;
      else if (key === 'HEAD') wt.head = /^0+$/.test(val) ? null : val;
      else if (key === 'branch') wt.branch = val;
      else if (key === 'bare') wt.bare = true;
      else if (key === 'detached') wt.detached = true;
      else if (key === 'locked') wt.locked = true;
      else if (key === 'prunable') wt.prunable = true;
    }
    trees.push(wt);
  }
  await Promise.all(trees.map(async (wt) => (wt.busyBranches = await busyBranches(git, wt))));
  return trees;
}

/** Branches named in a worktree's rebase or bisect state files. */
async function busyBranches(git: Git, wt: Worktree): Promise<string[]> {
  if (wt.bare || !wt.detached) return [];
  const gitDir = await worktreeGitDir(git, wt.path);
  if (!gitDir) return [];
  const found: string[] = [];
  for (const f of ['rebase-merge/head-name', 'rebase-apply/head-name', 'BISECT_START']) {
    const text = await readFile(join(gitDir, f), 'utf8').catch(() => null);
    const name = text?.trim();
    if (!name) continue;
    found.push(name.startsWith('refs/') ? name : `refs/heads/${name}`);
  }
  return found;
}

async function worktreeGitDir(git: Git, path: string): Promise<string | null> {
  const dotgit = join(path, '.git');
  const text = await readFile(dotgit, 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'EISDIR' ? 'dir' : null));
  if (text === 'dir') return dotgit;
  const m = text ? /^gitdir: (.*)$/m.exec(text) : null;
  if (m?.[1]) return resolve(path, m[1].trim());
  return resolve(path) === resolve(git.workTree ?? '') ? git.gitDir : null;
}

/**
 * The worktrees that have `branch` (short name or full ref) checked out, or are rebasing or
 * bisecting it. Empty when moving the branch is safe.
 */
export async function checkedOutIn(git: Git, branch: string): Promise<Worktree[]> {
  const ref = branch.startsWith('refs/') ? branch : `refs/heads/${branch}`;
  assertRefName(ref, 'ref name', { allowOneLevel: false });
  return (await listWorktrees(git)).filter((wt) => wt.branch === ref || wt.busyBranches.includes(ref));
}

/** A tagger or committer identity; the date is anything git accepts (ISO 8601, `@<unix> +0000`). */
export interface Identity {
  name: string;
  email: string;
  date?: string;
}

/** Options for {@link writeAnnotatedTag}. */
export interface AnnotatedTagOptions {
  /** Short tag name (`v1.2.0`). */
  name: string;
  /** The object to tag (any revision; resolved first). */
  target: string;
  message: string;
  /** Default: git's committer identity (`git var GIT_COMMITTER_IDENT`). */
  tagger?: Identity;
}

/**
 * Writes an annotated tag object with `git mktag` (no ref is changed) and returns its id, so
 * the ref can be created in the same transaction as other changes.
 */
export async function writeAnnotatedTag(git: Git, opts: AnnotatedTagOptions): Promise<string> {
  tagRef(opts.name);
  assertSafeRevision(opts.target);
  const target = await git.resolve(opts.target);
  const [obj] = await git.catFile().readAndClose([target]);
  if (!obj) throw new TrellisError('unknown-revision', `unknown revision '${opts.target}'`, 2);
  const tagger = await identityLine(git, opts.tagger);
  let message = opts.message.replace(/\r\n/g, '\n');
  if (!message.endsWith('\n')) message += '\n';
  const body = `object ${target}\ntype ${obj.type}\ntag ${opts.name}\ntagger ${tagger}\n\n${message}`;
  return git.line(['mktag'], { input: body });
}

/**
 * Creates `refs/tags/<name>` (annotated when a message is given, else lightweight) in one
 * transaction that refuses to overwrite an existing tag. Returns the tag ref's new object id.
 */
export async function createTag(git: Git, opts: { name: string; target: string; message?: string; tagger?: Identity }): Promise<string> {
  const ref = tagRef(opts.name);
  const oid =
    opts.message !== undefined
      ? await writeAnnotatedTag(git, { name: opts.name, target: opts.target, message: opts.message, tagger: opts.tagger })
      : await git.resolve(opts.target);
  try {
    await updateRefs(git, [{ ref, newOid: oid, oldOid: null }], { message: `trellis: tag ${opts.name}` });
  } catch (e) {
    if (e instanceof TrellisError && e.code === 'refused') {
      throw new TrellisError('exists', `tag '${opts.name}' already exists`, 2);
    }
    throw e;
  }
  return oid;
}

/** `Name <email> <unix> <tz>` for an identity, or git's configured committer identity. */
export async function identityLine(git: Git, who?: Identity): Promise<string> {
  if (who) {
    const env: Record<string, string> = { GIT_COMMITTER_NAME: who.name, GIT_COMMITTER_EMAIL: who.email };
    if (who.date) env.GIT_COMMITTER_DATE = who.date;
    return git.line(['var', 'GIT_COMMITTER_IDENT'], { env });
  }
  return git.line(['var', 'GIT_COMMITTER_IDENT']);
}
