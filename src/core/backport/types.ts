/**
 * The backport plan and its outcomes as plain data. The core computes plans from facts; the
 * effects layer (src/apply/backport) carries them out and records outcomes in the same shapes,
 * so `--dry-run`, `--json`, the state file under `.git/trellis/` and the tests all read one model.
 */

/** What a conflict looks like to the user: a path and the kind of conflict. */
export interface ConflictInfo {
  path: string;
  kind: string;
  messages: string[];
}

/** A commit to carry, as read from git. */
export interface SourceCommit {
  oid: string;
  subject: string;
  parents: string[];
}

/** Where a backport goes. */
export interface BackportTarget {
  /** What to call the target in output: the line key when known, else the branch. */
  name: string;
  /** The release line key (`1.2`), or `null` for a plain branch target. */
  line: string | null;
  /** The branch receiving the change (short name). */
  branch: string;
  /** The line's support status today, when lines are known. */
  status: string | null;
  /** Why this target was chosen (`--to 1.2`, `auto: bugfix line`). */
  reason: string;
}

/** How the results of a run become refs. */
export type ResultMode = 'branch' | 'direct';
/** What a conflict does: fail the run, or write a `-conflicts` branch to resolve. */
export type ConflictMode = 'fail' | 'branch';
/** How the origin is recorded: git's `-x` line, or a trailer. */
export interface OriginStyle {
  style: 'x' | 'trailer';
  /** Trailer key for `style: 'trailer'` (`Backport-of`). */
  trailer: string;
}

/** Options of a run that shape the plan. */
export interface BackportOptions {
  mode: ResultMode;
  conflicts: ConflictMode;
  chain: boolean;
  keepGoing: boolean;
  mainline: number | null;
  origin: OriginStyle;
  /** `--force-eol --reason TEXT`: recorded as a trailer on every backport commit. */
  eolReason: string | null;
  /** `--allow-feature --reason`: recorded in the backports of features and breaking changes. */
  featureReason?: string;
}

/** One target of a plan. */
export interface TargetPlan {
  target: BackportTarget;
  /** `refs/heads/<branch>`. */
  baseRef: string;
  /** What `baseRef` held when the plan was made (the expected old value). */
  base: string;
  /** The ref that receives the result: a new backport branch, or `baseRef` with `--direct`. */
  resultRef: string;
  /** `<backport branch>-conflicts`, written with `--conflicts branch`. */
  conflictsRef: string;
  /** With `--chain`: the index of the target whose results this one picks, else `null`. */
  from: number | null;
  /**
   * With `--direct`, when the line's branch was read from a remote-tracking branch (a plain
   * clone has `origin/release-1.2.x` and no local `release-1.2.x`, or a local one behind it):
   * that ref, and the local branch now (`null`: absent). The result then creates the local
   * branch, or fast-forwards it from `local`, in the run's one transaction. Absent otherwise.
   */
  remoteBase?: RemoteBase;
  /**
   * The plan's commits this target's line carries already, as the shared equivalence (the one
   * `trellis missing` asks, src/facts/coverage/presence.ts) found them before picking; they are
   * not picked. Absent when none.
   */
  present?: PresentCommit[];
}

/** How a line carries a commit of the plan already (see {@link TargetPlan.present}). */
export interface PresentCommit {
  /** The plan's commit (full id). */
  commit: string;
  /** `ancestor`: in the line's history; `origin`: a line commit records the same origin; `pull-request`: one names its pull request; `merge`: the line carries the merge that brought it; `patch-id`: a line commit has its patch-id. */
  evidence: Exclude<PresentEvidence, 'empty' | 'backport-branch'>;
  /** The line's commit that carries it. */
  carrier: string;
  /** For `merge`: the merge (on the development branch) that brought the commit. */
  merge?: string;
}

/**
 * How an already-present change was found. Before picking (the shared equivalence): `ancestor`,
 * `origin`, `pull-request`, `merge`, `patch-id`; after a pick that changed nothing: `empty` (or
 * `ancestor`/`patch-id` when a carrier is found then); `backport-branch`: the change is on the
 * target's existing backport branch (a `pending` target), not yet on the line.
 */
export type PresentEvidence = 'ancestor' | 'origin' | 'pull-request' | 'merge' | 'patch-id' | 'empty' | 'backport-branch';

/** Where a line branch was read from when it is not the local branch: see {@link TargetPlan.remoteBase}. */
export interface RemoteBase {
  /** `refs/remotes/origin/release-1.2.x`. */
  ref: string;
  /** The local branch's commit now (an ancestor of the remote tip), or `null` when there is none. */
  local: string | null;
}

/** A whole run: the commits (oldest first) and the targets (for a chain: newest line first). */
export interface BackportPlan {
  commits: SourceCommit[];
  targets: TargetPlan[];
  options: BackportOptions;
}

/** The outcome of carrying one commit to one target. */
export type PickStep =
  | {
      /** The original commit (from {@link BackportPlan.commits}). */
      commit: string;
      /** What was picked: the original, or in a chain the previous line's result. */
      source: string;
      status: 'clean';
      /** The commit written on the target. */
      result: string;
    }
  | {
      commit: string;
      source: string;
      status: 'already-present';
      /** The commit on the target that already carries the change, when it can be named. */
      carrier: string | null;
      /** How the carrier was found (see {@link PresentEvidence}). */
      evidence: PresentEvidence;
      /** For `merge`: the merge that brought the change, which the carrier carries. */
      merge?: string;
    }
  | {
      commit: string;
      source: string;
      status: 'conflict';
      /** The commit the pick was made onto. */
      onto: string;
      /** merge-tree's tree, with conflict markers. */
      tree: string;
      conflicts: ConflictInfo[];
    };

/**
 * The outcome of a target as a whole. `pending`: its backport branch exists already and carries
 * every commit (an earlier run made it; it is not merged yet), so nothing is written.
 */
export type TargetOutcome = 'clean' | 'already-present' | 'pending' | 'conflict' | 'blocked' | 'refused';

/** What happened (or is predicted) for one target. */
export interface TargetResult {
  outcome: TargetOutcome;
  steps: PickStep[];
  /** The last commit of the target's result (its base when nothing new was written). */
  head: string;
  /** Why the target was refused or blocked. */
  reason?: string;
  /** With `--conflicts branch`: the commit holding the markers (on `conflictsRef`). */
  markers?: string;
}
