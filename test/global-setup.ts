/**
 * One temporary folder per test run: every test process inherits `TMPDIR` pointing into it, so
 * whatever a test (or a process it starts: git, the CLI, Chromium) leaves in the temporary
 * folder is removed when the run ends, even when a worker is stopped before its own clean-up
 * runs (vitest ends its forks without their `exit` handlers, and fixtures made in `beforeAll`
 * rely on them).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function setup(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'trellis-tests-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return async () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    if (!process.env.TRELLIS_KEEP_TMP) await rm(dir, { recursive: true, force: true });
  };
}
