/**
 * Use case `githubBackport`: a merged pull request carried to the lines asked for (its labels
 * or a `/backport` comment), on GitHub. The policy is read from the pull request's BASE branch;
 * the pull request's code is never checked out or run: only git objects are read and written
 * (picks without a work tree by the backport engine, in a dry run that moves no local ref). Each
 * line's result is pushed to `backport/<line>/<pr>` in one atomic push, one pull request is
 * opened per line (a draft holding the conflict markers on conflict, with a failing
 * `trellis/conflict-markers` status), and one summary comment on the source pull request says
 * what happened on every line. Re-running finds the same branches, pull requests and comment and
 * updates them; it never duplicates.
 */
import type { BackportReport, SourceCommit, TargetPlan, TargetResult } from '../core/backport/index.js';
import { conflictMarkerLines, conflictsCommitMessage } from '../core/backport/index.js';
import { CONFLICT_LABEL, askOfLabel, milestoneOfLine, summaryComment, summaryMarker, type BackportRow } from '../core/github/backport.js';
import { readPolicyAt } from '../facts/policy-at-ref.js';
import {
  CHERRY_PICKED_PREFIX,
  parseIdentLine,
  type CommitObject,
  fetchBranches,
  pathsBetween,
  pushRefs,
  type Git,
  withScratchObjects,
  type RemoteRefUpdate,
} from '../git/index.js';
import {
  createComment,
  getPull,
  openMilestones,
  openPulls,
  listComments,
  updateComment,
  type GitHub,
  type PullInfo,
} from '../github/index.js';
import { backport } from './backport.js';
import type { AppContext, RepoContext } from './context.js';
import { connect, type GitHubAccess } from './github-access.js';
import { branchFor, chooseLines, mergedChange } from './github-backport-targets.js';
import { openOrUpdatePull, type LinePull } from './github-backport-pulls.js';

/** What to backport and how. */
export interface GitHubBackportRequest {
  pull: number;
  /** What was asked besides the pull request's backport labels (line keys, `all-supported`, `lts`, `auto`); null: the labels only. */
  asks: string[] | null;
  /** Label pattern with `{line}` (default `backport {line}`). */
  labelPattern: string;
  /** `draft`: a draft pull request holding the markers; `fail`: the line fails. */
  conflicts: 'draft' | 'fail';
  /** The remote standing for the GitHub repository (default `origin`). */
  remote: string;
  /** The policy file's path in the base branch (default `.trellis.yml`). */
  policy?: string | undefined;
  dryRun: boolean;
}

/** What happened, as data. */
export interface GitHubBackportResult {
  pull: number;
  /** Why nothing was done (not merged, no backport label), or null. */
  ignored: string | null;
  rows: BackportRow[];
  /** The summary comment on the source pull request. */
  comment: { id: number; created: boolean } | null;
  /** Branches pushed. */
  pushed: string[];
  /** GitHub API requests made. */
  requests: number;
  dryRun: boolean;
  /** 1 when a line failed (or conflicted with `conflicts: fail`). */
  exitCode: 0 | 1;
}

/** Backports merged pull request `req.pull` of the repository in `ctx` (a clone of GitHub's, remote `req.remote`). */
export async function githubBackport(ctx: RepoContext, access: GitHubAccess, req: GitHubBackportRequest): Promise<GitHubBackportResult> {
  const gh = await connect(access);
  return backportWith(ctx, gh, req);
}

/** {@link githubBackport} with an open client (the comment trigger checks permissions first). */
export async function backportWith(ctx: RepoContext, gh: GitHub, req: GitHubBackportRequest): Promise<GitHubBackportResult> {
  // A dry run picks into a scratch object folder (a dry run never writes to .git/objects); a real
  // run keeps its picks in the repository for the push.
  if (req.dryRun) return withScratchObjects(ctx.git, (git) => backportPull({ ...ctx, git }, gh, req));
  return backportPull(ctx, gh, req);
}

