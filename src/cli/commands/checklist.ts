/**
 * `trellis checklist VERSION [--markdown | --json]`: the policy's checklist for that release
 * type (Llama Stack-style), with the testing window, ticking what the repository shows done: the
 * line's branch, the version files on it, the tag, the notes or changelog. A report: exit 0.
 * The use case is app/checklist.ts; this file parses options and prints.
 */
import { Option, type Command } from 'commander';
import { checklistGitHub, repoOfClone, type AppContext, type GitHubAccess } from '../../app/index.js';
import { openApp } from '../../app/context.js';
import { usageError } from '../../core/errors.js';
import { formatChecklistMarkdown, formatChecklistText } from '../../core/release/checklist.js';
import { workspace } from '../context.js';
import type { CliIo } from '../io.js';
import { repoOption } from '../options.js';
import { commandWithJson, jsonOption, jsonStyle, toJson, type JsonFlag } from '../output.js';

export function register(program: Command, io: CliIo): void {
  commandWithJson(program, 'checklist')
    .description(
      'the release checklist for VERSION from the policy (by release type, with the testing window), ticking what the repository shows done',
    )
    .argument('<version>', 'the release (e.g. 0.5.0)')
    .option('--markdown', 'print a Markdown task list')
    .addOption(jsonOption('print the checklist as JSON (shape in docs/checklist.md)'))
    .addOption(new Option('--policy <file>', 'policy file (default: .trellis.yml at the repository root)'))
    .addOption(repoOption())
    .action(async (version: string, flags: { markdown?: boolean; json?: JsonFlag; repo?: string; policy?: string }) => {
      if (flags.markdown && flags.json) throw usageError('--markdown and --json exclude each other');
      const ctx = await openApp(workspace(io), { repo: flags.repo, policy: flags.policy });
      const report = await checklistGitHub(ctx, { version, access: await accessOf(ctx) });
      io.stdout.write(
        flags.json
          ? toJson(report, jsonStyle(flags.json, io))
          : flags.markdown
            ? formatChecklistMarkdown(report)
            : formatChecklistText(report),
      );
    });
}

/** GitHub access when a token is set (GITHUB_TOKEN or GH_TOKEN) and the repository is known; else none (milestone items stay manual). */
async function accessOf(ctx: AppContext): Promise<GitHubAccess | undefined> {
  const token = ctx.env.GITHUB_TOKEN || ctx.env.GH_TOKEN;
  if (!token) return undefined;
  try {
    const repo = await repoOfClone(ctx, ctx.remote ?? 'origin');
    return { apiUrl: ctx.env.GITHUB_API_URL || 'https://api.github.com', ...repo, token };
  } catch {
    return undefined;
  }
}
