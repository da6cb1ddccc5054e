/**
 * Writes what is generated from the TypeBox schema in src/core/policy/schema.ts (the one source
 * of the policy's types and JSON Schema): schema/trellis.schema.json, published for editors, and
 * src/core/policy/validate.generated.ts, the precompiled validator the loader runs.
 * `npm run schema`; tests fail when a committed file differs from what this writes.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaFileText, validatorFileText } from '../src/core/policy/codegen.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const [file, text] of [
  ['schema/trellis.schema.json', schemaFileText()],
  ['src/core/policy/validate.generated.ts', validatorFileText()],
] as const) {
  writeFileSync(join(root, file), text);
  console.log(`wrote ${file}`);
}
