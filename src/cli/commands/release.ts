/**
 * `trellis release [LINE] [--pre LABEL] [--version V] [--sign] [--notes FILE] [--dry-run] [--json]`:
 * the next release of a line (trunk flow), or, with a git-flow policy (`flow.model: gitflow`),
 * the git-flow release (checks, merge of develop into main, tag). The use case (app/release.ts)
 * chooses the flow, plans and applies; this file parses options and prints.
 */
import { Option, type Command } from 'commander';
import { openApp } from '../../app/context.js';
import { release } from '../../app/release.js';
import { formatGitflowReport } from '../../core/release/gitflow.js';
import { formatReleasePlan } from '../../core/release/format.js';
import { workspace } from '../context.js';
import { type CliIo } from '../io.js';
import { repoOption, setExitCode } from '../options.js';
import { commandWithJson, jsonOption, jsonStyle, toJson, type JsonFlag } from '../output.js';

interface Flags {
  pre?: string;
  version?: string;
  sign?: boolean;
  notes?: string;
  dryRun?: boolean;
  force?: boolean;
  reason?: string;
  json?: JsonFlag;
  repo?: string;
  policy?: string;
}

export function register(program: Command, io: CliIo): void {
  commandWithJson(program, 'release')
    .description(
      'release a line: version files, changelog, annotated (signed) tag, post-release steps; git-flow policies merge develop into main',
    )
    .argument('[line]', 'the line (X.Y) or its branch (default: the line of the checked-out branch)')
    .addOption(new Option('--pre <label>', 'a pre-release: alpha, beta or rc (the next one of the coming version)'))
    .addOption(new Option('--version <version>', 'release this version instead of the computed one'))
    .addOption(new Option('--sign', 'sign the tag (git’s GPG or SSH signing; also when release.sign is set)'))
    .addOption(
      new Option(
        '--notes <file>',
        'git-flow only: write the draft release notes here (default: flow.prepare.notes; an existing file is kept)',
      ),
    )
    .addOption(new Option('--dry-run', 'print the plan and change nothing'))
    .addOption(new Option('--force', 'release although the testing window (release.testingWindow) is not over; needs --reason'))
    .addOption(new Option('--reason <text>', 'with --force: why (recorded in the tag message)'))
    .addOption(jsonOption('print JSON: { plan, dryRun, commits, tags, worktrees }'))
    .addOption(repoOption())
    .addOption(new Option('--policy <file>', 'policy file (default: .trellis.yml at the repository root)'))
    .action(async (line: string | undefined, flags: Flags, cmd: Command) => {
      const ctx = await openApp(workspace(io), { repo: flags.repo, policy: flags.policy });
      const result = await release(ctx, {
        line,
        pre: flags.pre,
        version: flags.version,
        sign: flags.sign,
        notes: flags.notes,
        dryRun: flags.dryRun,
        force: flags.force,
        reason: flags.reason,
      });
      if (result.flow === 'gitflow') {
        const report = result.report;
        io.stdout.write(flags.json ? toJson(report, jsonStyle(flags.json, io)) : formatGitflowReport(report));
        if (report.exitCode !== 0) setExitCode(cmd, report.exitCode);
        return;
      }
      const report = result.report;
      if (flags.json) io.stdout.write(toJson(report, jsonStyle(flags.json, io)));
      else io.stdout.write(formatReleasePlan(report.plan, report.dryRun || report.plan.nothingToDo ? undefined : report));
    });
}
