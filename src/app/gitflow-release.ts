/**
 * Use case `gitflowRelease` (VMPilot-style git-flow, chosen by `release` in ./release.ts):
 * preparation checks (each reported ok/fail/skip: develop branch, clean tree, upstreams,
 * worktrees, the policy's test command, the merge, the draft notes), then develop merged into
 * main with a merge commit made without a work tree, the release tagged on it and the draft
 * notes written, in one ref transaction. Any failed check: exit intent 1 and nothing changed.
 * Bad input (an existing or backward version) throws (exit 2).
 */
import { isAbsolute, resolve } from 'node:path';
import { runCommand } from '../adapters/process.js';
import { applyGitflowChange } from '../apply/release/gitflow.js';
import { TrellisError } from '../core/errors.js';
import {
  anyFailed,
  failedIds,
  mergeCheck,
  mergeRefChanges,
  planGitflowRelease,
  tagRefChange,
  testCheck,
  type GitflowReleasePlan,
  type GitflowReport,
  type PrepareCheck,
} from '../core/release/gitflow.js';
import { repoFilePathProblem } from '../core/repo-path.js';
import { signMode } from '../core/release/sign.js';
import type { BranchTips } from '../facts/branch-tips.js';
import { pathExists, readGitflowReleaseFacts } from '../facts/gitflow.js';
import { publicIdsNamingFixes } from './advisory-fixes.js';
import type { AppContext } from './context.js';
import { localRefChanges, predictMerges } from './gitflow-merges.js';
import { withScratchObjects } from '../git/index.js';

/** What a git-flow release asks for. */
export interface GitflowReleaseRequest {
  /** The version to release; default: the next one from the conventional commits since the latest release. */
  version?: string | null | undefined;
  sign?: boolean | undefined;
  /** Draft notes file: absolute, or relative to the repository root. Default: `flow.prepare.notes`. */
  notes?: string | null | undefined;
  dryRun?: boolean | undefined;
}

/** The report of a git-flow release, with its plan. */
export type GitflowReleaseReport = GitflowReport & { plan: GitflowReleasePlan };

/** Reads the facts of a git-flow release and plans it (no effects). */
export async function readAndPlanGitflowRelease(ctx: AppContext, req: GitflowReleaseRequest = {}): Promise<GitflowReleasePlan> {
  return (await readAndPlan(ctx, req)).plan;
}

/** The plan and the branch tips it starts from (main may be the remote's). */
async function readAndPlan(ctx: AppContext, req: GitflowReleaseRequest): Promise<{ plan: GitflowReleasePlan; tips: BranchTips }> {
  const facts = await readGitflowReleaseFacts(ctx.git, ctx.policy, { remote: ctx.remote });
  const advisoryIds = await publicIdsNamingFixes(ctx, ctx.today);
  const plan = planGitflowRelease(facts, { version: req.version, sign: req.sign, notes: req.notes, date: ctx.today, advisoryIds });
  return { plan, tips: facts.tips };
}

/**
 * The `tests` check: the policy's test command, run in the work tree. Never on a dry run: a
 * command the policy names runs only when the user asked for the release itself (the policy may
 * come from a branch or a pull request); the dry run says what it would run.
 */
async function testsCheck(ctx: AppContext, dryRun: boolean): Promise<PrepareCheck> {
  const argv = ctx.policy.flow.prepare.test;
  if (argv && dryRun) return { id: 'tests', status: 'skip', message: `would run ${argv.join(' ')} (not run in a dry run)` };
  if (argv && ctx.git.workTree !== null) return testCheck(ctx.policy, await runCommand(argv, ctx.git.workTree, ctx.env));
  return testCheck(ctx.policy, null, 'no work tree to run the tests in');
}

/** Where the draft notes go (absolute), after checking that a path from the policy names a file in the repository. */
function notesFileOf(ctx: AppContext, plan: GitflowReleasePlan, req: GitflowReleaseRequest): string | null {
  // A notes path from the policy stays inside the repository (checked when the policy loads, and
  // again here on the rendered name); one given by the caller is the user's own choice.
  if (plan.notes && (req.notes === undefined || req.notes === null)) {
    const problem = repoFilePathProblem(plan.notes.path);
    if (problem)
      throw new TrellisError('policy', `flow.prepare.notes: '${plan.notes.path}' cannot name a file in the repository: ${problem}`, 2);
  }
  if (!plan.notes) return null;
  return isAbsolute(plan.notes.path) ? plan.notes.path : resolve(ctx.git.workTree ?? ctx.git.commonDir, plan.notes.path);
}

