/** What the backport use cases share: the fault-injection hook and the check of a pending transaction. */
import { pendingStatusOf, type PendingStatus } from '../core/backport/index.js';
import { TrellisError } from '../core/errors.js';
import { refValues, type Git } from '../git/index.js';
import type { BackportFault } from '../apply/backport.js';
import type { BackportState } from '../apply/state.js';
import type { AppContext } from './context.js';

/**
 * Test hook from the environment: `TRELLIS_BACKPORT_FAULT=after-state` stops a run right after
 * the state file is written and before the ref transaction, as if the process were killed there.
 */
export function faultOf(ctx: AppContext): BackportFault {
  return ctx.env.TRELLIS_BACKPORT_FAULT === 'after-state' ? 'after-state' : null;
}

/**
 * Whether the transaction an interrupted run left pending happened (`null`: none pending);
 * refused (exit 2, with `advice`) when only some of its refs moved.
 */
export async function pendingStatus(git: Git, state: BackportState, advice: string): Promise<PendingStatus | null> {
  if (!state.pending || state.pending.length === 0) return null;
  const now = await refValues(
    git,
    state.pending.map((u) => u.ref),
  );
  const status = pendingStatusOf(state.pending, now);
  if (status === 'mixed') {
    throw new TrellisError(
      'refused',
      `refs of the interrupted backport were changed by someone else (${state.pending.map((u) => u.ref).join(', ')}); ${advice}`,
      2,
    );
  }
  return status;
}
