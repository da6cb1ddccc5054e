/**
 * Use case `release`: the next release of a line (trunk flow: version files, changelog,
 * annotated tag, post-release bumps), or, when the policy releases by merging develop into main
 * (VMPilot-style git-flow), the git-flow release (./gitflow-release.ts). The choice is made here.
 * Reads facts, validates, plans with the pure core (core/release) and lets apply/release carry
 * the plan out unless it is a dry run.
 */
import { resolve } from 'node:path';
import { applyPlan, type ApplyReport, type Fault } from '../apply/release/index.js';
import { TrellisError, usageError } from '../core/errors.js';
import { isTrellisCommit } from '../core/release/changelog.js';
import { hotfixVersionOf } from '../core/release/hotfix-trunk.js';
import { releaseMergesDevelop } from '../core/release/gitflow.js';
import { lineBranchOf, otherLineVersions, tagOfVersion, type ReleaseLineToday } from '../core/release/lines.js';
import { planRelease, versionFileTargets } from '../core/release/plan.js';
import { signMode } from '../core/release/sign.js';
import type { ReleasePlan } from '../core/release/types.js';
import { candidatesOf, testingWindowVerdict, withWindowException } from '../core/check/index.js';
import type { ParsedVersion } from '../core/version/types.js';
import {
  checkReleaseVersion,
  chooseLineVersion,
  latestTagOf,
  lineOfVersion,
  releaseScheme,
  templateValues,
  type VersionRequest,
} from '../core/release/version.js';
import { rangeBase, readChangelog } from '../facts/changelog-range.js';
import { branchTipsOf, commitsOf, refuseDiverged, remotesOf } from '../facts/branch-tips.js';
import { readFilesAtBranches } from '../facts/release-files.js';
import { lineAsked, readReleaseLines } from '../facts/release-lines.js';
import type { Git } from '../git/index.js';
import { publicIdsNamingFixes } from './advisory-fixes.js';
import type { AppContext } from './context.js';
import { gitflowRelease, type GitflowReleaseReport } from './gitflow-release.js';
import { recoverBeforeWriting, withRecovered } from './recover.js';
import type { Recoverable } from '../core/recovery.js';

/** What `trellis release` asks for. */
export interface ReleaseRequest extends VersionRequest {
  /** The line (`X.Y`) or its branch; default: the line of the checked-out branch. Trunk flow only. */
  line?: string | undefined;
  sign?: boolean | undefined;
  dryRun?: boolean | undefined;
  /** Git-flow only: where the draft notes go, relative to the workspace directory (`ctx.cwd`) or absolute. */
  notes?: string | undefined;
  /** Release although the testing window (`release.testingWindow`) refuses it; needs `reason`. */
  force?: boolean | undefined;
  /** Why, with `force`: recorded in the tag message as the exception trailer. */
  reason?: string | undefined;
}

/** A context for the release use cases; `fault` is a test hook (see apply/release). */
export type ReleaseContext = AppContext & { fault?: Fault | undefined };

/** What a release did or would do, by flow. */
export type ReleaseResult =
  { flow: 'trunk'; report: ApplyReport<ReleasePlan> & Recoverable } | { flow: 'gitflow'; report: GitflowReleaseReport & Recoverable };

/** `trellis release`: the trunk flow's line release, or the git-flow release when the policy merges develop into main. */
export async function release(ctx: ReleaseContext, req: ReleaseRequest = {}): Promise<ReleaseResult> {
  checkForce(req);
  const recovery = req.dryRun !== true ? await recoverBeforeWriting(ctx) : null;
  if (releaseMergesDevelop(ctx.policy)) {
    if (req.line !== undefined) throw usageError('a git-flow policy releases develop into main: no LINE');
    if (req.pre !== undefined) throw usageError('--pre is not supported with a git-flow policy (flow.model: gitflow)');
    if (req.notes !== undefined && (req.notes === '' || req.notes.startsWith('-')))
      throw usageError(`--notes needs a file name, got '${req.notes}'`);
    const report = await gitflowRelease(ctx, {
      version: req.version ?? null,
      sign: req.sign,
      dryRun: req.dryRun,
      // A file named by the caller is relative to where the command runs, like any path argument.
      ...(req.notes !== undefined ? { notes: resolve(ctx.cwd, req.notes) } : {}),
    });
    return { flow: 'gitflow', report: withRecovered(report, recovery) };
  }
  if (req.notes !== undefined)
    throw usageError('--notes applies to git-flow releases (flow.model: gitflow); trunk releases write release.changelog');
  return { flow: 'trunk', report: withRecovered(await releaseLine(ctx, req), recovery) };
}