function notesCheck(plan: GitflowReleasePlan, exists: boolean, dryRun: boolean): PrepareCheck {
  if (!plan.notes) return { id: 'notes', status: 'skip', message: 'no notes file (flow.prepare.notes or --notes)' };
  const n = plan.changes.length;
  return {
    id: 'notes',
    status: 'ok',
    message: exists
      ? `${plan.notes.path} exists: kept as written (not overwritten)`
      : `draft notes ${dryRun ? 'would be written' : 'written'} to ${plan.notes.path} (${n} change${n === 1 ? '' : 's'})`,
  };
}

/** `trellis release` for a git-flow policy: the checks, then (unless one failed or a dry run) the merge, the tag and the notes. */
export async function gitflowRelease(ctx: AppContext, req: GitflowReleaseRequest = {}): Promise<GitflowReleaseReport> {
  // A dry run's objects go to a scratch folder: a read never writes to .git/objects.
  if (req.dryRun === true) return withScratchObjects(ctx.git, (git) => gitflowReleaseRun({ ...ctx, git }, req));
  return gitflowReleaseRun(ctx, req);
}

async function gitflowReleaseRun(ctx: AppContext, req: GitflowReleaseRequest): Promise<GitflowReleaseReport> {
  const { plan, tips } = await readAndPlan(ctx, req);
  const dryRun = req.dryRun === true;
  const checks = [...plan.checks, await testsCheck(ctx, dryRun)];
  const { outcomes: merges, trees } = await predictMerges(ctx.git, [plan.merge]);
  checks.push(mergeCheck(merges));
  const notesFile = notesFileOf(ctx, plan, req);
  const notesExist = notesFile ? await pathExists(notesFile) : false;
  checks.push(notesCheck(plan, notesExist, dryRun));

  const local = localRefChanges([...mergeRefChanges([plan.merge], merges), tagRefChange(plan.tag, plan.sign, plan.merge.into)], tips);
  const refs = local.refs;
  const fromRemote = local.fromRemote.length > 0 ? { fromRemote: local.fromRemote } : {};
  const base = {
    command: 'release' as const,
    dryRun,
    version: plan.version,
    tag: plan.tag,
    branch: plan.merge.into,
    merges,
    refs,
    ...fromRemote,
  };
  const notes = (written: boolean, kept: boolean) => (plan.notes ? { path: plan.notes.path, written, kept } : null);
  if (anyFailed(checks)) {
    const summary = `release ${plan.version} refused: ${failedIds(checks)} failed; nothing was changed`;
    return { ...base, plan, checks, notes: notes(false, false), exitCode: 1, summary };
  }
  if (dryRun) {
    const summary = `dry run: ${plan.version} would be released (${plan.tag} on a merge of ${plan.merge.from} into ${plan.merge.into})`;
    return { ...base, plan, checks, notes: notes(false, notesExist), exitCode: 0, summary };
  }
  const tree = trees[0];
  const applied = await applyGitflowChange(ctx.git, {
    merges: tree ? [{ ...plan.merge, tree }] : [],
    tag: { name: plan.tag, message: plan.tagMessage, sign: signMode(ctx.policy, plan.sign), on: plan.merge.into, tip: plan.merge.ours },
    refs,
    notes: plan.notes && notesFile && !notesExist ? { file: notesFile, text: plan.notes.text } : null,
    message: `trellis: release ${plan.version} (merge ${plan.merge.from} into ${plan.merge.into})`,
  });
  merges[0]!.commit = applied.commits.get(plan.merge.into) ?? null;
  return {
    ...base,
    refs: applied.refs,
    plan,
    checks,
    notes: notes(applied.notesWritten, notesExist),
    exitCode: 0,
    summary: `released ${plan.version}: ${plan.merge.from} merged into ${plan.merge.into}, tagged ${plan.tag}`,
  };
}
