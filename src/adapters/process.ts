/**
 * Running a command of the policy (git-flow's `flow.prepare.test`) as a process: argv without a
 * shell, output captured. The only place besides the git adapter that starts a process.
 */
import { spawn } from 'node:child_process';

/** What a command did. */
export interface CommandRun {
  argv: string[];
  /** Exit code, or null when it could not start or was killed. */
  exitCode: number | null;
  /** Why it could not start (`ENOENT`), or the signal that ended it. */
  error: string | null;
  /** The last lines of its output (stdout and stderr), for a failure report. */
  tail: string[];
}

/**
 * Runs `argv` (no shell) in `cwd` with output captured; resolves with its exit code and the last
 * three lines of its output. Never throws: a command that cannot start is reported as such.
 */
export function runCommand(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CommandRun> {
  return new Promise((done) => {
    const [cmd, ...args] = argv;
    if (!cmd) {
      done({ argv: [...argv], exitCode: null, error: 'empty command', tail: [] });
      return;
    }
    let output = '';
    const keep = (b: Buffer) => {
      output = (output + b.toString('utf8')).slice(-4000);
    };
    const child = spawn(cmd, args, { cwd, env, shell: false, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let failed: string | null = null;
    child.on('error', (e: NodeJS.ErrnoException) => {
      failed = e.code === 'ENOENT' ? `${cmd}: command not found` : e.message;
    });
    child.on('close', (code, signal) => {
      const tail = output
        .split('\n')
        .map((l) => l.trimEnd())
        .filter((l) => l !== '')
        .slice(-3);
      done({ argv: [...argv], exitCode: failed ? null : code, error: failed ?? (signal ? `killed by ${signal}` : null), tail });
    });
  });
}
