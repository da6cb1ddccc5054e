/**
 * The JSON contract: every command's --json output on the demo validates against its published
 * schema (schema/output/<name>.json, shipped in the package), carries `schemaVersion`, and names
 * commits by full id.
 */
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSON_OUTPUTS, demoOutputs, inferSchema } from '../scripts/output-schemas.js';
import type { DemoRepo } from '../scripts/demo/history.js';

let repo: DemoRepo;
let outputs: Map<string, unknown>;
beforeAll(async () => {
  ({ repo, outputs } = await demoOutputs());
}, 120_000);
afterAll(async () => {
  if (repo) await rm(repo.root, { recursive: true, force: true });
});

const ajv = new Ajv({ allErrors: true, strict: false });
const schemaOf = (name: string): object =>
  JSON.parse(readFileSync(join(import.meta.dirname, '..', 'schema', 'output', `${name}.json`), 'utf8')) as object;

describe('JSON output contract', () => {
  it.each(JSON_OUTPUTS.map((o) => [o.title, o.name] as const))('%s validates against schema/output/%s.json', (_title, name) => {
    const validate = ajv.compile(schemaOf(name));
    const doc = outputs.get(name);
    expect(validate(doc), ajv.errorsText(validate.errors)).toBe(true);
    expect((doc as { schemaVersion: number }).schemaVersion).toBe(1);
  });

  it('a change of shape fails validation (the schemas are not vacuous)', () => {
    const validate = ajv.compile(schemaOf('status'));
    const doc = structuredClone(outputs.get('status')) as { lines: Array<Record<string, unknown>> };
    delete doc.lines[0]!.status;
    expect(validate(doc)).toBe(false);
    expect(validate({ ...doc, asOf: 20260313 })).toBe(false);
  });

  it('names commits by full id (missing since, changes)', () => {
    const doc = outputs.get('missing') as { since: string; changes: Array<{ commit: string }> };
    expect(doc.since).toMatch(/^[0-9a-f]{40}$/);
    for (const c of doc.changes) expect(c.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('names commits by full id in every output (commit, oid, fixCommit, ours, theirs, parents)', () => {
    const keys = new Set(['commit', 'oid', 'fixCommit', 'ours', 'theirs', 'parents', 'since']);
    const ids: string[] = [];
    const walk = (v: unknown, key: string): void => {
      if (typeof v === 'string' && keys.has(key)) ids.push(v);
      else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    for (const doc of outputs.values()) walk(doc, '');
    expect(ids.length).toBeGreaterThan(10);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{40}$/);
  });

  it('every command with --json has a published schema', () => {
    const names = new Set(JSON_OUTPUTS.map((o) => o.name));
    for (const n of ['check', 'advisory-add', 'advisory-fix', 'advisory-list', 'advisory-show', 'advisory-export', 'advisory-sla', 'site'])
      expect(names).toContain(n);
    for (const n of [
      'extension-status',
      'extension-ships',
      'extension-switch',
      'merge-back',
      'version-for-build',
      'backport-push',
      'backport-pr',
    ])
      expect(names).toContain(n);
  });

  it('inferSchema: required keys are those in every sample; null-only values stay open', () => {
    expect(inferSchema([{ a: 1, b: null }, { a: 2 }])).toEqual({
      type: 'object',
      properties: { a: { type: 'integer' }, b: {} },
      required: ['a'],
    });
    expect(inferSchema([[1.5, null]])).toEqual({ type: 'array', items: { type: ['null', 'number'] } });
  });
});
