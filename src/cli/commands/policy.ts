/**
 * `trellis policy check [FILE] [--repo PATH] [--json]` and `trellis policy schema`: the policy
 * file's problems at file:line:col (use case app/policy-check.ts), and its JSON Schema
 * (app/policy-schema.ts).
 */
import type { Command } from 'commander';
import { POLICY_FILE, policyCheck } from '../../app/policy-check.js';
import { policySchema } from '../../app/policy-schema.js';
import { formatProblem } from '../../core/policy/load.js';
import { commandWithJson, formatWarning, jsonOption, jsonStyle, toJson, type JsonFlag } from '../output.js';
import { workspace } from '../context.js';
import { println, type CliIo } from '../io.js';
import { repoOption, setExitCode } from '../options.js';

export function register(program: Command, io: CliIo): void {
  const policy = program.command('policy').description(`check the policy file (${POLICY_FILE}) or print its JSON Schema`);

  commandWithJson(policy, 'check')
    .description(
      'validate the policy file, and in a repository check it against the branches and tags; print each problem as file:line:col: message (exit 2 on any problem) and each warning as file:line:col: warning: message',
    )
    .argument('[file]', `policy file (default: ${POLICY_FILE} at the repository root)`)
    .addOption(repoOption())
    .addOption(jsonOption('print the result as JSON'))
    .action(async (fileArg: string | undefined, opts: { repo?: string; json?: JsonFlag }, cmd: Command) => {
      const { file, ok, problems, warnings, exitCode } = await policyCheck(workspace(io), { file: fileArg, repo: opts.repo });
      if (opts.json) {
        // `warnings` only when there are any (the shape stays { file, ok, problems } otherwise).
        io.stdout.write(toJson({ file, ok, problems, ...(warnings.length > 0 ? { warnings } : {}) }, jsonStyle(opts.json, io)));
      } else {
        const lines = [...problems.map((p) => ({ p, warn: false })), ...warnings.map((p) => ({ p, warn: true }))].sort(
          (a, b) => a.p.line - b.p.line || a.p.col - b.p.col,
        );
        for (const { p, warn } of lines) println(io.stdout, warn ? formatWarning(p) : formatProblem(p));
        const w = warnings.length > 0 ? ` (${warnings.length} warning${warnings.length === 1 ? '' : 's'})` : '';
        if (ok) println(io.stdout, `${file}: OK${w}`);
        else println(io.stderr, `trellis: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${file}${w}`);
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
