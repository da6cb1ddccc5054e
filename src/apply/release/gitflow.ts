/**
 * Carries out git-flow releases and hotfixes (planned by src/core/release, checked by the app
 * layer): the merge commits (trees already made by `git merge-tree --write-tree`, committed with
 * both parents), the annotated (optionally signed) tag object, the draft notes file, and every
 * ref change in ONE `update-ref --stdin` transaction with expected old values. The work tree and
 * the index are never written; the notes file is removed again when the transaction fails.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { branchRef, tagRef } from '../../core/refname.js';
import type { MergeStep, RefChange } from '../../core/release/gitflow.js';
import type { SignMode } from '../../core/release/sign.js';
import { beginJournal, endJournal, type JournalUpdate } from '../journal.js';
import { identityOf, writeTagObject, type Git, type RefUpdate, type Signature } from '../../git/index.js';

/** A git-flow change to make, decided and checked by the app layer. */
export interface GitflowChange {
  /** Merge commits to write: each step with the (clean) tree its merge makes. */
  merges: Array<MergeStep & { tree: string }>;
  /** The release tag: on the merge into `on`, or on `on`'s tip (`tip`) when no merge was needed. */
  tag: { name: string; message: string; sign: SignMode; on: string; tip: string };
  /** The ref changes, in order, as reported: merge and tag refs hold `new: null` until their objects exist. */
  refs: RefChange[];
  /** The draft notes (absolute path), written only when the file does not exist yet. */
  notes: { file: string; text: string } | null;
  /** The reflog message of the transaction. */
  message: string;
}

/** What was written. */
export interface GitflowApplied {
  /** The merge commits by the branch they went into. */
  commits: Map<string, string>;
  tag: string;
  /** The ref changes with every new value filled in. */
  refs: RefChange[];
  notesWritten: boolean;
}

function toUpdates(refs: readonly RefChange[]): RefUpdate[] {
  return refs.map((r) => ({ ref: r.ref, newOid: r.new, oldOid: r.old }));
}

/** Writes the merge commits, the tag object and the notes, then changes every ref in one transaction. */
export async function applyGitflowChange(git: Git, change: GitflowChange): Promise<GitflowApplied> {
  const commits = new Map<string, string>();
  let author: Signature | null = null;
  let committer: Signature | null = null;
  for (const m of change.merges) {
    author ??= await identityOf(git, 'AUTHOR');
    committer ??= await identityOf(git, 'COMMITTER');
    commits.set(m.into, await git.commitTree({ tree: m.tree, parents: [m.ours, m.theirs], message: m.message, author, committer }));
  }
  const { tag } = change;
  const tagOid = await writeTagObject(git, {
    name: tag.name,
    target: commits.get(tag.on) ?? tag.tip,
    message: tag.message,
    sign: tag.sign,
  });
  const refs = change.refs.map((r) => {
    if (r.ref === tagRef(tag.name) && r.action === 'create') return { ...r, new: tagOid };
    // A merge moves its branch, or creates the local branch when it was read from its remote.
    const merged = [...commits].find(([into]) => r.action !== 'delete' && r.ref === branchRef(into));
    return merged ? { ...r, new: merged[1] } : r;
  });
  let wrote = false;
  if (change.notes) {
    await mkdir(dirname(change.notes.file), { recursive: true });
    await writeFile(change.notes.file, change.notes.text, { flag: 'wx' });
    wrote = true;
  }
  const kind = change.message.startsWith('trellis: hotfix') ? 'hotfix' : 'release';
  await beginJournal(git, { kind, message: change.message, line: null, updates: journalUpdates(refs), worktrees: [] });
  try {
    await git.updateRefs(toUpdates(refs), { message: change.message });
  } catch (e) {
    if (wrote && change.notes) await rm(change.notes.file, { force: true });
    throw e;
  } finally {
    await endJournal(git);
  }
  return { commits, tag: tagOid, refs, notesWritten: wrote };
}

/** Changes refs in one transaction (a hotfix branch created at a release). */
export async function applyRefChanges(git: Git, refs: readonly RefChange[], message: string): Promise<void> {
  if (refs.length === 0) return;
  await beginJournal(git, { kind: 'hotfix', message, line: null, updates: journalUpdates(refs), worktrees: [] });
  try {
    await git.updateRefs(toUpdates(refs), { message });
  } finally {
    await endJournal(git);
  }
}

function journalUpdates(refs: readonly RefChange[]): JournalUpdate[] {
  return refs.map((r) => ({ ref: r.ref, old: r.old, new: r.new }));
}
