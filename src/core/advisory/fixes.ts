/**
 * Which advisories name a commit as their fix: the commit itself, or the commit it was carried
 * from (`(cherry picked from commit …)` or the origin trailer) — a fix backported from line X
 * to line Y is a fix of the same advisory. What the classifier (core/changes/classify.ts, signal
 * `security-advisory`) and the changelog read. Pure.
 */
import type { AdvisoryRecord } from './record.js';
import { publicIdsOf } from './record.js';

/**
 * Fix commit (full id) → the advisories naming it: `ids` (record ids) and `public` (CVE and GHSA
 * ids; the record id when it has neither); and → `introduced`, the commits that introduced what
 * it fixes (the records' `introduced`): to the coverage ledger, what a `Fixes:` trailer says (a
 * line without the introducing commit does not need the fix).
 */
export interface FixIndex {
  ids: Map<string, string[]>;
  public: Map<string, string[]>;
  introduced: Map<string, string[]>;
}

/** What the classifier and the coverage ledger read of the records (see {@link FixIndex}). */
export type AdvisoryFixes = Pick<FixIndex, 'ids' | 'introduced'>;

export function fixIndex(records: readonly AdvisoryRecord[]): FixIndex {
  const ids = new Map<string, string[]>();
  const pub = new Map<string, string[]>();
  const introduced = new Map<string, string[]>();
  const add = (m: Map<string, string[]>, k: string, vs: readonly string[]): void => {
    const list = m.get(k) ?? [];
    for (const v of vs) if (!list.includes(v)) list.push(v);
    m.set(k, list);
  };
  for (const r of records)
    for (const f of r.database_specific.fixes) {
      add(ids, f, [r.id]);
      const pubIds = publicIdsOf(r);
      add(pub, f, pubIds.length > 0 ? pubIds : [r.id]);
      if (r.database_specific.introduced !== undefined) add(introduced, f, [r.database_specific.introduced]);
    }
  return { ids, public: pub, introduced };
}

/** The values for `oid` or any of its origins (full or abbreviated ids), each once. */
export function namingCommit(map: ReadonlyMap<string, readonly string[]>, oid: string, origins: readonly string[]): string[] {
  if (map.size === 0) return [];
  const out = new Set<string>(map.get(oid) ?? []);
  for (const o of origins) {
    const exact = map.get(o);
    if (exact) exact.forEach((v) => out.add(v));
    else if (o.length >= 7 && o.length < 40) for (const [k, vs] of map) if (k.startsWith(o.toLowerCase())) vs.forEach((v) => out.add(v));
  }
  return [...out];
}
