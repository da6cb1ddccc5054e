/**
 * Use case `branchCut`: the release branch of the next line (or of the line asked for), with
 * what the policy says around it: branch-cut version files, the entrypoint tag of the next line
 * on the development branch (Tarantool-style), the development bump (Llama Stack-style),
 * per-release branches cut from the previous one (Lightspeed-style release/1.2.1 from
 * release/1.2.0). Reads facts, plans with the pure core, applies unless a dry run.
 */
import { applyPlan, type ApplyReport } from '../apply/release/index.js';
import { chooseCut, cutEntrypoint } from '../core/release/cut.js';
import { planBranchCut, versionFileTargets } from '../core/release/plan.js';
import { signMode } from '../core/release/sign.js';
import type { BranchCutPlan } from '../core/release/types.js';
import { releaseScheme, templateValues } from '../core/release/version.js';
import { branchTipsOf, commitsOf, existingCommits, refuseDiverged, remotesOf } from '../facts/branch-tips.js';
import { readFilesAt } from '../facts/release-files.js';
import { readReleaseLines } from '../facts/release-lines.js';
import type { AppContext } from './context.js';
import type { ReleaseContext } from './release.js';
import { recoverBeforeWriting, withRecovered } from './recover.js';
import type { Recoverable } from '../core/recovery.js';

/** What `trellis branch cut` asks for. */
export interface BranchCutRequest {
  /** The line to cut (`X.Y`); default: the line tags name on the development branch, else the next after the newest. */
  line?: string | undefined;
  /** Where the branch starts (default: the development branch; per-release branches: the line's latest branch). */
  from?: string | undefined;
  sign?: boolean | undefined;
  dryRun?: boolean | undefined;
  /**
   * "Create a new release series" (Tarantool-style): the development branch goes on to the next
   * major, so its entrypoint is `(X+1).0.0-entrypoint` instead of `X.(Y+1).0-entrypoint`.
   */
  major?: boolean | undefined;
}

/** Reads the facts and plans a branch cut (no effects). */
export async function planCut(ctx: AppContext, req: BranchCutRequest): Promise<BranchCutPlan> {
  const { git, policy } = ctx;
  const { discovery, lines, refs, branches } = await readReleaseLines(git, policy, ctx.today, { remote: ctx.remote });
  const cut = chooseCut(policy, lines, discovery.developmentBranch, req);
  // Branches as status reads them (the remote's tip in a plain clone or where the local one is behind).
  const isBranch = refs.some((r) => r.kind === 'branch' && r.name === cut.fromName);
  const names = [cut.branch, policy.branches.main, ...(policy.branches.develop ? [policy.branches.develop] : [])];
  const branchTips = branchTipsOf(branches, isBranch ? [...names, cut.fromName] : names);
  const fromCommit =
    (isBranch ? branchTips.get(cut.fromName)?.commit : null) ?? (await git.revParse([cut.fromName], { peel: 'commit' })).get(cut.fromName)!;
  const version = releaseScheme(policy).normalize(`${cut.major}.${cut.minor ?? 0}.${cut.patch}`);
  const next = cutEntrypoint(policy, cut, req.major, discovery.developmentBranch);
  const tagRef = next ? `refs/tags/${next.name}` : null;
  const entrypoint =
    next && tagRef
      ? {
          name: next.name,
          exists: (await git.revParse([tagRef], { allowMissing: true })).has(tagRef),
          line: next.line,
          ...(next.onNewBranch ? { onNewBranch: true } : {}),
        }
      : null;

  const tips = commitsOf(branchTips);
  const planned = new Map([...tips].filter(([n]) => names.includes(n)));
  const paths = versionFileTargets(policy, 'branch-cut', templateValues(policy, version, cut.key)).map((t) => t.path);
  // The new branch's files are read where it starts (by commit id), the others at their branches.
  const files = await readFilesAt(git, new Map([[fromCommit, fromCommit], ...existingCommits(planned)]), paths);
  const plan = planBranchCut({
    policy,
    line: cut.key,
    branch: cut.branch,
    from: { name: cut.fromName, commit: fromCommit },
    version,
    patchBranch: cut.patchBranch,
    tips: planned,
    remotes: remotesOf(branchTips),
    read: (rev, path) => files.get(rev)?.get(path),
    entrypoint,
    sign: signMode(policy, req.sign),
  });
  refuseDiverged(plan.fromRemote, branchTips);
  return plan;
}

/** `trellis branch cut`: plan, then apply unless a dry run (or nothing is left to do). */
export async function branchCut(ctx: ReleaseContext, req: BranchCutRequest): Promise<ApplyReport<BranchCutPlan> & Recoverable> {
  const recovery = req.dryRun !== true ? await recoverBeforeWriting(ctx) : null;
  // A cut without a line right after a killed cut is that cut again, never the next line.
  const j = recovery?.killed?.journal;
  if (j?.kind === 'branch cut' && j.line !== null && req.line === undefined) req = { ...req, line: j.line };
  const plan = await planCut(ctx, req);
  if (req.dryRun || plan.nothingToDo)
    return withRecovered({ plan, dryRun: req.dryRun === true, commits: [], tags: {}, worktrees: [] }, recovery);
  const message = `trellis: branch cut ${plan.branch}`;
  const applied = await applyPlan(ctx.git, plan, message, { fault: ctx.fault, kind: 'branch cut', line: plan.line });
  return withRecovered({ plan, dryRun: false, ...applied }, recovery);
}
