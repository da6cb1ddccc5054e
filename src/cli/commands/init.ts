/** `trellis init [--preset NAME] [--yes] [--repo PATH] [--force] [--dry-run]`: writes the policy file (use case app/init.ts). */
import { Option, type Command } from 'commander';
import { DEFAULT_CHOICES, POLICY_FILE, init, presetList, type InitChoices, type InitResult } from '../../app/init.js';
import { PRESET_ALIASES, PRESET_NAMES } from '../../core/policy/presets/index.js';
import { workspace } from '../context.js';
import { println, type CliIo } from '../io.js';
import { repoOption } from '../options.js';
import { escapeControl } from '../output.js';

interface InitFlags {
  preset?: string;
  repo?: string;
  force?: boolean;
  dryRun?: boolean;
  yes?: boolean;
}

export function register(program: Command, io: CliIo): void {
  program
    .command('init')
    .description(`write ${POLICY_FILE}: read from the repository (its branches, tags and version files), or from a preset`)
    .addOption(
      new Option('--preset <name>', `start from a process shape instead of reading the repository: ${[...PRESET_NAMES].join(', ')}`),
    )
    .option('-y, --yes', 'take the defaults for what the repository cannot show (the 2 newest lines get fixes, no LTS) without asking')
    .addOption(repoOption())
    .option('--force', `overwrite an existing ${POLICY_FILE}`)
    .option('--dry-run', 'print the file instead of writing it')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  trellis init                      read this repository; asks about support and LTS on a terminal',
        '  trellis init --yes --dry-run      print what it would write, taking the defaults',
        '  trellis init --preset series      start from the Tarantool-style series',
        '',
        `Presets: ${presetList()}.`,
        `Old names still accepted: ${Object.keys(PRESET_ALIASES).join(', ')}.`,
      ].join('\n'),
    )
    .action(async (opts: InitFlags) => {
      const choices = opts.preset === undefined && !opts.yes && io.ask ? await askChoices(io, io.ask) : DEFAULT_CHOICES;
      const r = await init(workspace(io), { preset: opts.preset, repo: opts.repo, force: opts.force, dryRun: opts.dryRun, choices });
      if (!r.written) {
        println(io.stderr, `trellis: dry run: would ${r.existed ? 'overwrite' : 'write'} ${r.file} (${origin(r)})`);
        for (const n of r.notes) println(io.stderr, escapeControl(`trellis: note: ${n}`));
        io.stdout.write(r.text);
        return;
      }
      println(io.stdout, `wrote ${r.file} (${origin(r)})`);
      for (const line of summary(r)) println(io.stdout, escapeControl(line));
      for (const n of r.notes) println(io.stdout, escapeControl(`note: ${n}`));
      println(io.stdout, 'next: trellis policy check, then trellis status');
    });
}

function origin(r: InitResult): string {
  return r.preset ? `preset ${r.preset}, after the ${r.source}` : 'read from the repository';
}

/** What was read, one guess a line. */
function summary(r: InitResult): string[] {
  const g = r.reading;
  if (!g) return [];
  const rows: Array<[string, string]> = [
    ['development branch', `${g.main.value}${g.develop ? ` (git-flow, integration branch ${g.develop.value})` : ''}`],
    ['release branches', g.release.length > 0 ? g.release.map((t) => t.value).join(', ') : '(none yet)'],
    ['tags', g.tag.value.join(', ')],
    ['version scheme', g.scheme.value],
    ['version files', g.versionFiles.length > 0 ? g.versionFiles.map((f) => f.path).join(', ') : '(none found)'],
  ];
  return rows.map(([k, v]) => `  ${k.padEnd(18)}  ${v}`);
}

/** Asks for the support rule and the LTS lines; Enter takes the default. */
async function askChoices(io: CliIo, ask: (question: string) => Promise<string>): Promise<InitChoices> {
  println(io.stdout, 'Which lines get fixes? (the repository cannot show this)');
  println(io.stdout, '  1) the N newest released lines (default, N = 2)');
  println(io.stdout, '  2) a line until the next minor of its major ships');
  println(io.stdout, "  3) a window from each line's first release (e.g. 12 months)");
  const rule = (await ask('choice [1]: ')).trim();
  let support: InitChoices['support'] = DEFAULT_CHOICES.support;
  if (rule === '2') support = { rule: 'untilNextMinor' };
  else if (rule === '3') {
    const bugfix = (await ask('bug fixes for [12 months]: ')).trim() || '12 months';
    const security = (await ask('then security fixes until [none, e.g. 18 months]: ')).trim();
    support = { rule: 'window', bugfix, ...(security ? { security } : {}) };
  } else {
    const n = Number.parseInt((await ask('how many lines [2]: ')).trim() || '2', 10);
    support = { rule: 'maintained', count: Number.isInteger(n) && n >= 1 ? n : 2 };
  }
  const ltsLines = (await ask('LTS lines, comma-separated (e.g. 1.2) [none]: '))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (ltsLines.length === 0) return { support, lts: null };
  const duration = (await ask('LTS support from first release [2 years]: ')).trim() || '2 years';
  return { support, lts: { lines: ltsLines, duration } };
}
