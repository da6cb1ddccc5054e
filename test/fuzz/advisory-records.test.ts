/**
 * Fuzzing the advisory record reader (seeded, a few seconds): random text, mutated JSON and
 * record-shaped JSON with wrong values. Properties: nothing but located problems comes out (no
 * exception), each problem one line at file:line:col inside the file, each call under 2 s;
 * whatever `JSON.parse` refuses is located. Then the same through the real
 * CLI on a real repository (exit 2, one located line on stderr), and files that are no records
 * at all (a FIFO, a huge file, a deep nesting) answered at once.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordProblems } from '../../src/core/advisory/record.js';
import { jsonSyntaxError, MAX_RECORD_BYTES, parseRecordText } from '../../src/core/advisory/record-text.js';
import { trellis } from '../helpers/cli.js';
import { makeRepo, type FixtureRepo } from '../helpers/repo.js';

const SEED = 20261206;
const FILE = '.trellis/advisories/CVE-2026-1.json';
const OID = 'a'.repeat(40);

/** A valid record (as `advisory add` writes it). */
const VALID = {
  schema_version: '1.6.0',
  id: 'CVE-2026-1',
  modified: '2026-02-02T12:00:00Z',
  aliases: ['GHSA-abcd-efgh-jkmn'],
  summary: 'Unbounded token cache',
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
  database_specific: { reported: '2026-02-01', triaged: '2026-02-02', embargo_until: '2026-03-01', introduced: OID, fixes: [OID] },
};

/** Text with JSON's own characters over-represented. */
const text = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: fc.constantFrom(...'{}[]:,"\\ \n\r\t0123456789-+.eEtruefalsn\u0000\u0007\uFEFFu'), maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** Valid JSON with one edit: a character inserted, removed or replaced. */
const mutatedJson = fc
  .tuple(fc.json({ maxDepth: 4 }), fc.nat(), fc.constantFrom('insert', 'remove', 'replace'), fc.string({ minLength: 1, maxLength: 2 }))
  .map(([json, at, how, s]) => {
    const i = json.length === 0 ? 0 : at % json.length;
    if (how === 'insert') return json.slice(0, i) + s + json.slice(i);
    if (how === 'remove') return json.slice(0, i) + json.slice(i + 1);
    return json.slice(0, i) + s + json.slice(i + 1);
  });

/** A record with some fields (top level or Trellis's) replaced by arbitrary JSON values or removed. */
const recordShaped = fc
  .tuple(
    fc.dictionary(fc.constantFrom(...Object.keys(VALID), 'extra'), fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined)), {
      maxKeys: 3,
    }),
    fc.dictionary(
      fc.constantFrom(...Object.keys(VALID.database_specific), 'severity'),
      fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('high', 'nope', '2026-02-30', OID, [OID, 'abc']), fc.constant(undefined)),
      { maxKeys: 3 },
    ),
    fc.boolean(),
  )
  .map(([top, ds, pretty]) => {
    const value = { ...VALID, ...top, database_specific: { ...VALID.database_specific, ...ds } } as Record<string, unknown>;
    if ('database_specific' in top) value.database_specific = top.database_specific;
    return JSON.stringify(value, null, pretty ? 2 : undefined) ?? 'null';
  });

/** Parses; fails on any exception, a problem not on one line or outside the file, or 2 s. */
function located(t: string): void {
  const t0 = performance.now();
  const r = parseRecordText(t, FILE, 'CVE-2026-1');
  expect(performance.now() - t0).toBeLessThan(2000);
  if ('record' in r) {
    expect(recordProblems(r.record, 'CVE-2026-1')).toEqual([]);
    return;
  }
  expect(r.problems.length).toBeGreaterThan(0);
  const lines = t.split('\n').length;
  for (const p of r.problems) {
    expect(p.file).toBe(FILE);
    expect(p.line).toBeGreaterThanOrEqual(1);
    expect(p.line).toBeLessThanOrEqual(lines);
    expect(p.col).toBeGreaterThanOrEqual(1);
    expect(p.message).not.toMatch(/[\r\n]/);
  }
}

