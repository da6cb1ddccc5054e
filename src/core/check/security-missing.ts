/**
 * `security-missing`: a security fix missing on a line that must have it, as the coverage
 * ledger of `trellis missing` decides (a `missing` cell of a security change; lines whose status
 * `backport.kinds.security` admits). A change committed after the day checked is not counted.
 */
import { quoted, short } from './exception.js';
import { about, remedy, whereMissing } from './missing-text.js';
import type { CheckFacts, RuleFinding } from './types.js';

export function securityMissing(facts: CheckFacts): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const c of facts.missing ?? []) {
    if (c.kind !== 'security' || c.date > facts.date) continue;
    for (const m of c.missing) {
      out.push({
        message: `security fix ${short(c.commit)} ${quoted(c.subject)} is missing ${whereMissing(m)}: ${remedy(c, m)}`,
        ...about(c, m),
      });
    }
  }
  return out;
}
