/**
 * The demo (`trellis demo`, `npm run demo`): Trellis run on the sample repository
 * (app/demo-repository.ts) with a fixed "today", so the output is the same on every run. A front
 * end that drives the CLI: the caller passes how to run one `trellis` command in-process (the
 * CLI's own runner), so this module imports neither the CLI nor the git adapter.
 */
import type { DemoRepo } from '../app/demo-repository.js';

/** The demo's "today": the day after the last commit of the sample history. */
export const DEMO_TODAY = '2026-03-13';

/** What one `trellis` command printed. */
export interface DemoRun {
  argv: string[];
  code: number;
  stdout: string;
  stderr: string;
}

/** One command of the demo with what it printed. */
export interface DemoStep extends DemoRun {
  heading: string;
}

/** Runs `trellis <argv>` in the repository with "today" fixed. */
export type DemoRunner = (repo: DemoRepo, argv: string[], today: string) => Promise<DemoRun>;

/**
 * The demo: `trellis init --preset release-branches`, then status, schedule and merge targets, a
 * backport dry run of the unported security fix and the coverage ledger.
 */
export async function runDemo(repo: DemoRepo, run: DemoRunner, today = DEMO_TODAY): Promise<DemoStep[]> {
  const steps: DemoStep[] = [];
  const step = async (heading: string, argv: string[]) => {
    steps.push({ heading, ...(await run(repo, argv, today)) });
  };
  await step('Adopt the trunk-with-release-branches preset (the Llama Stack-style process)', ['init', '--preset', 'release-branches']);
  await step('Which lines are supported today?', ['status']);
  await step('What comes next? (cadence: major 6-8 months, minor monthly, patch weekly)', ['schedule', '--count', '8']);
  await step('Where does a bug fix go?', ['target', '--kind', 'bugfix']);
  await step('Where does a feature go?', ['target', '--kind', 'feature']);
  await step('A fix meant for 1.0.2 (1.0 is end-of-life)', ['target', '--kind', 'bugfix', '--for', '1.0.2']);
  const cve = repo.commits.cve as string;
  await step(`Carry the CVE fix ${cve.slice(0, 10)} to the lines that need it (dry run)`, ['backport', '--auto', '--dry-run', cve]);
  await step('Which fixes are missing where? (exit 1: a security fix is missing on a maintained line)', ['missing']);
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