/** The trunk flow's release of a line: plan, then apply unless a dry run (or nothing is left to do). */
export async function releaseLine(ctx: ReleaseContext, req: ReleaseRequest): Promise<ApplyReport<ReleasePlan>> {
  const plan = await planLineRelease(ctx, req);
  if (req.dryRun || plan.nothingToDo) return { plan, dryRun: req.dryRun === true, commits: [], tags: {}, worktrees: [] };
  return { plan, dryRun: false, ...(await applyPlan(ctx.git, plan, `trellis: release ${plan.version}`, { fault: ctx.fault })) };
}

/** The tag of the version when it exists: where it points, and whether the line's branch holds it (under Trellis's own commits only). */
async function existingTagOf(git: Git, tag: { tag: string; commit: string | null } | undefined, tip: string) {
  if (!tag?.commit) return null;
  // The tag may stand on the branch tip, or under Trellis's own post-release commits.
  const after = await git.log([tip, `^${tag.commit}`]);
  const onBranch = (await git.isAncestor(tag.commit, tip)) && after.every((c) => isTrellisCommit(c.message));
  return { name: tag.tag, commit: tag.commit, onBranch };
}

/** Reads the facts and plans a trunk release of a line (no effects). */
export async function planLineRelease(ctx: AppContext, req: ReleaseRequest): Promise<ReleasePlan> {
  const { git, policy } = ctx;
  const { lines, branches } = await readReleaseLines(git, policy, ctx.today, { remote: ctx.remote });
  // A hotfix branch (Lightspeed-style trunk flow) releases the version it names, for that version's line.
  const hotfix = req.line !== undefined ? hotfixVersionOf(policy, req.line) : null;
  if (hotfix !== null && req.version !== undefined && req.version !== hotfix)
    throw usageError(`${req.line} releases ${hotfix}; --version ${req.version} disagrees`);
  if (hotfix !== null) req = { ...req, version: hotfix };
  const line = await lineAsked(git, lines, hotfix !== null ? lineOfVersion(releaseScheme(policy).parse(hotfix), policy) : req.line);
  // The line's branch as status reads it: the remote's tip in a plain clone or where the local branch is behind.
  const { branch, commit: tip } = hotfix !== null ? hotfixTip(branches, req.line!) : lineBranchOf(line);
  const scheme = releaseScheme(policy);
  if (line.status === 'end-of-life') throw new TrellisError('refused', `line ${line.key} is end-of-life; it takes no more releases`, 2);

  // Commits since the latest tag decide the version (Trellis's own commits do not count).
  const latest = latestTagOf(scheme, line.tags);
  const since = latest?.commit ? await git.log([tip, `^${latest.commit}`]) : [];
  const changes = since.filter((c) => !isTrellisCommit(c.message)).map((c) => ({ message: c.message }));
  const choice = chooseLineVersion(policy, line, { version: req.version, pre: req.pre }, changes);
  const version = choice.version;
  const parsed = scheme.parse(version);

  // A version that exists on another line is refused; one of this line may be a release to finish.
  const otherTags = otherLineVersions(scheme, lines, line.key);
  const existingTag = await existingTagOf(git, tagOfVersion(scheme, line, parsed), tip);
  checkReleaseVersion(policy, line, version, { resume: existingTag?.onBranch === true, otherTags });
  if (lineOfVersion(parsed, policy) !== line.key)
    throw new TrellisError('refused', `version ${version} does not belong to line ${line.key}`, 2);

  const exception = testingWindowGate(policy, line, parsed, existingTag !== null, req, ctx.today);
  const { notes, fileLog } = await releaseChanges(ctx, line, lines, version, existingTag ?? { name: branch, commit: tip });

  // Files the plan may read, at every branch it may touch.
  const values = templateValues(policy, version, line.key);
  const paths = [
    ...(['release', 'prerelease', 'post-release'] as const).flatMap((m) => versionFileTargets(policy, m, values).map((t) => t.path)),
    ...(policy.release.changelog !== false ? [policy.release.changelog] : []),
  ];
  const branchTips = branchTipsOf(branches, [branch, policy.branches.main, ...(policy.branches.develop ? [policy.branches.develop] : [])]);
  const tips = commitsOf(branchTips);
  const plan = planRelease({
    policy,
    line: { ...line, branch },
    choice,
    version,
    prerelease: parsed.isPrerelease,
    tips,
    remotes: remotesOf(branchTips),
    read: await readFilesAtBranches(git, tips, paths),
    existingTag,
    notes,
    fileLog,
    sign: signMode(policy, req.sign),
  });
  refuseDiverged(plan.fromRemote, branchTips);
  if (exception) {
    plan.tags = plan.tags.map((t) => ({ ...t, message: withWindowException(policy, t.message, exception.reason, exception.skipped) }));
    plan.warnings.push(`released inside the testing window (--force): ${exception.skipped}; reason recorded in the tag message`);
  }
  return plan;
}

