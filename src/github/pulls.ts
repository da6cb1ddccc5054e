/** Pull request operations: one function per API call. */
import { apiFailure, type GitHub } from './client.js';
import type { NewPull, PullInfo } from './types.js';

interface RawPull {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  draft?: boolean;
  merged?: boolean;
  merged_at?: string | null;
  merge_commit_sha?: string | null;
  head: { ref: string; sha: string };
  base: { ref: string };
  user: { login: string } | null;
  labels: Array<{ name?: string } | string>;
  milestone?: { number: number } | null;
  commits?: number;
  html_url: string;
}

function pullOf(p: RawPull): PullInfo {
  return {
    number: p.number,
    title: p.title,
    body: p.body ?? '',
    state: p.state === 'open' ? 'open' : 'closed',
    draft: p.draft ?? false,
    merged: p.merged ?? p.merged_at != null,
    mergeCommit: p.merge_commit_sha ?? null,
    headRef: p.head.ref,
    headSha: p.head.sha,
    baseRef: p.base.ref,
    author: p.user?.login ?? '',
    labels: p.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((n) => n !== ''),
    milestone: p.milestone?.number ?? null,
    commits: p.commits ?? 0,
    url: p.html_url,
  };
}

/** `GET /repos/{owner}/{repo}/pulls/{n}`. */
export async function getPull(gh: GitHub, number: number): Promise<PullInfo> {
  try {
    const { data } = await gh.octokit.rest.pulls.get({ owner: gh.owner, repo: gh.repo, pull_number: number });
    return pullOf(data as RawPull);
  } catch (e) {
    throw apiFailure(e, `reading pull request #${number}`);
  }
}

/** The commit ids of a pull request, oldest first (`GET .../pulls/{n}/commits`, paginated). */
export async function listPullCommits(gh: GitHub, number: number): Promise<string[]> {
  try {
    const all = await gh.octokit.paginate(gh.octokit.rest.pulls.listCommits, {
      owner: gh.owner,
      repo: gh.repo,
      pull_number: number,
      per_page: 100,
    });
    return all.map((c) => c.sha);
  } catch (e) {
    throw apiFailure(e, `listing the commits of #${number}`);
  }
}

/** Every open pull request of the repository (paginated: one request per 100). */
export async function openPulls(gh: GitHub): Promise<PullInfo[]> {
  try {
    const all = await gh.octokit.paginate(gh.octokit.rest.pulls.list, { owner: gh.owner, repo: gh.repo, state: 'open', per_page: 100 });
    return (all as RawPull[]).map(pullOf);
  } catch (e) {
    throw apiFailure(e, 'listing the open pull requests');
  }
}

/** Opens a pull request. */
export async function createPull(gh: GitHub, pull: NewPull): Promise<PullInfo> {
  try {
    const { data } = await gh.octokit.rest.pulls.create({ owner: gh.owner, repo: gh.repo, ...pull, maintainer_can_modify: true });
    return pullOf(data as RawPull);
  } catch (e) {
    throw apiFailure(e, `opening a pull request from ${pull.head} to ${pull.base}`);
  }
}

/** Changes a pull request's title and body. */
export async function updatePull(gh: GitHub, number: number, change: { title?: string; body?: string }): Promise<PullInfo> {
  try {
    const { data } = await gh.octokit.rest.pulls.update({ owner: gh.owner, repo: gh.repo, pull_number: number, ...change });
    return pullOf(data as RawPull);
  } catch (e) {
    throw apiFailure(e, `updating pull request #${number}`);
  }
}

/** Asks users to review a pull request. */
export async function requestReviewers(gh: GitHub, number: number, reviewers: readonly string[]): Promise<void> {
  try {
    await gh.octokit.rest.pulls.requestReviewers({ owner: gh.owner, repo: gh.repo, pull_number: number, reviewers: [...reviewers] });
  } catch (e) {
    throw apiFailure(e, `requesting reviews on #${number}`);
  }
}
