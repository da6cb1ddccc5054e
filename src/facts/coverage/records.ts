/**
 * Commit facts as records of the commit-facts cache (`.git/trellis/commit-facts`, see
 * cache-files.ts): one line per commit, fields joined by \x1f, lists by \x1e; tabs and newlines
 * in subjects or paths become spaces (subjects are for display; paths only group candidates).
 */
import { createHash } from 'node:crypto';
import type { AdvisoryFixes } from '../../core/advisory/fixes.js';
import type { ChangeKind } from '../../core/changes/kind.js';
import { DEFAULT_CHANGE_RULES } from '../../core/changes/rules.js';
import type { CommitFacts, FactsParams } from '../../core/coverage/commit-facts.js';

/** Version of the commit-facts encoding and parsing rules (part of that cache's key). */
const FACTS_VERSION = 'f4';

/**
 * The commit-facts cache's parameters: the encoding's version and the policy's trailer keys,
 * change rules and advisory fixes (a recorded fix makes a commit a security fix) the facts
 * depend on. Recording an advisory's fix therefore starts that cache afresh once: rare, and the
 * kinds it changes may be anywhere in the history (a fix picked to every line).
 */
export function factsCacheParams(params: FactsParams): string {
  const rules = params.changes?.fingerprint ?? DEFAULT_CHANGE_RULES.fingerprint;
  return createHash('sha256')
    .update(`${FACTS_VERSION}\0${params.originTrailer}\0${params.optOutTrailer}\0${rules}\0${advisoryFixesKey(params.advisoryFixes)}`)
    .digest('hex')
    .slice(0, 16);
}

/** The advisory fixes as a stable text (fix commit → advisory ids and introducing commits, sorted); '' without any. */
export function advisoryFixesKey(fixes: AdvisoryFixes | undefined): string {
  if (!fixes || fixes.ids.size === 0) return '';
  const text = (m: ReadonlyMap<string, readonly string[]>): string =>
    [...m]
      .map(([commit, vs]) => `${commit}=${[...vs].sort().join(',')}`)
      .sort()
      .join(';');
  return `${text(fixes.ids)}|${text(fixes.introduced)}`;
}

const FS = '\x1f';
const LS = '\x1e';
const UNSAFE = new RegExp(`[\\t\\n${LS}${FS}]`, 'g');
const clean = (s: string): string => s.replace(UNSAFE, ' ');
const KINDS: readonly ChangeKind[] = ['feature', 'bugfix', 'security', 'other'];

export function encodeFacts(f: CommitFacts): string {
  return [
    clean(f.subject),
    String(f.parents),
    f.kind,
    f.origins.join(LS),
    f.ownPr === null ? '' : String(f.ownPr),
    f.backportOf.join(LS),
    f.prRefs.join(LS),
    f.reverts.join(LS),
    f.fixes.join(LS),
    f.optOut ? '1' : '0',
    f.backportTargets.map(clean).join(LS),
    (f.pathsKey ?? '').split('\0').map(clean).join(LS),
    f.pathsKey === null ? '0' : '1',
  ].join(FS);
}

/** Shared by every decoded record without a list (most of them). */
const NO_STRINGS: string[] = Object.freeze([]) as unknown as string[];

/** The facts of a record, or null for a record that does not decode (then the commit is read again). */
export function decodeFacts(oid: string, text: string): CommitFacts | null {
  const p = text.split(FS);
  if (p.length !== 13) return null;
  const list = (s: string | undefined): string[] => (s ? s.split(LS) : NO_STRINGS);
  const nums = (s: string | undefined): number[] => list(s).map(Number);
  const kind = p[2] as ChangeKind;
  if (!KINDS.includes(kind)) return null;
  return {
    oid,
    subject: p[0] as string,
    parents: Number(p[1]),
    kind,
    origins: list(p[3]),
    ownPr: p[4] ? Number(p[4]) : null,
    backportOf: nums(p[5]),
    prRefs: nums(p[6]),
    reverts: list(p[7]),
    fixes: list(p[8]),
    optOut: p[9] === '1',
    backportTargets: list(p[10]),
    pathsKey: p[12] === '1' ? list(p[11]).join('\0') : null,
  };
}
