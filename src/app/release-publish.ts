/**
 * Use case `publishRelease` (`trellis release … --push --github-release [--draft]`, the Action's
 * `release`): after a release is written locally, its branches and tag go to the remote in ONE
 * atomic push (each branch only if the remote's is where this clone last saw it, the tag only if
 * the remote has none), then the GitHub release is created with the release notes, marked
 * `prerelease` for alpha/beta/rc and `make_latest` only when it is the newest final version
 * (a maintenance release of an older line never becomes "latest").
 *
 * Resumable: a re-run after a run interrupted before or after its push pushes only what the
 * remote lacks (./release-resume.ts) and goes on to the GitHub release; a tag the remote holds at
 * another object is refused in one line.
 */
import type { ApplyReport } from '../apply/release/index.js';
import { usageError } from '../core/errors.js';
import { makeLatest, postReleaseBody, releaseNotes } from '../core/github/release.js';
import { releaseScheme } from '../core/release/version.js';
import type { ReleasePlan } from '../core/release/types.js';
import { readReleaseLines } from '../facts/release-lines.js';
import { pushRefs, type RemoteRefUpdate } from '../git/index.js';
import { createPull, createRelease, openPulls, releaseByTag, type NewRelease } from '../github/index.js';
import type { AppContext } from './context.js';
import { notPushedYet, resumeUpdates } from './release-resume.js';
import { connect, type GitHubAccess } from './github-access.js';

export interface PublishReleaseRequest {
  report: ApplyReport<ReleasePlan>;
  remote: string;
  push: boolean;
  /** Create the GitHub release (needs `access`). */
  github?: { access: GitHubAccess; draft: boolean } | undefined;
  /** GitHub access for the post-release pull request (`github.postRelease: pull-request`). */
  access?: GitHubAccess | undefined;
  dryRun?: boolean | undefined;
}

export interface PublishReleaseResult {
  remote: string;
  /** Refs pushed (or, in a dry run, to push), full names. */
  pushed: string[];
  /** Refs the remote held already at the same object (pushed by an earlier, interrupted run), full names; absent when none. */
  alreadyPushed?: string[];
  /** The post-release pull request (`github.postRelease: pull-request`): its branch, base, and number once opened. */
  postRelease?: { branch: string; base: string; number: number | null; url: string | null; existing?: true };
  /** The GitHub release: created, found already, or (dry run) planned. */
  release?: Omit<NewRelease, 'body'> & { url: string | null; outcome: 'created' | 'exists' | 'planned' };
}

export async function publishRelease(ctx: AppContext, req: PublishReleaseRequest): Promise<PublishReleaseResult> {
  const plan = req.report.plan;
  const viaPull = req.push ? postReleaseBranch(ctx, plan) : null;
  if (viaPull && !req.access)
    throw usageError('github.postRelease: pull-request needs a GitHub token (GITHUB_TOKEN or GH_TOKEN) to open the pull request');
  let pushed: string[] = [];
  let there: string[] = [];
  if (req.push && req.dryRun)
    pushed = [
      ...plan.branches.map((b) => `refs/heads/${viaPull && b.branch === viaPull.base ? viaPull.branch : b.branch}`),
      ...plan.tags.map((t) => `refs/tags/${t.name}`),
    ];
  else if (req.push) {
    // A release made already (by an interrupted run): what of it the remote lacks.
    const wanted = plan.nothingToDo
      ? await resumeUpdates(ctx, plan, req.remote, viaPull)
      : await refUpdates(ctx, plan, req.remote, viaPull);
    const { send, there: held } = await notPushedYet(ctx, req.remote, wanted);
    await pushRefs(ctx.git, req.remote, send);
    pushed = send.map((u) => u.ref);
    there = held;
  }
  const result: PublishReleaseResult = { remote: req.remote, pushed, ...(there.length > 0 ? { alreadyPushed: there } : {}) };
  if (viaPull && req.access) {
    const pr = await postReleasePull(req.access, plan, viaPull, { pushed, there }, req.dryRun === true);
    // A resumed release proposes only what it found to propose.
    if (!plan.nothingToDo || pr.number !== null) result.postRelease = pr;
  }
  if (!req.github) return result;
  const { lines } = await readReleaseLines(ctx.git, ctx.policy, ctx.today, { remote: ctx.remote });
  const others = lines.flatMap((l) => l.tags.map((t) => t.version)).filter((v) => v !== plan.version);
  const wanted: NewRelease = {
    tag: plan.tag,
    name: plan.version,
    body: releaseNotes(plan.version, plan.changes),
    draft: req.github.draft,
    prerelease: plan.prerelease,
    makeLatest: makeLatest(releaseScheme(ctx.policy), plan.version, others),
  };
  const { body: _body, ...shown } = wanted;
  if (req.dryRun) return { ...result, release: { ...shown, url: null, outcome: 'planned' } };
  const gh = await connect(req.github.access);
  const existing = await releaseByTag(gh, plan.tag);
  if (existing) return { ...result, release: { ...shown, draft: existing.draft, url: existing.url, outcome: 'exists' } };
  const made = await createRelease(gh, wanted);
  return { ...result, release: { ...shown, url: made.url, outcome: 'created' } };
}

