/**
 * Use case `continueBackport` (`trellis backport --continue`): finishes an interrupted
 * transaction, checks every `-conflicts` branch (refusing, with nothing changed, while one has no
 * resolution on top of its marker commit or a file that conflicted still holds a marker), then
 * lets src/apply/backport turn the resolutions into backport commits, pick the rest and land
 * everything in one transaction.
 */
import { continuePlan, settlePending, type Resolution } from '../apply/backport.js';
import { readState, statePath, type BackportState } from '../apply/state.js';
import { conflictMarkerLines, type BackportReport, type PickStep, type TargetResult } from '../core/backport/index.js';
import { TrellisError } from '../core/errors.js';
import { refValues, type Git } from '../git/index.js';
import { faultOf, pendingStatus } from './backport-shared.js';
import type { AppContext } from './context.js';
import { recoverBeforeWriting, withRecovered } from './recover.js';
import type { Recoverable } from '../core/recovery.js';

export async function continueBackport(ctx: AppContext): Promise<BackportReport & Recoverable> {
  const recovery = await recoverBeforeWriting(ctx);
  return withRecovered(await continueBackportRun(ctx), recovery);
}

async function continueBackportRun(ctx: AppContext): Promise<BackportReport> {
  const { git } = ctx;
  const saved = await readState(git);
  if (!saved) throw new TrellisError('not-found', 'no backport in progress (nothing to continue)', 2);
  const state = await settlePending(git, saved, await pendingStatus(git, saved, 'inspect them, then --abort'));
  const plan = state.plan;
  const { remaining, resolved } = await checkResolutions(git, state);
  const report = { action: 'continue', dryRun: false, plan } as const;
  if (remaining.length > 0) {
    return {
      ...report,
      results: state.results,
      updates: [],
      landed: state.landed,
      waiting: state.waiting,
      skipped: [],
      kind: null,
      exitCode: 1,
      markers: remaining,
      statePath: statePath(git),
    };
  }
  const done = await continuePlan(git, state, resolved, faultOf(ctx));
  return {
    ...report,
    results: done.results,
    updates: done.updates,
    landed: done.landed,
    waiting: done.waiting,
    skipped: [],
    kind: null,
    exitCode: done.landing.findings || done.waiting.length > 0 ? 1 : 0,
    ...(done.statePath ? { statePath: done.statePath } : {}),
  };
}

/**
 * Reads every waiting target's `-conflicts` branch: resolved (a commit on top of the marker
 * commit, no marker left in the files that conflicted), or a line of `remaining` saying why not.
 * Exit 2 when a `-conflicts` branch is gone.
 */
async function checkResolutions(git: Git, state: BackportState): Promise<{ remaining: string[]; resolved: Map<number, Resolution> }> {
  const plan = state.plan;
  const conflictsNow = await refValues(
    git,
    plan.targets.map((t) => t.conflictsRef),
  );
  const remaining: string[] = [];
  const resolved = new Map<number, Resolution>();
  for (const i of state.waiting) {
    const r = state.results[i] as TargetResult;
    if (r.outcome !== 'conflict' || !r.markers) continue;
    const ref = plan.targets[i]!.conflictsRef;
    const branch = ref.slice('refs/heads/'.length);
    const head = conflictsNow.get(ref);
    if (!head) throw new TrellisError('not-found', `branch ${branch} is gone; run 'trellis backport --abort'`, 2);
    const index = r.steps.findIndex((s) => s.status === 'conflict');
    const step = r.steps[index] as Extract<PickStep, { status: 'conflict' }>;
    if (head === r.markers) {
      remaining.push(...step.conflicts.map((c) => `${branch}: ${c.path} (not resolved yet: commit the resolution on ${branch})`));
      continue;
    }
    const files = await Promise.all(step.conflicts.map((c) => git.readFile(head, c.path)));
    step.conflicts.forEach((c, k) => {
      const text = files[k];
      if (!text) return;
      const at = conflictMarkerLines(text.toString('utf8'));
      if (at.length > 0) remaining.push(`${branch}: ${c.path}:${at[0]} (conflict marker)`);
    });
    resolved.set(i, { head, step, index });
  }
  return { remaining, resolved };
}
