/**
 * The CLI run in-process (`runCli`), for commands that run other commands (`trellis demo`).
 * main.ts registers it here; a command importing main.ts itself would be an import cycle.
 */
import type { CliIo } from './io.js';

type Runner = (argv: string[], io: CliIo) => Promise<number>;
let runner: Runner | undefined;

export function setInProcessRunner(run: Runner): void {
  runner = run;
}

/** Runs `trellis <argv>` with captured output in `cwd`, with `env` and the clock at `now`. */
export async function runCaptured(
  argv: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; now: Date },
): Promise<{ argv: string[]; code: number; stdout: string; stderr: string }> {
  if (!runner) throw new Error('the CLI runner is not registered (import src/cli/main.js)');
  let stdout = '';
  let stderr = '';
  const code = await runner(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    readStdin: async () => '',
    cwd: opts.cwd,
    env: opts.env,
    clock: { now: () => new Date(opts.now) },
  });
  return { argv, code, stdout, stderr };
}
