/**
 * Use case `mergeBack`: a release line's branch merged into the development branch with a real
 * merge commit written without a work tree (Lightspeed-style "Merge into main (optional step)",
 * Goose-style "patches are merged into vx.y-codename first, then frequently merged back into
 * main"). Refused on conflict with the paths named; nothing changes in a dry run.
 */
import { checkedOutClean, writeMergeBack } from '../apply/merge-back.js';
import { lineViewsOf, resolveTargets } from '../core/backport/index.js';
import { TrellisError } from '../core/errors.js';
import { developmentBranchOf } from '../core/policy/flow.js';
import { mergeBackMessage, type MergeBackReport } from '../core/release/merge-back.js';
import { branchRef } from '../core/refname.js';
import { linesTodayOf, readBranches } from '../facts/backport.js';
import { commitsInRange, mergeTrees } from '../git/index.js';
import type { AppContext } from './context.js';

/** What `trellis merge-back` asks for. */
export interface MergeBackRequest {
  /** The line (`1.2`) or its branch (`release/1.2.0`, `v1.2-codename`). */
  line: string;
  /** The branch to merge into (default: the development branch). */
  into?: string | undefined;
  dryRun?: boolean | undefined;
}

/** `trellis merge-back LINE`: the merge commit on the development branch, in one ref transaction. */
export async function mergeBack(ctx: AppContext, req: MergeBackRequest): Promise<MergeBackReport> {
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
  if (pending.length === 0) return report;
  const merged = await mergeTrees(git, ours, theirs);
  if (!merged.clean) return { ...report, status: 'conflict', conflicts: merged.conflicts, exitCode: 1 };
  const worktree = await checkedOutClean(git, into, ours, merged.tree);
  if (req.dryRun) return { ...report, status: 'merged', worktree };
  const message = mergeBackMessage(target!.branch, into, target!.line);
  const commit = await writeMergeBack(git, { into, ours, theirs, tree: merged.tree, message }, worktree);
  return { ...report, status: 'merged', commit, worktree };
}
