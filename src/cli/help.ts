/**
 * What `--help` says beyond commander's defaults: the exit codes and environment variables on the
 * root help, examples under each command, and no commander internals (`(default: [])`).
 */
import type { EventEmitter } from 'node:events';
import { Help, type Command, type Option } from 'commander';
import { STUBS } from './commands/index.js';

/** Every exit code, as `trellis --help` and the docs list them. */
export const EXIT_CODES: ReadonlyArray<[number, string]> = [
  [0, 'success'],
  [1, 'findings: a conflict, a missing security backport, a failed check'],
  [2, 'bad input: usage, an invalid policy (file:line:col), an unknown revision, a refused change'],
  [70, 'internal error (a bug: run again with --debug and report the stack trace)'],
  [141, 'the reader of the output went away (trellis status | head), as git does'],
];

export const ROOT_HELP_AFTER = [
  '',
  'Examples:',
  '  trellis init                        write .trellis.yml from what the repository shows',
  '  trellis status                      release lines and their support status today',
  '  trellis missing                     fixes a supported line still lacks',
  '  trellis -C ../other status --json   in another folder, as JSON',
  '',
  'Exit codes:',
  ...EXIT_CODES.map(([code, what]) => `  ${String(code).padEnd(4)}${what}`),
  '',
  'Environment:',
  '  NO_COLOR, FORCE_COLOR  turn colour off or on (default: on for a terminal)',
  '  TRELLIS_NOW            the date and time commands take as now (ISO 8601), for reproducible runs',
  '  TRELLIS_DEBUG          like --debug: stack traces of internal errors',
  '',
  'Every command has --help with examples. Reference: the docs/ folder of the package.',
].join('\n');

/** Examples shown under each command's help, by command path. */
export const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  status: ['trellis status', 'trellis status --date 2026-01-16', 'trellis status --json', 'trellis status --format endoflife'],
  schedule: ['trellis schedule', 'trellis schedule --count 20 --json', 'trellis schedule --ical > releases.ics'],
  target: ['trellis target --kind bugfix', 'trellis target --kind feature --json', 'trellis target --kind bugfix --for 1.2.3'],
  missing: ['trellis missing', 'trellis missing --kind security --line 1.2', 'trellis missing --markdown'],
  release: ['trellis release 1.3 --dry-run', 'trellis release 1.3 --pre rc', 'trellis release --version 1.2.4 --sign'],
  changelog: ['trellis changelog --line 1.2', 'trellis changelog v1.1.0..v1.1.1 --markdown'],
  checklist: ['trellis checklist 1.3.0', 'trellis checklist 1.3.0 --json'],
  'policy check': ['trellis policy check', 'trellis policy check --json'],
  'policy schema': ['trellis policy schema > trellis.schema.json'],
  'branch cut': ['trellis branch cut --dry-run', 'trellis branch cut --from main'],
  'hotfix start': ['trellis hotfix start --dry-run'],
  'hotfix finish': ['trellis hotfix finish --dry-run'],
  'version sort': ["printf '1.10.0\\n1.9.0\\n' | trellis version sort"],
  'version compare': ['trellis version compare 1.0~rc1 1.0 --scheme deb'],
  'version next': ['trellis version next 1.2.3 --bump minor', 'trellis version next 1.2.3 --bump pre --pre-label rc --scheme pep440'],
  'version describe': ['trellis version describe --json'],
  advisory: ['trellis advisory add CVE-2026-1234 --severity high --fix 1a2b3c4', 'trellis advisory list', 'trellis advisory sla --json'],
  extension: ['trellis extension status', 'trellis extension ships --json', 'trellis extension switch two-branch --dry-run'],
};

function pathOf(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Adds the examples to every command in the tree that has some and none of its own. */
export function addExamples(cmd: Command): void {
  for (const sub of cmd.commands) {
    const examples = EXAMPLES[pathOf(sub)];
    if (examples && (sub as unknown as EventEmitter).listenerCount('afterHelp') === 0) {
      sub.addHelpText('after', ['', 'Examples:', ...examples.map((e) => `  ${e}`)].join('\n'));
    }
    addExamples(sub);
  }
}

/** Commander's help without its internals (an empty list default is not shown); for `configureHelp`, which commands inherit. */
export const HELP_CONFIGURATION: Partial<Help> = {
  optionDescription(this: Help, option: Option): string {
    return Help.prototype.optionDescription.call(this, option).replace(/ \(default: \[\]\)/, '');
  },
  subcommandTerm(this: Help, cmd: Command): string {
    return STUBS.has(cmd) ? `${cmd.name()} ${cmd.usage()}`.trimEnd() : Help.prototype.subcommandTerm.call(this, cmd);
  },
};
