/** The package's own version (one source: package.json, found the same way from src/ and dist/). */
import { createRequire } from 'node:module';

export const TRELLIS_VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
