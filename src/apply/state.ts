/**
 * The state of an unfinished backport, in `<common git dir>/trellis/backport.json` so every
 * linked worktree sees the same state. Written (atomically: temp file + rename) before any ref
 * moves, so a run killed at any point leaves either no change or a state that
 * `trellis backport --continue` / `--abort` can finish.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackportPlan, PlannedRefUpdate, TargetResult } from '../core/backport/index.js';
import { TrellisError } from '../core/errors.js';
import { assertRealDir, ensureTrellisDir, readOwnFile, type Git } from '../git/index.js';

/** What `--continue` and `--abort` need. */
export interface BackportState {
  version: 1;
  plan: BackportPlan;
  results: TargetResult[];
  /** Ref changes about to be made: present from just before a transaction until it is known to be done. */
  pending: PlannedRefUpdate[] | null;
  /** Targets whose result already landed. */
  landed: number[];
  /** Targets waiting for conflicts to be resolved (or held back with them). */
  waiting: number[];
}

/** The folder Trellis keeps its state in (shared by linked worktrees). */
export function stateDir(git: Git): string {
  return join(git.commonDir, 'trellis');
}

/** The backport state file. */
export function statePath(git: Git): string {
  return join(stateDir(git), 'backport.json');
}

/** Reads the state, or `null` when no backport is in progress. */
export async function readState(git: Git): Promise<BackportState | null> {
  await assertRealDir(stateDir(git));
  const buf = await readOwnFile(statePath(git), 64 * 1024 * 1024);
  if (buf === null) return null;
  const text = buf.toString('utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new TrellisError('bad-input', `${statePath(git)} is not valid JSON; remove it by hand if no backport is in progress`, 2);
  }
  const s = data as Partial<BackportState>;
  if (s.version !== 1 || !s.plan || !Array.isArray(s.results) || !Array.isArray(s.landed) || !Array.isArray(s.waiting)) {
    throw new TrellisError(
      'bad-input',
      `${statePath(git)} is not a Trellis backport state; remove it by hand if no backport is in progress`,
      2,
    );
  }
  return s as BackportState;
}

/** Writes the state atomically. */
export async function writeState(git: Git, state: BackportState): Promise<void> {
  await ensureTrellisDir(git.commonDir);
  const path = statePath(git);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(state, null, 2) + '\n');
  await rename(tmp, path);
}

/** Removes the state (the backport is finished or abandoned). */
export async function clearState(git: Git): Promise<void> {
  await rm(statePath(git), { force: true });
}
