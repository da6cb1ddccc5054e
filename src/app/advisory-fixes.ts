/**
 * The advisories naming a commit (or the commit it was carried from) as a fix, for the use cases
 * that classify or list changes (`backport --auto`, `changelog`, release notes): from the
 * records (facts/advisories.ts; a bad record is an error there as everywhere).
 */
import { fixIndex, namingCommit, type AdvisoryFixes } from '../core/advisory/fixes.js';
import { isEmbargoed } from '../core/advisory/record.js';
import { originOf } from '../core/release/changelog.js';
import { readAdvisories } from '../facts/advisories.js';
import type { AppContext } from './context.js';

type Naming = (c: { oid: string; message: string }) => string[];

/**
 * Fix commit (full id) → the ids of the advisories naming it and the commits that introduced
 * what it fixes (every record, embargoed too: tracking is not publishing); undefined without
 * records. What the classifier is given by every use case that classifies changes (`missing`,
 * `check`, `backport --auto`).
 */
export async function advisoryFixMap(ctx: AppContext): Promise<AdvisoryFixes | undefined> {
  const { records } = await readAdvisories(ctx.git, ctx.policy);
  return records.length === 0 ? undefined : fixIndex(records.map((r) => r.record));
}

/** What the records say of a commit: `ids`, the advisories naming it (or its origin) as a fix; `introduced`, the commits that brought what it fixes. */
export type AdvisoryNaming = { ids: Naming; introduced: Naming } | undefined;

/** Commit → the advisories that name it as a fix, and what they say it fixes (every record, embargoed too: tracking is not publishing). */
export async function advisoriesNamingFixes(ctx: AppContext): Promise<AdvisoryNaming> {
  const map = await advisoryFixMap(ctx);
  if (!map) return undefined;
  const trailer = ctx.policy.backport.originTrailer;
  return { ids: naming(map.ids, trailer), introduced: naming(map.introduced, trailer) };
}

/** Commit → the CVE and GHSA ids of the advisories that name it as a fix, leaving out those under embargo on `date` (public outputs). */
export async function publicIdsNamingFixes(ctx: AppContext, date: string): Promise<Naming | undefined> {
  const { records } = await readAdvisories(ctx.git, ctx.policy);
  const disclosed = records.map((r) => r.record).filter((r) => !isEmbargoed(r, date));
  if (disclosed.length === 0) return undefined;
  return naming(fixIndex(disclosed).public, ctx.policy.backport.originTrailer);
}

function naming(map: ReadonlyMap<string, readonly string[]>, originTrailer: string | undefined): Naming {
  return (c) => {
    const origin = originOf(c.message, originTrailer);
    return namingCommit(map, c.oid, origin ? [origin] : []);
  };
}
