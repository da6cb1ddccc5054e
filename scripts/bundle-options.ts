/**
 * What the two bundles (the GitHub Action's and the command line's) share: esbuild for Node 20,
 * ESM, every dependency inside, and the package's version baked in (a bundle does not sit where
 * src/app/package-info.ts would find package.json at run time).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * The build's identity: a hash of the sources and the lockfile. Caches that keep what this code
 * computed (the checked policy, `missing`'s output) are keyed by it as well as by the version,
 * so a build of changed sources under the same version never reuses another build's answers.
 * Baked into the command line's bundle (`__TRELLIS_BUILD__`, scripts/build-cli.ts); not into the
 * committed Action bundle, which would then change with every source file, and whose runs are
 * on fresh checkouts.
 */
export function buildId(): string {
  const h = createHash('sha256');
  const files = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).sort();
  for (const f of files) {
    if (!f.endsWith('.ts')) continue;
    h.update(`${f}\0`)
      .update(readFileSync(join(ROOT, 'src', f)))
      .update('\0');
  }
  h.update(readFileSync(join(ROOT, 'package-lock.json')));
  return h.digest('hex').slice(0, 16);
}

export const BUNDLE_OPTIONS: BuildOptions = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // node_modules may be a symlink (a shared install): keep the paths esbuild writes in comments
  // the same wherever the repository is, so a committed bundle compares equal
  preserveSymlinks: true,
  // ESM builds first: jsonc-parser's UMD build requires its parts at run time, which a bundle cannot
  mainFields: ['module', 'main'],
  legalComments: 'none',
  define: { __TRELLIS_VERSION__: JSON.stringify(version) },
  // bundled CommonJS dependencies call require() for Node built-ins
  banner: { js: "import { createRequire as __trellisRequire } from 'node:module';\nconst require = __trellisRequire(import.meta.url);" },
  logLevel: 'silent',
};
