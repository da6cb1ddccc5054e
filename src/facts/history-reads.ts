/**
 * Line discovery's history answers from small reads (see core/lines/history-plan.ts): after the
 * `git log --first-parent` of the tips (git/first-parent-log.ts), one `git log` of each line's
 * own commits above its fork candidate, then one of each counted range those do not hold, the
 * processes of each step run together. On duckdb these read about 7,500 commits where the one
 * walk of the lines' history reads 40,000.
 */
import { answerPlan, type CommitGraph, type HistoryPlan, type LineHistory } from '../core/lines/index.js';
import { readCommitGraph, type Git } from '../git/index.js';

/**
 * The planned answers of `plan` from its first-parent `chains` (see git/first-parent-log.ts), or
 * null when a fork candidate is missing (then the caller walks the history as before). A
 * question the plan did not foresee throws `HistoryCut` when asked.
 */
export function plannedAnswers(git: Git, plan: HistoryPlan, chains: CommitGraph): Promise<LineHistory | null> {
  return answerPlan(plan, chains, (tip, exclude) => readCommitGraph(git, [tip], [exclude], { dates: false }));
}
