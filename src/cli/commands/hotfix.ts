/**
 * `trellis hotfix start VERSION` and `trellis hotfix finish [VERSION]` (VMPilot-style git-flow):
 * a hotfix branch from main's latest release, merged back into main and develop with merge
 * commits made without a work tree, the patch release tagged on main, the branch deleted, in one
 * transaction. The use cases are app/hotfix-start.ts and app/hotfix-finish.ts; this file parses
 * options and prints.
 */
import { Option, type Command } from 'commander';
import { openApp } from '../../app/context.js';
import { hotfixFinish } from '../../app/hotfix-finish.js';
import { hotfixStart } from '../../app/hotfix-start.js';
import { formatGitflowReport, type GitflowReport } from '../../core/release/gitflow.js';
import { workspace } from '../context.js';
import type { CliIo } from '../io.js';
import { repoOption, setExitCode } from '../options.js';
import { commandWithJson, jsonOption, jsonStyle, toJson, type JsonFlag } from '../output.js';

interface Flags {
  dryRun?: boolean;
  json?: JsonFlag;
  sign?: boolean;
  repo?: string;
  policy?: string;
}

function print(io: CliIo, cmd: Command, flags: Flags, report: GitflowReport): void {
  io.stdout.write(flags.json ? toJson(report, jsonStyle(flags.json, io)) : formatGitflowReport(report));
  if (report.exitCode !== 0) setExitCode(cmd, report.exitCode);
}

export function register(program: Command, io: CliIo): void {
  const hotfix = program
    .command('hotfix')
    .description("git-flow hotfixes: a branch from main's latest release, merged back into main and develop and tagged as the next patch");

  commandWithJson(hotfix, 'start')
    .description("create the hotfix branch (branches.hotfix) at main's latest release; VERSION must be its next patch")
    .argument('<version>', 'the patch release this hotfix becomes (e.g. 1.2.1)')
    .option('--dry-run', 'print the plan; change nothing')
    .addOption(jsonOption('print the report as JSON'))
    .addOption(new Option('--policy <file>', 'policy file (default: .trellis.yml at the repository root)'))
    .addOption(repoOption())
    .action(async (version: string, flags: Flags, cmd: Command) => {
      const ctx = await openApp(workspace(io), { repo: flags.repo, policy: flags.policy });
      print(io, cmd, flags, await hotfixStart(ctx, { version, dryRun: !!flags.dryRun }));
    });

  commandWithJson(hotfix, 'finish')
    .description(
      'merge the hotfix branch into main and develop (merge commits, no work tree), tag the patch release on main, delete the branch: one transaction',
    )
    .argument('[version]', 'which hotfix (default: the only hotfix branch)')
    .option('--sign', 'sign the tag (GPG or SSH, as git is configured)')
    .option('--dry-run', 'print the plan and the merge outcomes; change nothing')
    .addOption(jsonOption('print the report as JSON'))
    .addOption(new Option('--policy <file>', 'policy file (default: .trellis.yml at the repository root)'))
    .addOption(repoOption())
    .action(async (version: string | undefined, flags: Flags, cmd: Command) => {
      const ctx = await openApp(workspace(io), { repo: flags.repo, policy: flags.policy });
      print(io, cmd, flags, await hotfixFinish(ctx, { version: version ?? null, dryRun: !!flags.dryRun, sign: !!flags.sign }));
    });
}