async function backportPull(ctx: RepoContext, gh: GitHub, req: GitHubBackportRequest): Promise<GitHubBackportResult> {
  const pr = await getPull(gh, req.pull);
  const result: GitHubBackportResult = {
    pull: pr.number,
    ignored: null,
    rows: [],
    comment: null,
    pushed: [],
    requests: 0,
    dryRun: req.dryRun,
    exitCode: 0,
  };
  const done = (r: GitHubBackportResult) => ({ ...r, requests: gh.stats.requests });
  if (!pr.merged || !pr.mergeCommit) return done({ ...result, ignored: `pull request #${pr.number} is not merged` });
  // the labels always count (they record what was asked before), so the summary covers every line
  const labelled = pr.labels.map((l) => askOfLabel(l, req.labelPattern)).filter((a): a is string => a !== null);
  const asks = [...new Set([...(req.asks ?? []), ...labelled])];
  if (asks.length === 0) return done({ ...result, ignored: `pull request #${pr.number} has no backport label (${req.labelPattern})` });
  await fetchBranches(ctx.git, req.remote);
  const loaded = await readPolicyAt(ctx.git, `refs/remotes/${req.remote}/${pr.baseRef}`, req.policy);
  // one branch per line and pull request, so a re-run finds what an earlier run made
  const policy = { ...loaded.policy, branches: { ...loaded.policy.branches, backport: 'backport/{line}/{pr}' } };
  const actx: AppContext = { ...ctx, remote: req.remote, policy, policyFile: loaded.file };
  const chosen = await chooseLines(actx, pr, asks);
  const rows = [...chosen.rows];
  if (chosen.to.size > 0 || chosen.auto) {
    const change = await mergedChange(ctx.git, pr);
    const report = await backport(actx, {
      revisions: change.revisions,
      to: [...chosen.to.keys()],
      auto: chosen.auto,
      kind: null,
      introduced: null,
      // Picks without moving a local ref; their objects stay for the push (or in the dry run's scratch folder).
      dryRun: true,
      keepObjects: true,
      mode: 'branch',
      conflicts: 'fail',
      chain: false,
      keepGoing: true,
      mainline: change.mainline,
      forceEol: false,
      reason: null,
      pullRequest: pr.number,
    });
    for (const s of report.skipped) rows.push({ line: s.line, branch: null, outcome: 'skipped', reason: `auto: ${s.reason}` });
    const lines = await linePulls(ctx.git, req, pr, report, chosen.to);
    const pushes = lines.filter((l) => l.push).map((l) => l.push as RemoteRefUpdate);
    if (!req.dryRun) await pushRefs(ctx.git, req.remote, pushes);
    result.pushed = pushes.map((p) => p.ref.replace(/^refs\/heads\//, ''));
    // one listing of the open pull requests finds what earlier runs opened, however many lines
    const acting = !req.dryRun && lines.some((l) => !l.skip);
    const openNow = acting ? await openPulls(gh) : [];
    // labels map as they are; the milestone maps to the line's next release (one listing per run)
    const milestones = acting ? await openMilestones(gh) : [];
    for (const l of lines) {
      const line = { ...l, milestone: milestoneOfLine(l.line, milestones) };
      rows.push(req.dryRun ? l.row : await openOrUpdatePull(gh, pr, line, openNow));
    }
  }
  // one row per line, oldest line first, however the lines were asked for
  result.rows = rows.sort((a, b) => a.line.localeCompare(b.line, 'en', { numeric: true }));
  result.exitCode = rows.some((r) => r.outcome === 'failed') ? 1 : 0;
  if (!req.dryRun && rows.length > 0) result.comment = await upsertSummary(gh, pr.number, summaryComment(pr.number, rows));
  return done(result);
}

/** What to do on each planned line: push a result, open or update its pull request. */
async function linePulls(
  git: Git,
  req: GitHubBackportRequest,
  pr: PullInfo,
  report: BackportReport,
  reasons: Map<string, string>,
): Promise<LinePull[]> {
  const plan = report.plan;
  if (!plan) return [];
  const out: LinePull[] = [];
  for (const [i, t] of plan.targets.entries()) {
    const r = report.results[i] as TargetResult;
    const line = t.target.line ?? t.target.name;
    const branch = branchFor(line, pr);
    const base: LinePull = {
      line,
      branch,
      lineBranch: t.target.branch,
      reason: reasons.get(line) ?? t.target.reason,
      origins: [],
      row: { line, branch, outcome: 'opened', reason: reasons.get(line) ?? t.target.reason },
      remote: req.remote,
      labels: pr.labels.filter((l) => askOfLabel(l, req.labelPattern) === null && l !== CONFLICT_LABEL),
    };
    out.push(await lineOf(git, req, plan.commits, t, r, base));
  }
  return out;
}

async function lineOf(
  git: Git,
  req: GitHubBackportRequest,
  commits: readonly SourceCommit[],
  t: TargetPlan,
  r: TargetResult,
  base: LinePull,
): Promise<LinePull> {
  const ref = `refs/heads/${base.branch}`;
  switch (r.outcome) {
    case 'clean':
      return { ...base, push: { oid: r.head, ref, expect: null }, head: r.head, origins: await originsOf(git, r) };
    case 'already-present': {
      const step = r.steps.find((s) => s.status === 'already-present');
      const carrier = step && step.status === 'already-present' ? step.carrier : null;
      return {
        ...base,
        row: { line: base.line, branch: null, outcome: 'already-present', ...(carrier ? { commit: carrier } : {}) },
        skip: true,
      };
    }
    case 'pending':
      return { ...base, existing: await existingState(git, req.remote, base.branch, t.base) };
    case 'conflict': {
      const step = r.steps.find((s) => s.status === 'conflict');
      if (!step || step.status !== 'conflict') break;
      const paths = step.conflicts.map((c) => c.path);
      if (req.conflicts === 'fail')
        return {
          ...base,
          row: { line: base.line, branch: null, outcome: 'failed', reason: `conflict in ${paths.join(', ')}` },
          skip: true,
        };
      const commit = commits.find((c) => c.oid === step.commit) ?? { oid: step.commit, subject: '', parents: [] };
      const message = conflictsCommitMessage({ commit, target: t, conflicts: step.conflicts });
      const [src] = await git.readCommits([step.source]);
      const author = parseIdentLine((src as CommitObject).authorLine);
      const markers = await git.commitTree({ tree: step.tree, parents: [step.onto], message, author });
      const row: BackportRow = { line: base.line, branch: base.branch, outcome: 'conflict', paths };
      return { ...base, row, push: { oid: markers, ref, expect: null }, head: markers, conflict: paths };
    }
    case 'refused':
      if (/already exists/.test(r.reason ?? '')) {
        const existing = await existingState(git, req.remote, base.branch, t.base);
        if (existing) return { ...base, existing };
      }
      break;
    default:
      break;
  }
  return { ...base, row: { line: base.line, branch: base.branch, outcome: 'failed', reason: r.reason ?? r.outcome }, skip: true };
}

/** The `(cherry picked from …)` lines of a clean result's commits. */
async function originsOf(git: Git, r: TargetResult): Promise<string[]> {
  const made = r.steps.flatMap((s) => (s.status === 'clean' ? [s.result] : []));
  const commits = await git.readCommits(made);
  return commits.flatMap((c) => c.message.split('\n').filter((l) => l.startsWith(CHERRY_PICKED_PREFIX)));
}

/** A backport branch an earlier run pushed: its tip and the paths that still hold conflict markers. */
export async function existingState(git: Git, remote: string, branch: string, lineTip: string): Promise<LinePull['existing']> {
  const tip = (await git.revParse([`refs/remotes/${remote}/${branch}`], { allowMissing: true })).get(`refs/remotes/${remote}/${branch}`);
  if (!tip) return undefined;
  const markers: string[] = [];
  for (const path of await pathsBetween(git, lineTip, tip)) {
    const blob = await git.readFile(tip, path);
    if (blob && conflictMarkerLines(blob.toString('utf8')).length > 0) markers.push(path);
  }
  return { tip, markers };
}

/** Writes the one summary comment (found by its hidden marker) or updates it. */
async function upsertSummary(gh: GitHub, pull: number, body: string): Promise<{ id: number; created: boolean }> {
  const mine = (await listComments(gh, pull)).find((c) => c.body.startsWith(summaryMarker(pull)));
  if (mine) {
    if (mine.body !== body) await updateComment(gh, mine.id, body);
    return { id: mine.id, created: false };
  }
  return { id: (await createComment(gh, pull, body)).id, created: true };
}
