import { Command, CommanderError, Option } from 'commander';
import { TRELLIS_VERSION } from '../app/package-info.js';
import { TrellisError, formatLocation, isTrellisError } from '../core/errors.js';
import type { PolicyProblem } from '../core/policy/problems.js';
import { workspace } from './context.js';
import type { CliIo } from './io.js';
import { registerCommands } from './commands/index.js';
import { exitCodeOf } from './options.js';
import { errorLine } from './output.js';
import { setInProcessRunner } from './in-process.js';
import { rootOptionsOf, setRootOptions, startSession } from './context.js';
import { HELP_CONFIGURATION, ROOT_HELP_AFTER, addExamples } from './help.js';

/** Builds the command tree. Each command lives in its own file under commands/. */
export async function buildProgram(io: CliIo, argv: readonly string[] = []): Promise<Command> {
  const program = new Command('trellis');
  program
    .description('Keeps every supported release line of a project healthy, driven by one policy file.')
    .version(TRELLIS_VERSION, '-V, --version', 'print the Trellis version')
    // Root options are read only before the command, so `trellis release --version 1.2.3` is release's own option.
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(s.startsWith('error:') ? `trellis: ${s}` : s),
    })
    .configureHelp(HELP_CONFIGURATION)
    .addHelpText('after', ROOT_HELP_AFTER)
    .exitOverride();
  addRootOptions(program, io);
  await registerCommands(program, io, argv);
  policyWarningsHook(program, io);
  // Every sub-command reports errors through the same output and never exits the process.
  const configure = (cmd: Command) => {
    for (const sub of cmd.commands) {
      sub.exitOverride().showSuggestionAfterError(true);
      sub.configureOutput({
        writeOut: (s) => io.stdout.write(s),
        writeErr: (s) => io.stderr.write(s),
        outputError: (s, write) => write(s.startsWith('error:') ? `trellis: ${s}` : s),
      });
      configure(sub);
    }
  };
  configure(program);
  addExamples(program);
  return program;
}

/** Commands that read no policy: no policy warnings for them (`policy check` reports its own). */
const READS_NO_POLICY = new Set(['init', 'policy', 'version', 'help']);

/** The policy warnings a run is computing, by program (printed when the command ends, however it ends). */
const pendingWarnings = new WeakMap<Command, Promise<PolicyProblem[]>>();

/**
 * Every command that reads the policy warns on stderr about what `policy check` would report of
 * the policy against the repository (version files missing at their branches, tags the scheme
 * drops, an LTS list without a duration). The check runs beside the command and is printed
 * after its output; a command that fails prints its error only.
 */
function policyWarningsHook(program: Command, io: CliIo): void {
  program.hook('preAction', (_root, action) => {
    let top = action;
    while (top.parent && top.parent !== program) top = top.parent;
    if (READS_NO_POLICY.has(top.name())) return;
    const opts = action.opts<{ repo?: string; policy?: string }>();
    const req = { repo: opts.repo, file: opts.policy };
    const pending = import('../app/policy-check.js').then(({ policyWarnings }) => policyWarnings(workspace(io), req));
    // Printed in flushWarnings; a failure here never fails the command.
    pendingWarnings.set(
      program,
      pending.catch((e: unknown) => {
        if (debugging(io)) io.stderr.write(`trellis: policy warnings failed: ${(e as Error)?.stack ?? String(e)}\n`);
        return [];
      }),
    );
  });
}

/** Waits for the policy warnings of the run and prints them; a command that failed prints only its error. */
async function flushWarnings(program: Command | null, io: CliIo, print: boolean): Promise<void> {
  const pending = program ? pendingWarnings.get(program) : undefined;
  if (!pending) return;
  pendingWarnings.delete(program!);
  const warnings = await pending;
  if (print) for (const w of warnings) io.stderr.write(`trellis: warning: ${formatLocation(w)}: ${w.message}\n`);
}

/**
 * The options before the command, as git's: `-C PATH` (run as if started there; repeatable, each
 * relative to the one before) and `--remote NAME` (the remote whose branches are read). Every
 * command gets them through its workspace (./context.ts).
 */
function addRootOptions(program: Command, io: CliIo): void {
  program
    .addOption(
      new Option('-C <path>', 'run as if trellis was started in <path>, as git -C').argParser(
        (value: string, before: string[] | undefined) => [...(before ?? []), value],
      ),
    )
    .addOption(
      new Option(
        '--remote <name>',
        "the remote whose branches to read (default: the policy's branches.remote, else the development branch's upstream remote, else origin)",
      ),
    )
    .option('--debug', 'print the stack trace of an internal error (as TRELLIS_DEBUG=1)')
    .option('--verbose', 'print on stderr how many git processes ran and how long the run took')
    .hook('preAction', () => {
      const opts = program.opts<{ C?: string[]; remote?: string; debug?: boolean; verbose?: boolean }>();
      if (opts.remote === '') throw new TrellisError('usage', '--remote needs the name of a remote', 2);
      setRootOptions(io, { dirs: opts.C, remote: opts.remote, debug: opts.debug, verbose: opts.verbose });
    });
}

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code:
 * 0 ok, 1 findings, 2 usage or bad input. Never throws for user errors.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let program: Command | null = null;
  const started = performance.now();
  startSession(io);
  try {
    program = await buildProgram(io, argv);
    await program.parseAsync(argv, { from: 'user' });
    await flushWarnings(program, io, true);
    verboseSummary(io, started);
    return exitCodeOf(program);
  } catch (e) {
    await flushWarnings(program, io, false);
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      if (e.code === 'commander.executeSubCommandAsync') return 0;
      // Commander already printed the message with a hint.
      return 2;
    }
    if (isTrellisError(e)) {
      io.stderr.write(`trellis: ${errorLine(e.message)}`);
      return e.exitCode;
    }
    const err = e as Error;
    io.stderr.write(`trellis: internal error: ${errorLine(err?.message ?? String(e))}`);
    if (debugging(io)) io.stderr.write(`${err?.stack ?? ''}\n`);
    else io.stderr.write('trellis: run again with --debug for the stack trace, and report it\n');
    return 70;
  }
}

/** Stack traces for internal errors: `--debug` or TRELLIS_DEBUG (any value but empty or 0). */
function debugging(io: CliIo): boolean {
  const env = io.env.TRELLIS_DEBUG;
  return rootOptionsOf(io).debug === true || (env !== undefined && env !== '' && env !== '0');
}

/** `--verbose`: how many git processes the run started and how long it took, on stderr. */
function verboseSummary(io: CliIo, started: number): void {
  const opts = rootOptionsOf(io);
  if (!opts.verbose) return;
  const ms = Math.round(performance.now() - started);
  io.stderr.write(`trellis: ${opts.stats?.spawned ?? 0} git process(es), ${ms} ms\n`);
}

// `trellis demo` runs other commands in-process through this (cli/in-process.ts).
setInProcessRunner(runCli);

export { TRELLIS_VERSION, TrellisError };
