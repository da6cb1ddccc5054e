/**
 * Use case `githubCheck`: `trellis check` for the Action. On a pull request event the check is
 * about the pull request (base = its base branch, head = its head commit); the head commit is
 * only READ as git objects: when the checkout lacks it (a `pull_request_target` run checks out
 * the base), it is fetched from `refs/pull/<n>/head` into the object store, never checked out
 * or run. Without a pull request the check is about the repository's state.
 */
import { fetchPullHead, hasCommit } from '../git/index.js';
import { checkWorkspace, type CheckReport } from './check.js';
import { openRepo, type OpenOptions, type Workspace } from './context.js';

export interface GitHubCheckRequest {
  /** The pull request (with base and head), or none: the repository's state. */
  pull?: { number: number; base: string; head: string };
  /** The remote GitHub's repository is (default origin). */
  remote?: string;
}

export interface GitHubCheckResult extends CheckReport {
  /** Whether the pull request's head had to be fetched (`refs/pull/<n>/head`). */
  fetchedHead: boolean;
}

export async function githubCheck(ws: Workspace, open: OpenOptions, request: GitHubCheckRequest): Promise<GitHubCheckResult> {
  const pull = request.pull;
  if (!pull) return { ...(await checkWorkspace(ws, open, {})), fetchedHead: false };
  const ctx = await openRepo(ws, open.repo);
  let fetchedHead = false;
  if (!(await hasCommit(ctx.git, pull.head))) {
    await fetchPullHead(ctx.git, request.remote ?? 'origin', pull.number);
    fetchedHead = true;
  }
  const report = await checkWorkspace(ws, open, { base: pull.base, head: pull.head });
  return { ...report, fetchedHead };
}
