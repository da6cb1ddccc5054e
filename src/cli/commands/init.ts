/** `trellis init --preset NAME [--repo PATH] [--force] [--dry-run]`: writes the policy file (use case app/init.ts). */
import { Option, type Command } from 'commander';
import { POLICY_FILE, init } from '../../app/init.js';
import { PRESET_ALIASES, PRESET_NAMES } from '../../core/policy/presets/index.js';
import { workspace } from '../context.js';
import { println, type CliIo } from '../io.js';
import { repoOption } from '../options.js';

export function register(program: Command, io: CliIo): void {
  program
    .command('init')
    .description(`write ${POLICY_FILE} from a preset that reproduces a known release process`)
    .addOption(
      new Option('--preset <name>', 'the process to start from')
        .choices([...PRESET_NAMES, ...Object.keys(PRESET_ALIASES)])
        .makeOptionMandatory(),
    )
    .addOption(repoOption())
    .option('--force', `overwrite an existing ${POLICY_FILE}`)
    .option('--dry-run', 'print the file instead of writing it')
    .action(async (opts: { preset: string; repo?: string; force?: boolean; dryRun?: boolean }) => {
      const r = await init(workspace(io), { preset: opts.preset, repo: opts.repo, force: opts.force, dryRun: opts.dryRun });
      if (!r.written) {
        println(io.stderr, `trellis: dry run: would ${r.existed ? 'overwrite' : 'write'} ${r.file} (preset ${r.preset})`);
        io.stdout.write(r.text);
        return;
      }
      println(io.stdout, `wrote ${r.file} (preset ${r.preset}, after the ${r.source})`);
    });
}
