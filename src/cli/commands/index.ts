import type { Command } from 'commander';
import type { CliIo } from '../io.js';

type CommandModule = { register(program: Command, io: CliIo): void };

/**
 * One file per command, each exporting `register(program, io)`. The order here is the order of
 * `trellis --help`. Modules load on demand: a run that names a command loads only that
 * command's code (its libraries, such as the version-file parsers of `release`, stay unloaded),
 * which keeps start-up time and memory down for every command.
 */
const commands: Array<{ name: string; usage: string; summary: string; load: () => Promise<CommandModule> }> = [
  // set up
  {
    name: 'init',
    usage: '[options]',
    summary: 'write .trellis.yml: read from the repository (its branches, tags and version files), or from a preset',
    load: () => import('./init.js'),
  },
  {
    name: 'policy',
    usage: '',
    summary: 'check the policy file (.trellis.yml) or print its JSON Schema',
    load: () => import('./policy.js'),
  },
  // read: lines, calendar, merge targets, coverage
  {
    name: 'status',
    usage: '[options]',
    summary: 'list release lines and their support status (supported versions, end dates, unreleased commits)',
    load: () => import('./status.js'),
  },
  {
    name: 'schedule',
    usage: '[options]',
    summary: 'the release calendar: projected releases from the cadence, phase boundaries and support end dates',
    load: () => import('./schedule.js'),
  },
  {
    name: 'target',
    usage: '[options]',
    summary: 'which branch a change should merge into now, and why (phases, hotfixes, backports)',
    load: () => import('./target.js'),
  },
  {
    name: 'missing',
    usage: '[options]',
    summary:
      'backport coverage: which change is on which maintained line, and which backports are missing (exit 1 when a security fix is missing)',
    load: () => import('./missing.js'),
  },
  {
    name: 'check',
    usage: '[options]',
    summary: "check the processes' rules for CI: a pull request (--base/--head) or the repository's state (exit 1 on an error finding)",
    load: () => import('./check.js'),
  },
  {
    name: 'advisory',
    usage: '',
    summary: 'security advisories: records, fixed versions per line, SLAs, OSV export',
    load: () => import('./advisory.js'),
  },
  {
    name: 'site',
    usage: '[options]',
    summary: 'write the supported-versions site: versions page with chart, line pages, coverage, feeds, API files',
    load: () => import('./site.js'),
  },
  {
    name: 'extension',
    usage: '',
    summary: "a Goose-style extension against its core's release cycle: branch type, target core versions, what ships",
    load: () => import('./extension.js'),
  },
  // change: backports and releases
  {
    name: 'backport',
    usage: '[options] [commits...]',
    summary:
      'carry commits to release lines without touching the work tree: one backport branch per target (or --direct), all refs in one transaction',
    load: () => import('./backport.js'),
  },
  { name: 'branch', usage: '', summary: 'release branches', load: () => import('./branch.js') },
  {
    name: 'release',
    usage: '[options] [line]',
    summary:
      'release a line: version files, changelog, annotated (signed) tag, post-release steps; git-flow policies merge develop into main',
    load: () => import('./release.js'),
  },
  {
    name: 'hotfix',
    usage: '',
    summary: "git-flow hotfixes: a branch from main's latest release, merged back into main and develop and tagged as the next patch",
    load: () => import('./hotfix.js'),
  },
  {
    name: 'merge-back',
    usage: '[options] <line>',
    summary: "merge a release line's branch back into the development branch: a merge commit written without a work tree, one ref update",
    load: () => import('./merge-back.js'),
  },
  {
    name: 'changelog',
    usage: '[options] [range]',
    summary: 'Keep a Changelog sections, changes classified as missing does (default: a line’s last tag..its branch)',
    load: () => import('./changelog.js'),
  },
  {
    name: 'checklist',
    usage: '[options] <version>',
    summary:
      'the release checklist for VERSION from the policy (by release type, with the testing window), ticking what the repository shows done',
    load: () => import('./checklist.js'),
  },
  {
    name: 'completion',
    usage: '<shell>',
    summary: 'print a shell completion script: bash, zsh or fish',
    load: () => import('./completion.js'),
  },
  {
    name: 'demo',
    usage: '[options]',
    summary: 'try Trellis on a sample repository (a Llama Stack-like history)',
    load: () => import('./demo.js'),
  },
  // versions on their own
  {
    name: 'version',
    usage: '',
    summary: 'sort, compare, validate, convert and bump versions (semver, pep440, rpm, deb, git describe)',
    load: () => import('./version.js'),
  },
];

/** The commands registered by name and summary only (root help and version): their help term is their usage. */
export const STUBS = new WeakSet<Command>();

/** The name and summary of every command, in help order (for tests and completion). */
export const COMMAND_SUMMARIES: ReadonlyArray<{ name: string; summary: string }> = commands.map(({ name, summary }) => ({ name, summary }));

/** The names of every command, in help order. */
export const COMMAND_NAMES: readonly string[] = commands.map((c) => c.name);

/**
 * Registers what `argv` needs: only the command it names when that is a known command, else
 * every command (the root help, `help <command>`, and suggestions for a mistyped name).
 */
export async function registerCommands(program: Command, io: CliIo, argv: readonly string[] = []): Promise<void> {
  const first = commandWord(argv);
  if (first === undefined && argv.some((a) => a === '-V' || a === '--version' || a === '-h' || a === '--help')) {
    // `trellis --version` and `trellis --help` load no command module: the root help lists the
    // commands from the summaries above (kept the same as each command's description).
    for (const c of commands) STUBS.add(program.command(c.name).usage(c.usage).description(c.summary));
    return;
  }
  // `completion` describes every command, so it loads them all.
  const named = first === 'completion' ? commands : commands.filter((c) => c.name === first);
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
