/**
 * `backport-overdue`: a backport the coverage ledger says is missing (a bug fix, or a feature
 * where `backport.kinds.feature` admits one) whose change is older than the policy's grace
 * period (`check.backportGrace`, default 2 weeks). Security fixes are `security-missing`'s,
 * whatever their age.
 */
import { addDuration, compareDates, duration } from '../policy/duration.js';
import { quoted, short } from './exception.js';
import { about, remedy, whereMissing } from './missing-text.js';
import type { CheckFacts, RuleFinding } from './types.js';

export function backportOverdue(facts: CheckFacts): RuleFinding[] {
  const grace = duration(facts.policy.check.backportGrace);
  const out: RuleFinding[] = [];
  for (const c of facts.missing ?? []) {
    if (c.kind === 'security' || c.date > facts.date) continue;
    const due = addDuration(c.date, grace);
    if (compareDates(due, facts.date) >= 0) continue;
    for (const m of c.missing) {
      out.push({
        message: `${c.kind} ${short(c.commit)} ${quoted(c.subject)} (${c.date}) is missing ${whereMissing(m)} past the ${facts.policy.check.backportGrace} grace (due ${due}): ${remedy(c, m)}`,
        ...about(c, m),
      });
    }
  }
  return out;
}
