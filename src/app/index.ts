/** The use cases: one per file, each `(context, request) => Promise<result>` with plain data results. */
export {
  openApp,
  openRepo,
  withPolicy,
  type AppContext,
  type OpenOptions,
  type Progress,
  type RepoContext,
  type Workspace,
} from './context.js';
export { TRELLIS_VERSION } from './package-info.js';
export { status, type StatusRequest, type StatusResult } from './status.js';
export { clockFromEnv, systemClock, type Clock } from '../adapters/clock.js';
export { backport, type BackportRequest } from './backport.js';
export { continueBackport } from './backport-continue.js';
export { abortBackport } from './backport-abort.js';
export { openAppOrDefaults } from './default-policy.js';
export { missing, type MissingRequest, type MissingResult, type MissingRenderer } from './missing.js';
export { release, releaseLine, planLineRelease, type ReleaseContext, type ReleaseRequest, type ReleaseResult } from './release.js';
export { gitflowRelease, readAndPlanGitflowRelease, type GitflowReleaseRequest, type GitflowReleaseReport } from './gitflow-release.js';
export { hotfixStart, type HotfixStartRequest } from './hotfix-start.js';
export { hotfixFinish, type HotfixFinishRequest } from './hotfix-finish.js';
export { branchCut, planCut, type BranchCutRequest } from './branch-cut.js';
export { changelog, type ChangelogRequest } from './changelog.js';
export { checklist, type ChecklistRequest } from './checklist.js';
export type { ApplyReport, Fault } from '../apply/release/index.js';
