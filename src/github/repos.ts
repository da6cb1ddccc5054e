/** Repository operations: permissions and commit statuses. One function per API call. */
import { apiFailure, type GitHub } from './client.js';
import type { CommitStatus, Permission } from './types.js';

/** A user's permission on the repository; someone who is not a collaborator has `none` (or `read` on a public repository). */
export async function permissionOf(gh: GitHub, user: string): Promise<Permission> {
  try {
    const { data } = await gh.octokit.rest.repos.getCollaboratorPermissionLevel({ owner: gh.owner, repo: gh.repo, username: user });
    return data.permission as Permission;
  } catch (e) {
    if ((e as { status?: number }).status === 404) return 'none';
    throw apiFailure(e, `reading ${user}'s permission`);
  }
}

/** Whether a permission lets its holder push (and so ask for backports). */
export function canWrite(p: Permission): boolean {
  return p === 'admin' || p === 'maintain' || p === 'write';
}

/** Sets a commit status. */
export async function createStatus(gh: GitHub, status: CommitStatus): Promise<void> {
  try {
    await gh.octokit.rest.repos.createCommitStatus({ owner: gh.owner, repo: gh.repo, ...status });
  } catch (e) {
    throw apiFailure(e, `setting status ${status.context} on ${status.sha.slice(0, 12)}`);
  }
}
