/**
 * `trellis release [LINE] [--pre LABEL] [--version V] [--sign] [--notes FILE] [--dry-run] [--json]`:
 * the next release of a line (trunk flow), or, with a git-flow policy (`flow.model: gitflow`),
 * the git-flow release (checks, merge of develop into main, tag). The use case (app/release.ts)
 * chooses the flow, plans and applies; this file parses options and prints.
 */
import { Option, type Command } from 'commander';
import { openApp } from '../../app/context.js';
import {
  releaseAndPublish,
  repoOfClone,
  type AppContext,
  type ReleaseAndPublishRequest,
  type ReleaseAndPublishResult,
} from '../../app/index.js';
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
  milestone?: string;
  moveOpenTo?: string;
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
    .addOption(
      new Option('--reason <text>', 'with --force: why (recorded in the tag message); with --move-open-to: why (commented on each issue)'),
    )
    .addOption(
      new Option(
        '--milestone <title|number>',
        'the GitHub milestone this release closes; its title is the version (refused while it has open issues)',
      ),
    )
    .addOption(new Option('--move-open-to <milestone>', 'with --milestone: move its open issues to this milestone (needs --reason)'))
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
      const remote = flags.remote ?? 'origin';
      const out = await releaseAndPublish(ctx, {
        release: {
          line,
          pre: flags.pre,
          version: flags.version,
          sign: flags.sign,
          notes: flags.notes,
          dryRun: flags.dryRun,
          force: flags.force,
          // --reason is also --move-open-to's; without either, release() says what it goes with
          reason: flags.moveOpenTo !== undefined && !flags.force ? undefined : flags.reason,
        },
        remote,
        push: flags.push === true,
        github: await githubOf(ctx, flags, io, remote),
        milestone: flags.milestone !== undefined ? { ref: flags.milestone, moveOpenTo: flags.moveOpenTo, reason: flags.reason } : undefined,
      });
      const result = out.release;
      if (result.flow === 'gitflow') {
        const report = result.report;
        io.stdout.write(flags.json ? toJson({ ...report, ...extras(out) }, jsonStyle(flags.json, io)) : formatGitflowReport(report));
        if (!flags.json) io.stdout.write(publishText(out, flags.dryRun === true));
        if (report.exitCode !== 0) setExitCode(cmd, report.exitCode);
        return;
      }
      const report = result.report;
      if (flags.json) io.stdout.write(toJson({ ...report, ...extras(out) }, jsonStyle(flags.json, io)));
      else {
        io.stdout.write(formatReleasePlan(report.plan, report.dryRun || report.plan.nothingToDo ? undefined : report));
        io.stdout.write(publishText(out, report.dryRun));
      }
    });
}

const extras = (out: ReleaseAndPublishResult) => ({
  ...(out.publish ? { publish: out.publish } : {}),
  ...(out.milestone ? { milestone: out.milestone } : {}),
});

const EXAMPLES = `
Examples:
  trellis release 0.4                                  release line 0.4 here (nothing pushed)
  trellis release 0.4 --push --github-release          ... then one atomic push of branch and tag, and the GitHub release
  trellis release 0.5 --pre rc --push --github-release --draft
                                                       a release candidate: a draft pre-release on GitHub
  trellis release --milestone v1.2.0 --push --github-release
                                                       the version from the milestone, which is closed after
  trellis release --milestone v1.2.0 --move-open-to v1.2.1 --reason "not a blocker" --push
                                                       open issues moved to the next milestone first, the reason commented`;

/** Refused before anything is written: a release made locally that cannot be published is a mess to undo. */
function checkPublishFlags(flags: Flags, io: CliIo): void {
  const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
  if (flags.githubRelease && !flags.dryRun && !token)
    throw usageError('--github-release needs a GitHub token in GITHUB_TOKEN (or GH_TOKEN)');
  if (flags.milestone !== undefined && !token) throw usageError('--milestone needs a GitHub token in GITHUB_TOKEN (or GH_TOKEN)');
  if (flags.moveOpenTo !== undefined && flags.milestone === undefined) throw usageError('--move-open-to goes with --milestone');
  if (flags.draft && !flags.githubRelease) throw usageError('--draft goes with --github-release');
  if (flags.githubRelease && !flags.push && !flags.dryRun)
    throw usageError('--github-release needs --push (GitHub releases a tag the remote has)');
}

/** GitHub access when a flag needs it: the token from GITHUB_TOKEN or GH_TOKEN, the repository from GITHUB_REPOSITORY or the remote. */
async function githubOf(ctx: AppContext, flags: Flags, io: CliIo, remote: string): Promise<ReleaseAndPublishRequest['github']> {
  const postReleasePull = flags.push === true && ctx.policy.github?.postRelease === 'pull-request';
  if (!flags.githubRelease && flags.milestone === undefined && !postReleasePull) return undefined;
  const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
  if (postReleasePull && !token && !flags.dryRun)
    throw usageError('github.postRelease: pull-request needs a GitHub token in GITHUB_TOKEN (or GH_TOKEN) to open the pull request');
  const repo = await repoOfClone(ctx, remote);
  return {
    access: { apiUrl: io.env.GITHUB_API_URL || 'https://api.github.com', ...repo, token },
    release: flags.githubRelease === true,
    draft: flags.draft === true,
  };
}

function publishText(all: ReleaseAndPublishResult, dryRun: boolean): string {
  const out: string[] = [];
  const m = all.milestone;
  if (m && m.moved.length > 0)
    out.push(
      `${dryRun ? 'would move' : 'moved'} ${m.moved.map((n) => `#${n}`).join(', ')} from milestone ${m.title} to ${m.movedTo ?? ''}`,
    );
  if (m) out.push(`${dryRun ? 'would close' : 'closed'} milestone ${m.title}`);
  const p = all.publish;
  if (!p) return out.map((l) => `${escapeControl(l)}\n`).join('');
  const pr = p.postRelease;
  if (pr)
    out.push(
      pr.number !== null
        ? `${pr.existing ? 'found' : 'opened'} #${pr.number} (${pr.branch} into ${pr.base}) with the post-release steps${pr.url ? ` ${pr.url}` : ''}`
        : `would open a pull request (${pr.branch} into ${pr.base}) with the post-release steps`,
    );
  const short = (r: string) => r.replace(/^refs\/(heads|tags)\//, '');
  if (p.pushed.length > 0)
    out.push(`${dryRun ? 'would push' : 'pushed'} ${p.pushed.map(short).join(', ')} to ${p.remote} (one atomic push)`);
  if (p.alreadyPushed) out.push(`already on ${p.remote}: ${p.alreadyPushed.map(short).join(', ')} (pushed by an earlier run)`);
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
