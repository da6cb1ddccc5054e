/**
 * The committed Action bundle is what `npm run build:action` writes from the sources now (an
 * Action runs from the repository as committed), and action.yml names it with a Node runtime the
 * bundle runs on.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACTION_BUNDLE, bundleAction } from '../../scripts/build-action.js';

const root = join(import.meta.dirname, '../..');

describe('dist/action/index.js', () => {
  it('is up to date with the sources (run npm run build:action when this fails)', async () => {
    const committed = await readFile(ACTION_BUNDLE, 'utf8').catch(() => '');
    const fresh = await bundleAction();
    expect(committed === fresh, 'dist/action/index.js is stale: run `npm run build:action` and commit it').toBe(true);
  });

  it('is what action.yml runs, on node20 (the runtime this Node is: the bundle targets node20 and runs on newer Node too)', async () => {
    const action = parse(await readFile(join(root, 'action.yml'), 'utf8')) as { runs: { using: string; main: string } };
    expect(action.runs).toEqual({ using: 'node20', main: 'dist/action/index.js' });
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(20);
  });
});
