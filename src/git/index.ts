/** The git adapter: run git safely, read in batches, pick without a work tree, change refs atomically. */
export { Git, type GitOpenOptions, type RepositoryLayout } from './git.js';
export { GitRunner, gitEnv, gitFailure, type GitStats, type RunOptions, type RunResult } from './run.js';
export { GIT_FEATURES, compareGitVersions, gitAtLeast, parseGitVersion, type GitVersion, type GitFeature } from './version.js';
export { CatFileSession, type GitObject } from './catfile.js';
export { parseLog, type CommitInfo, type LogOptions } from './log.js';
export { rawDateToIso, refKind, shortRefName, subjectOf, type RefInfo, type RefKind, type RefsOptions, type Signature } from './refs.js';
export { type PatchIdOptions } from './patchid.js';
export {
  commitTree,
  conflictKind,
  gitDate,
  kindFromStages,
  objectId,
  parseCommitObject,
  parseIdentLine,
  parseMergeTree,
  parseMergeTreeBatch,
  pickCommit,
  pickCommits,
  type CommitObject,
  type CommitTreeOptions,
  type Conflict,
  type ConflictKind,
  type MergeTreeOutput,
  type PickOptions,
  type PickResult,
} from './pick.js';
export { CHERRY_PICKED_PREFIX, cherryPickedFrom, cherryPickMessage, hasTrailerBlock } from './message.js';
export { type FileChange, type TreeEntry } from './objects.js';
export { type AnnotatedTagOptions, type Identity, type RefUpdate, type Worktree } from './transaction.js';
export { isShallow } from './shallow.js';
export { commitsInRange } from './rev-list.js';
export { branchesContaining, refValues, refsContaining } from './ref-values.js';
export { originsOf } from './origins.js';
export { octopusMergeBase, parseRevList, readRangeGraph } from './range.js';
export { readCommitMessages, type CommitMessage } from './commit-messages.js';
export { readChangedPaths } from './changed-paths.js';
export { recordSplitter } from './record-stream.js';
export { checkedOutBranch } from './head.js';
export { changedFiles, hasTrackedChanges, untrackedAmong } from './work-tree-status.js';
export { moveWorkTree } from './work-tree-sync.js';
export { readUpstreams, type Upstream } from './upstreams.js';
export { tagCommits, type TagCommit } from './tag-list.js';
export { branchHeads, branchTips } from './branch-list.js';
export { mergeTrees, type MergedTree } from './merge-trees.js';
export { identityOf } from './identity.js';
export { writeTagObject, type TagObjectOptions } from './tag-objects.js';
export { readCommitGraph } from './graph-log.js';
export { firstParentAdvance, firstParentMerges, readFirstParentChains } from './first-parent-log.js';
export { aheadBehind, type AheadBehind } from './ahead-behind.js';
export { remoteNames } from './remotes.js';
export { describeRevision, headIsUnborn, type DescribeOptions } from './describe.js';
export { refNames, type RefNames } from './ref-names.js';
export { mirrorDir, updateMirror } from './core-mirror.js';
export { fetchBranches, pushRefs, remoteUrl, type RemoteRefUpdate } from './push.js';
export { pathsBetween } from './diff-names.js';
export { addedPaths } from './tree-diff.js';
export { remoteHeadBranch } from './remote-head.js';
export { remoteRefValues } from './remote-refs.js';
export { withScratchObjects } from './scratch-objects.js';
export { assertRealDir, cleanScratch, ensureTrellisDir, makeScratch, pidAlive, readOwnFile, trellisDirOf } from './trellis-dir.js';
export { existingLocks, gitDirAt, headCommitAt, indexMatches, refLocks, type LockFile } from './index-state.js';
export { fetchPullHead, hasCommit } from './pull-head.js';
