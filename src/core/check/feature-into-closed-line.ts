/**
 * `feature-into-closed-line`: a feature merged into a line whose status takes no features
 * (`backport.kinds.feature`), or into a Goose-style branch in feature freeze ("features for
 * vx.<y+1>.0 are no longer allowed"). The answer is the merge-target advice `trellis target`
 * gives (core/lines/target.ts) for a feature meant for that line on the day: when it is not
 * allowed, the finding names the branch to use instead.
 *
 * For a pull request: its feature commits (or the whole pull request with `--kind feature`)
 * going into base's line, on the check's date. Without one: every feature commit on the own
 * history of a release line that is not end-of-life on the check's date, judged on the day it
 * was committed.
 */
import { linesToday, type LineToday } from '../lines/today.js';
import { mergeTarget, type TargetAdvice } from '../lines/target.js';
import { quoted, short } from './exception.js';
import type { CheckCommit, CheckFacts, RuleFinding } from './types.js';

export function featureIntoClosedLine(facts: CheckFacts): RuleFinding[] {
  if (facts.pr) return pullRequest(facts);
  const out: RuleFinding[] = [];
  const byDate = new Map<string, LineToday[]>();
  for (const lc of facts.lineCommits ?? []) {
    if (facts.lines.find((l) => l.key === lc.line)?.status === 'end-of-life') continue;
    for (const c of lc.commits) {
      if (c.kind !== 'feature' || c.date > facts.date) continue;
      let lines = byDate.get(c.date);
      if (!lines) byDate.set(c.date, (lines = linesToday(facts.discovery, facts.policy, c.date)));
      const line = lines.find((l) => l.key === lc.line);
      if (!line || line.kind !== 'release') continue;
      const advice = adviceFor(facts, lines, line.key, c.date);
      if (!advice.allowed) out.push(finding(c, lc.branch, line.key, advice, 'was merged into'));
    }
  }
  return out;
}

function pullRequest(facts: CheckFacts): RuleFinding[] {
  const pr = facts.pr!;
  const line = pr.line;
  if (!line || line.kind !== 'release') return [];
  const features = pr.commits.filter((c) => c.kind === 'feature');
  if (features.length === 0) return [];
  const advice = adviceFor(facts, facts.lines, line.key, facts.date);
  if (advice.allowed) return [];
  return features.map((c) => finding(c, pr.base, line.key, advice, 'goes to'));
}

function adviceFor(facts: CheckFacts, lines: readonly LineToday[], key: string, date: string): TargetAdvice {
  return mergeTarget({
    policy: facts.policy,
    lines,
    developmentBranch: facts.discovery.developmentBranch,
    branches: facts.branches,
    kind: 'feature',
    forVersion: key,
    date,
  });
}

function finding(c: CheckCommit, branch: string, line: string, advice: TargetAdvice, verb: string): RuleFinding {
  const instead = advice.branch !== branch ? `; use ${advice.branch} instead` : '';
  return {
    message: `feature ${short(c.oid)} ${quoted(c.subject)} ${verb} ${branch} (line ${line}), which takes no features: ${advice.reason}${instead}`,
    line,
    commit: c.oid,
  };
}
