import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { TrellisError, usageError } from '../../core/errors.js';
import {
  BUMP_LEVELS,
  DERIVED_FORMS,
  SCHEME_NAMES,
  deriveAll,
  convertDescribe,
  formatInvalidLine,
  getScheme,
  invalidLinesError,
  nextVersion,
  tryParseDescribe,
  type BumpLevel,
  type DerivedForm,
  type InvalidLine,
  type SchemeName,
  type SchemeOptions,
  type VersionScheme,
} from '../../core/version/index.js';
import { println, stdinLines, type CliIo } from '../io.js';
import { setExitCode } from '../options.js';
import { toJson } from '../output.js';

interface SchemeFlags {
  scheme: SchemeName;
  labels?: string;
  json?: boolean;
}

const schemeOption = () => new Option('--scheme <scheme>', 'version scheme').choices(SCHEME_NAMES as string[]).makeOptionMandatory();
const labelsOption = () =>
  new Option('--labels <list>', 'semver only: numbered pre-release labels in rank order, e.g. alpha,beta,rc (then rc10 > rc2)');
const jsonOption = () => new Option('--json', 'print JSON');

function schemeFrom(flags: SchemeFlags): VersionScheme {
  return getScheme(flags.scheme, schemeOptions(flags));
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

/**
 * `git describe --always --long` of one revision. The real git adapter lives in src/git/; this
 * command needs a single read-only call, so it runs git directly: no shell, and the revision
 * after `--end-of-options` so that it can never be read as an option.
 */
function gitDescribe(repo: string, rev: string | undefined, env: NodeJS.ProcessEnv): Promise<string> {
  const args = ['describe', '--always', '--long'];
  if (rev === undefined) args.push('--dirty');
  else args.push('--end-of-options', rev);
  return new Promise((done, fail) => {
    execFile('git', args, { cwd: repo, env: { ...env, LC_ALL: 'C' }, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) return done(stdout.trim());
      const msg = (stderr || err.message).trim().split('\n')[0] ?? '';
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        fail(new TrellisError('not-found', `cannot run git in '${repo}' (no such directory, or git is not installed)`));
      } else if (/not a git repository/i.test(msg)) fail(new TrellisError('not-a-repository', `not a git repository: ${repo}`));
      else if (/not a valid object name|unknown revision|bad revision/i.test(msg)) {
        fail(new TrellisError('unknown-revision', `unknown revision '${rev}' in ${repo}`));
      } else fail(new TrellisError('git', `git describe failed in ${repo}: ${msg.replace(/^fatal: /, '')}`));
    });
  });
}

async function inputLines(io: CliIo): Promise<string[]> {
  return stdinLines(await io.readStdin());
}

