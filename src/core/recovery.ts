/**
 * What the recovery before a writing command found and did (src/apply/journal.ts): the
 * `recovered` field of the `--json` output of `release`, `branch cut`, `hotfix`, `backport`
 * (and `--continue` / `--abort`) and `merge-back`, absent when there was nothing to recover.
 * The text output says the same on stderr, one `trellis: …` line per action. Pure data.
 */

/** One step recovery took, with the line it said on stderr. */
export interface RecoveryAction {
  /**
   * `removed-temporary-folders`: `.git/trellis/tmp/` folders of dead runs; `removed-foreign-journal`:
   * a journal that was not Trellis's; `removed-lock`: a git `.lock` file of the killed transaction;
   * `no-change`: the killed run had moved no ref (its journal removed); `rolled-forward`: git was
   * killed mid-commit, the rest of the refs moved now; `updated-worktree`: a worktree left at the
   * old commit brought along; `worktree-left`: one that could not be, with the command to run.
   */
  action:
    | 'removed-temporary-folders'
    | 'removed-foreign-journal'
    | 'removed-lock'
    | 'no-change'
    | 'rolled-forward'
    | 'updated-worktree'
    | 'worktree-left';
  /** What it concerns: folders, lock files, refs or a worktree's path. */
  targets: string[];
  /** The line said on stderr (without the `trellis: ` prefix). */
  message: string;
}

/** The killed run whose journal recovery found. */
export interface KilledRun {
  /** `release`, `branch cut`, `hotfix`, `backport` or `merge-back`. */
  command: string;
  /** Its reflog message (`trellis: release 0.4.5`). */
  message: string;
  pid: number;
  /** When it started its ref transaction (ISO). */
  started: string;
}

/** What recovery found and did. */
export interface RecoveryReport {
  /** The killed run whose journal was found; null when only leftovers (temporary folders) were. */
  run: KilledRun | null;
  /**
   * What had become of its ref transaction: `none` (no ref had moved: nothing to finish),
   * `complete` (it had happened: what was left after it was finished), `partial` (some refs only:
   * the others moved now); null without a journal.
   */
  transaction: 'none' | 'complete' | 'partial' | null;
  actions: RecoveryAction[];
}

/** A use case's result that may carry what the recovery before it did. */
export interface Recoverable {
  recovered?: RecoveryReport;
}
