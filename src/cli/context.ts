/** The CLI's workspace for the use cases: its directory, environment and clock, and the root options. */
import { resolve } from 'node:path';
import type { Workspace } from '../app/context.js';
import { RunSession } from '../app/session.js';
import type { CliIo } from './io.js';

/** The options given before the command (`trellis -C PATH --remote NAME <command>`). */
export interface RootOptions {
  /** `-C PATH`, each relative to the one before, as git's `-C`. */
  dirs?: readonly string[] | undefined;
  /** `--remote NAME`. */
  remote?: string | undefined;
  /** `--debug`: stack traces of internal errors. */
  debug?: boolean | undefined;
  /** `--verbose`: counts and times on stderr at the end. */
  verbose?: boolean | undefined;
  /** The git process counter of a `--verbose` run. */
  stats?: Workspace['stats'];
}

/** The session of the run in progress (app/session.ts), by its io: the command and the policy warnings beside it share it. */
const sessions = new WeakMap<CliIo, RunSession>();

/** Starts a run's session: a second run with the same io (tests, `trellis demo`) reads the repository and its policy afresh. */
export function startSession(io: CliIo): void {
  sessions.set(io, new RunSession());
}

/** The root options of a run, by its io (set once they are parsed, before the command's action). */
const rootOptions = new WeakMap<CliIo, RootOptions>();

export function setRootOptions(io: CliIo, opts: RootOptions): void {
  rootOptions.set(io, opts.verbose ? { ...opts, stats: { spawned: 0 } } : opts);
}

/** The root options of a run (empty before they are parsed). */
export function rootOptionsOf(io: CliIo): RootOptions {
  return rootOptions.get(io) ?? {};
}

/** The directory the command runs in: the process's, then each `-C` in turn. */
export function workingDirectory(io: CliIo): string {
  return (rootOptions.get(io)?.dirs ?? []).reduce((dir, d) => resolve(dir, d), io.cwd);
}

export function workspace(io: CliIo, extra: Partial<Workspace> = {}): Workspace {
  const { remote, stats } = rootOptions.get(io) ?? {};
  const notice = (message: string): void => void io.stderr.write(`trellis: ${message}\n`);
  let session = sessions.get(io);
  if (!session) sessions.set(io, (session = new RunSession()));
  return {
    session,
    cwd: workingDirectory(io),
    env: io.env,
    clock: io.clock,
    notice,
    ...(remote !== undefined ? { remote } : {}),
    ...(stats ? { stats } : {}),
    ...extra,
  };
}
