/**
 * `trellis policy check [FILE] [--repo PATH] [--json]` and `trellis policy schema`: the policy
 * file's problems at file:line:col (use case app/policy-check.ts), and its JSON Schema
 * (app/policy-schema.ts).
 */
import type { Command } from 'commander';
import { POLICY_FILE, policyCheck } from '../../app/policy-check.js';
import { policySchema } from '../../app/policy-schema.js';
import { formatProblem } from '../../core/policy/load.js';
import { workspace } from '../context.js';
import { println, type CliIo } from '../io.js';
import { repoOption, setExitCode } from '../options.js';
import { commandWithJson, jsonOption, jsonStyle, toJson, type JsonFlag } from '../output.js';

export function register(program: Command, io: CliIo): void {
  const policy = program.command('policy').description(`check the policy file (${POLICY_FILE}) or print its JSON Schema`);

  commandWithJson(policy, 'check')
    .description('validate the policy file; print each problem as file:line:col: message (exit 2 on any problem)')
    .argument('[file]', `policy file (default: ${POLICY_FILE} at the repository root)`)
    .addOption(repoOption())
    .addOption(jsonOption('print the result as JSON'))
    .action(async (fileArg: string | undefined, opts: { repo?: string; json?: JsonFlag }, cmd: Command) => {
      const { file, ok, problems, exitCode } = await policyCheck(workspace(io), { file: fileArg, repo: opts.repo });
      if (opts.json) {
        io.stdout.write(toJson({ file, ok, problems }, jsonStyle(opts.json, io)));
      } else if (ok) {
        println(io.stdout, `${file}: OK`);
      } else {
        for (const p of problems) println(io.stdout, formatProblem(p));
        println(io.stderr, `trellis: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${file}`);
      }
      setExitCode(cmd, exitCode);
    });

  policy
    .command('schema')
    .description('print the JSON Schema of the policy file')
    .action(() => {
      io.stdout.write(toJson(policySchema()));
    });
}
