import { Command, CommanderError, Option } from 'commander';
import { TRELLIS_VERSION } from '../app/package-info.js';
import { TrellisError, isTrellisError } from '../core/errors.js';
import type { CliIo } from './io.js';
import { registerCommands } from './commands/index.js';
import { exitCodeOf } from './options.js';
import { setRootOptions } from './context.js';

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
    .exitOverride();
  addRootOptions(program, io);
  await registerCommands(program, io, argv);
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
  return program;
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
    .hook('preAction', () => {
      const opts = program.opts<{ C?: string[]; remote?: string }>();
      if (opts.remote === '') throw new TrellisError('usage', '--remote needs the name of a remote', 2);
      setRootOptions(io, { dirs: opts.C, remote: opts.remote });
    });
}

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code:
 * 0 ok, 1 findings, 2 usage or bad input. Never throws for user errors.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const program = await buildProgram(io, argv);
    await program.parseAsync(argv, { from: 'user' });
    return exitCodeOf(program);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      if (e.code === 'commander.executeSubCommandAsync') return 0;
      // Commander already printed the message with a hint.
      return 2;
    }
    if (isTrellisError(e)) {
      io.stderr.write(`trellis: ${e.message}\n`);
      return e.exitCode;
    }
    const err = e as Error;
    io.stderr.write(`trellis: internal error: ${err?.message ?? String(e)}\n`);
    if (io.env.TRELLIS_DEBUG) io.stderr.write(`${err?.stack ?? ''}\n`);
    return 70;
  }
}

export { TRELLIS_VERSION, TrellisError };
