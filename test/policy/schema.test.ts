import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { PRESETS, ResolvedPolicySchema, loadPolicy, policyJsonSchema, policyJsonSchemaText } from '../../src/core/policy/index.js';
import { validatorFileText } from '../../src/core/policy/codegen.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('the published JSON Schema', () => {
  it('is exactly what `npm run schema` writes (run it after changing src/core/policy/schema.ts)', () => {
    const committed = readFileSync(join(root, 'schema', 'trellis.schema.json'), 'utf8');
    expect(committed).toBe(policyJsonSchemaText());
  });

  it('has a precompiled validator that is exactly what `npm run schema` writes', () => {
    const committed = readFileSync(join(root, 'src', 'core', 'policy', 'validate.generated.ts'), 'utf8');
    expect(committed).toBe(validatorFileText());
  });

  it('is a valid draft-07 schema that ajv compiles in strict mode', () => {
    const ajv = new Ajv({ strict: true, allErrors: true });
    expect(() => ajv.compile(policyJsonSchema())).not.toThrow();
  });

  it('forbids unknown keys in every object (typos are caught)', () => {
    const objects: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}/${i}`));
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (o.type === 'object' && o.additionalProperties !== false) objects.push(path);
      for (const [k, v] of Object.entries(o)) walk(v, `${path}/${k}`);
    };
    walk(policyJsonSchema(), '#');
    expect(objects).toEqual([]);
  });

  it('every loaded policy has the resolved shape (defaults fill every required key)', () => {
    const ajv = new Ajv({ strict: true, allErrors: true });
    const validate = ajv.compile(ResolvedPolicySchema);
    const texts = ['', 'versioning:\n  scheme: pep440\n', ...Object.values(PRESETS).map((p) => p.text)];
    for (const text of texts) {
      const policy = loadPolicy(text);
      expect(validate(policy), JSON.stringify(validate.errors)).toBe(true);
    }
  });
});
