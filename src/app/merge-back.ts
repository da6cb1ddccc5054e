/**
 * Use case `mergeBack`: a release line's branch merged into the development branch with a real
 * merge commit written without a work tree (Lightspeed-style "Merge into main (optional step)",
 * Goose-style "patches are merged into vx.y-codename first, then frequently merged back into
 * main"). Refused on conflict with the paths named; nothing changes in a dry run. Like every
 * writer it first finishes what a killed run left (./recover.ts); a re-run after a merge-back
 * that was killed once its transaction had happened reports that merge, never merges twice.
 */
import type { Recovered } from '../apply/journal.js';
import { checkedOutClean, writeMergeBack } from '../apply/merge-back.js';
import type { Fault } from '../apply/release/index.js';
import { lineViewsOf, resolveTargets } from '../core/backport/index.js';
import { TrellisError } from '../core/errors.js';
import { developmentBranchOf } from '../core/policy/flow.js';
import { mergeBackMessage, type MergeBackReport } from '../core/release/merge-back.js';
import { branchRef } from '../core/refname.js';
import { linesTodayOf, readBranches } from '../facts/backport.js';
import { commitsInRange, mergeTrees } from '../git/index.js';
import type { Recoverable } from '../core/recovery.js';
import type { AppContext } from './context.js';
import { recoverBeforeWriting, withRecovered } from './recover.js';

/** What `trellis merge-back` asks for. */
export interface MergeBackRequest {
  /** The line (`1.2`) or its branch (`release/1.2.0`, `v1.2-codename`). */
  line: string;
  /** The branch to merge into (default: the development branch). */
  into?: string | undefined;
  dryRun?: boolean | undefined;
}

/** A context for merge-back; `fault` is a test hook (see apply/release). */
export type MergeBackContext = AppContext & { fault?: Fault | undefined };

/** `trellis merge-back LINE`: the merge commit on the development branch, in one ref transaction. */
export async function mergeBack(ctx: MergeBackContext, req: MergeBackRequest): Promise<MergeBackReport & Recoverable> {
  const recovery = req.dryRun === true ? null : await recoverBeforeWriting(ctx);
  return withRecovered(await mergeBackRun(ctx, req, recovery?.killed ?? null), recovery);
}

async function mergeBackRun(ctx: MergeBackContext, req: MergeBackRequest, killed: Recovered | null): Promise<MergeBackReport> {
  const { git, policy } = ctx;
  const branches = await readBranches(git, policy, { remote: ctx.remote });
  const lines = lineViewsOf(linesTodayOf(branches, policy, ctx.today));
  const [target] = resolveTargets([req.line], { lines, branches: new Set(branches.tips.keys()), policy, forceEol: true });
  const into = req.into ?? developmentBranchOf(policy);
  branchRef(into);
  if (into.startsWith('-')) throw new TrellisError('bad-input', `invalid branch '${into}'`, 2);
  if (target!.branch === into) throw new TrellisError('usage', `${into} cannot be merged into itself`, 2);
  const intoRef = branchRef(into);
  const ours = (await git.revParse([intoRef], { allowMissing: true, peel: 'commit' })).get(intoRef);
  if (!ours) throw new TrellisError('not-found', `branch '${into}' does not exist here (merge-back moves a local branch)`, 2);
  const theirs = branches.tips.get(target!.branch)!;
  const pending = await commitsInRange(git, ours, theirs);
  const report: MergeBackReport = {
    line: target!.line,
    from: target!.branch,
    into,
    status: 'already-merged',
    commits: pending.length,
    ours,
    theirs,
    commit: null,
    conflicts: [],
    worktree: null,
    dryRun: req.dryRun === true,
    exitCode: 0,
  };
  if (pending.length === 0) return (await killedMerge(ctx, killed, report)) ?? report;
  const merged = await mergeTrees(git, ours, theirs);
  if (!merged.clean) return { ...report, status: 'conflict', conflicts: merged.conflicts, exitCode: 1 };
  const worktree = await checkedOutClean(git, into, ours, merged.tree);
  if (req.dryRun) return { ...report, status: 'merged', worktree };
  const message = mergeBackMessage(target!.branch, into, target!.line);
  const commit = await writeMergeBack(git, { into, ours, theirs, tree: merged.tree, message, line: target!.line }, worktree, ctx.fault);
  return { ...report, status: 'merged', commit, worktree };
}

/**
 * The merge a killed run made (its journal moved `into` to where it is now), reported as merged
 * by that run; null when the branch was merged some other way.
 */
async function killedMerge(ctx: MergeBackContext, killed: Recovered | null, report: MergeBackReport): Promise<MergeBackReport | null> {
  const j = killed?.finished ? killed.journal : null;
  const u = j?.kind === 'merge-back' && j.updates.length === 1 ? j.updates[0]! : null;
  if (!u || u.ref !== branchRef(report.into) || u.new !== report.ours || u.old === null) return null;
  const commits = await commitsInRange(ctx.git, u.old, report.theirs);
  const worktree = j!.worktrees[0]?.path ?? null;
  return { ...report, status: 'merged', commits: commits.length, ours: u.old, commit: u.new, worktree, killedRun: true };
}
