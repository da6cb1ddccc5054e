import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { TrellisError } from '../../core/errors.js';
import { PRESET_ALIASES, PRESET_NAMES, findPreset } from '../../core/policy/presets/index.js';
import { println, type CliIo } from '../io.js';
import { repoOption } from '../options.js';
import { POLICY_FILE, displayPath } from './policy.js';

export function register(program: Command, io: CliIo): void {
  program
    .command('init')
    .description(`write ${POLICY_FILE} from a preset that reproduces one of the seed processes`)
    .addOption(
      new Option('--preset <name>', 'the process to start from')
        .choices([...PRESET_NAMES, ...Object.keys(PRESET_ALIASES)])
        .makeOptionMandatory(),
    )
    .addOption(repoOption())
    .option('--force', `overwrite an existing ${POLICY_FILE}`)
    .option('--dry-run', 'print the file instead of writing it')
    .action((opts: { preset: string; repo?: string; force?: boolean; dryRun?: boolean }) => {
      const preset = findPreset(opts.preset);
      if (!preset) throw new TrellisError('usage', `unknown preset '${opts.preset}'`, 2);
      const dir = resolve(io.cwd, opts.repo ?? '.');
      if (!existsSync(dir) || !statSync(dir).isDirectory()) {
        throw new TrellisError('not-found', `no such folder: ${opts.repo ?? dir}`, 2);
      }
      const path = join(dir, POLICY_FILE);
      const shown = displayPath(io, path) || POLICY_FILE;
      const exists = existsSync(path);
      if (exists && !opts.force) {
        throw new TrellisError('exists', `${shown} already exists; use --force to overwrite it`, 2);
      }
      if (opts.dryRun) {
        println(io.stderr, `trellis: dry run: would ${exists ? 'overwrite' : 'write'} ${shown} (preset ${preset.name})`);
        io.stdout.write(preset.text);
        return;
      }
      writeFileSync(path, preset.text);
      println(io.stdout, `wrote ${shown} (preset ${preset.name}: seed ${preset.seed})`);
    });
}
