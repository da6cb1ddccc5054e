/**
 * Use case `advisory add`: a new advisory record (`<folder>/<ID>.json`) from what a person knows —
 * id, aliases, severity (CVSS vector or level), the introducing revision or version, the fixing
 * revisions, the report and embargo dates. Writes the FILE in the work tree only (no commit);
 * `dryRun` writes nothing. Every problem (an id already used, an unknown severity or revision,
 * a bad date) is an error before anything is written.
 */
import { ADVISORY_ID_PATTERN, namesOf, newRecord, type AdvisoryRecord } from '../core/advisory/record.js';
import { parseSeverity, SEVERITY_LEVELS } from '../core/advisory/severity.js';
import { TrellisError, usageError } from '../core/errors.js';
import { discoverLines } from '../core/lines/index.js';
import { isValidDate } from '../core/policy/duration.js';
import { readAdvisories, writeAdvisory } from '../facts/advisories.js';
import { readProjectBranches } from '../facts/branches.js';
import type { Git } from '../git/git.js';
import type { AppContext } from './context.js';

export interface AdvisoryAddRequest {
  id: string;
  aliases?: readonly string[] | undefined;
  /** A CVSS vector (2.0 to 4.0) or low, medium, high, critical. */
  severity: string;
  summary?: string | undefined;
  details?: string | undefined;
  /** A revision, or a released version of the project (`0.5.1`): its tag. */
  introduced?: string | undefined;
  fixes?: readonly string[] | undefined;
  /** `YYYY-MM-DD`, default today. */
  reported?: string | undefined;
  embargoUntil?: string | undefined;
  dryRun?: boolean | undefined;
}

export interface AdvisoryWriteResult {
  /** The record's file from the repository's root. */
  file: string;
  record: AdvisoryRecord;
  /** False on a dry run. */
  written: boolean;
}

export async function advisoryAdd(ctx: AppContext, req: AdvisoryAddRequest): Promise<AdvisoryWriteResult> {
  const set = await readAdvisories(ctx.git, ctx.policy);
  if (set.folder === null) throw usageError('advisory records live in the work tree; this repository has none (bare)');
  const aliases = [...(req.aliases ?? [])];
  for (const n of [req.id, ...aliases])
    if (!ADVISORY_ID_PATTERN.test(n))
      throw usageError(`'${n}' is not an advisory id (write e.g. CVE-2026-1234, GHSA-xxxx-xxxx-xxxx, PROJ-2026-1)`);
  const taken = new Map(set.records.flatMap((r) => namesOf(r.record).map((n) => [n.toUpperCase(), r.file] as const)));
  for (const n of [req.id, ...aliases]) {
    const file = taken.get(n.toUpperCase());
    if (file !== undefined) throw new TrellisError('exists', `'${n}' is already an advisory id or alias (${file})`, 2);
  }
  const severity = parseSeverity(req.severity);
  if (!severity) throw usageError(`unknown severity '${req.severity}' (write ${SEVERITY_LEVELS.join(', ')} or a complete CVSS vector)`);
  const reported = checkDate(req.reported ?? ctx.today, '--reported');
  const embargoUntil = req.embargoUntil === undefined ? undefined : checkDate(req.embargoUntil, '--embargo-until');
  const introduced = req.introduced === undefined ? undefined : await resolveIntroduced(ctx, req.introduced);
  const fixes = await resolveRevisions(ctx.git, req.fixes ?? []);
  const record = newRecord({
    id: req.id,
    aliases,
    severity,
    summary: req.summary,
    details: req.details,
    reported,
    triaged: ctx.today,
    embargoUntil,
    introduced,
    fixes,
    now: ctx.clock
      .now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z'),
  });
  const file = `${set.folderName.replace(/\/+$/, '')}/${record.id}.json`;
  if (!req.dryRun) await writeAdvisory(set.folder, record);
  return { file, record, written: !req.dryRun };
}

function checkDate(text: string, what: string): string {
  if (!isValidDate(text)) throw usageError(`invalid ${what} '${text}' (write YYYY-MM-DD)`);
  return text;
}

/** Full commit ids of revisions given by a user (never options: refused when they start with '-'). */
export async function resolveRevisions(git: Git, revs: readonly string[]): Promise<string[]> {
  for (const r of revs) if (r.startsWith('-')) throw usageError(`invalid revision '${r}': a revision cannot start with '-'`);
  const map = await git.revParse(revs, { peel: 'commit' });
  return revs.map((r) => map.get(r) as string);
}

/** A released version of the project (its tag's commit), else a revision. */
async function resolveIntroduced(ctx: AppContext, text: string): Promise<string> {
  const branches = await readProjectBranches(ctx.git, ctx.policy, { remote: ctx.remote });
  const discovery = discoverLines(branches.facts, ctx.policy);
  for (const l of discovery.lines)
    for (const t of [...l.releases, ...l.prereleases]) if (t.version === text && t.commit !== null) return t.commit;
  return (await resolveRevisions(ctx.git, [text]))[0] as string;
}
