/**
 * Reads never write: every read-only command (and every `--dry-run`) leaves `.git` exactly as it
 * was outside `.git/trellis/` (Trellis's own caches): the index keeps its bytes and its mtime even
 * when the work tree's stat information is stale (which makes `git status` or `git describe
 * --dirty` want to refresh it), refs, HEAD, config and logs are unchanged, and no object is added.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoRepo } from '../../scripts/demo/history.js';
import { DEMO_TODAY, trellisIn } from '../../scripts/demo/run.js';
import { demoWithPreset } from '../helpers/demo.js';

let repo: DemoRepo;

/** Every file under `.git` except Trellis's own folder: path → size, mtime and content hash. */
async function snapshotGitDir(gitDir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      const rel = relative(gitDir, p);
      if (rel === 'trellis') continue;
      if (e.isDirectory()) await walk(p);
      else {
        const st = await stat(p);
        const hash = createHash('sha1')
          .update(await readFile(p))
          .digest('hex');
        out.set(rel, `${st.size} ${st.mtimeMs} ${hash}`);
      }
    }
  };
  await walk(gitDir);
  return out;
}

const READ_ONLY: string[][] = [
  ['policy', 'check'],
  ['status'],
  ['status', '--json'],
  ['schedule', '--count', '3'],
  ['target', '--kind', 'bugfix'],
  ['missing'],
  ['missing', '--all', '--json'],
  ['missing', '--explain', 'HEAD'],
  ['changelog', '--line', '1.2'],
  ['checklist', '1.3.0'],
  ['version', 'describe'],
  ['version', 'describe', '--json'],
  ['version', 'next', '--line', '1.2'],
  ['backport', '--auto', '--dry-run', 'HEAD'],
  ['backport', 'HEAD', '--to', '1.2', '--dry-run'],
  ['release', '1.2', '--dry-run'],
  ['release', '1.3', '--dry-run'],
  ['branch', 'cut', '--dry-run'],
];

beforeAll(async () => {
  repo = await demoWithPreset();
  // A dirty, stale-stat work tree: a tracked file rewritten with its own content (new mtime,
  // same bytes, so git must re-read it to know), a modified file, and an untracked one.
  const tracked = (await readdir(repo.dir)).filter((f) => f.endsWith('.md') || f.endsWith('.toml'));
  for (const f of tracked.slice(0, 1)) {
    const p = join(repo.dir, f);
    await writeFile(p, await readFile(p));
    const later = new Date(Date.now() + 5000);
    await utimes(p, later, later);
  }
  await writeFile(join(repo.dir, 'untracked.txt'), 'scratch\n');
}, 60_000);
afterAll(async () => {
  if (repo) await rm(repo.root, { recursive: true, force: true });
});

describe('read-only commands leave .git unchanged outside .git/trellis/', () => {
  it.each(READ_ONLY.map((argv) => [argv.join(' '), argv]))('trellis %s', async (_name, argv) => {
    const gitDir = join(repo.dir, '.git');
    const before = await snapshotGitDir(gitDir);
    const r = await trellisIn(repo, argv as string[], DEMO_TODAY);
    expect(r.code, r.stderr).toBeLessThan(70);
    const after = await snapshotGitDir(gitDir);
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
    expect(changed).toEqual([]);
  });
});
