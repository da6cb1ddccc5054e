/**
 * The journal of a ref transaction in flight, `<common git dir>/trellis/journal.json`: which
 * process is changing which refs from what to what, and which worktrees it then brings along.
 * It is Trellis's lock (the pid says whether its writer is alive) and the record a run killed at
 * any instant leaves behind, so the next `release`, `branch cut`, `hotfix`, `backport` or `merge-back` run (or
 * `--continue` / `--abort`) finishes what it started before doing anything else:
 *
 *   objects written → journal written → ONE `update-ref --stdin` transaction (git in a process
 *   group of its own, so a group kill cannot stop it half-way) → worktrees brought along
 *   (`read-tree -m -u`, also in its own group) → journal removed.
 *
 * Recovery ({@link recoverInterrupted}): temporary folders of dead runs removed; git's `.lock`
 * files of the journal's refs and worktrees, once older than a moment, removed (they belong to a
 * git that is gone); refs all at their old values → nothing happened; all at their new values
 * → the transaction happened, and a checked-out branch whose work tree is still at the old
 * commit is brought along; some old, some new (only when git itself was killed mid-commit) →
 * the rest is rolled forward in one transaction. Anything else was changed by someone else and
 * is refused with what to do.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TrellisError } from '../core/errors.js';
import type { RecoveryAction, RecoveryReport } from '../core/recovery.js';
import {
  cleanScratch,
  ensureTrellisDir,
  existingLocks,
  gitDirAt,
  headCommitAt,
  indexMatches,
  moveWorkTree,
  pidAlive,
  readOwnFile,
  refLocks,
  refValues,
  trellisDirOf,
  type Git,
} from '../git/index.js';

/** One ref change of the transaction (`null`: absent). */
export interface JournalUpdate {
  ref: string;
  old: string | null;
  new: string | null;
}

/** A worktree that has a moved branch checked out, brought along after the transaction. */
export interface JournalWorktree {
  path: string;
  branch: string;
  old: string;
  new: string;
}

/** The command a journal belongs to. */
export type JournalKind = 'release' | 'branch cut' | 'hotfix' | 'backport' | 'merge-back';

export interface Journal {
  version: 1;
  pid: number;
  /** ISO time the run started its transaction. */
  started: string;
  kind: JournalKind;
  /** The reflog message of the transaction (says what the run was). */
  message: string;
  /** The line a release or branch cut was for. */
  line: string | null;
  updates: JournalUpdate[];
  worktrees: JournalWorktree[];
}

/** What recovery found: the killed run's journal, and whether its transaction had happened (now finished) or not. */
export interface Recovered {
  journal: Journal;
  finished: boolean;
}

/** What recovery did: the killed run it finished (null: none) and the report of every step (null: nothing to recover). */
export interface Recovery {
  killed: Recovered | null;
  report: RecoveryReport | null;
}

/** Receives the one-line messages recovery has for the user. */
export type Notice = (message: string) => void;

export function journalPath(git: Git): string {
  return join(trellisDirOf(git.commonDir), 'journal.json');
}

/** A live run older than this is taken for a dead one whose pid was reused. */
const LIVE_LIMIT_MS = 10 * 60 * 1000;
/** git's own lock files younger than this may belong to a git still finishing; recovery waits for them. */
const LOCK_GRACE_MS = 2000;

/** Records the transaction about to be made; refused while another live run has one. */
export async function beginJournal(git: Git, j: Omit<Journal, 'version' | 'pid' | 'started'>): Promise<void> {
  const existing = await readJournal(git);
  if (existing) refuseLive(git, existing);
  const dir = await ensureTrellisDir(git.commonDir);
  const full: Journal = { version: 1, pid: process.pid, started: new Date().toISOString(), ...j };
  const tmp = join(dir, `journal.json.${process.pid}.tmp`);
  await writeFile(tmp, JSON.stringify(full, null, 2) + '\n');
  await rename(tmp, journalPath(git));
}

/** The transaction is done (or was refused and changed nothing). */
export async function endJournal(git: Git): Promise<void> {
  await rm(journalPath(git), { force: true });
}

/** The journal, or null when none (or not one of ours: it is then set aside with the returned reason). */
async function readJournal(git: Git): Promise<Journal | null> {
  const buf = await readOwnFile(journalPath(git), 1 << 20);
  if (!buf) return null;
  try {
    const j = JSON.parse(buf.toString('utf8')) as Partial<Journal>;
    if (j.version === 1 && typeof j.pid === 'number' && Array.isArray(j.updates) && Array.isArray(j.worktrees)) return j as Journal;
  } catch {
    // torn or foreign: ignored below
  }
  return null;
}

/** Refused while the journal's writer runs (this process's own journal is from a call that failed part-way). */
function refuseLive(git: Git, j: Journal): void {
  if (j.pid !== process.pid && pidAlive(j.pid) && Date.now() - Date.parse(j.started) < LIVE_LIMIT_MS) {
    throw new TrellisError(
      'refused',
      `another Trellis run (pid ${j.pid}, '${j.message}') is changing refs in this repository; wait for it to finish (if no such run exists, remove ${journalPath(git)})`,
      2,
    );
  }
}

/** Collects recovery's steps and says each on `notice`. */
class Steps {
  readonly actions: RecoveryAction[] = [];
  constructor(private readonly notice: Notice) {}
  add(action: RecoveryAction['action'], targets: string[], message: string): void {
    this.actions.push({ action, targets, message });
    this.notice(message);
  }
}

