/** Checks for exported OSV documents: the schema (osv-schema/, see its README) and every derived range against git. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';
import type { AdvisoryRepo } from './fixture.js';

// The fixture schema, and the official `validation/schema.json` too when TRELLIS_OSV_SCHEMA names a copy of it.
const schemaFiles = [
  join(import.meta.dirname, 'osv-schema', 'schema.json'),
  ...(process.env.TRELLIS_OSV_SCHEMA ? [process.env.TRELLIS_OSV_SCHEMA] : []),
];
const validators = schemaFiles.map((file) => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  return ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object);
});

export interface OsvDoc {
  id: string;
  aliases?: string[];
  affected: Array<{
    ranges: Array<{ type: string; repo?: string; events: Array<Record<string, string>> }>;
    versions: string[];
    database_specific: { line: string; branch: string | null; state: string };
  }>;
}

/** Fails unless the document is valid OSV. */
export function expectValidOsv(doc: unknown): void {
  for (const validate of validators) {
    const ok = validate(doc);
    expect(ok ? [] : validate.errors, JSON.stringify(doc)).toEqual([]);
  }
}

/**
 * Every range of the document checked with `git merge-base --is-ancestor`: the introducing
 * commit is in every fixed commit's history; each line whose range is fixed has the fix in its
 * tip and in the tag of the fixed version, not in the versions listed as affected; every
 * affected version's tag has the introducing commit.
 */
export async function expectRangesHold(a: AdvisoryRepo, doc: OsvDoc, tagOf: (version: string) => string = (v) => v): Promise<void> {
  const { r } = a.s;
  for (const entry of doc.affected) {
    const tip = await r.rev(entry.database_specific.branch as string);
    const git = entry.ranges.find((x) => x.type === 'GIT');
    const introduced = git?.events.find((e) => e.introduced)?.introduced;
    const fixed = (git?.events ?? []).flatMap((e) => (e.fixed ? [e.fixed] : []));
    if (introduced && introduced !== '0') {
      for (const f of fixed) expect(a.isAncestor(introduced, f), `introduced ${introduced} before fixed ${f}`).toBe(true);
      expect(a.isAncestor(introduced, tip), `line ${entry.database_specific.line} contains introduced`).toBe(true);
    }
    const onLine = fixed.filter((f) => a.isAncestor(f, tip));
    const isFixed = entry.database_specific.state === 'fixed' || entry.database_specific.state === 'fix-not-released';
    expect(onLine.length > 0, `line ${entry.database_specific.line} (${entry.database_specific.state}) has a fixed commit`).toBe(isFixed);
    const versions = entry.ranges.find((x) => x.type !== 'GIT');
    const fixedVersion = versions?.events.find((e) => e.fixed)?.fixed;
    if (fixedVersion) {
      const tagCommit = await r.rev(`${tagOf(fixedVersion)}^{commit}`);
      expect(
        onLine.some((f) => a.isAncestor(f, tagCommit)),
        `${fixedVersion} contains the fix`,
      ).toBe(true);
    }
    for (const v of entry.versions) {
      const tagCommit = await r.rev(`${tagOf(v)}^{commit}`);
      if (introduced && introduced !== '0') expect(a.isAncestor(introduced, tagCommit), `${v} contains introduced`).toBe(true);
      for (const f of fixed) expect(a.isAncestor(f, tagCommit), `${v} lacks the fix ${f}`).toBe(false);
    }
  }
}

/** `trellis advisory export` (OSV) on `day`: every document valid OSV with every range true in git. */
export async function exportedOsv(a: AdvisoryRepo, day: string): Promise<OsvDoc[]> {
  const docs = JSON.parse(await a.s.ok(day, 'advisory', 'export')) as OsvDoc[];
  for (const doc of docs) {
    expectValidOsv(doc);
    await expectRangesHold(a, doc);
  }
  return docs;
}
