/**
 * Use case `pushBackport` (`trellis backport … --push`): the branches a backport run just wrote
 * go to the remote in one atomic push, each only if the remote's branch is where the run found
 * it (absent for a new backport branch), so nothing someone else pushed is overwritten.
 */
import type { PlannedRefUpdate } from '../core/backport/index.js';
import { pushRefs } from '../git/index.js';
import type { RepoContext } from './context.js';

export interface PushBackportResult {
  remote: string;
  /** Branches pushed (short names). */
  pushed: string[];
}

/** Pushes the refs a run created or moved (`updates`, from its report) to `remote`. */
export async function pushBackport(
  ctx: RepoContext,
  req: { updates: readonly PlannedRefUpdate[]; remote: string },
): Promise<PushBackportResult> {
  const sent = req.updates.filter((u) => u.newOid !== null && u.ref.startsWith('refs/heads/'));
  await pushRefs(
    ctx.git,
    req.remote,
    sent.map((u) => ({ oid: u.newOid as string, ref: u.ref, expect: u.oldOid })),
  );
  return { remote: req.remote, pushed: sent.map((u) => u.ref.slice('refs/heads/'.length)) };
}
