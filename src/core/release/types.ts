/**
 * Release plans as plain data: what `trellis release` and `trellis branch cut` will do (commits
 * to write, tags to make, branches to move), computed by the pure planners in this folder and
 * carried out by src/apply/release. `--dry-run` prints exactly this value.
 */
import type { LineToday } from '../lines/today.js';
import type { VersionChange as FileEdit } from './updaters/types.js';
import type { ChangeEntry } from './changelog.js';

/** A version tag of a line. */
export interface LineTagFact {
  tag: string;
  /** The version as written in the tag. */
  version: string;
  commit: string | null;
}

/**
 * What the release planners need to know about one line: the line today (core/lines/today.ts)
 * narrowed to what they read, so the planners do not depend on the whole discovery shape.
 * Made by `releaseLinesOf` (./lines.ts).
 */
export interface ReleaseLineFacts extends Pick<LineToday, 'key' | 'kind' | 'branch'> {
  /** `{patch}` of the heading branch when each release has its own branch (`release/1.2.1`), else null. */
  patch: number | null;
  /** Every version tag of the line, stable and pre-release. */
  tags: LineTagFact[];
  /** The line's entrypoint tag (Tarantool-style `X.Y.0-entrypoint`), if any. */
  entrypoint: { tag: string; commit: string | null } | null;
  /** Support status today; null when unknown. */
  status: LineToday['status'] | null;
  /** True when no newer line has a branch or a release (post-release bumps on main are for the newest line only). */
  newest: boolean;
}

/** A commit already written, or the n-th commit of the plan. */
export type CommitRef = { commit: string } | { planned: number };

/** One file written by a planned commit. */
export interface PlannedFile {
  path: string;
  /** The text before (null: the file is new). */
  before: string | null;
  after: string;
  /** Lines changed (version files), for people. */
  edits: FileEdit[];
  /** Why: `tool.setuptools_scm.fallback_version = 0.4.5`, `changelog section 0.4.5`. */
  what: string[];
}

/** A commit the plan writes (without a work tree: tree from the parent's tree plus `files`). */
export interface PlannedCommit {
  /** `release`, `post-release`, `branch-cut`, `entrypoint`. */
  step: string;
  branch: string;
  parent: CommitRef;
  message: string;
  /** Empty for an empty commit (the entrypoint's dummy commit). */
  files: PlannedFile[];
}

/** An annotated tag the plan writes. */
export interface PlannedTag {
  name: string;
  target: CommitRef;
  message: string;
  /** false, or how to sign: `true` (git's configured format), `gpg`, `ssh`. */
  sign: boolean | 'gpg' | 'ssh';
}

/** A branch the plan creates or moves (all in one ref transaction). */
export interface PlannedBranch {
  branch: string;
  /** What it must hold now: a commit, or null for "must not exist". */
  old: string | null;
  to: CommitRef;
}

/**
 * A branch the plan moves that was read from its remote-tracking ref (`refs/remotes/origin/X`):
 * in a plain clone (no local branch) or where the local branch is behind. The plan starts from
 * the remote's tip and writes the LOCAL branch (created there, or fast-forwarded from `local`)
 * in the run's one ref transaction; nothing is pushed.
 */
export interface RemoteStart {
  branch: string;
  /** The remote (`origin`). */
  remote: string;
  /** The remote-tracking ref's commit: where the plan starts. */
  tip: string;
  /** The local branch's commit now (the transaction's expected old value); null when there is none. */
  local: string | null;
}

/** Branches whose tip was read from a remote-tracking ref: the remote and the local branch's commit now (null: none). */
export type RemoteTips = ReadonlyMap<string, { remote: string; local: string | null }>;

/** What both planners produce. */
export interface RepoPlan {
  commits: PlannedCommit[];
  tags: PlannedTag[];
  branches: PlannedBranch[];
  /** Branches moved from their remote's tip (absent when none: the usual case outside a clone). */
  fromRemote?: RemoteStart[];
  /** Steps found already done (a re-run after a failure part-way, or work done by hand). */
  done: string[];
  warnings: string[];
}

/** `trellis release`. */
export interface ReleasePlan extends RepoPlan {
  kind: 'release';
  line: string;
  branch: string;
  version: string;
  tag: string;
  prerelease: boolean;
  /** How the version was chosen. */
  reason: string;
  /** The tag the changes are counted from (null: the line's whole history). */
  previousTag: string | null;
  changes: ChangeEntry[];
  /** The policy's manual post-release steps (`release.postRelease`), printed after a final release. */
  manualSteps: string[];
  /** True when every step was already done. */
  nothingToDo: boolean;
}

/** `trellis branch cut`. */
export interface BranchCutPlan extends RepoPlan {
  kind: 'branch-cut';
  line: string;
  /** The new branch. */
  branch: string;
  /** Where it starts: a revision name and its commit. */
  from: { name: string; commit: string };
  /** The first version the new branch will release (`0.5.0`, `1.2.1`). */
  version: string;
  /** The entrypoint tag written on the development branch, if the policy asks for one. */
  entrypoint: string | null;
  nothingToDo: boolean;
}

export type AnyReleasePlan = ReleasePlan | BranchCutPlan;
