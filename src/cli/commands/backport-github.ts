/**
 * `trellis backport … --push [--pr N]`: the backport of the command line, sent to the remote.
 * `--push` pushes the branches a local backport wrote (one atomic push). `--pr N` does what the
 * GitHub Action does for merged pull request N (targets from `--to`/`--auto`, else its labels):
 * pushes `backport/<line>/N`, opens one pull request per line and the summary comment, with the
 * token from GITHUB_TOKEN (or GH_TOKEN), the repository from GITHUB_REPOSITORY or the remote's
 * URL, and the API from GITHUB_API_URL.
 */
import type { Command } from 'commander';
import { githubBackport, openRepo, pushBackport, repoOfClone, type GitHubBackportResult, type RepoContext } from '../../app/index.js';
import type { BackportReport } from '../../core/backport/index.js';
import { usageError } from '../../core/errors.js';
import { DEFAULT_LABEL_PATTERN, rowText } from '../../core/github/backport.js';
import { workspace } from '../context.js';
import { println, type CliIo } from '../io.js';
import { setExitCode } from '../options.js';
import { jsonStyle, toJson, type JsonFlag } from '../output.js';

export interface GitHubFlags {
  push?: boolean;
  pr?: string;
  to?: string[];
  auto?: boolean;
  conflicts?: 'fail' | 'branch';
  dryRun?: boolean;
  json?: JsonFlag;
  repo?: string;
}

const remoteOf = (ctx: RepoContext): string => (typeof ctx.remote === 'string' ? ctx.remote : 'origin');

/** `--pr N`: the Action's backport from the command line (`--to`/`--auto` add to what its labels ask). */
export async function backportPullRequest(io: CliIo, commits: string[], flags: GitHubFlags, cmd: Command): Promise<void> {
  if (commits.length > 0) throw usageError('--pr names the change (the merged pull request): give no commits with it');
  if (!flags.push && !flags.dryRun)
    throw usageError('--pr pushes and opens pull requests: add --push (or --dry-run to see what it would do)');
  if (!/^[1-9][0-9]*$/.test(flags.pr ?? '')) throw usageError(`--pr takes a pull request number, got '${flags.pr ?? ''}'`);
  const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN;
  if (!token) throw usageError('--pr needs a GitHub token in GITHUB_TOKEN (or GH_TOKEN)');
  const ctx = await openRepo(workspace(io), flags.repo);
  const remote = remoteOf(ctx);
  const repo = await repoOfClone(ctx, remote);
  const asks = [...(flags.to ?? []), ...(flags.auto ? ['auto'] : [])];
  const result = await githubBackport(
    ctx,
    { apiUrl: io.env.GITHUB_API_URL || 'https://api.github.com', ...repo, token },
    {
      pull: Number(flags.pr),
      asks: asks.length > 0 ? asks : null,
      labelPattern: DEFAULT_LABEL_PATTERN,
      conflicts: flags.conflicts === 'fail' ? 'fail' : 'draft',
      remote,
      dryRun: !!flags.dryRun,
    },
  );
  if (flags.json) io.stdout.write(toJson(result, jsonStyle(flags.json, io)));
  else printResult(io, result);
  if (result.exitCode !== 0) setExitCode(cmd, result.exitCode);
}

function printResult(io: CliIo, r: GitHubBackportResult): void {
  if (r.ignored) return println(io.stdout, `nothing to do: ${r.ignored}`);
  println(io.stdout, `backport of #${r.pull}${r.dryRun ? ' (dry run: nothing pushed or opened)' : ''}:`);
  for (const row of r.rows) println(io.stdout, `  ${row.line.padEnd(8)} ${rowText(row)}`);
  if (r.pushed.length > 0) println(io.stdout, `${r.dryRun ? 'would push' : 'pushed'}: ${r.pushed.join(', ')}`);
}

/** `--push` after a local backport: the refs it wrote go to the remote in one atomic push. */
export async function pushReport(io: CliIo, flags: GitHubFlags, rep: BackportReport): Promise<void> {
  if (rep.dryRun) return;
  const ctx = await openRepo(workspace(io), flags.repo);
  const pushed = await pushBackport(ctx, { report: rep, remote: remoteOf(ctx) });
  if (flags.json) return;
  if (pushed.pushed.length > 0) println(io.stdout, `pushed to ${pushed.remote}: ${pushed.pushed.join(', ')}`);
  if (pushed.alreadyPushed)
    println(io.stdout, `already on ${pushed.remote}: ${pushed.alreadyPushed.join(', ')} (pushed by an earlier run)`);
}
