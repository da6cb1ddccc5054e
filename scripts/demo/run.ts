/**
 * The demo's commands: Trellis run in-process (`runCli`) on the sample repository with a fixed
 * "today", so the output is the same on every run. Used by `npm run demo` and test/demo.test.ts.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import type { DemoRepo } from './history.js';

/** The demo's "today": the day after the last commit of the sample history. */
export const DEMO_TODAY = '2026-03-13';

/** One command of the demo with what it printed. */
export interface DemoStep {
  heading: string;
  argv: string[];
  code: number;
  stdout: string;
  stderr: string;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Runs `trellis <argv>` in-process against the demo repository. */
export async function trellisIn(repo: DemoRepo, argv: string[], today: string): Promise<Omit<DemoStep, 'heading'>> {
  let stdout = '';
  let stderr = '';
  const now = new Date(`${today}T12:00:00Z`);
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    readStdin: async () => '',
    cwd: repo.dir,
    env: repo.env,
    clock: { now: () => new Date(now) },
  });
  return { argv, code, stdout, stderr };
}

/**
 * The demo: `trellis init --preset release-branches`, then status, schedule and merge targets, and
 * (when those commands exist in this build) a backport dry run of the unported security fix
 * and the coverage ledger.
 */
export async function runDemo(repo: DemoRepo, today = DEMO_TODAY): Promise<DemoStep[]> {
  const steps: DemoStep[] = [];
  const step = async (heading: string, argv: string[]) => {
    const r = await trellisIn(repo, argv, today);
    steps.push({ heading, ...r });
    return r;
  };
  await step('Adopt the trunk-with-release-branches preset (the Llama Stack-style process)', ['init', '--preset', 'release-branches']);
  await step('Which lines are supported today?', ['status']);
  await step('What comes next? (cadence: major 6-8 months, minor monthly, patch weekly)', ['schedule', '--count', '8']);
  await step('Where does a bug fix go?', ['target', '--kind', 'bugfix']);
  await step('Where does a feature go?', ['target', '--kind', 'feature']);
  await step('A fix meant for 1.0.2 (1.0 is end-of-life)', ['target', '--kind', 'bugfix', '--for', '1.0.2']);
  const src = join(import.meta.dirname, '..', '..', 'src', 'cli', 'commands');
  if (await exists(join(src, 'backport.ts'))) {
    await step(`Carry the CVE fix ${repo.commits.cve!.slice(0, 10)} to the lines that need it (dry run)`, [
      'backport',
      '--auto',
      '--dry-run',
      repo.commits.cve!,
    ]);
  }
  if (await exists(join(src, 'missing.ts'))) {
    await step('Which fixes are missing where? (exit 1: a security fix is missing on a maintained line)', ['missing']);
  }
  return steps;
}

/** The steps as the demo prints them. */
export function renderDemo(steps: readonly DemoStep[]): string {
  const out: string[] = [];
  for (const s of steps) {
    out.push(`── ${s.heading}`, `$ trellis ${s.argv.map((a) => (/^[\w./:@=-]+$/.test(a) ? a : `'${a}'`)).join(' ')}`);
    out.push((s.stdout + s.stderr).replace(/\n+$/, ''));
    if (s.code !== 0) out.push(`(exit ${s.code})`);
    out.push('');
  }
  return out.join('\n');
}
