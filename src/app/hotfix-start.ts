/**
 * Use case `hotfixStart` (VMPilot-style git-flow): `trellis hotfix start VERSION` creates the
 * hotfix branch (`branches.hotfix`) at main's latest release, when VERSION is its next patch.
 */
import { applyRefChanges } from '../apply/release/gitflow.js';
import { branchRef } from '../core/refname.js';
import { planHotfixStart, type GitflowReport, type PrepareCheck, type RefChange } from '../core/release/gitflow.js';
import { readHotfixStartFacts } from '../facts/gitflow.js';
import { releaseMergesDevelop } from '../core/release/gitflow.js';
import type { AppContext } from './context.js';
import { hotfixStartTrunk } from './hotfix-trunk.js';
import { recoverBeforeWriting, withRecovered } from './recover.js';
import type { Recoverable } from '../core/recovery.js';

/** What `hotfix start` asks for. */
export interface HotfixStartRequest {
  /** The patch release the hotfix becomes (`1.2.1`). */
  version: string;
  dryRun?: boolean | undefined;
}

/** `trellis hotfix start VERSION`: the hotfix branch at main's latest release (nothing to do when it is there already). */
export async function hotfixStart(ctx: AppContext, req: HotfixStartRequest): Promise<GitflowReport & Recoverable> {
  const recovery = req.dryRun !== true ? await recoverBeforeWriting(ctx) : null;
  // A trunk flow (Lightspeed-style): the hotfix branch comes from main and is released like a line's branch.
  if (!releaseMergesDevelop(ctx.policy)) return withRecovered(await hotfixStartTrunk(ctx, req), recovery);
  return withRecovered(await hotfixStartGitflow(ctx, req), recovery);
}

async function hotfixStartGitflow(ctx: AppContext, req: HotfixStartRequest): Promise<GitflowReport> {
  const plan = planHotfixStart(await readHotfixStartFacts(ctx.git, ctx.policy, { remote: ctx.remote }), req.version);
  const main = ctx.policy.branches.main;
  const dryRun = req.dryRun === true;
  const checks: PrepareCheck[] = [
    {
      id: 'develop-branch',
      status: 'ok',
      message: `${plan.version} is the next patch of ${plan.base.version} (${plan.base.tag}, the latest release on ${main})${plan.mainAhead ? `; ${main} has commits after it, which the hotfix leaves out` : ''}`,
    },
  ];
  const refs: RefChange[] = plan.exists
    ? []
    : [{ ref: branchRef(plan.branch), action: 'create', old: null, new: plan.base.commit, what: `branch at ${plan.base.tag}` }];
  const report: GitflowReport = {
    command: 'hotfix start',
    dryRun,
    version: plan.version,
    tag: null,
    branch: plan.branch,
    checks,
    merges: [],
    refs,
    notes: null,
    exitCode: 0,
    summary: plan.exists
      ? `${plan.branch} already exists at ${plan.base.tag}: nothing to do`
      : dryRun
        ? `dry run: would create ${plan.branch} at ${plan.base.tag}`
        : `created ${plan.branch} at ${plan.base.tag}; commit the fix there, then run 'trellis hotfix finish ${plan.version}'`,
  };
  if (!dryRun) await applyRefChanges(ctx.git, refs, `trellis: hotfix start ${plan.version}`);
  return report;
}
