/**
 * `trellis version for-build --mode release|nightly|dispatch`: the version a build must use
 * (Llama Stack-style workflow modes). The use case is app/version-for-build.ts.
 */
import { Option, type Command } from 'commander';
import { BUILD_MODES, type BuildMode } from '../../core/release/for-build.js';
import { usageError } from '../../core/errors.js';
import { workspace } from '../context.js';
import { println, type CliIo } from '../io.js';
import { repoOption } from '../options.js';
import { commandWithJson, jsonOption, jsonStyle, toJson, type JsonFlag } from '../output.js';

interface Flags {
  mode: BuildMode;
  date?: string;
  version?: string;
  tag?: string;
  ref?: string;
  json?: JsonFlag;
  repo?: string;
  policy?: string;
}

const EXAMPLES = `
Examples:
  trellis version for-build --mode release --tag v0.4.5          0.4.5 (the published tag's version)
  trellis version for-build --mode nightly --date 2026-03-02     0.5.1.dev20260302 (fallback_version 0.5.1.dev0 on main)
  trellis version for-build --mode dispatch --version 0.5.0rc9   0.5.0rc9, refused if it is already released
  trellis version for-build --mode nightly --json                { mode, version, from } as JSON
`;

export function registerForBuild(version: Command, io: CliIo): void {
  commandWithJson(version, 'for-build')
    .description('the version a build must use: the release tag’s, a nightly {fallback_base}.dev{YYYYMMDD}, or a dispatched one')
    .addOption(new Option('--mode <mode>', 'what triggered the build').choices(BUILD_MODES as unknown as string[]).makeOptionMandatory())
    .addOption(new Option('--date <YYYY-MM-DD>', 'nightly: the day of the build (default: today)'))
    .addOption(new Option('--version <v>', 'dispatch: the manual version input'))
    .addOption(new Option('--tag <tag>', 'release: the published tag (default: the release tag on --ref)'))
    .addOption(new Option('--ref <rev>', 'the revision built (release: default HEAD; nightly: default the development branch)'))
    .addOption(jsonOption('print JSON: { mode, version, from }'))
    .addOption(repoOption())
    .addOption(new Option('--policy <file>', 'policy file (default: .trellis.yml at the repository root)'))
    .addHelpText('after', EXAMPLES)
    .action(async (flags: Flags) => {
      for (const v of [flags.ref, flags.tag])
        if (v !== undefined && (v === '' || v.startsWith('-'))) throw usageError(`invalid revision '${v}'`);
      const { openApp } = await import('../../app/context.js');
      const { versionForBuild } = await import('../../app/version-for-build.js');
      const ctx = await openApp(workspace(io), { repo: flags.repo, policy: flags.policy });
      const r = await versionForBuild(ctx, { mode: flags.mode, date: flags.date, version: flags.version, tag: flags.tag, ref: flags.ref });
      if (flags.json) io.stdout.write(toJson(r, jsonStyle(flags.json, io)));
      else println(io.stdout, r.version);
    });
}
