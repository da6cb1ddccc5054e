/**
 * The demo's commands for the scripts and tests: src/demo/run.ts (what `trellis demo` runs) with
 * Trellis run in-process (`runCli`) on the sample repository with a fixed "today".
 */
// Loading the CLI registers its in-process runner (src/cli/in-process.ts).
import '../../src/cli/main.js';
import { runCaptured } from '../../src/cli/in-process.js';
import type { DemoRepo } from '../../src/app/demo-repository.js';
import { DEMO_TODAY, renderDemo, runDemo as runDemoSteps, type DemoRun, type DemoStep } from '../../src/demo/run.js';

export { DEMO_TODAY, renderDemo, type DemoStep };

/** Runs `trellis <argv>` in-process against the demo repository. */
export async function trellisIn(repo: DemoRepo, argv: string[], today: string): Promise<DemoRun> {
  return runCaptured(argv, { cwd: repo.dir, env: repo.env, now: new Date(`${today}T12:00:00Z`) });
}

/** The demo's steps (src/demo/run.ts). */
export function runDemo(repo: DemoRepo, today = DEMO_TODAY): Promise<DemoStep[]> {
  return runDemoSteps(repo, trellisIn, today);
}
