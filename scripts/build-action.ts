/**
 * Bundles the GitHub Action (src/action/index.ts) with everything it imports into one file,
 * dist/action/index.js, which is committed (an Action runs from the repository as it is, with no
 * install step). `npm run build:action` writes it; test/github/action-bundle.test.ts rebuilds it
 * in memory and fails when the committed file differs.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ACTION_BUNDLE = join(root, 'dist/action/index.js');

/** The bundle's text. */
export async function bundleAction(): Promise<string> {
  const out = await build({
    absWorkingDir: root,
    entryPoints: ['src/action/index.ts'],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    write: false,
    // node_modules may be a symlink (a shared install): keep the paths esbuild writes in comments
    // the same wherever the repository is, so the committed bundle compares equal
    preserveSymlinks: true,
    // ESM builds first: jsonc-parser's UMD build requires its parts at run time, which a bundle cannot
    mainFields: ['module', 'main'],
    legalComments: 'none',
    // bundled CommonJS dependencies call require() for Node built-ins
    banner: { js: "import { createRequire as __trellisRequire } from 'node:module';\nconst require = __trellisRequire(import.meta.url);" },
    logLevel: 'silent',
  });
  return (out.outputFiles[0] as { text: string }).text;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = await bundleAction();
  await mkdir(dirname(ACTION_BUNDLE), { recursive: true });
  await writeFile(ACTION_BUNDLE, text);
  console.log(`wrote ${ACTION_BUNDLE} (${Math.round(text.length / 1024)} KiB)`);
}
