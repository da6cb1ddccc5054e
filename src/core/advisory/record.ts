/**
 * An advisory record: one OSV JSON file per advisory (`.trellis/advisories/<ID>.json`), in the
 * OSV schema's own shape, with Trellis's own fields under `database_specific`. The record holds
 * what a person knows (id, aliases, severity, dates, the introducing and fixing commits);
 * everything about lines (affected, fixed, released) is derived (./derive.ts), never stored.
 */
import { isValidDate } from '../policy/duration.js';
import { parseSeverity, SEVERITY_LEVELS, type CvssType, type Severity, type SeverityLevel } from './severity.js';

/** The OSV schema version Trellis writes. */
export const OSV_SCHEMA_VERSION = '1.6.0';

/** Advisory ids and aliases: `CVE-2026-1234`, `GHSA-xxxx-xxxx-xxxx`, `PROJ-2026-001` (also a file name). */
export const ADVISORY_ID_PATTERN = /^[A-Za-z][A-Za-z0-9]*-[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Trellis's fields, under `database_specific` (snake_case, as OSV writes its own). */
export interface TrellisAdvisoryFields {
  /** The level when no CVSS vector is known (with a vector the level is derived from its score). */
  severity?: SeverityLevel;
  /** The day the vulnerability was reported (`YYYY-MM-DD`): SLAs count from it. */
  reported: string;
  /** The day it was triaged (severity set): the day the record was added, unless given. */
  triaged?: string;
  /** Coordinated disclosure: nothing about the advisory is public before this day. */
  embargo_until?: string;
  /** The commit that introduced the vulnerability (full id); absent: every line is affected. */
  introduced?: string;
  /** The commits that fix it (full ids), on whichever line they were made first. */
  fixes: string[];
}

/** One advisory file. */
export interface AdvisoryRecord {
  schema_version: string;
  id: string;
  /** RFC 3339 instants. */
  modified: string;
  published?: string;
  aliases?: string[];
  summary?: string;
  details?: string;
  severity?: Array<{ type: CvssType; score: string }>;
  database_specific: TrellisAdvisoryFields;
}

/** A problem in a record, at a path inside it (located at file:line:col by the reader). */
export interface RecordProblem {
  path: Array<string | number>;
  message: string;
}

/** The advisory's severity: from its CVSS vector when it has one, else the level written. */
export function severityOf(r: AdvisoryRecord): Severity {
  const vector = r.severity?.[0]?.score;
  const parsed = vector !== undefined ? parseSeverity(vector) : null;
  if (parsed) return parsed;
  return { level: r.database_specific.severity ?? 'medium', vector: null, type: null, score: null };
}

/** True while the advisory is under embargo on `today` (its disclosure date not reached). */
export function isEmbargoed(r: AdvisoryRecord, today: string): boolean {
  const until = r.database_specific.embargo_until;
  return until !== undefined && today < until;
}

/** Every name of the advisory: its id and aliases. */
export function namesOf(r: AdvisoryRecord): string[] {
  return [r.id, ...(r.aliases ?? [])];
}

/** The CVE and GHSA ids among an advisory's names (what changelogs list; the same shapes the classifier reads in messages). */
export function publicIdsOf(r: AdvisoryRecord): string[] {
  return namesOf(r).filter((n) => /^(CVE-\d{4}-\d{4,}|GHSA(-[0-9a-z]{4}){3})$/i.test(n));
}

const OID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * A value a record holds, for a one-line message: a string quoted and cut, a list or an object
 * named, never serialised whole (a record's value may be nested thousands deep or be long).
 */
function shown(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 59)}…` : v);
  if (Array.isArray(v)) return 'a list';
  if (v !== null && typeof v === 'object') return 'an object';
  return String(v);
}
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a parsed record's shape; the problems found (empty when it is a valid record). */
export function recordProblems(value: unknown, fileId: string): RecordProblem[] {
  const out: RecordProblem[] = [];
  const at = (path: Array<string | number>, message: string): void => void out.push({ path, message });
  if (!isObject(value)) return [{ path: [], message: 'an advisory record is a JSON object' }];
  if (typeof value.id !== 'string' || !ADVISORY_ID_PATTERN.test(value.id)) at(['id'], `'id' must be an advisory id like CVE-2026-1234`);
  else if (value.id !== fileId) at(['id'], `the id '${value.id}' does not match the file name '${fileId}.json'`);
  if (typeof value.modified !== 'string') at(['modified'], `'modified' must be an RFC 3339 date-time`);
  if (value.aliases !== undefined) {
    if (!Array.isArray(value.aliases)) at(['aliases'], `'aliases' must be a list of ids`);
    else
      value.aliases.forEach((a, i) =>
        typeof a === 'string' && ADVISORY_ID_PATTERN.test(a) ? null : at(['aliases', i], `not an advisory id: ${shown(a)}`),
      );
  }
  for (const k of ['summary', 'details', 'published'] as const)
    if (value[k] !== undefined && typeof value[k] !== 'string') at([k], `'${k}' must be a string`);
  if (value.severity !== undefined) {
    if (!Array.isArray(value.severity)) at(['severity'], `'severity' must be a list of { type, score }`);
    else
      value.severity.forEach((s, i) => {
        const score = isObject(s) ? s.score : undefined;
        if (typeof score !== 'string' || !parseSeverity(score)?.vector)
          at(['severity', i, 'score'], `unknown severity ${shown(score)}: not a complete CVSS vector`);
      });
  }
  const ds = value.database_specific;
  if (!isObject(ds)) {
    at(['database_specific'], `'database_specific' must hold the reported date and the fixes`);
    return out;
  }
  trellisProblems(ds, value.severity === undefined, at);
  return out;
}

function trellisProblems(ds: Record<string, unknown>, needLevel: boolean, at: (p: Array<string | number>, m: string) => void): void {
  const p = (k: string): Array<string | number> => ['database_specific', k];
  if (ds.severity !== undefined || needLevel) {
    if (typeof ds.severity !== 'string' || !(SEVERITY_LEVELS as readonly string[]).includes(ds.severity))
      at(p('severity'), `unknown severity ${shown(ds.severity)} (write ${SEVERITY_LEVELS.join(', ')}, or a CVSS vector in 'severity')`);
  }
  for (const k of ['reported', 'triaged', 'embargo_until']) {
    const v = ds[k];
    if (v === undefined && k !== 'reported') continue;
    if (typeof v !== 'string' || !isValidDate(v)) at(p(k), `'${k}' must be a date (YYYY-MM-DD)`);
  }
  if (ds.introduced !== undefined && (typeof ds.introduced !== 'string' || !OID.test(ds.introduced)))
    at(p('introduced'), `'introduced' must be a full commit id`);
  if (!Array.isArray(ds.fixes)) at(p('fixes'), `'fixes' must be a list of full commit ids`);
  else
    ds.fixes.forEach((f, i) =>
      typeof f === 'string' && OID.test(f) ? null : at(['database_specific', 'fixes', i], `not a full commit id: ${shown(f)}`),
    );
}

/** What `advisory add` is given, resolved (commits are full ids, dates checked). */
export interface NewAdvisory {
  id: string;
  aliases: string[];
  severity: Severity;
  summary?: string | undefined;
  details?: string | undefined;
  reported: string;
  triaged: string;
  embargoUntil?: string | undefined;
  introduced?: string | undefined;
  fixes: string[];
  /** Now, RFC 3339 (the `modified` stamp). */
  now: string;
}

/** A new record from what is known (the file's content, keys in OSV's order). */
export function newRecord(a: NewAdvisory): AdvisoryRecord {
  const ds: TrellisAdvisoryFields = {
    ...(a.severity.vector === null ? { severity: a.severity.level } : {}),
    reported: a.reported,
    triaged: a.triaged,
    ...(a.embargoUntil !== undefined ? { embargo_until: a.embargoUntil } : {}),
    ...(a.introduced !== undefined ? { introduced: a.introduced } : {}),
    fixes: [...new Set(a.fixes)],
  };
  return {
    schema_version: OSV_SCHEMA_VERSION,
    id: a.id,
    modified: a.now,
    ...(a.aliases.length > 0 ? { aliases: [...new Set(a.aliases)] } : {}),
    ...(a.summary !== undefined ? { summary: a.summary } : {}),
    ...(a.details !== undefined ? { details: a.details } : {}),
    ...(a.severity.vector !== null && a.severity.type !== null ? { severity: [{ type: a.severity.type, score: a.severity.vector }] } : {}),
    database_specific: ds,
  };
}

/** The record with more fixing commits (none twice) and a new `modified` stamp. */
export function withFixes(r: AdvisoryRecord, fixes: readonly string[], now: string): AdvisoryRecord {
  const all = [...new Set([...r.database_specific.fixes, ...fixes])];
  return { ...r, modified: now, database_specific: { ...r.database_specific, fixes: all } };
}

/** The file's text: two-space JSON and a final newline (stable diffs). */
export function recordText(r: AdvisoryRecord): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
