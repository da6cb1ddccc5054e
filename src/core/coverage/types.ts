/**
 * The shapes of backport coverage: a line as a column, a cell, a row, the report (the stable
 * JSON of `trellis missing --json`), and everything the matrix is computed from.
 */
import type { ChangeKind } from '../changes/kind.js';
import type { LineStatus } from '../lines/support.js';
import type { BackportStatus } from '../policy/schema.js';
import type { CommitFacts } from './commit-facts.js';
import type { Equivalence, Via } from './equivalence.js';
import type { CoverageFlow } from './flow.js';
import type { Reach } from './graph.js';

export type CoverageState = 'present' | 'probable' | 'pending' | 'missing' | 'not-needed';
export const COVERAGE_STATES: readonly CoverageState[] = ['present', 'probable', 'pending', 'missing', 'not-needed'];

/** A release line as coverage needs it (the release-lines module provides these). */
export interface CoverageLine {
  /** `0.5`, `3.1`. */
  key: string;
  /** The line's branch (short name). */
  branch: string;
  /**
   * Support status today as the backport rules name it (`backport.kinds`: prerelease, full,
   * bugfix, security), or the line's status when it takes no backports (feature, end-of-life).
   */
  status: BackportStatus | LineStatus;
  /**
   * A commit on the line near where it started (its oldest tag), used to find the fork point
   * when the branch has been merged back into main (then the branch tip is no guide).
   */
  anchor?: string | null;
}

/** One cell of the matrix. */
export interface CellState {
  state: CoverageState;
  /** How it was found (present, probable, pending), else null. */
  via: Via | null;
  /** The target's commit that carries it (or the backport branch's tip), else null. */
  commit: string | null;
  /** Why (not-needed, missing), which merge brought it (present via merge), else null. */
  reason: string | null;
}

/** One row of the matrix. */
export interface ChangeCoverage {
  commit: string;
  subject: string;
  kind: ChangeKind;
  /** Line key (or the development branch's name for fixes made on a line first) → state. */
  states: Record<string, CellState>;
}

/** The result: the stable JSON shape of `trellis missing --json`. */
export interface CoverageReport {
  since: string;
  lines: string[];
  changes: ChangeCoverage[];
}

/** A backport branch named by the policy's template. */
export interface BackportBranch {
  name: string;
  /** Line key from `{line}` (or resolved from `{branch}`). */
  line: string;
  /** `{sha}` (a prefix of the change's id), when the template has it. */
  sha: string | null;
  /** `{pr}`, when the template has it. */
  pr: number | null;
  tip: string;
}

/** An entry of the policy's opt-out file. */
export interface OptOutEntry {
  /** Full or abbreviated commit id. */
  commit: string;
  /** Lines it applies to (empty: all). */
  lines: string[];
  reason: string;
}

/** What the fix named by a `Fixes:` trailer is, as the facts layer resolved it. */
export type FixedCommit =
  | { where: 'range'; oid: string }
  /** Older than the range: every line forked from the range's base contains it. */
  | { where: 'before'; oid: string }
  | { where: 'unknown' };

/** Everything the matrix is computed from. */
export interface CoverageInput {
  /** What `since` means, as shown (`v0.4.0`, `2025-01-01`, a commit id). */
  since: string;
  /** The development branch (short name). */
  mainBranch: string;
  /** Columns, in output order. */
  lines: readonly CoverageLine[];
  /**
   * Reachability with tip 0 = the development branch and tip i+1 = `lines[i]`; other tips may
   * follow (backport branches).
   */
  reach: Reach;
  /** The range's commits and any origins read beyond it. */
  equivalence: Equivalence;
  /** Commits in the range, newest first (the rows are taken from these). */
  commits: Iterable<CommitFacts>;
  /** Which statuses take which kinds (the policy's `backport.kinds`). */
  kinds: Readonly<Record<'feature' | 'bugfix' | 'security', readonly string[]>>;
  optOuts: readonly OptOutEntry[];
  backportBranches: readonly BackportBranch[];
  /** Resolves `Fixes:` ids. */
  fixed(id: string): FixedCommit;
  /** Only these kinds (default: all). */
  kindFilter?: readonly ChangeKind[];
  /** Which way fixes travel (default `main-first`; see flow.ts). */
  flow?: CoverageFlow;
  /**
   * `line-first` only: for each line, the reachability tip of its fork point (where it left the
   * development branch), or -1 when that is outside the range. A line's own commits are those its
   * tip reaches and its fork point does not (a line merged back into main still has them).
   */
  forkTips?: readonly number[];
}
