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
export { missing, outputText, type MissingRequest, type MissingResult, type MissingRenderer } from './missing.js';
export { release, releaseLine, planLineRelease, type ReleaseContext, type ReleaseRequest, type ReleaseResult } from './release.js';
export { gitflowRelease, readAndPlanGitflowRelease, type GitflowReleaseRequest, type GitflowReleaseReport } from './gitflow-release.js';
export { hotfixStart, type HotfixStartRequest } from './hotfix-start.js';
export { hotfixFinish, type HotfixFinishRequest } from './hotfix-finish.js';
export { branchCut, planCut, type BranchCutRequest } from './branch-cut.js';
export { changelog, type ChangelogRequest } from './changelog.js';
export { checklist, type ChecklistRequest } from './checklist.js';
export type { ApplyReport, Fault } from '../apply/release/index.js';
export { schedule, type ScheduleRequest, type ScheduleResult } from './schedule.js';
export { target, type TargetRequest, type TargetAnswer } from './target.js';
export { init, type InitRequest, type InitResult } from './init.js';
export { policyCheck, type PolicyCheckRequest, type PolicyCheckReport } from './policy-check.js';
export { policySchema } from './policy-schema.js';
export { versionSort, type VersionSortRequest, type VersionSortResult } from './version-sort.js';
export { versionCompare, type VersionCompareRequest, type VersionCompareResult, type Comparison } from './version-compare.js';
export { versionValidate, type VersionValidateRequest, type VersionValidateResult, type VersionVerdict } from './version-validate.js';
export { versionConvert, type VersionConvertRequest, type VersionConvertResult, type Conversion } from './version-convert.js';
export { versionNext, type VersionNextRequest, type VersionNextResult } from './version-next.js';
export { versionDescribe, type VersionDescribeRequest, type VersionDescribeResult } from './version-describe.js';
export { explainChange, type ExplainChangeRequest } from './explain-change.js';
export { policyWarnings } from './policy-check.js';
export { check, checkWorkspace, type CheckRequest, type CheckReport, type CheckFinding } from './check.js';
export { site, type SiteAdvisory, type SiteChannel, type SiteLine, type SiteRelease, type SiteRequest, type SiteResult } from './site.js';
export { extensionStatusOf, type ExtensionStatusRequest, type ExtensionStatusReport } from './extension-status.js';
export { extensionShips, type ExtensionShipsRequest, type ExtensionShipsReport, type ShipsAnswer } from './extension-ships.js';
export { extensionSwitch, type ExtensionSwitchRequest, type ExtensionSwitchReport } from './extension-switch.js';
export { advisoryAdd, type AdvisoryAddRequest, type AdvisoryWriteResult } from './advisory-add.js';
export { advisoryFix, type AdvisoryFixRequest } from './advisory-fix.js';
export { advisoryList, type AdvisoryListRequest, type AdvisoryListResult } from './advisory-list.js';
export { advisoryShow, type AdvisoryShowRequest, type AdvisoryShowResult } from './advisory-show.js';
export { advisoryExport, type AdvisoryExportFormat, type AdvisoryExportRequest, type AdvisoryExportResult } from './advisory-export.js';
export { advisorySla, type AdvisorySlaRequest, type AdvisorySlaResult } from './advisory-sla.js';
export type { AdvisoryView } from './advisory-shared.js';
export { githubBackport, type GitHubBackportRequest, type GitHubBackportResult } from './github-backport.js';
export { githubBackportComment, type GitHubBackportCommentRequest, type GitHubBackportCommentResult } from './github-backport-comment.js';
export { githubConflictStatus, type GitHubConflictStatusResult } from './github-conflict-status.js';
export { type GitHubAccess } from './github-access.js';
export { pushBackport, type PushBackportResult } from './backport-push.js';
export { repoOfClone } from './github-access.js';
export { mergeBack, type MergeBackRequest } from './merge-back.js';
export { versionForBuild, type VersionForBuildRequest } from './version-for-build.js';
export { githubCheck, type GitHubCheckRequest, type GitHubCheckResult } from './github-check.js';
export { publishRelease, type PublishReleaseRequest, type PublishReleaseResult } from './release-publish.js';
export { releaseAndPublish, type ReleaseAndPublishRequest, type ReleaseAndPublishResult, type MilestoneOutcome } from './release-github.js';
export { checklistGitHub } from './checklist-github.js';
export { demoRepository, removeDemoRepository, type DemoRepo, type DemoRepositoryRequest } from './demo-repository.js';
