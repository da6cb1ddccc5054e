/**
 * Landing a backport: all ref changes of a step go into one `update-ref --stdin` transaction
 * with expected old values, and the state file is written before any ref moves, so a run
 * killed at any point leaves either no change or a state `--continue` / `--abort` can finish.
 */
import type { Landing, PlannedRefUpdate } from '../core/backport/index.js';
import type { Git } from '../git/index.js';
import { beginJournal, endJournal } from './journal.js';
import { clearState, writeState, type BackportState } from './state.js';

/** Test hook: `after-state` stops right after the state file is written, before the ref transaction. */
export type BackportFault = 'after-state' | null;

/** Applies planned ref changes in one transaction. */
export async function transact(git: Git, updates: readonly PlannedRefUpdate[], message: string): Promise<void> {
  if (updates.length === 0) return;
  // The journal names the refs and the pid: a later run recognises git's locks left by a kill (apply/journal.ts).
  await beginJournal(git, {
    kind: 'backport',
    message,
    line: null,
    updates: updates.map((u) => ({ ref: u.ref, old: u.oldOid ?? null, new: u.newOid })),
    worktrees: [],
  });
  try {
    await git.updateRefs(
      updates.map((u) => ({ ref: u.ref, newOid: u.newOid, oldOid: u.oldOid })),
      { message },
    );
  } finally {
    await endJournal(git);
  }
}

/**
 * Writes the state (refs not yet moved), runs the transaction, then records it as done. A
 * failed transaction changes nothing; the state then goes back to what it was.
 */
export async function landWithState(
  git: Git,
  state: BackportState,
  landing: Landing,
  message: string,
  fault: BackportFault = null,
): Promise<BackportState> {
  const before: BackportState = { ...state };
  const next: BackportState = {
    ...state,
    pending: landing.updates,
    landed: [...new Set([...state.landed, ...landing.landed])].sort((a, b) => a - b),
    waiting: landing.waiting,
  };
  await writeState(git, next);
  if (fault === 'after-state') throw new Error('injected fault: stopped after writing the backport state');
  try {
    await transact(git, landing.updates, message);
  } catch (e) {
    if (before.waiting.length > 0 || before.pending) await writeState(git, before);
    else await clearState(git);
    throw e;
  }
  const done: BackportState = { ...next, pending: null };
  if (done.waiting.length > 0) await writeState(git, done);
  else await clearState(git);
  return done;
}
