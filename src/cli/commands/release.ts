/**
 * `trellis release [LINE] [--pre LABEL] [--version V] [--sign] [--dry-run] [--json]`: the next
 * release of a line (trunk flow), or, with a git-flow policy (`flow.model: gitflow`), the
 * git-flow release (src/apply/release/gitflow.ts: checks, merge of develop into main, tag).
 * Reads facts, lets the core plan and src/apply/release carry the plan out; this file parses
 * options and prints.
 */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { release, type ApplyReport } from '../../apply/release/index.js';
import { gitflowRelease } from '../../apply/release/gitflow.js';
import { usageError } from '../../core/errors.js';
import { dateOf } from '../../core/policy/duration.js';
import type { Policy } from '../../core/policy/schema.js';
import { formatGitflowReport } from '../../core/release/gitflow.js';
import { formatReleasePlan } from '../../core/release/format.js';
import type { ReleasePlan } from '../../core/release/types.js';
import { openRepository, readPolicy } from '../../facts/repository.js';
import type { Git } from '../../git/index.js';
import { type CliIo } from '../io.js';
import { repoOption, setExitCode } from '../options.js';
import { toJson } from '../output.js';

interface Flags {
  pre?: string;
  version?: string;
  sign?: boolean;
  notes?: string;
  dryRun?: boolean;
  json?: boolean;
  repo?: string;
  policy?: string;
}

/**
 * The git-flow hook: a `flow.model: gitflow` policy releases by merging develop into main
 * (`gitflowRelease`, owned by the git-flow module); lines and pre-releases do not apply there.
 */
async function gitflow(io: CliIo, cmd: Command, git: Git, policy: Policy, line: string | undefined, flags: Flags): Promise<void> {
  if (line !== undefined) throw usageError('a git-flow policy releases develop into main: no LINE');
  if (flags.pre !== undefined) throw usageError('--pre is not supported with a git-flow policy (flow.model: gitflow)');
  if (flags.notes !== undefined && (flags.notes === '' || flags.notes.startsWith('-')))
    throw usageError(`--notes needs a file name, got '${flags.notes}'`);
  const report = await gitflowRelease(
    { git, policy, env: io.env, today: dateOf(io.clock.now()) },
    {
      version: flags.version ?? null,
      sign: flags.sign,
      dryRun: flags.dryRun,
      // A file named on the command line is relative to where the command runs, like any path argument.
      ...(flags.notes !== undefined ? { notes: resolve(io.cwd, flags.notes) } : {}),
    },
  );
  io.stdout.write(flags.json ? toJson(report) : formatGitflowReport(report));
  if (report.exitCode !== 0) setExitCode(cmd, report.exitCode);
}

export function register(program: Command, io: CliIo): void {
  program
    .command('release')
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
    .addOption(new Option('--json', 'print JSON: { plan, dryRun, commits, tags, worktrees }'))
    .addOption(repoOption())
    .addOption(new Option('--policy <file>', 'policy file (default: .trellis.yml at the repository root)'))
    .action(async (line: string | undefined, flags: Flags, cmd: Command) => {
      const git = await openRepository(flags.repo, io.cwd, io.env);
      const { policy } = await readPolicy(git, { file: flags.policy, cwd: io.cwd });
      if (policy.flow.model === 'gitflow') return gitflow(io, cmd, git, policy, line, flags);
      if (flags.notes !== undefined)
        throw usageError('--notes applies to git-flow releases (flow.model: gitflow); trunk releases write release.changelog');
      const report: ApplyReport<ReleasePlan> = await release(
        { git, policy, today: dateOf(io.clock.now()) },
        { line, pre: flags.pre, version: flags.version, sign: flags.sign, dryRun: flags.dryRun },
      );
      if (flags.json) io.stdout.write(toJson(report));
      else io.stdout.write(formatReleasePlan(report.plan, report.dryRun || report.plan.nothingToDo ? undefined : report));
    });
}
