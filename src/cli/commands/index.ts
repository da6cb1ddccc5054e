import type { Command } from 'commander';
import type { CliIo } from '../io.js';

type CommandModule = { register(program: Command, io: CliIo): void };

/**
 * One file per command, each exporting `register(program, io)`. The order here is the order of
 * `trellis --help`. Modules load on demand: a run that names a command loads only that
 * command's code (its libraries, such as the version-file parsers of `release`, stay unloaded),
 * which keeps start-up time and memory down for every command.
 */
const commands: Array<{ name: string; load: () => Promise<CommandModule> }> = [
  // set up
  { name: 'init', load: () => import('./init.js') },
  { name: 'policy', load: () => import('./policy.js') },
  // read: lines, calendar, merge targets, coverage
  { name: 'status', load: () => import('./status.js') },
  { name: 'schedule', load: () => import('./schedule.js') },
  { name: 'target', load: () => import('./target.js') },
  { name: 'missing', load: () => import('./missing.js') },
  { name: 'check', load: () => import('./check.js') },
  { name: 'site', load: () => import('./site.js') },
  { name: 'extension', load: () => import('./extension.js') },
  { name: 'advisory', load: () => import('./advisory.js') },
  // change: backports and releases
  { name: 'backport', load: () => import('./backport.js') },
  { name: 'branch', load: () => import('./branch.js') },
  { name: 'release', load: () => import('./release.js') },
  { name: 'hotfix', load: () => import('./hotfix.js') },
  { name: 'merge-back', load: () => import('./merge-back.js') },
  { name: 'changelog', load: () => import('./changelog.js') },
  { name: 'checklist', load: () => import('./checklist.js') },
  // versions on their own
  { name: 'version', load: () => import('./version.js') },
];

/** The names of every command, in help order. */
export const COMMAND_NAMES: readonly string[] = commands.map((c) => c.name);

/**
 * Registers what `argv` needs: only the command it names when that is a known command, else
 * every command (the root help, `help <command>`, and suggestions for a mistyped name).
 */
export async function registerCommands(program: Command, io: CliIo, argv: readonly string[] = []): Promise<void> {
  const first = commandWord(argv);
  const named = commands.filter((c) => c.name === first);
  const chosen = named.length > 0 ? named : commands;
  const modules = await Promise.all(chosen.map((c) => c.load()));
  for (const m of modules) m.register(program, io);
}

/** The first word of `argv` that is no option, the root options' values skipped (`-C PATH`, `--remote NAME`). */
function commandWord(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '-C' || a === '--remote') i++;
    else if (!a.startsWith('-')) return a;
  }
  return undefined;
}
