/**
 * `advisory-sla`: an advisory past its service level (`security.sla`), as `trellis advisory sla`
 * computes it (core/advisory/sla.ts, the one SLA computation): one finding per overdue triage and
 * per overdue fix on a line, with how many days overdue and where the fix is missing. Bad
 * advisory records are this rule's findings too, located at file:line:col.
 *
 * - The repository's state: every overdue row; advisories reported before `check.since` are
 *   accepted (a project adopting Trellis with its old records).
 * - A pull request: only the overdue fixes on the pull request's line, and as warnings: the pull
 *   request did not cause the delay and may well be the fix (the SLA is met by a release, which
 *   no pull request is). Whether it carries a fix is said.
 *
 * Embargo: a finding never carries an advisory's summary or details (CI logs and annotations are
 * often public). In the repository's state an advisory under embargo is named by its id, marked
 * "embargoed until D", without its severity; on a pull request (annotations anyone can read) it
 * is left out.
 */
import { slaRows, type SlaRow } from '../advisory/sla.js';
import { namingCommit } from '../advisory/fixes.js';
import { originOf } from '../release/changelog.js';
import { short } from './exception.js';
import type { CheckAdvisory, CheckFacts, RuleFinding } from './types.js';

export function advisorySla(facts: CheckFacts): RuleFinding[] {
  const out: RuleFinding[] = facts.advisoryProblems.map((p) => ({
    message: p.message,
    ...(p.file !== undefined ? { file: p.file } : {}),
    ...(p.line !== undefined ? { fileLine: p.line } : {}),
    ...(p.column !== undefined ? { fileColumn: p.column } : {}),
  }));
  const pr = facts.pr;
  const since = pr ? undefined : facts.policy.check.since;
  const embargoed = (a: CheckAdvisory): boolean => a.embargoUntil !== null && facts.date < a.embargoUntil;
  const judged = (facts.advisories ?? []).filter((a) => (since === undefined || a.reported >= since) && !(pr && embargoed(a)));
  const byId = new Map(judged.map((a) => [a.id, a]));
  const rows = slaRows(
    facts.policy,
    judged.map((a) => ({ id: a.id, severity: a.severity, reported: a.reported, triaged: a.triaged, lines: a.lines })),
    facts.date,
  );
  for (const row of rows) {
    if (row.state !== 'overdue') continue;
    const a = byId.get(row.advisory) as CheckAdvisory;
    if (pr && (row.what !== 'fix' || pr.line === null || row.line !== pr.line.key)) continue;
    const name = embargoed(a) ? `${a.id} (embargoed until ${a.embargoUntil})` : `${a.id} (${a.severity})`;
    const late = `overdue by ${-(row.daysLeft ?? 0)} day(s) (reported ${row.reported}, due ${row.due})`;
    if (row.what === 'triage') {
      out.push({ message: `advisory ${name}: triage is ${late}: record the day it was triaged (database_specific.triaged)` });
      continue;
    }
    const where = fixMissing(a, row);
    const carried = pr ? carriedBy(facts, a) : null;
    out.push({
      message: `advisory ${name}: the fix on line ${row.line} is ${late}: ${where}${carried ? `; this pull request carries it (${short(carried)}): release it once merged` : ''}`,
      line: row.line as string,
      ...(pr ? { warningOnly: true } : {}),
    });
  }
  return out;
}

/** Where the fix is missing on the row's line, and what to do. */
function fixMissing(a: CheckAdvisory, row: SlaRow): string {
  const l = a.lines.find((x) => x.line === row.line);
  const branch = l?.branch ?? `line ${row.line}`;
  if (l?.state === 'fix-not-released' && l.fixCommit !== null)
    return `the fix ${short(l.fixCommit)} is on ${branch} but in no release of the line yet: trellis release ${row.line}`;
  const from = a.lines.find((x) => x.fixCommit !== null)?.fixCommit ?? a.fixes[0];
  if (from === undefined) return `no fix on ${branch}, and the record names none: trellis advisory fix ${a.id} REV`;
  return `no fix on ${branch}: trellis backport ${short(from)} --to ${row.line}`;
}

/** The pull request's commit that carries a fix of the advisory (itself, or picked from one), if any. */
function carriedBy(facts: CheckFacts, a: CheckAdvisory): string | null {
  if (a.fixes.length === 0) return null;
  const map = new Map(a.fixes.map((f) => [f, [a.id]]));
  for (const c of facts.pr?.commits ?? []) {
    const origin = originOf(c.message, facts.policy.backport.originTrailer);
    if (namingCommit(map, c.oid, origin ? [origin] : []).length > 0) return c.oid;
  }
  return null;
}