describe('advisory records under fuzzing', () => {
  it('whatever JSON.parse refuses is an invalid JSON problem located inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(text, mutatedJson, recordShaped), (t) => {
        let valid = true;
        try {
          JSON.parse(t);
        } catch {
          valid = false;
        }
        if (valid) return;
        expect(jsonSyntaxError(t).offset).toBeLessThanOrEqual(t.length);
        const r = parseRecordText(t, FILE, 'CVE-2026-1');
        expect('problems' in r && r.problems[0]?.message.startsWith('invalid JSON: ')).toBe(true);
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it('random and mutated text: only located problems, one line each, under 2 s', () => {
    fc.assert(fc.property(fc.oneof(text, mutatedJson), located), { seed: SEED, numRuns: 800 });
  });

  it('record-shaped JSON with wrong values: a record that passes every check, or located problems', () => {
    fc.assert(fc.property(recordShaped, located), { seed: SEED, numRuns: 800 });
  });

  it('the valid record is read; an unexpected token is located where it is, on one line (not the excerpt JSON.parse gives)', () => {
    expect(parseRecordText(JSON.stringify(VALID, null, 2), FILE, 'CVE-2026-1')).toHaveProperty('record');
    const r = parseRecordText('{"a":\n\u0007\n', FILE, 'CVE-2026-1');
    expect(r).toEqual({ problems: [{ file: FILE, line: 2, col: 1, path: '', message: 'invalid JSON: InvalidSymbol' }] });
  });

  it('a huge or deeply nested text is answered at once', () => {
    for (const t of [
      '['.repeat(100_000),
      `{"id": "CVE-2026-1", "aliases": ${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
      `{"id": "CVE-2026-1", "summary": "${'x'.repeat(MAX_RECORD_BYTES)}"}`,
      `${'\n'.repeat(100_000)}}`,
    ])
      located(t);
  });
});

describe('advisory records through the CLI (a real repository)', () => {
  let r: FixtureRepo;
  beforeAll(async () => {
    r = await makeRepo();
    await r.commit('chore: init', { files: { 'a.txt': 'a\n', '.trellis.yml': 'branches:\n  release: "release-{major}.{minor}"\n' } });
    // The first in-process run loads the CLI's modules (seconds on a busy machine): not what is timed.
    await trellis(['advisory', 'list', '--repo', r.dir], { env: r.env, cwd: r.dir });
  });

  async function listWith(name: string, content: string | null): Promise<{ code: number; stderr: string }> {
    const dir = join(r.dir, '.trellis/advisories');
    execFileSync('rm', ['-rf', dir]);
    mkdirSync(dir, { recursive: true });
    if (content !== null) writeFileSync(join(dir, name), content);
    else execFileSync('mkfifo', [join(dir, name)]);
    const t0 = performance.now();
    const out = await trellis(['advisory', 'list', '--repo', r.dir], { env: r.env, cwd: r.dir });
    expect(performance.now() - t0).toBeLessThan(2000);
    return out;
  }

  it('bad records: exit 2 and one located line, never a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(text, mutatedJson, recordShaped), async (t) => {
        const out = await listWith('CVE-2026-1.json', t);
        if (out.code === 0) return;
        expect(out.code).toBe(2);
        expect(out.stderr).toMatch(/^trellis: \.trellis\/advisories\/CVE-2026-1\.json:\d+:\d+: [^\n]+\n$/);
      }),
      { seed: SEED, numRuns: 25 },
    );
  });

  it('a FIFO or a file larger than any record is refused at once, located at 1:1', async () => {
    const fifo = await listWith('CVE-2026-1.json', null);
    expect(fifo).toMatchObject({ code: 2, stderr: 'trellis: .trellis/advisories/CVE-2026-1.json:1:1: not a regular file\n' });
    const big = await listWith('CVE-2026-1.json', ' '.repeat(MAX_RECORD_BYTES + 1));
    expect(big.stderr).toBe(
      `trellis: .trellis/advisories/CVE-2026-1.json:1:1: the record is ${MAX_RECORD_BYTES + 1} bytes long; at most ${MAX_RECORD_BYTES}\n`,
    );
  });
});
