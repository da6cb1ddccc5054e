/**
 * `trellis merge-back LINE`: merges a release line's branch back into the development branch
 * with a merge commit written without a work tree (Lightspeed-style optional merge of
 * release/X.Y.Z into main; Goose-style codename branches merged back into main). The use case is
 * app/merge-back.ts; this file parses options and prints.
 */
import { Option, type Command } from 'commander';
import { openApp } from '../../app/context.js';
import { mergeBack } from '../../app/merge-back.js';
import { formatMergeBack } from '../../core/release/merge-back.js';
import { workspace } from '../context.js';
import type { CliIo } from '../io.js';
import { repoOption, setExitCode } from '../options.js';
import { commandWithJson, jsonOption, jsonStyle, toJson, type JsonFlag } from '../output.js';

interface Flags {
  into?: string;
  dryRun?: boolean;
  json?: JsonFlag;
  repo?: string;
  policy?: string;
}

const EXAMPLES = `
Examples:
  trellis merge-back 1.2 --dry-run     what merging line 1.2's branch into main would do
  trellis merge-back release/1.2.0     merge that branch into main (a merge commit, no checkout)
  trellis merge-back 1.4 --json        the report as JSON: { status, commits, commit, conflicts, ... }

Exit codes: 0 merged (or nothing to merge), 1 the merge conflicts (paths listed, nothing changed),
2 bad input or a checked-out branch with local changes.
`;

export function register(program: Command, io: CliIo): void {
  commandWithJson(program, 'merge-back')
    .description(
      "merge a release line's branch back into the development branch: a merge commit written without a work tree, one ref update",
    )
    .argument('<line>', 'the line (1.2) or its branch (release/1.2.0, v1.2-codename)')
    .addOption(new Option('--into <branch>', 'the branch to merge into (default: the development branch)'))
    .option('--dry-run', 'say what would be merged and whether it conflicts; change nothing')
    .addOption(jsonOption('print the report as JSON'))
    .addOption(new Option('--policy <file>', 'policy file (default: .trellis.yml at the repository root)'))
    .addOption(repoOption())
    .addHelpText('after', EXAMPLES)
    .action(async (line: string, flags: Flags, cmd: Command) => {
      const ctx = await openApp(workspace(io), { repo: flags.repo, policy: flags.policy });
      const report = await mergeBack(ctx, { line, into: flags.into, dryRun: !!flags.dryRun });
      io.stdout.write(flags.json ? toJson(report, jsonStyle(flags.json, io)) : formatMergeBack(report));
      if (report.exitCode !== 0) setExitCode(cmd, report.exitCode);
    });
}
