/**
 * Running the real `git`: no shell, binary-safe output of any size, a hermetic-enough
 * environment (`LC_ALL=C` so messages parse, no terminal prompts), and failures turned into
 * one-line {@link TrellisError}s.
 *
 * Everything else in `src/git/` goes through {@link GitRunner}, which also counts the processes
 * it starts ({@link GitStats}) so tests can prove that reads are batched.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { TrellisError } from '../core/errors.js';

/** Counters of git processes started by one runner. */
export interface GitStats {
  /** Number of git processes spawned so far (each one-shot call, stream or session counts once). */
  spawned: number;
}

/** Options for one git invocation. */
export interface RunOptions {
  /** Bytes or text written to git's stdin (then stdin is closed). */
  input?: string | Buffer;
  /** Extra environment variables for this call only (`undefined` removes a variable). */
  env?: Record<string, string | undefined>;
  /** Exit codes that are not failures (default `[0]`). */
  okExitCodes?: readonly number[];
  /** Run in this directory instead of the runner's (used before a repository is known). */
  cwd?: string;
  /**
   * Run git in a process group of its own: a kill of Trellis's group (a cancelled CI job) then
   * does not stop it half-way. For the short writes that must finish once started (a ref
   * transaction, a work-tree update); git still gets all of its input before it acts.
   */
  detached?: boolean;
}

/** The outcome of one git invocation that did not fail. */
export interface RunResult {
  stdout: Buffer;
  stderr: string;
  exitCode: number;
}

/**
 * Variables that would make git look at another repository than the one we open (they are set,
 * for example, when Trellis runs inside a git hook). They are removed unless explicitly given.
 */
const REPO_LOCATING_VARS = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_PREFIX'] as const;

/** Builds the environment for git: the base, minus repository-locating variables, plus overrides. */
export function gitEnv(base: NodeJS.ProcessEnv, overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const k of REPO_LOCATING_VARS) delete env[k];
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_OPTIONAL_LOCKS = '0';
  env.LC_ALL = 'C';
  env.LANGUAGE = 'C';
  env.GIT_PAGER = 'cat';
  env.PAGER = 'cat';
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Options for constructing a {@link GitRunner}. */
export interface GitRunnerOptions {
  /** Directory git runs in (passed as `-C`). */
  cwd: string;
  /** Base environment (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** The git executable (default `git`, found on PATH). */
  gitPath?: string;
  /** Shared counters (default: new counters). */
  stats?: GitStats;
}

/** Runs git commands in one directory; the single place where git processes are started. */
export class GitRunner {
  readonly cwd: string;
  readonly gitPath: string;
  readonly stats: GitStats;
  private readonly baseEnv: NodeJS.ProcessEnv;

  constructor(opts: GitRunnerOptions) {
    this.cwd = opts.cwd;
    this.gitPath = opts.gitPath ?? 'git';
    this.stats = opts.stats ?? { spawned: 0 };
    this.baseEnv = opts.env ?? process.env;
  }

  /** The environment a call with these overrides gets. */
  env(overrides?: Record<string, string | undefined>): NodeJS.ProcessEnv {
    return gitEnv(this.baseEnv, overrides);
  }

  /**
   * Starts git with pipes on all three streams and returns the child; the caller consumes the
   * streams. Spawn errors (git missing) surface as an `error` event; use {@link spawnFailure}.
   */
  spawn(args: readonly string[], opts: Pick<RunOptions, 'env' | 'cwd' | 'detached'> = {}): ChildProcessWithoutNullStreams {
    this.stats.spawned++;
    return spawn(this.gitPath, ['-C', opts.cwd ?? this.cwd, ...args], {
      env: this.env(opts.env),
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
      ...(opts.detached ? { detached: true } : {}),
    });
  }

  /** Runs git to completion; a non-accepted exit code throws a {@link TrellisError}. */
  async run(args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    const child = this.spawn(args, opts);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    // git may exit before reading all of its input (e.g. on a usage error): ignore EPIPE there.
    child.stdin.on('error', () => undefined);
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
    const exitCode = await new Promise<number>((resolve, reject) => {
      child.on('error', (e) => reject(spawnFailure(e, this.gitPath)));
      child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    });
    const stderr = Buffer.concat(err).toString('utf8');
    const ok = opts.okExitCodes ?? [0];
    if (!ok.includes(exitCode)) throw gitFailure(args, stderr, exitCode);
    return { stdout: Buffer.concat(out), stderr, exitCode };
  }

  /** Runs git and returns stdout as UTF-8 text. */
  async text(args: readonly string[], opts: RunOptions = {}): Promise<string> {
    return (await this.run(args, opts)).stdout.toString('utf8');
  }

  /** Runs git and returns its stdout without the trailing newline. */
  async line(args: readonly string[], opts: RunOptions = {}): Promise<string> {
    return (await this.text(args, opts)).replace(/\n$/, '');
  }
}

/** The error for a git executable that could not be started. */
export function spawnFailure(e: unknown, gitPath: string): TrellisError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    return new TrellisError('git', `git is not installed or not on PATH (tried '${gitPath}')`, 2);
  }
  return new TrellisError('git', `cannot run git: ${(e as Error).message}`, 2);
}

/** The first line of stderr that says something (skips hints and blank lines), without `fatal: `. */
export function meaningfulLine(stderr: string): string | undefined {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const pick =
    lines.find((l) => /^(fatal|error):/.test(l)) ?? lines.find((l) => !/^(hint|warning):/.test(l) && !l.startsWith('usage:')) ?? lines[0];
  return pick?.replace(/^(fatal|error):\s*/, '').replace(/^(fatal|error):\s*/, '');
}

/** Maps git's stderr to a {@link TrellisError} with a stable code and a one-line message. */
export function gitFailure(args: readonly string[], stderr: string, exitCode: number): TrellisError {
  const msg = meaningfulLine(stderr) ?? `git ${args[0] ?? ''} exited with code ${exitCode}`;
  if (/not a git repository/i.test(stderr)) {
    return new TrellisError('not-a-repository', msg.replace(/\s*\(or any of the parent directories\)/, ''), 2);
  }
  const rev =
    /ambiguous argument '([^']*)': unknown revision/.exec(stderr) ??
    /bad revision '([^']*)'/.exec(stderr) ??
    /Not a valid object name:? '?([^'\n]*)'?/.exec(stderr) ??
    /not a valid object name:? '?([^'\n]*)'?/.exec(stderr) ??
    /invalid object name:? '?([^'\n]*)'?/i.exec(stderr) ??
    /Needed a single revision/.exec(stderr);
  if (rev) {
    const name = rev[1];
    return new TrellisError('unknown-revision', name !== undefined && name !== '' ? `unknown revision '${name}'` : 'unknown revision', 2);
  }
  const cmd = args.find((a) => !a.startsWith('-')) ?? 'git';
  return new TrellisError('git', `git ${cmd}: ${msg}`, 2, { args: [...args], exitCode });
}
