/**
 * Writes schema/trellis.schema.json from the TypeBox schema in src/core/policy/schema.ts (the one
 * source of the policy's types and JSON Schema). `npm run schema`; a test fails when the committed
 * file differs from what this writes.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { policyJsonSchemaText } from '../src/core/policy/schema.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'schema', 'trellis.schema.json');
writeFileSync(out, policyJsonSchemaText());
console.log(`wrote ${out}`);
