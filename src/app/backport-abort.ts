/**
 * Use case `abortBackport` (`trellis backport --abort`): removes the `-conflicts` branches, undoes
 * a transaction an interrupted run had already made (only where refs still hold what it wrote),
 * and forgets the state.
 */
import { abortPlan } from '../apply/backport.js';
import { readState } from '../apply/state.js';
import { abortUpdates, type BackportReport } from '../core/backport/index.js';
import { TrellisError } from '../core/errors.js';
import { refValues } from '../git/index.js';
import { pendingStatus } from './backport-shared.js';
import type { AppContext } from './context.js';
import { recoverBeforeWriting, withRecovered } from './recover.js';
import type { Recoverable } from '../core/recovery.js';

export async function abortBackport(ctx: AppContext): Promise<BackportReport & Recoverable> {
  const recovery = await recoverBeforeWriting(ctx);
  return withRecovered(await abortBackportRun(ctx), recovery);
}

async function abortBackportRun(ctx: AppContext): Promise<BackportReport> {
  const { git } = ctx;
  const state = await readState(git);
  if (!state) throw new TrellisError('not-found', 'no backport in progress (nothing to abort)', 2);
  const plan = state.plan;
  const status = await pendingStatus(git, state, 'fix them by hand');
  const now = await refValues(
    git,
    plan.targets.map((t) => t.conflictsRef),
  );
  const updates = abortUpdates(plan, state.pending, status, now);
  await abortPlan(git, plan, updates);
  return {
    action: 'abort',
    dryRun: false,
    plan,
    results: state.results,
    updates,
    landed: state.landed,
    waiting: [],
    skipped: [],
    kind: null,
    exitCode: 0,
  };
}