/**
 * Finishes what a killed run left (see the module comment) and cleans its leftovers. Returns the
 * journal of the run it finished (null when there was none) and the report of what it found and
 * did (null when nothing); each step is also said on `notice`.
 */
export async function recoverInterrupted(git: Git, notice: Notice = () => undefined): Promise<Recovery> {
  const steps = new Steps(notice);
  const removed = await cleanScratch(git.commonDir);
  if (removed.length > 0)
    steps.add(
      'removed-temporary-folders',
      removed,
      `removed ${removed.length} temporary folder(s) left by killed runs under ${join(trellisDirOf(git.commonDir), 'tmp')}`,
    );
  const raw = await readFile(journalPath(git), 'utf8').catch(() => null);
  const j = await readJournal(git);
  if (!j) {
    if (raw !== null) {
      await endJournal(git);
      steps.add('removed-foreign-journal', [journalPath(git)], `removed ${journalPath(git)}: not a Trellis journal`);
    }
    return { killed: null, report: steps.actions.length > 0 ? { run: null, transaction: null, actions: steps.actions } : null };
  }
  refuseLive(git, j);
  const report = (transaction: RecoveryReport['transaction']): RecoveryReport => ({
    run: { command: j.kind, message: j.message, pid: j.pid, started: j.started },
    transaction,
    actions: steps.actions,
  });
  await clearStaleLocks(git, j, steps);
  const now = await refValues(
    git,
    j.updates.map((u) => u.ref),
  );
  const at = (u: JournalUpdate): string | null => now.get(u.ref) ?? null;
  const what = `a killed run ('${j.message}', pid ${j.pid})`;
  if (j.updates.every((u) => at(u) === u.old) && j.updates.some((u) => u.old !== u.new)) {
    await endJournal(git);
    steps.add('no-change', [], `${what} had changed no ref; nothing to finish`);
    return { killed: { journal: j, finished: false }, report: report('none') };
  }
  const foreign = j.updates.filter((u) => at(u) !== u.old && at(u) !== u.new);
  if (foreign.length > 0) {
    throw new TrellisError(
      'refused',
      `${what} left ${foreign.map((u) => u.ref).join(', ')} changed by someone else since; check them, then remove ${journalPath(git)}`,
      2,
    );
  }
  const rest = j.updates.filter((u) => at(u) === u.old && u.old !== u.new);
  if (rest.length > 0) {
    await git.updateRefs(
      rest.map((u) => ({ ref: u.ref, newOid: u.new, oldOid: u.old })),
      { message: `${j.message} (finished after a kill)` },
    );
    const refs = rest.map((u) => u.ref);
    steps.add('rolled-forward', refs, `${what} had changed some refs only; finished the others: ${refs.join(', ')}`);
  }
  for (const wt of j.worktrees) await bringAlong(git, wt, what, steps);
  await endJournal(git);
  return { killed: { journal: j, finished: true }, report: report(rest.length > 0 ? 'partial' : 'complete') };
}

/** git's lock files of the journal's refs and worktrees: waited for while young, then removed. */
async function clearStaleLocks(git: Git, j: Journal, steps: Steps): Promise<void> {
  const indexLocks = await Promise.all(
    j.worktrees.map(async (wt) => {
      const dir = await gitDirAt(git, wt.path).catch(() => null);
      return dir ? [join(dir, 'index.lock')] : [];
    }),
  );
  const find = async () => [
    ...(await refLocks(
      git,
      j.updates.map((u) => u.ref),
    )),
    ...(await existingLocks(indexLocks.flat())),
  ];
  let locks = await find();
  for (let waited = 0; locks.some((l) => l.ageMs < LOCK_GRACE_MS) && waited < 5000; waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
    locks = await find();
  }
  for (const l of locks) {
    await rm(l.path, { force: true });
    steps.add('removed-lock', [l.path], `removed stale lock ${l.path} left by a killed run (pid ${j.pid})`);
  }
}

/** Brings a worktree whose branch the transaction moved from `old` to `new` along, when it is still at `old`. */
async function bringAlong(git: Git, wt: JournalWorktree, what: string, steps: Steps): Promise<void> {
  const head = await headCommitAt(git, wt.path).catch(() => null);
  if (head !== wt.new) return; // switched elsewhere since, or gone: nothing of ours to finish
  if (await indexMatches(git, wt.path, `${wt.new}^{tree}`)) return;
  const hint = `git -C '${wt.path}' read-tree -m -u ${wt.old} ${wt.new}`;
  if (!(await indexMatches(git, wt.path, `${wt.old}^{tree}`))) {
    steps.add(
      'worktree-left',
      [wt.path],
      `${what} moved ${wt.branch}, checked out in ${wt.path}, whose index has changed since; bring it along by hand (${hint})`,
    );
    return;
  }
  try {
    await moveWorkTree(git, wt.path, wt.old, wt.new);
    steps.add(
      'updated-worktree',
      [wt.path],
      `${what} had moved ${wt.branch}, checked out in ${wt.path}, before updating its files; updated them now`,
    );
  } catch (e) {
    if (!(e instanceof TrellisError)) throw e;
    steps.add(
      'worktree-left',
      [wt.path],
      `${what} moved ${wt.branch}, checked out in ${wt.path}; its files could not be updated (${e.message}); run ${hint}`,
    );
  }
}