/** `--force` needs `--reason` and the other way round. */
function checkForce(req: ReleaseRequest): void {
  if (req.reason !== undefined && !req.force)
    throw usageError('--reason goes with --force (the reason a release skips its testing window)');
  if (req.force && (req.reason === undefined || req.reason.trim() === '')) {
    throw usageError('--force needs --reason TEXT (recorded in the tag message)');
  }
}

/**
 * The Llama Stack-style testing window (`release.testingWindow`): a minor's or major's final
 * release without a release candidate, or before the window since its first one, is refused
 * (the same verdict `trellis check` reports, core/check/testing-window.ts) unless forced with a
 * reason. A release whose tag exists already (a re-run finishing it) is not judged again.
 */
function testingWindowGate(
  policy: ReleaseContext['policy'],
  line: ReleaseLineToday,
  version: ParsedVersion,
  tagExists: boolean,
  req: ReleaseRequest,
  today: string,
): { reason: string; skipped: string } | null {
  const window = policy.release.testingWindow;
  if (!window || tagExists || version.isPrerelease) return null;
  const candidates = candidatesOf(policy, version, line.source.prereleases);
  const verdict = testingWindowVerdict(window, version, candidates, today);
  if (verdict.ok) return null;
  if (!req.force) throw new TrellisError('refused', `${verdict.message}; to release anyway: --force --reason TEXT`, 2);
  return { reason: req.reason ?? '', skipped: verdict.message };
}

/** Changes for the tag message (since the previous tag) and for the changelog file (since the previous final release). */
async function releaseChanges(
  ctx: AppContext,
  line: ReleaseLineToday,
  lines: readonly ReleaseLineToday[],
  version: string,
  target: { name: string; commit: string },
) {
  const { git, policy } = ctx;
  const notesBase = await rangeBase(git, policy, line, lines, { version, finalOnly: false, target: target.commit });
  const fileBase = await rangeBase(git, policy, line, lines, { version, finalOnly: true, target: target.commit });
  const advisoryIds = await publicIdsNamingFixes(ctx, ctx.today);
  const notes = await readChangelog(git, policy, notesBase, target, { version, date: ctx.today, advisoryIds });
  const fileLog =
    fileBase?.commit === notesBase?.commit
      ? notes
      : await readChangelog(git, policy, fileBase, target, { version, date: ctx.today, advisoryIds });
  return { notes, fileLog };
}

/** The hotfix branch's tip, as the branches were read (refused when it does not exist). */
function hotfixTip(branches: { tips: ReadonlyMap<string, { commit: string | null }> }, name: string): { branch: string; commit: string } {
  const commit = branches.tips.get(name)?.commit ?? null;
  if (!commit) throw new TrellisError('not-found', `hotfix branch '${name}' does not exist (trellis hotfix start VERSION creates it)`, 2);
  return { branch: name, commit };
}
