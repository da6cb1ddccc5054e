/**
 * What every `advisory` use case starts from: the records (facts/advisories.ts, checked as a
 * whole), today's lines and, per advisory, its derived state on each line (core/advisory/).
 */
import { deriveLine, isOpen, type AdvisoryLine } from '../core/advisory/derive.js';
import { isEmbargoed, severityOf, type AdvisoryRecord } from '../core/advisory/record.js';
import type { Severity } from '../core/advisory/severity.js';
import { TrellisError } from '../core/errors.js';
import { linesToday, type LineToday } from '../core/lines/index.js';
import { advisoryLineFacts } from '../facts/advisory-lines.js';
import { readAdvisories, type AdvisorySet } from '../facts/advisories.js';
import { readLineFacts } from '../facts/repository.js';
import type { AppContext } from './context.js';

/** One advisory with what is derived from git. */
export interface AdvisoryView {
  id: string;
  /** The record's file from the repository's root. */
  file: string;
  record: AdvisoryRecord;
  severity: Severity;
  /** Under embargo on the day asked (never in public outputs unless asked for). */
  embargoed: boolean;
  lines: AdvisoryLine[];
  /** Lines where it is open (affected, fix not released, or end-of-life without a fix). */
  open: string[];
}

export interface AdvisoryWorld {
  set: AdvisorySet;
  lines: LineToday[];
  views: AdvisoryView[];
  warnings: string[];
}

/** Reads the records and derives every advisory's lines on `date` (default today). */
export async function loadAdvisoryWorld(ctx: AppContext, date?: string): Promise<AdvisoryWorld> {
  const day = date ?? ctx.today;
  const set = await readAdvisories(ctx.git, ctx.policy);
  const { discovery } = await readLineFacts(ctx.git, ctx.policy, { remote: ctx.remote });
  const lines = linesToday(discovery, ctx.policy, day);
  const views = await viewsOf(ctx, lines, set.records, day);
  return { set, lines, views, warnings: discovery.warnings };
}

/** The views of records on lines (for `status`, which has its lines already). */
export async function viewsOf(
  ctx: AppContext,
  lines: readonly LineToday[],
  records: ReadonlyArray<{ file: string; record: AdvisoryRecord }>,
  day: string,
): Promise<AdvisoryView[]> {
  const facts = await advisoryLineFacts(
    ctx.git,
    ctx.policy,
    lines,
    records.map((r) => r.record),
  );
  return records.map(({ file, record }) => {
    const derived = (facts.get(record.id) ?? []).map(deriveLine);
    return {
      id: record.id,
      file,
      record,
      severity: severityOf(record),
      embargoed: isEmbargoed(record, day),
      lines: derived,
      open: derived.filter((l) => isOpen(l.state)).map((l) => l.line),
    };
  });
}

/** The view of one advisory by id or alias; `not-found` (exit 2) otherwise. */
export function findView(views: readonly AdvisoryView[], name: string): AdvisoryView {
  const key = name.toUpperCase();
  const v = views.find((x) => x.id.toUpperCase() === key || (x.record.aliases ?? []).some((a) => a.toUpperCase() === key));
  if (!v) {
    const known = views.map((x) => x.id).join(', ') || 'none';
    throw new TrellisError('not-found', `no advisory '${name}' (advisories: ${known})`, 2);
  }
  return v;
}

/** The record file of one advisory by id or alias, without deriving anything (for writers). */
export function findRecord(set: AdvisorySet, name: string): { file: string; record: AdvisoryRecord } {
  const key = name.toUpperCase();
  const r = set.records.find((x) => x.record.id.toUpperCase() === key || (x.record.aliases ?? []).some((a) => a.toUpperCase() === key));
  if (!r) {
    const known = set.records.map((x) => x.record.id).join(', ') || 'none';
    throw new TrellisError('not-found', `no advisory '${name}' (advisories: ${known})`, 2);
  }
  return r;
}
