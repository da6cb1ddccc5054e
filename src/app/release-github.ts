/**
 * Use case `releaseAndPublish`: `trellis release` with its GitHub side (the CLI's `--push`,
 * `--github-release`, `--milestone`; the Action's `release`). In order:
 *
 * 1. with a milestone (VMPilot-style: its title is the version): refused while it has open
 *    issues, unless they are moved to the next milestone with the reason in a comment on each
 *    (Llama Stack-style: what misses the release is moved, and why is written down);
 * 2. the release itself (./release.ts), the version from the milestone when one is given;
 * 3. the atomic push and the GitHub release (./release-publish.ts), trunk flow;
 * 4. the milestone closed.
 *
 * A dry run asks GitHub (reads only) and changes nothing.
 */
import { TrellisError, usageError } from '../core/errors.js';
import { findMilestone, movedComment, versionOfMilestone, type MilestoneFact } from '../core/github/milestone.js';
import { lineOfVersion, releaseScheme } from '../core/release/version.js';
import { allMilestones, closeMilestone, createComment, openIssuesOf, setMilestone, type GitHub } from '../github/index.js';
import { connect, type GitHubAccess } from './github-access.js';
import { release, type ReleaseContext, type ReleaseRequest, type ReleaseResult } from './release.js';
import { publishRelease, type PublishReleaseResult } from './release-publish.js';

export interface ReleaseAndPublishRequest {
  release: ReleaseRequest;
  remote: string;
  push: boolean;
  /** GitHub access (needed for the release on GitHub and for a milestone). */
  github?: { access: GitHubAccess; release: boolean; draft: boolean } | undefined;
  /** The milestone this release closes: its title or number. */
  milestone?: { ref: string; moveOpenTo?: string | undefined; reason?: string | undefined } | undefined;
}

export interface MilestoneOutcome {
  number: number;
  title: string;
  /** Open issues moved to the next milestone (or, in a dry run, to move). */
  moved: number[];
  movedTo: string | null;
  closed: boolean;
}

export interface ReleaseAndPublishResult {
  release: ReleaseResult;
  publish?: PublishReleaseResult;
  milestone?: MilestoneOutcome;
}

export async function releaseAndPublish(ctx: ReleaseContext, req: ReleaseAndPublishRequest): Promise<ReleaseAndPublishResult> {
  const dryRun = req.release.dryRun === true;
  if (req.milestone && !req.github) throw usageError('--milestone needs a GitHub token in GITHUB_TOKEN (or GH_TOKEN)');
  if (req.milestone?.moveOpenTo !== undefined && !req.milestone.reason?.trim())
    throw usageError('--move-open-to needs --reason TEXT (written on each issue moved)');
  const gh = req.github ? await connect(req.github.access) : null;
  const gate = req.milestone && gh ? await milestoneGate(gh, req.milestone, dryRun) : null;
  const asked = gate ? { ...req.release, ...versionAndLine(ctx, req.release, gate.version) } : req.release;
  const made = await release(ctx, asked);
  const result: ReleaseAndPublishResult = { release: made };
  // VMPilot-style flow.prepare.milestone: checked against GitHub above, not skipped
  if (gate && made.flow === 'gitflow')
    made.report.checks = made.report.checks.map((c) =>
      c.id === 'milestone' ? { ...c, status: 'ok', message: milestoneMessage(gate.outcome) } : c,
    );
  if (req.push || req.github?.release) {
    if (made.flow !== 'trunk')
      throw usageError('--push and --github-release are for trunk releases (not flow.model: gitflow) in this version');
    result.publish = await publishRelease(ctx, {
      report: made.report,
      remote: req.remote,
      push: req.push,
      github: req.github?.release ? { access: req.github.access, draft: req.github.draft } : undefined,
      access: req.github?.access,
      dryRun,
    });
  }
  if (gate && gh) {
    if (!dryRun) await closeMilestone(gh, gate.milestone.number);
    result.milestone = { ...gate.outcome, closed: !dryRun };
  }
  return result;
}

/** The version the milestone names; the line follows from it unless given. */
function versionAndLine(ctx: ReleaseContext, asked: ReleaseRequest, version: string): { version: string; line: string | undefined } {
  if (asked.version !== undefined && asked.version !== version)
    throw usageError(`--version ${asked.version} is not the milestone's version ${version}`);
  const parsed = releaseScheme(ctx.policy).tryParse(version);
  if (!parsed) throw new TrellisError('usage', `the milestone's title '${version}' is not a version of this policy's scheme`, 2);
  return { version, line: asked.line ?? lineOfVersion(parsed, ctx.policy) };
}

async function milestoneGate(
  gh: GitHub,
  m: NonNullable<ReleaseAndPublishRequest['milestone']>,
  dryRun: boolean,
): Promise<{ milestone: MilestoneFact; version: string; outcome: Omit<MilestoneOutcome, 'closed'> }> {
  const all = await allMilestones(gh);
  const milestone = findMilestone(all, m.ref);
  if (milestone.state !== 'open') throw new TrellisError('refused', `milestone ${milestone.title} is closed already`, 2);
  const open = await openIssuesOf(gh, milestone.number);
  const outcome = { number: milestone.number, title: milestone.title, moved: [] as number[], movedTo: null as string | null };
  if (open.length > 0 && m.moveOpenTo === undefined) {
    const list = open.map((i) => `#${i.number}`).join(', ');
    throw new TrellisError(
      'refused',
      `milestone ${milestone.title} has ${open.length} open issue${open.length === 1 ? '' : 's'} (${list}): close them, or move them with --move-open-to NEXT --reason TEXT`,
      2,
    );
  }
  if (open.length > 0 && m.moveOpenTo !== undefined) {
    const next = findMilestone(all, m.moveOpenTo);
    if (next.number === milestone.number || next.state !== 'open')
      throw usageError(`--move-open-to ${m.moveOpenTo}: name another open milestone`);
    for (const issue of open) {
      if (dryRun) continue;
      await setMilestone(gh, issue.number, next.number);
      await createComment(gh, issue.number, movedComment(milestone.title, next.title, m.reason ?? ''));
    }
    outcome.moved = open.map((i) => i.number);
    outcome.movedTo = next.title;
  }
  return { milestone, version: versionOfMilestone(milestone.title), outcome };
}

function milestoneMessage(m: Omit<MilestoneOutcome, 'closed'>): string {
  const moved = m.moved.length > 0 ? `; ${m.moved.map((n) => `#${n}`).join(', ')} moved to ${m.movedTo ?? ''}` : '';
  return `milestone ${m.title} has no open issues${moved}`;
}
