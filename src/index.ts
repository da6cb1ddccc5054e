/** Library entry: the use cases (src/app/), the pure core's types and functions, and the git adapter. The command line is src/cli/bin.ts. */
export * from './core/errors.js';
export * from './app/index.js';
export * from './git/index.js';
export * from './core/policy/index.js';
export * from './core/refname.js';
export * from './core/version/index.js';
export * from './core/changes/index.js';
export * from './core/lines/index.js';
export * from './core/repo-checks/index.js';
export {
  POLICY_FILE,
  openRepository,
  readGraph,
  readLineFacts,
  readPolicy,
  type LineFacts,
  type LoadedPolicy,
} from './facts/repository.js';
export * from './core/backport/index.js';
export * from './core/release/gitflow.js';
export * from './core/release/checklist.js';
export * from './core/coverage/index.js';
export {
  coverageLines,
  runCoverage,
  readCommitFacts,
  readOptOuts,
  presenceOn,
  presenceOnLines,
  type LinesPresenceQuery,
  type PresenceQuery,
  PatchIdCache,
  RecordCache,
  type CoverageOptions,
  type CoverageRun,
  type CoverageStats,
  type CoverageLines,
} from './facts/coverage/index.js';
export * from './core/release/index.js';
export {
  readProjectBranches,
  chooseRemote,
  DEFAULT_REMOTE,
  type BranchReadOptions,
  type ProjectBranches,
  type BranchTip,
  type BranchTips,
  type TipRelation,
} from './facts/branches.js';
export { discoverWithHistory, type LineHistoryOptions } from './facts/line-history.js';
export {
  CHECK_RULES,
  CHECK_LEVELS,
  RULES as CHECK_RULE_LIST,
  runRules,
  conflictMarkers,
  testingWindowVerdict,
  candidatesOf,
  windowedType,
} from './core/check/index.js';
export { buildSite, type SiteFile, type SiteOptions } from './site/build.js';
export * from './core/extension/index.js';
export * from './core/advisory/index.js';
