/**
 * `trellis version sort|compare|validate|convert|next|describe`: versions on their own (semver,
 * PEP 440, rpm, deb, git describe). Each sub-command reads its input, calls its use case
 * (app/version-*.ts) and prints the result.
 */
import { Option, type Command } from 'commander';
import { versionCompare } from '../../app/version-compare.js';
import { convertWhere, versionConvert } from '../../app/version-convert.js';
import { versionNext } from '../../app/version-next.js';
import type { SchemeRequest } from '../../app/version-scheme.js';
import { versionSort } from '../../app/version-sort.js';
import { versionValidate } from '../../app/version-validate.js';
import { TrellisError, usageError } from '../../core/errors.js';
import { dateOf } from '../../core/policy/duration.js';
import {
  BUMP_LEVELS,
  CONVERT_FORMS,
  DERIVED_FORMS,
  SCHEME_NAMES,
  formatInvalidLine,
  type BumpLevel,
  type ConvertForm,
  type SchemeName,
  type SchemeOptions,
} from '../../core/version/index.js';
import { workspace } from '../context.js';
import { println, stdinLines, type CliIo } from '../io.js';
import { setExitCode } from '../options.js';
import { commandWithJson, jsonOption, jsonStyle, toJson, type JsonFlag } from '../output.js';
import { registerForBuild } from './version-for-build.js';

interface SchemeFlags {
  scheme: SchemeName;
  labels?: string;
  json?: JsonFlag;
}

const schemeOption = () => new Option('--scheme <scheme>', 'version scheme').choices(SCHEME_NAMES as string[]).makeOptionMandatory();
const labelsOption = () =>
  new Option('--labels <list>', 'semver only: numbered pre-release labels in rank order, e.g. alpha,beta,rc (then rc10 > rc2)');
const tagSchemeOption = () =>
  new Option(
    '--scheme <scheme>',
    'read tags as versions of this scheme (v1.3.0rc1 in pep440); default: X.Y.Z[-alphaN|-betaN|-rcN|-entrypoint]',
  ).choices(['semver', 'pep440']);

/** The scheme part of a request from `--scheme` and `--labels`. */
function schemeRequest(flags: SchemeFlags): SchemeRequest {
  return { scheme: flags.scheme, options: schemeOptions(flags) };
}

function schemeOptions(flags: SchemeFlags): SchemeOptions {
  if (flags.labels === undefined) return {};
  if (flags.scheme !== 'semver') throw usageError(`--labels applies only to --scheme semver (got --scheme ${flags.scheme})`);
  const labels = flags.labels
    .split(',')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (labels.length === 0) throw usageError('--labels needs at least one label, e.g. --labels alpha,beta,rc');
  return { prereleaseLabels: labels };
}

async function inputLines(io: CliIo): Promise<string[]> {
  return stdinLines(await io.readStdin());
}

/** Lines for people: one per entry, nothing at all for none. */
function writeLines(io: CliIo, lines: readonly (string | number)[]): void {
  if (lines.length > 0) io.stdout.write(`${lines.join('\n')}\n`);
}

export function register(program: Command, io: CliIo): void {
  const version = program
    .command('version')
    .description('sort, compare, validate, convert and bump versions (semver, pep440, rpm, deb, git describe)');
  registerSort(version, io);
  registerCompare(version, io);
  registerValidate(version, io);
  registerConvert(version, io);
  registerNext(version, io);
  registerDescribe(version, io);
  registerForBuild(version, io);
}

function registerSort(version: Command, io: CliIo): void {
  commandWithJson(version, 'sort')
    .description('sort versions read from stdin (one per line), ascending; equal versions keep their input order')
    .addOption(schemeOption())
    .option('--reverse', 'sort descending (equal versions still keep their input order)')
    .addOption(labelsOption())
    .addOption(jsonOption('print JSON'))
    .action(async (flags: SchemeFlags & { reverse?: boolean }) => {
      const scheme = schemeRequest(flags);
      const { versions } = versionSort({ ...scheme, versions: await inputLines(io), reverse: flags.reverse });
      if (flags.json) io.stdout.write(toJson(versions, jsonStyle(flags.json, io)));
      else writeLines(io, versions);
    });
}

function registerCompare(version: Command, io: CliIo): void {
  commandWithJson(version, 'compare')
    .description('print -1, 0 or 1 as A is older than, equal to or newer than B; without A and B, read "A B" pairs from stdin')
    .argument('[a]', 'first version')
    .argument('[b]', 'second version')
    .addOption(schemeOption())
    .addOption(labelsOption())
    .addOption(jsonOption('print JSON'))
    .action(async (a: string | undefined, b: string | undefined, flags: SchemeFlags) => {
      const scheme = schemeRequest(flags);
      if (a !== undefined && b === undefined)
        throw usageError('version compare needs two versions A and B (or none, to read pairs from stdin)');
      if (a !== undefined && b !== undefined) {
        const [r] = versionCompare({ ...scheme, pairs: [[a, b]] }).results;
        io.stdout.write(flags.json ? toJson(r, jsonStyle(flags.json, io)) : `${r!.result}\n`);
        return;
      }
      const { results } = versionCompare({ ...scheme, pairs: { lines: await inputLines(io) } });
      if (flags.json) io.stdout.write(toJson(results, jsonStyle(flags.json, io)));
      else
        writeLines(
          io,
          results.map((r) => r.result),
        );
    });
}

