/**
 * Use case `backport`: carries commits to release lines. Reads the facts (the commits, the
 * branch tips, today's lines), checks the request, lets the core choose the targets and make the
 * plan, and hands the plan to src/apply/backport to pick and (unless `dryRun`) land in one ref
 * transaction. The result is the report as data, with the exit intent.
 */
import { carryOutBackport } from '../apply/backport.js';
import { readState, statePath } from '../apply/state.js';
import {
  autoTargets,
  backportOptions,
  buildPlan,
  checkMainline,
  checkRequestFlags,
  dropPatchLines,
  fixesOf,
  guardFeatureTargets,
  withForwardPort,
  lineViewsOf,
  parseRevisions,
  mostSevereKind,
  resolveTargets,
  settleBeforePicking,
  withPresence,
  type BackportReport,
  type BackportTarget,
  type LineView,
  type OptionFlags,
  type SkippedLine,
} from '../core/backport/index.js';
import { compileChangeRules, type ChangeKind } from '../core/changes/index.js';
import { pullRequestOfMessage } from '../core/coverage/commit-facts.js';
import { developmentBranchOf } from '../core/policy/flow.js';
import { TrellisError } from '../core/errors.js';
import {
  linesContaining,
  linesContainingAny,
  linesTodayOf,
  readBranches,
  readExistingBackports,
  readRemoteBases,
  readSourceCommits,
  resolveIntroduced,
  type Branches,
} from '../facts/backport.js';
import { readPresence } from '../facts/backport-presence.js';
import { commitKinds } from '../facts/change-kinds.js';
import { advisoriesNamingFixes, type AdvisoryNaming } from './advisory-fixes.js';
import { refuseShallow } from '../facts/repository.js';
import { subjectOf, type CommitObject } from '../git/index.js';
import { faultOf } from './backport-shared.js';
import type { AppContext } from './context.js';
import { withScratchObjects } from '../git/index.js';
import { recoverBeforeWriting, withRecovered } from './recover.js';
import type { Recoverable } from '../core/recovery.js';

/**
 * What the user asked for: the changes, where they go, and the run's shape (`OptionFlags`:
 * mode, conflicts, chain default to the policy's `backport` section).
 */
export interface BackportRequest extends OptionFlags {
  /** Commits and ranges (`A..B`), in the order given. */
  revisions: string[];
  /** `--to LINE|BRANCH` values. */
  to: string[];
  auto: boolean;
  kind: ChangeKind | null;
  /** `--introduced REV|VERSION`. */
  introduced: string | null;
  dryRun: boolean;
  /** `{pr}` in `branches.backport` when the caller knows it (a GitHub pull request); else read from the commits. */
  pullRequest?: number | null | undefined;
  /**
   * With `dryRun`: keep the picked commits in the repository's object store (no ref moves) so the
   * caller can push them (the GitHub flow); a plain dry run writes them to a scratch folder.
   */
  keepObjects?: boolean | undefined;
}

/** `trellis backport <commits>...`: plans, picks, and (unless a dry run) lands the results. */
export async function backport(ctx: AppContext, req: BackportRequest): Promise<BackportReport & Recoverable> {
  // A dry run's objects go to a scratch folder: a read never writes to .git/objects.
  if (req.dryRun && req.keepObjects !== true) return withScratchObjects(ctx.git, (git) => backportRun({ ...ctx, git }, req));
  if (req.dryRun) return backportRun(ctx, req);
  const recovery = await recoverBeforeWriting(ctx);
  return withRecovered(await backportRun(ctx, req), recovery);
}

