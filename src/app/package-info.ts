/**
 * The package's own version: package.json, found the same way from src/ and dist/; the bundles
 * (dist/cli/bin.js and its chunks, dist/action/index.js) have it baked in at build time as
 * `__TRELLIS_VERSION__` (scripts/bundle-options.ts), since they do not sit two folders below it.
 */
import { createRequire } from 'node:module';

declare const __TRELLIS_VERSION__: string | undefined;

export const TRELLIS_VERSION: string =
  typeof __TRELLIS_VERSION__ === 'string'
    ? __TRELLIS_VERSION__
    : (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/**
 * Where the policy reference is read: the docs/ folder ships in the package, and the registry's
 * file server gives each published version's files a stable URL.
 */
export const DOCS_URL = `https://unpkg.com/trellis-release@${TRELLIS_VERSION}/docs/`;
export const POLICY_DOCS_URL = `${DOCS_URL}policy.md`;

/** The policy schema as editors find it once the package is installed in the project. */
export const SCHEMA_REF = './node_modules/trellis-release/schema/trellis.schema.json';
