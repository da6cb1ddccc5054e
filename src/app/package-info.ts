/**
 * The package's own version: package.json, found the same way from src/ and dist/; the bundles
 * (dist/cli/bin.js and its chunks, dist/action/index.js) have it baked in at build time as
 * `__TRELLIS_VERSION__` (scripts/bundle-options.ts), since they do not sit two folders below it.
 */
import { createRequire } from 'node:module';

declare const __TRELLIS_VERSION__: string | undefined;
declare const __TRELLIS_BUILD__: string | undefined;

export const TRELLIS_VERSION: string =
  typeof __TRELLIS_VERSION__ === 'string'
    ? __TRELLIS_VERSION__
    : (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/**
 * Which build of that version this is: a hash of the sources, baked into the command line's
 * bundle; empty when run from the sources, tsc's output or the Action. Part of the keys of the caches
 * that keep computed answers (the checked policy, `missing`'s output).
 */
export const TRELLIS_BUILD: string = typeof __TRELLIS_BUILD__ === 'string' ? __TRELLIS_BUILD__ : '';

/**
 * Where the policy reference is read: the docs/ folder ships in the package, and the registry's
 * file server gives each published version's files a stable URL.
 */
export const DOCS_URL = `https://unpkg.com/trellis-release@${TRELLIS_VERSION}/docs/`;
export const POLICY_DOCS_URL = `${DOCS_URL}policy.md`;

/** The policy schema as editors find it once the package is installed in the project. */
export const SCHEMA_REF = './node_modules/trellis-release/schema/trellis.schema.json';