async function backportRun(ctx: AppContext, req: BackportRequest): Promise<BackportReport> {
  const { git, policy } = ctx;
  checkRequestFlags(req);
  if (!req.dryRun && (await readState(git))) {
    throw new TrellisError(
      'refused',
      `a backport is in progress (${statePath(git)}); finish it with --continue or drop it with --abort`,
      2,
    );
  }
  await refuseShallow(git);
  const commits = await readSourceCommits(git, parseRevisions(req.revisions));
  checkMainline(commits, req.mainline);
  const messages = commits.map((c) => ({ oid: c.oid, message: c.message }));
  const branches = await readBranches(git, policy, { remote: ctx.remote });
  const tips = branches.tips;
  const names = new Set(tips.keys());
  const lines = lineViewsOf(linesTodayOf(branches, policy, ctx.today));
  const targets = resolveTargets(req.to, { lines, branches: names, policy, forceEol: req.forceEol });
  guardFeatureTargets(targets, lines, messages, req.allowFeature === true);
  const auto = req.auto ? await chooseAuto(ctx, req, commits, lines, branches) : { kind: null, skipped: [], targets: [] };
  for (const t of auto.targets) if (!targets.some((x) => x.branch === t.branch)) targets.push(t);
  const empty: BackportReport = {
    action: 'run',
    dryRun: req.dryRun,
    plan: null,
    results: [],
    updates: [],
    landed: [],
    waiting: [],
    skipped: auto.skipped,
    kind: auto.kind,
    exitCode: 0,
  };
  if (targets.length === 0) return empty;
  const options = backportOptions(policy, req);
  const sources = commits.map((c) => ({ oid: c.oid, subject: subjectOf(c.message), parents: c.parents }));
  const direct = options.mode === 'direct';
  const remote = direct
    ? readRemoteBases(
        branches,
        targets.map((t) => t.branch),
      )
    : null;
  // `{pr}` in branches.backport: the first pull request the commits name (none: refused, exit 2).
  const pullRequest = req.pullRequest ?? commits.map((c) => pullRequestOfMessage(c.message)).find((n) => n !== null) ?? null;
  const planned = buildPlan({
    policy,
    commits: sources,
    targets,
    tips,
    options,
    pullRequest,
    ...(remote ? { remoteBases: remote.bases } : {}),
  });
  const settled = settleBeforePicking(planned, {
    tips,
    worktrees: direct ? await git.worktrees() : [],
    existing: await readExistingBackports(git, planned, branches),
    diverged: remote?.diverged ?? new Set(),
  });
  // What each line carries already, by the evidence `missing` uses: put on the plan, not picked.
  const source = tips.get(developmentBranchOf(policy));
  const plan = withPresence(planned, await readPresence(git, policy, planned, { source, skip: settled }));
  const done = await carryOutBackport(git, plan, { commits, settled, dryRun: req.dryRun, fault: faultOf(ctx) });
  const notes = branches.notes.filter((n) => plan.targets.some((t) => n.startsWith(`${t.target.branch}:`)));
  return {
    ...empty,
    ...(notes.length > 0 ? { notes } : {}),
    plan,
    results: done.results,
    updates: done.landing.updates,
    landed: done.landed,
    waiting: done.waiting,
    exitCode: done.landing.findings || done.landing.waiting.length > 0 ? 1 : 0,
    ...(done.statePath ? { statePath: done.statePath } : {}),
  };
}

interface AutoChoice {
  kind: ChangeKind | null;
  skipped: SkippedLine[];
  targets: BackportTarget[];
}

/** The kind of a change made of `commits`: the most severe of their kinds under the policy's change rules (as `trellis missing` reads them). */
async function kindOfChange(ctx: AppContext, commits: readonly CommitObject[], named: AdvisoryNaming): Promise<ChangeKind> {
  const sources = commits.map((c) => ({ oid: c.oid, message: c.message, parents: c.parents.length }));
  const decisions = await commitKinds(ctx.git, sources, compileChangeRules(ctx.policy.changes), named?.ids);
  return mostSevereKind(decisions.map((d) => d.kind));
}

/**
 * `--auto`: the change's kind (the most severe of its commits), the lines containing the commit
 * that introduced the bug (`Fixes:` or `--introduced`), the lines already holding the change,
 * then the core's choice.
 */
async function chooseAuto(
  ctx: AppContext,
  req: BackportRequest,
  commits: readonly CommitObject[],
  lines: readonly LineView[],
  branches: Branches,
): Promise<AutoChoice> {
  const { git, policy } = ctx;
  if (lines.every((l) => l.status === 'unknown')) {
    throw new TrellisError(
      'usage',
      '--auto needs the release lines and their support status, which are not available here; use --to LINE',
      2,
    );
  }
  const named = await advisoriesNamingFixes(ctx);
  const kind = req.kind ?? (await kindOfChange(ctx, commits, named));
  const names = new Set(branches.tips.keys());
  const onBranches = lines.filter((l) => l.branch && names.has(l.branch));
  const introducers = req.introduced
    ? [await resolveIntroduced(git, policy, req.introduced)]
    : // What `Fixes:` names, and the introducing commit of an advisory naming the change as its fix.
      [...new Set(commits.flatMap((c) => [...fixesOf(c.message), ...(named?.introduced(c) ?? [])]))];
  const introducedIn = introducers.length > 0 ? await linesContainingAny(git, introducers, onBranches, branches) : null;
  const exclude = await linesContaining(git, (commits[commits.length - 1] as CommitObject).oid, onBranches, branches);
  const auto = autoTargets({ lines, kind, policy, branches: names, introducedIn, exclude, forceEol: req.forceEol });
  const forward = withForwardPort(auto, { lines, developmentBranch: developmentBranchOf(policy), holding: exclude, kind, branches: names });
  const fit = dropPatchLines(forward.targets, lines, commits);
  return { kind, skipped: [...forward.skipped, ...fit.skipped], targets: fit.targets };
}
