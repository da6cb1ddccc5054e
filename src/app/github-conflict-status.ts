/**
 * Use case `githubConflictStatus`: after a push to a backport branch (`pull_request_target`
 * `synchronize`), the `trellis/conflict-markers` status of its head follows the markers: failing
 * while a file the backport changed still holds one, green once none is left (and the
 * `backport-conflict` label goes).
 */
import { CONFLICT_LABEL } from '../core/github/backport.js';
import { fetchBranches } from '../git/index.js';
import { getPull, removeLabel } from '../github/index.js';
import type { RepoContext } from './context.js';
import { connect, type GitHubAccess } from './github-access.js';
import { setMarkerStatus } from './github-backport-pulls.js';
import { existingState } from './github-backport.js';

export interface GitHubConflictStatusResult {
  pull: number;
  /** Why nothing was checked (not a backport branch), or null. */
  ignored: string | null;
  /** Paths still holding conflict markers. */
  markers: string[];
  requests: number;
}

export async function githubConflictStatus(
  ctx: RepoContext,
  access: GitHubAccess,
  req: { pull: number; remote: string; dryRun: boolean },
): Promise<GitHubConflictStatusResult> {
  const gh = await connect(access);
  const pr = await getPull(gh, req.pull);
  const out = { pull: pr.number, ignored: null, markers: [] as string[], requests: 0 };
  if (!pr.headRef.startsWith('backport/') || pr.state !== 'open')
    return { ...out, ignored: `#${pr.number} is not an open backport pull request`, requests: gh.stats.requests };
  await fetchBranches(ctx.git, req.remote);
  const base = await ctx.git.resolve(`refs/remotes/${req.remote}/${pr.baseRef}`);
  const state = await existingState(ctx.git, req.remote, pr.headRef, base);
  const markers = state?.markers ?? [];
  if (!req.dryRun && state) {
    await setMarkerStatus(gh, state.tip, markers);
    if (markers.length === 0 && pr.labels.includes(CONFLICT_LABEL)) await removeLabel(gh, pr.number, CONFLICT_LABEL);
  }
  return { ...out, markers, requests: gh.stats.requests };
}
