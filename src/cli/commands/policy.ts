import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { TrellisError } from '../../core/errors.js';
import { checkPolicy, formatProblem, loadPolicy } from '../../core/policy/load.js';
import { policyJsonSchema, type Policy } from '../../core/policy/schema.js';
import { println, type CliIo } from '../io.js';
import { repoOption, setExitCode } from '../options.js';
import { toJson } from '../output.js';

export const POLICY_FILE = '.trellis.yml';

/**
 * Where the policy file is: FILE when given (relative to the current directory), else
 * `.trellis.yml` in `--repo`, else the nearest `.trellis.yml` from the current directory up to
 * the repository root (the first folder holding `.git`).
 */
export function findPolicyFile(io: CliIo, opts: { file?: string; repo?: string } = {}): string {
  if (opts.file) return isAbsolute(opts.file) ? opts.file : resolve(io.cwd, opts.file);
  if (opts.repo) return resolve(io.cwd, opts.repo, POLICY_FILE);
  let dir = resolve(io.cwd);
  for (;;) {
    const candidate = join(dir, POLICY_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (existsSync(join(dir, '.git')) || parent === dir) return join(resolve(io.cwd), POLICY_FILE);
    dir = parent;
  }
}

/** The name to show for a path: relative to the current directory when it is below it. */
export function displayPath(io: CliIo, path: string): string {
  const rel = relative(io.cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function readText(io: CliIo, path: string): string {
  if (!existsSync(path)) {
    throw new TrellisError('not-found', `no policy file at ${displayPath(io, path)} (write one with 'trellis init --preset <name>')`, 2);
  }
  if (statSync(path).isDirectory()) throw new TrellisError('bad-input', `${displayPath(io, path)} is a folder, not a policy file`, 2);
  return readFileSync(path, 'utf8');
}

/**
 * Reads and loads the policy for a command: the typed policy and the file it came from. Any
 * problem is a `PolicyError` (exit 2) naming the first problem as file:line:col.
 */
export function readPolicy(io: CliIo, opts: { file?: string; repo?: string } = {}): { policy: Policy; file: string } {
  const path = findPolicyFile(io, opts);
  const file = displayPath(io, path);
  return { policy: loadPolicy(readText(io, path), file), file };
}

export function register(program: Command, io: CliIo): void {
  const policy = program.command('policy').description('check the policy file (.trellis.yml) or print its JSON Schema');

  policy
    .command('check')
    .description('validate the policy file; print each problem as file:line:col: message (exit 2 on any problem)')
    .argument('[file]', `policy file (default: ${POLICY_FILE} at the repository root)`)
    .addOption(repoOption())
    .option('--json', 'print the result as JSON')
    .action((fileArg: string | undefined, opts: { repo?: string; json?: boolean }, cmd: Command) => {
      const path = findPolicyFile(io, { file: fileArg, repo: opts.repo });
      const file = displayPath(io, path);
      const result = checkPolicy(readText(io, path), file);
      const ok = result.problems.length === 0;
      if (opts.json) {
        io.stdout.write(toJson({ file, ok, problems: result.problems }));
      } else if (ok) {
        println(io.stdout, `${file}: OK`);
      } else {
        for (const p of result.problems) println(io.stdout, formatProblem(p));
        println(io.stderr, `trellis: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} in ${file}`);
      }
      if (!ok) setExitCode(cmd, 2);
    });

  policy
    .command('schema')
    .description('print the JSON Schema of the policy file')
    .action(() => {
      io.stdout.write(toJson(policyJsonSchema()));
    });
}
