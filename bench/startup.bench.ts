/**
 * `npm run bench startup`: how fast the CLI starts, as users run it (`node dist/cli/bin.js`, the
 * compiled package; built first when dist/ is missing). Targets: `trellis --version` within 1.5x
 * of `node -e 0`; `trellis status` on the demo repository within 3x of `node -e 0` plus the time
 * its git processes take (read from git's own trace2 events, GIT_TRACE2_EVENT).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDemoRepo } from '../scripts/demo/history.js';
import { trellisIn, DEMO_TODAY } from '../scripts/demo/run.js';
import { timeIt, type BenchResult } from './run.js';

export const name = 'startup';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist', 'cli', 'bin.js');

function node(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): void {
  execFileSync(process.execPath, args, { stdio: 'ignore', ...opts });
}

/** Milliseconds git's processes ran during one `trellis status` (the sum of their trace2 exit times). */
function gitMs(cwd: string, env: NodeJS.ProcessEnv): number {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-trace-'));
  const trace = join(dir, 'events');
  node([BIN, 'status'], { cwd, env: { ...env, GIT_TRACE2_EVENT: trace } });
  let ms = 0;
  for (const line of readFileSync(trace, 'utf8').split('\n')) {
    if (!line.includes('"event":"exit"')) continue;
    const e = JSON.parse(line) as { t_abs?: number };
    ms += (e.t_abs ?? 0) * 1000;
  }
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

export async function run(): Promise<BenchResult[]> {
  if (!existsSync(BIN)) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const repo = await buildDemoRepo();
  try {
    await trellisIn(repo, ['init', '--preset', 'release-branches'], DEMO_TODAY);
    const env = { ...repo.env, TRELLIS_NOW: `${DEMO_TODAY}T12:00:00Z` };
    const base = await timeIt(() => node(['-e', '0']), 5);
    const version = await timeIt(() => node([BIN, '--version']), 5);
    const help = await timeIt(() => node([BIN, '--help']), 5);
    const status = await timeIt(() => node([BIN, 'status'], { cwd: repo.dir, env }), 5);
    const git = gitMs(repo.dir, env);
    const budget = 3 * (base + git);
    return [
      { label: 'node -e 0', ms: base },
      { label: 'trellis --version', ms: version, note: `target <= 1.5x node -e 0: ${version <= 1.5 * base ? 'met' : 'NOT met'}` },
      { label: 'trellis --help', ms: help },
      {
        label: 'trellis status (demo)',
        ms: status,
        note: `git ${git.toFixed(0)} ms; target <= 3x (node + git) = ${budget.toFixed(0)} ms: ${status <= budget ? 'met' : 'NOT met'}`,
      },
    ];
  } finally {
    rmSync(repo.root, { recursive: true, force: true });
  }
}
