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
