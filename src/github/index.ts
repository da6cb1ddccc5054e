/** The GitHub adapter: Octokit behind one named function per API operation. Imports core only. */
export { apiFailure, openGitHub, type GitHub, type GitHubOptions } from './client.js';
export { createPull, getPull, listPullCommits, openPulls, requestReviewers, updatePull } from './pulls.js';
export {
  addLabels,
  allMilestones,
  closeMilestone,
  createComment,
  listComments,
  openIssuesOf,
  openMilestones,
  removeLabel,
  setMilestone,
  updateComment,
} from './issues.js';
export { canWrite, createStatus, permissionOf } from './repos.js';
export type { CommentInfo, CommitStatus, NewPull, Permission, PullInfo, RepoId } from './types.js';
export { createRelease, releaseByTag, type NewRelease, type ReleaseInfo } from './releases.js';
