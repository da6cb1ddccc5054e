import { runCli } from '../../src/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output and the given stdin. */
export async function trellis(
  argv: string[],
  opts: { stdin?: string; cwd?: string; env?: NodeJS.ProcessEnv; now?: string; ask?: (question: string) => Promise<string> } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const now = opts.now ? new Date(opts.now) : new Date();
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    readStdin: async () => opts.stdin ?? '',
    cwd: opts.cwd ?? process.cwd(),
    env: { ...process.env, ...opts.env },
    clock: { now: () => new Date(now) },
    ...(opts.ask ? { ask: opts.ask } : {}),
  });
  return { code, stdout, stderr };
}
