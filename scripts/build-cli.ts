/**
 * Bundles the command line (src/cli/bin.ts) into dist/cli/bin.js, with the modules that commands
 * load on demand as chunks in dist/cli/chunks/. `npm run build` runs it after tsc.
 *
 * Why: start-up is most of a warm `trellis missing` (about 0.2 s, issue 10's budget is 0.25 s),
 * and Node's ESM loader pays per module: resolving, reading and linking about 400 files cost
 * 70–100 ms of it. A bundle is a few dozen files; the dynamic imports stay dynamic (esbuild
 * splits them into chunks), so a command still loads only what it uses.
 */
import { realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS, buildId, ROOT } from './bundle-options.js';

/** Writes the bundle into `dist` (default: the repository's dist/); returns the files written. */
export async function bundleCli(dist = join(ROOT, 'dist')): Promise<string[]> {
  const outdir = join(dist, 'cli');
  // chunks are named by their content's hash: remove the last build's, or they pile up
  rmSync(join(outdir, 'chunks'), { recursive: true, force: true });
  const out = await build({
    ...BUNDLE_OPTIONS,
    entryPoints: { bin: 'src/cli/bin.ts' },
    splitting: true,
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    define: { ...BUNDLE_OPTIONS.define, __TRELLIS_BUILD__: JSON.stringify(buildId()) },
  });
  return Object.keys(out.metafile.outputs);
}

// Run as a script (also through a symlinked path: npm's bin links, a linked checkout), not imported by a test.
if (process.argv[1] && realpathSync(fileURLToPath(import.meta.url)) === realpathSync(process.argv[1])) {
  const files = await bundleCli(process.argv[2]);
  console.log(`bundled the command line: ${files.length} files in dist/cli`);
}