function registerValidate(version: Command, io: CliIo): void {
  commandWithJson(version, 'validate')
    .description("check versions read from stdin; exit 2 listing each invalid line as line N: 'text': reason")
    .addOption(schemeOption())
    .option('--normalize', 'print the normal form of each valid version (PEP 440 normalisation; others as written)')
    .addOption(labelsOption())
    .addOption(jsonOption('print JSON'))
    .action(async (flags: SchemeFlags & { normalize?: boolean }, cmd: Command) => {
      const scheme = schemeRequest(flags);
      const { report, invalid, exitCode } = versionValidate({ ...scheme, versions: await inputLines(io) });
      if (flags.json) {
        io.stdout.write(toJson(report, jsonStyle(flags.json, io)));
        setExitCode(cmd, exitCode);
        return;
      }
      if (flags.normalize)
        writeLines(
          io,
          report.flatMap((v) => (v.valid ? [v.normalized!] : [])),
        );
      if (invalid.length > 0) {
        for (const b of invalid) println(io.stderr, formatInvalidLine(b));
        const n = report.length;
        throw new TrellisError(
          'bad-version',
          `${invalid.length} of ${n} line${n === 1 ? ' is' : 's are'} not valid ${flags.scheme} versions`,
        );
      }
    });
}

function registerConvert(version: Command, io: CliIo): void {
  commandWithJson(version, 'convert')
    .description(
      'convert git describe output (X.Y.Z[-rcN]-N-gHASH, or a bare tag as distance 0) to an rpm, deb, tarball, PEP 440 or setuptools-scm version; exit 2 listing each line that is not one',
    )
    .argument('[describe...]', 'git describe --long strings or tags (default: one per line on stdin)')
    .addOption(new Option('--to <form>', 'target form').choices(CONVERT_FORMS as string[]).makeOptionMandatory())
    .addOption(tagSchemeOption())
    .addOption(jsonOption('print JSON'))
    .action(async (args: string[], flags: { to: ConvertForm; scheme?: SchemeName; json?: JsonFlag }, cmd: Command) => {
      const fromArgs = args.length > 0;
      const describes = fromArgs ? args : await inputLines(io);
      const source = fromArgs ? 'arguments' : 'lines';
      const today = dateOf(io.clock.now());
      const { results, invalid, exitCode } = versionConvert({ describes, to: flags.to, source, scheme: flags.scheme, today });
      if (flags.json) io.stdout.write(toJson(results, jsonStyle(flags.json, io)));
      else
        writeLines(
          io,
          results.map((r) => r.version),
        );
      for (const b of invalid) println(io.stderr, `${convertWhere({ source }, b)}: '${b.text}': ${b.reason}`);
      if (flags.json || invalid.length === 0) {
        setExitCode(cmd, exitCode);
        return;
      }
      const n = describes.length;
      const what = fromArgs ? (n === 1 ? 'argument is' : 'arguments are') : n === 1 ? 'line is' : 'lines are';
      throw new TrellisError('bad-version', `${invalid.length} of ${n} ${what} not git describe output or a version tag`);
    });
}

function registerNext(version: Command, io: CliIo): void {
  commandWithJson(version, 'next')
    .description('print the next version: a release bump, a pre-release (rc1 -> rc2; 1.2.3 -> 1.3.0-rc1) or a .devN version')
    .argument('<current>', 'the current version')
    .addOption(
      new Option('--bump <level>', 'what to bump; pre on a final version starts a pre-release of the next minor')
        .choices(BUMP_LEVELS as string[])
        .makeOptionMandatory(),
    )
    .option('--pre-label <label>', 'pre-release label for pre bumps (default: the current label, else the first --labels entry, else rc)')
    .addOption(schemeOption())
    .addOption(labelsOption())
    .addOption(jsonOption('print JSON'))
    .action((current: string, flags: SchemeFlags & { bump: BumpLevel; preLabel?: string }) => {
      const r = versionNext({ ...schemeRequest(flags), current, bump: flags.bump, preLabel: flags.preLabel });
      io.stdout.write(flags.json ? toJson(r, jsonStyle(flags.json, io)) : `${r.next}\n`);
    });
}

function registerDescribe(version: Command, io: CliIo): void {
  commandWithJson(version, 'describe')
    .description(
      "git describe --tags a revision of a real repository (counting only the policy's tags when it has one) and print every derived version form",
    )
    .argument('[rev]', 'revision to describe (default: the work tree, marked -dirty when modified)')
    .addOption(new Option('--repo <path>', 'repository to work on (default: the current directory)'))
    .addOption(new Option('--policy <file>', 'policy file (default: .trellis.yml at the repository root, when there is one)'))
    .addOption(tagSchemeOption())
    .addOption(jsonOption('print JSON'))
    .action(async (rev: string | undefined, flags: { repo?: string; policy?: string; scheme?: SchemeName; json?: JsonFlag }) => {
      if (rev !== undefined && (rev === '' || rev.startsWith('-'))) throw usageError(`invalid revision '${rev}'`);
      // Loaded here: the other sub-commands need no git adapter.
      const { versionDescribe } = await import('../../app/version-describe.js');
      const d = await versionDescribe(workspace(io), { repo: flags.repo, rev, policy: flags.policy, scheme: flags.scheme });
      if (flags.json) {
        io.stdout.write(toJson(d, jsonStyle(flags.json, io)));
        return;
      }
      const rows: Array<[string, string | null]> = [
        ['describe', d.describe],
        ['tag', d.tag],
        ['distance', String(d.distance)],
        ['commit', d.hash + (d.dirty ? ' (dirty)' : '')],
        ...DERIVED_FORMS.map((f): [string, string | null] => [f, d.forms[f]]),
        ['setuptools-scm', d.setuptoolsScm],
      ];
      for (const [k, v] of rows) println(io.stdout, `${k.padEnd(14)} ${v ?? '-'}`);
    });
}
