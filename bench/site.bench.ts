/**
 * `trellis site` on the status benchmark's repository (50 release lines, 1,000 tags; issue 14:
 * under 1 s in-process), with the pages, feeds and API files written to a temporary directory.
 * Cold: without the answers kept under `.git/trellis/` (line history, coverage facts); warm:
 * with them, as a CI job that restores them or a second run has them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli/main.js';
import { hermeticEnv } from '../test/helpers/repo.js';
import { timeIt, type BenchResult } from './run.js';
import { AS_OF, HOME, repository } from './status.bench.js';

export const name = 'site';

async function measure(tags: number, cold: boolean): Promise<BenchResult> {
  const dir = await repository(tags);
  const out = mkdtempSync(join(tmpdir(), 'trellis-bench-site-'));
  let stdout = '';
  const io = {
    stdout: { write: (s: string) => (stdout = s) },
    stderr: { write: () => undefined },
    readStdin: async () => '',
    cwd: process.cwd(),
    env: hermeticEnv(HOME),
    clock: { now: () => new Date(`${AS_OF}T12:00:00Z`) },
  };
  let code = 0;
  const forget = () => (cold ? rmSync(join(dir, '.git', 'trellis'), { recursive: true, force: true }) : undefined);
  const ms = await timeIt(async () => {
    forget();
    code = await runCli(['site', '--repo', dir, '--out', out, '--date', AS_OF, '--json'], io);
  });
  rmSync(out, { recursive: true, force: true });
  if (code !== 0) throw new Error(`trellis site exited ${code}`);
  const files = (JSON.parse(stdout) as { files: unknown[] }).files.length;
  return { label: `trellis site, 50 lines, ${tags} tags, ${cold ? 'cold' : 'warm'}`, ms, note: `${files} files; target < 1000 ms` };
}

export async function run(): Promise<BenchResult[]> {
  return [await measure(1000, true), await measure(1000, false)];
}