/**
 * Where the development branch's post-release commits go when the policy proposes them as a
 * pull request: a branch of their own, the development branch as its base. Only when the release
 * moves the development branch and it is not the line's own branch (a release from main itself
 * has its release commit there too, which is not a proposal).
 */
function postReleaseBranch(ctx: AppContext, plan: ReleasePlan): { branch: string; base: string } | null {
  if (ctx.policy.github?.postRelease !== 'pull-request') return null;
  const base = ctx.policy.branches.main;
  // A release made already (resumed) has no branch changes left in its plan: its post-release
  // commits, if any, are found by ./release-resume.ts and go the same way.
  if (base === plan.branch || (!plan.nothingToDo && !plan.branches.some((b) => b.branch === base))) return null;
  return { branch: `trellis/post-release/${plan.version}`, base };
}

async function postReleasePull(
  access: GitHubAccess,
  plan: ReleasePlan,
  via: { branch: string; base: string },
  refs: { pushed: readonly string[]; there: readonly string[] },
  dryRun: boolean,
): Promise<NonNullable<PublishReleaseResult['postRelease']>> {
  const ref = `refs/heads/${via.branch}`;
  const held = refs.there.includes(ref);
  if (dryRun || (!refs.pushed.includes(ref) && !held)) return { ...via, number: null, url: null };
  const gh = await connect(access);
  // Pushed by an earlier, interrupted run: its pull request may be open already.
  const open = held ? (await openPulls(gh)).find((p) => p.headRef === via.branch && p.state === 'open') : undefined;
  if (open) return { ...via, number: open.number, url: open.url ?? null, existing: true };
  const made = await createPull(gh, {
    title: `Post-release steps after ${plan.version}`,
    body: postReleaseBody(plan.version, plan.tag, via.base),
    head: via.branch,
    base: via.base,
    draft: false,
  });
  return { ...via, number: made.number, url: made.url ?? null };
}

/** The release's branches and tags as they are here, each guarded by what this clone knows of the remote. */
async function refUpdates(
  ctx: AppContext,
  plan: ReleasePlan,
  remote: string,
  viaPull: { branch: string; base: string } | null,
): Promise<RemoteRefUpdate[]> {
  const branches = plan.branches.map((b) => b.branch);
  const tags = plan.tags.map((t) => t.name);
  const names = [
    ...branches.map((b) => `refs/heads/${b}`),
    ...branches.map((b) => `refs/remotes/${remote}/${b}`),
    ...tags.map((t) => `refs/tags/${t}`),
  ];
  const known = await ctx.git.revParse(names, { allowMissing: true });
  const out: RemoteRefUpdate[] = [];
  for (const b of branches) {
    const oid = known.get(`refs/heads/${b}`);
    const seen = known.get(`refs/remotes/${remote}/${b}`) ?? null;
    if (viaPull && b === viaPull.base) {
      // proposed, not pushed: the development branch's new tip goes to a branch of its own
      if (oid && oid !== seen) out.push({ ref: `refs/heads/${viaPull.branch}`, oid, expect: null });
    } else if (oid && oid !== seen) out.push({ ref: `refs/heads/${b}`, oid, expect: seen });
  }
  for (const t of tags) {
    const oid = known.get(`refs/tags/${t}`);
    if (oid) out.push({ ref: `refs/tags/${t}`, oid, expect: null });
  }
  return out;
}