export function register(program: Command, io: CliIo): void {
  const version = program
    .command('version')
    .description('sort, compare, validate, convert and bump versions (semver, pep440, rpm, deb, git describe)');

  version
    .command('sort')
    .description('sort versions read from stdin (one per line), ascending; equal versions keep their input order')
    .addOption(schemeOption())
    .option('--reverse', 'sort descending (equal versions still keep their input order)')
    .addOption(labelsOption())
    .addOption(jsonOption())
    .action(async (flags: SchemeFlags & { reverse?: boolean }) => {
      const scheme = schemeFrom(flags);
      const sorted = scheme.sort(await inputLines(io), { reverse: flags.reverse === true });
      if (flags.json) io.stdout.write(toJson(sorted));
      else if (sorted.length > 0) io.stdout.write(`${sorted.join('\n')}\n`);
    });

  version
    .command('compare')
    .description('print -1, 0 or 1 as A is older than, equal to or newer than B; without A and B, read "A B" pairs from stdin')
    .argument('[a]', 'first version')
    .argument('[b]', 'second version')
    .addOption(schemeOption())
    .addOption(labelsOption())
    .addOption(jsonOption())
    .action(async (a: string | undefined, b: string | undefined, flags: SchemeFlags) => {
      const scheme = schemeFrom(flags);
      if (a !== undefined && b === undefined)
        throw usageError('version compare needs two versions A and B (or none, to read pairs from stdin)');
      if (a !== undefined && b !== undefined) {
        const r = scheme.compare(a, b);
        io.stdout.write(flags.json ? toJson({ a, b, result: r }) : `${r}\n`);
        return;
      }
      const results: Array<{ a: string; b: string; result: number }> = [];
      const bad: InvalidLine[] = [];
      (await inputLines(io)).forEach((line, i) => {
        const parts = line.trim().split(/\s+/);
        if (parts.length !== 2 || parts[0] === '') {
          bad.push({ line: i + 1, text: line, reason: 'expected two versions separated by a blank' });
          return;
        }
        const [x, y] = parts as [string, string];
        const px = scheme.tryParse(x);
        const py = scheme.tryParse(y);
        if (!px) bad.push({ line: i + 1, text: x, reason: scheme.validate(x) ?? 'invalid' });
        else if (!py) bad.push({ line: i + 1, text: y, reason: scheme.validate(y) ?? 'invalid' });
        else results.push({ a: x, b: y, result: scheme.compare(px, py) });
      });
      if (bad.length > 0) throw invalidLinesError(scheme.name, bad);
      if (flags.json) io.stdout.write(toJson(results));
      else if (results.length > 0) io.stdout.write(`${results.map((r) => r.result).join('\n')}\n`);
    });

  version
    .command('validate')
    .description("check versions read from stdin; exit 2 listing each invalid line as line N: 'text': reason")
    .addOption(schemeOption())
    .option('--normalize', 'print the normal form of each valid version (PEP 440 normalisation; others as written)')
    .addOption(labelsOption())
    .addOption(jsonOption())
    .action(async (flags: SchemeFlags & { normalize?: boolean }, cmd: Command) => {
      const scheme = schemeFrom(flags);
      const lines = await inputLines(io);
      const bad: InvalidLine[] = [];
      const report: Array<{ line: number; text: string; valid: boolean; normalized?: string; reason?: string }> = [];
      const out: string[] = [];
      lines.forEach((text, i) => {
        const v = scheme.tryParse(text);
        if (v) {
          report.push({ line: i + 1, text, valid: true, normalized: v.normalized });
          if (flags.normalize) out.push(v.normalized);
        } else {
          const reason = scheme.validate(text) ?? 'invalid';
          bad.push({ line: i + 1, text, reason });
          report.push({ line: i + 1, text, valid: false, reason });
        }
      });
      if (flags.json) {
        io.stdout.write(toJson(report));
        if (bad.length > 0) setExitCode(cmd, 2);
        return;
      }
      if (out.length > 0) io.stdout.write(`${out.join('\n')}\n`);
      if (bad.length > 0) {
        for (const b of bad) println(io.stderr, formatInvalidLine(b));
        throw new TrellisError(
          'bad-version',
          `${bad.length} of ${lines.length} line${lines.length === 1 ? ' is' : 's are'} not valid ${scheme.name} versions`,
        );
      }
    });

  version
    .command('convert')
    .description('convert git describe output (X.Y.Z[-rcN]-N-gHASH) to an rpm, deb, tarball or PEP 440 version')
    .argument('[describe...]', 'git describe --long strings (default: one per line on stdin)')
    .addOption(new Option('--to <form>', 'target form').choices(DERIVED_FORMS as string[]).makeOptionMandatory())
    .addOption(jsonOption())
    .action(async (args: string[], flags: { to: DerivedForm; json?: boolean }) => {
      const inputs = args.length > 0 ? args : await inputLines(io);
      const bad: InvalidLine[] = [];
      const results: Array<{ describe: string; version: string }> = [];
      inputs.forEach((text, i) => {
        const d = tryParseDescribe(text);
        if (typeof d === 'string') bad.push({ line: i + 1, text, reason: d });
        else results.push({ describe: text, version: convertDescribe(d, flags.to) });
      });
      if (bad.length > 0) {
        const first = bad[0] as InvalidLine;
        const where = args.length > 0 ? `argument ${first.line}` : `line ${first.line}`;
        const more = bad.length > 1 ? ` (and ${bad.length - 1} more)` : '';
        throw new TrellisError('bad-version', `not a git describe version: ${where}: '${first.text}': ${first.reason}${more}`);
      }
      if (flags.json) io.stdout.write(toJson(results.map((r) => ({ ...r, to: flags.to }))));
      else if (results.length > 0) io.stdout.write(`${results.map((r) => r.version).join('\n')}\n`);
    });

  version
    .command('next')
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
    .addOption(jsonOption())
    .action((current: string, flags: SchemeFlags & { bump: BumpLevel; preLabel?: string }) => {
      const opts = schemeOptions(flags);
      const next = nextVersion(flags.scheme, current, flags.bump, {
        ...opts,
        ...(flags.preLabel !== undefined ? { preLabel: flags.preLabel } : {}),
      });
      io.stdout.write(flags.json ? toJson({ scheme: flags.scheme, current, bump: flags.bump, next }) : `${next}\n`);
    });

  version
    .command('describe')
    .description('git describe a revision of a real repository and print every derived version form')
    .argument('[rev]', 'revision to describe (default: the work tree, marked -dirty when modified)')
    .addOption(new Option('--repo <path>', 'repository to work on (default: the current directory)'))
    .addOption(jsonOption())
    .action(async (rev: string | undefined, flags: { repo?: string; json?: boolean }) => {
      if (rev !== undefined && (rev === '' || rev.startsWith('-'))) throw usageError(`invalid revision '${rev}'`);
      const repo = resolve(io.cwd, flags.repo ?? '.');
      const text = await gitDescribe(repo, rev, io.env);
      const d = tryParseDescribe(text);
      if (typeof d === 'string')
        throw new TrellisError('bad-version', `cannot derive versions from '${text}' (${rev ?? 'HEAD'} in ${repo}): ${d}`);
      const forms = deriveAll(d);
      if (flags.json) {
        io.stdout.write(
          toJson({ describe: text, tag: d.tag, release: d.release, pre: d.pre, distance: d.distance, hash: d.hash, dirty: d.dirty, forms }),
        );
        return;
      }
      const rows: Array<[string, string]> = [
        ['describe', text],
        ['tag', d.tag],
        ['distance', String(d.distance)],
        ['commit', d.hash + (d.dirty ? ' (dirty)' : '')],
        ...DERIVED_FORMS.map((f): [string, string] => [f, forms[f]]),
      ];
      for (const [k, v] of rows) println(io.stdout, `${k.padEnd(9)} ${v}`);
    });
}
