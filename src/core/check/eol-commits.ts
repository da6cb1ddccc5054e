/**
 * `eol-commits`: Lightspeed-style LTS says "no further patches are applied after EOL except by
 * exception and with explicit approval". A commit on an end-of-life line dated after the line's
 * end of life (or, for a pull request, any commit going into such a line) is a finding unless
 * its message records the exception: `Trellis-Exception: <reason>` and `Approved-by: <who>`
 * (the trailer names are `check.exceptionTrailer` and `check.approvalTrailer`).
 */
import type { LineToday } from '../lines/today.js';
import { compareDates } from '../policy/duration.js';
import { quoted, recordedException, short } from './exception.js';
import type { CheckCommit, CheckFacts, RuleFinding } from './types.js';

export function eolCommits(facts: CheckFacts): RuleFinding[] {
  const out: RuleFinding[] = [];
  const { policy } = facts;
  const how = `record ${policy.check.exceptionTrailer}: <reason> and ${policy.check.approvalTrailer}: <who> trailers, or drop it`;
  const report = (line: LineToday, branch: string, c: CheckCommit, verb: string) => {
    if (recordedException(policy, c.message)) return;
    const since = line.endOfLife ? ` since ${line.endOfLife}` : '';
    out.push({
      message: `${short(c.oid)} ${quoted(c.subject)} ${verb} ${branch}, line ${line.key} is end-of-life${since}: ${how}`,
      line: line.key,
      commit: c.oid,
    });
  };
  if (facts.pr) {
    const line = facts.pr.line;
    if (line && line.kind === 'release' && line.status === 'end-of-life') {
      for (const c of facts.pr.commits) report(line, facts.pr.base, c, 'goes to');
    }
    return out;
  }
  for (const lc of facts.lineCommits ?? []) {
    const line = facts.lines.find((l) => l.key === lc.line);
    if (!line || line.status !== 'end-of-life' || line.endOfLife === null) continue;
    const end = line.endOfLife;
    for (const c of lc.commits) {
      if (compareDates(c.date, end) > 0 && compareDates(c.date, facts.date) <= 0) report(line, lc.branch, c, 'was committed on');
    }
  }
  return out;
}
