/**
 * `trellis release [LINE] [--pre LABEL] [--version V] [--sign] [--notes FILE] [--dry-run] [--json]`:
 * the next release of a line (trunk flow), or, with a git-flow policy (`flow.model: gitflow`),
 * the git-flow release (checks, merge of develop into main, tag). The use case (app/release.ts)
 * chooses the flow, plans and applies; this file parses options and prints.
 */
import { Option, type Command } from 'commander';
import { openApp } from '../../app/context.js';
import { release } from '../../app/release.js';
import { publishRelease, repoOfClone, type AppContext, type PublishReleaseRequest, type PublishReleaseResult } from '../../app/index.js';
import { usageError } from '../../core/errors.js';
import { formatGitflowReport } from '../../core/release/gitflow.js';
import { formatReleasePlan } from '../../core/release/format.js';
import { workspace } from '../context.js';
import { type CliIo } from '../io.js';
import { repoOption, setExitCode } from '../options.js';
import { commandWithJson, escapeControl, jsonOption, jsonStyle, toJson, type JsonFlag } from '../output.js';

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
  push?: boolean;
  githubRelease?: boolean;
  draft?: boolean;
  remote?: string;
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
    .addOption(new Option('--push', 'push the branches and the tag to the remote in one atomic push'))
    .addOption(new Option('--github-release', 'create the GitHub release with the notes (token in GITHUB_TOKEN or GH_TOKEN)'))
    .addOption(new Option('--draft', 'with --github-release: a draft release'))
    .addOption(new Option('--remote <name>', 'the remote to push to (default origin)').default('origin'))
    .addOption(jsonOption('print JSON: { plan, dryRun, commits, tags, worktrees, publish? }'))
    .addOption(repoOption())
    .addOption(new Option('--policy <file>', 'policy file (default: .trellis.yml at the repository root)'))
    .addHelpText('after', EXAMPLES)
    .action(async (line: string | undefined, flags: Flags, cmd: Command) => {
      checkPublishFlags(flags, io);
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
        if (flags.push || flags.githubRelease)
          throw usageError('--push and --github-release are for trunk releases (not flow.model: gitflow) in this version');
        const report = result.report;
        io.stdout.write(flags.json ? toJson(report, jsonStyle(flags.json, io)) : formatGitflowReport(report));
        if (report.exitCode !== 0) setExitCode(cmd, report.exitCode);
        return;
      }
      const report = result.report;
      const publish = flags.push || flags.githubRelease ? await publish_(ctx, report, flags, io) : undefined;
      if (flags.json) io.stdout.write(toJson(publish ? { ...report, publish } : report, jsonStyle(flags.json, io)));
      else {
        io.stdout.write(formatReleasePlan(report.plan, report.dryRun || report.plan.nothingToDo ? undefined : report));
        if (publish) io.stdout.write(publishText(publish, report.dryRun));
      }
    });
}

const EXAMPLES = `
Examples:
  trellis release 0.4                                  release line 0.4 here (nothing pushed)
  trellis release 0.4 --push --github-release          ... then one atomic push of branch and tag, and the GitHub release
  trellis release 0.5 --pre rc --push --github-release --draft
                                                       a release candidate: a draft pre-release on GitHub`;

/** Refused before anything is written: a release made locally that cannot be published is a mess to undo. */
function checkPublishFlags(flags: Flags, io: CliIo): void {
  if (flags.githubRelease && !flags.dryRun && !(io.env.GITHUB_TOKEN || io.env.GH_TOKEN))
    throw usageError('--github-release needs a GitHub token in GITHUB_TOKEN (or GH_TOKEN)');
  if (flags.draft && !flags.githubRelease) throw usageError('--draft goes with --github-release');
  if (flags.githubRelease && !flags.push && !flags.dryRun)
    throw usageError('--github-release needs --push (GitHub releases a tag the remote has)');
}

async function publish_(ctx: AppContext, report: PublishReleaseRequest['report'], flags: Flags, io: CliIo): Promise<PublishReleaseResult> {
  const remote = flags.remote ?? 'origin';
  let github: PublishReleaseRequest['github'];
  if (flags.githubRelease) {
    const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
    const repo = await repoOfClone(ctx, remote);
    github = { access: { apiUrl: io.env.GITHUB_API_URL || 'https://api.github.com', ...repo, token }, draft: flags.draft === true };
  }
  return publishRelease(ctx, { report, remote, push: flags.push === true, github, dryRun: report.dryRun });
}

function publishText(p: PublishReleaseResult, dryRun: boolean): string {
  const out: string[] = [];
  const short = (r: string) => r.replace(/^refs\/(heads|tags)\//, '');
  if (p.pushed.length > 0)
    out.push(`${dryRun ? 'would push' : 'pushed'} ${p.pushed.map(short).join(', ')} to ${p.remote} (one atomic push)`);
  const r = p.release;
  if (r) {
    const what = `GitHub release ${r.tag}${r.draft ? ' (draft)' : ''}${r.prerelease ? ' (pre-release)' : ''}, latest: ${r.makeLatest}`;
    out.push(
      r.outcome === 'planned'
        ? `would create ${what}`
        : `${r.outcome === 'created' ? 'created' : 'exists already:'} ${what}${r.url ? ` ${r.url}` : ''}`,
    );
  }
  return out.map((l) => `${escapeControl(l)}\n`).join('');
}
