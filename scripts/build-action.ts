/**
 * Bundles the GitHub Action (src/action/index.ts) with everything it imports into one file,
 * dist/action/index.js, which is committed (an Action runs from the repository as it is, with no
 * install step). `npm run build:action` writes it; test/github/action-bundle.test.ts rebuilds it
 * in memory and fails when the committed file differs.
 */
import { realpathSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS, ROOT } from './bundle-options.js';

export const ACTION_BUNDLE = join(ROOT, 'dist/action/index.js');

/** The bundle's text. */
export async function bundleAction(): Promise<string> {
  const out = await build({ ...BUNDLE_OPTIONS, entryPoints: ['src/action/index.ts'], write: false });
  return (out.outputFiles[0] as { text: string }).text;
}

// Run as a script (also through a symlinked path: npm's bin links, a linked checkout), not imported by a test.
if (process.argv[1] && realpathSync(fileURLToPath(import.meta.url)) === realpathSync(process.argv[1])) {
  const text = await bundleAction();
  await mkdir(dirname(ACTION_BUNDLE), { recursive: true });
  await writeFile(ACTION_BUNDLE, text);
  console.log(`wrote ${ACTION_BUNDLE} (${Math.round(text.length / 1024)} KiB)`);
}
