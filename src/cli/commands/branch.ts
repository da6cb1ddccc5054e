/**
 * `trellis branch cut [LINE] [--from REV] [--dry-run] [--json]`: the release branch of the next
 * line (or of LINE), with what the policy says around it: branch-cut version files, the
 * entrypoint tag on the development branch (Tarantool-style), the development bump (Llama
 * Stack-style), per-release branches cut from the previous one (Lightspeed-style release/1.2.1
 * from release/1.2.0); `--major` starts a new release series (the entrypoint of (X+1).0 instead
 * of X.(Y+1)). The use case is app/branch-cut.ts; this file parses options and prints.
 */
import { Option, type Command } from 'commander';
import { branchCut } from '../../app/branch-cut.js';
import { openApp } from '../../app/context.js';
import { formatBranchCutPlan } from '../../core/release/format.js';
import { workspace } from '../context.js';
import { type CliIo } from '../io.js';
import { repoOption } from '../options.js';
import { commandWithJson, jsonOption, jsonStyle, toJson, type JsonFlag } from '../output.js';

interface Flags {
  from?: string;
  sign?: boolean;
  major?: boolean;
  dryRun?: boolean;
  json?: JsonFlag;
  repo?: string;
  policy?: string;
}

export function register(program: Command, io: CliIo): void {
  const branch = program.command('branch').description('release branches');
  commandWithJson(branch, 'cut')
    .description('create the release branch of the next line (or LINE) and do what the policy says around it')
    .argument('[line]', 'the line to cut (X.Y); default: the next line after the highest existing one')
    .addOption(
      new Option('--from <rev>', 'start the branch here (default: the development branch; per-release branches: the line’s latest branch)'),
    )
    .addOption(new Option('--sign', 'sign the entrypoint tag'))
    .addOption(
      new Option('--major', 'start a new release series: the development branch gets the (X+1).0.0-entrypoint tag (Tarantool-style)'),
    )
    .addOption(new Option('--dry-run', 'print the plan and change nothing'))
    .addOption(jsonOption('print JSON: { plan, dryRun, commits, tags, worktrees }'))
    .addOption(repoOption())
    .addOption(new Option('--policy <file>', 'policy file (default: .trellis.yml at the repository root)'))
    .action(async (line: string | undefined, flags: Flags) => {
      const ctx = await openApp(workspace(io), { repo: flags.repo, policy: flags.policy });
      const report = await branchCut(ctx, { line, from: flags.from, sign: flags.sign, major: flags.major, dryRun: flags.dryRun });
      if (flags.json) io.stdout.write(toJson(report, jsonStyle(flags.json, io)));
      else io.stdout.write(formatBranchCutPlan(report.plan, report.dryRun || report.plan.nothingToDo ? undefined : report));
    });
}
