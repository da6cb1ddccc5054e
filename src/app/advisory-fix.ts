/**
 * Use case `advisory fix ID REV…`: records more fixing commits of an advisory (a fix made on
 * another line, a follow-up). Writes the record's FILE only; `dryRun` writes nothing. Which
 * lines are fixed is derived, not written: a fix backported later is found by `advisory show`.
 */
import { withFixes } from '../core/advisory/record.js';
import { usageError } from '../core/errors.js';
import { readAdvisories, writeAdvisory } from '../facts/advisories.js';
import { resolveRevisions, type AdvisoryWriteResult } from './advisory-add.js';
import { findRecord } from './advisory-shared.js';
import type { AppContext } from './context.js';

export interface AdvisoryFixRequest {
  id: string;
  fixes: readonly string[];
  dryRun?: boolean | undefined;
}

export async function advisoryFix(ctx: AppContext, req: AdvisoryFixRequest): Promise<AdvisoryWriteResult> {
  if (req.fixes.length === 0) throw usageError('name at least one fixing revision');
  const set = await readAdvisories(ctx.git, ctx.policy);
  const { file, record } = findRecord(set, req.id);
  const fixes = await resolveRevisions(ctx.git, req.fixes);
  const next = withFixes(
    record,
    fixes,
    ctx.clock
      .now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z'),
  );
  if (!req.dryRun && set.folder !== null) await writeAdvisory(set.folder, next);
  return { file, record: next, written: !req.dryRun };
}
