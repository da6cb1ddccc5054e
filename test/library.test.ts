/**
 * docs/library.md's example, run as a user would run it: the TypeScript block copied from the page
 * into a file of its own, `trellis-release` pointed at this package's entry, executed with tsx in
 * the demo repository. The page cannot drift from the exports.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoRepo, type DemoRepo } from '../scripts/demo/history.js';
import { DEMO_TODAY, trellisIn } from '../scripts/demo/run.js';

const exec = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
let repo: DemoRepo;
let dir: string;

beforeAll(async () => {
  repo = await buildDemoRepo();
  expect((await trellisIn(repo, ['init', '--preset', 'llama-stack'], DEMO_TODAY)).code).toBe(0);
  dir = await mkdtemp(join(tmpdir(), 'trellis-library-'));
});
afterAll(async () => {
  if (repo) await rm(repo.root, { recursive: true, force: true });
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('docs/library.md', () => {
  it('its example runs against a repository and prints the release lines', async () => {
    const page = await readFile(join(ROOT, 'docs', 'library.md'), 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(page)?.[1];
    expect(block).toContain("from 'trellis-release'");
    const file = join(dir, 'example.mts');
    await writeFile(file, block!.replace("from 'trellis-release'", `from ${JSON.stringify(join(ROOT, 'src', 'index.ts'))}`));
    const { stdout } = await exec(join(ROOT, 'node_modules', '.bin', 'tsx'), [file], {
      cwd: repo.dir,
      env: { ...repo.env, TRELLIS_NOW: DEMO_TODAY },
    });
    expect(stdout.split('\n').slice(0, 4)).toEqual([
      'Release lines of llama-stack on 2026-03-13',
      '1.4    feature      no end set',
      '1.3    prerelease   no end set',
      '1.2    bugfix       no end set',
    ]);
    expect(stdout).toContain('0.1    end-of-life  2024-10-13');
  });
});
