/**
 * `trellis extension status|ships|switch`: a Goose-style extension against its core's release
 * cycle (docs/extensions.md). Each subcommand calls one use case (app/extension-*.ts) and renders
 * its answer as text or `--json`.
 */
import { Option, type Command } from 'commander';
import { openApp } from '../../app/context.js';
import { extensionShips, type ExtensionShipsReport } from '../../app/extension-ships.js';
import { extensionStatusOf, type ExtensionStatusReport } from '../../app/extension-status.js';
import { extensionSwitch, type ExtensionSwitchReport } from '../../app/extension-switch.js';
import { usageError } from '../../core/errors.js';
import { asOfDate } from '../dates.js';
import { workspace } from '../context.js';
import { println, type CliIo } from '../io.js';
import { repoOption, setExitCode } from '../options.js';
import { commandWithJson, jsonOption, jsonStyle, toJson, type JsonFlag } from '../output.js';

interface Flags {
  date?: string;
  json?: JsonFlag;
  repo?: string;
  policy?: string;
  release?: 'patch' | 'minor';
  at?: string;
  dryRun?: boolean;
}

const PR_WORDS = { patch: 'a fix for the patch', minor: 'work for the minor', after: 'work for the minor after' } as const;
const short = (c: string | null) => (c ? c.slice(0, 12) : '(unknown)');

export function renderStatus(r: ExtensionStatusReport): string {
  const out: string[] = [];
  const c = r.core;
  out.push(`core:        phase ${c.phase} (${c.phaseSource})`);
  out.push(
    `             ${c.current ? `current ${c.current.line} (${c.current.branch ?? 'no branch'}, latest ${c.current.release ?? 'none'})` : 'no release yet'}${c.next ? `, next ${c.next.line} (${c.next.branch ?? 'not cut'})` : ''}`,
  );
  out.push(`extension:   ${r.api} API, ${r.type}`);
  for (const b of r.branches) {
    out.push(`  ${b.branch}: must target ${b.targets.map((t) => t.name).join(' or ') || '(no row in the table)'}`);
    for (const p of b.pins)
      out.push(
        `    ${p.ok ? 'ok      ' : 'MISMATCH'} ${p.source} ${p.value === null ? '(none)' : p.value.length === 40 ? short(p.value) : p.value} (${p.where})`,
      );
  }
  if (r.merges.length > 0) out.push('merge now:');
  for (const m of r.merges)
    out.push(
      `  ${`${PR_WORDS[m.for]}${m.release ? ` (${m.release})` : ''}`.padEnd(38)} -> ${m.branch ?? 'impossible'}   ${m.quoted ? '"' + m.says + '"' : `(derived: ${m.says})`}`,
    );
  for (const n of r.notes) out.push(`note: ${n}`);
  for (const f of r.findings) out.push(`mismatch: ${f}`);
  return out.join('\n') + '\n';
}

export function renderShips(r: ExtensionShipsReport): string {
  const core = r.mode === 'core';
  const out = [`phase ${r.phase} (${r.phaseSource})${core ? '' : `; extension ${r.extensions[0]?.type ?? ''}`}`];
  const pad = core ? '  ' : '';
  for (const e of r.extensions) {
    if (core) out.push(`${e.name} (${e.type}):`);
    for (const a of e.answers) {
      const from = a.branch ?? `the core's ${a.config?.file ?? 'config file'}${a.config ? ` on ${a.config.at}` : ''}`;
      out.push(`${pad}${a.release} release${a.coreRelease ? ` ${a.coreRelease}` : ''}: ships ${short(a.commit)} from ${from}`);
      out.push(`${pad}  "${a.says}"`);
      for (const n of a.notes) out.push(`${pad}  note: ${n}`);
    }
  }
  return out.join('\n') + '\n';
}

export function renderSwitch(r: ExtensionSwitchReport): string {
  const verb = r.dryRun ? 'would create' : 'created';
  return `${r.from} -> ${r.to} (core ${r.phase}): ${verb} ${r.branch} at ${short(r.commit)} (${r.why})\n  "${r.says}"\n`;
}

const common = (cmd: Command, json: string) =>
  cmd
    .addOption(new Option('--date <YYYY-MM-DD>', "the day to read the core's phase for (default: today)"))
    .addOption(jsonOption(json))
    .addOption(repoOption())
    .addOption(new Option('--policy <file>', 'policy file (default: .trellis.yml at the repository root)'));

export function register(program: Command, io: CliIo): void {
  const ext = program
    .command('extension')
    .description("a Goose-style extension against its core's release cycle: branch type, target core versions, what ships");
  common(commandWithJson(ext, 'status'), 'print JSON: { core, type, branches, merges, findings, ... }')
    .description(
      'branch type, the core phase, the core version each active branch must target, where PRs merge now; exit 1 on a mismatched pin',
    )
    .addHelpText('after', '\nExamples:\n  trellis extension status\n  trellis extension status --date 2025-07-25 --json\n')
    .action(async (flags: Flags, cmd: Command) => {
      const date = asOfDate(flags.date, io);
      const ctx = await openApp(workspace(io), { repo: flags.repo, policy: flags.policy });
      const r = await extensionStatusOf(ctx, { date });
      for (const w of r.warnings) println(io.stderr, `trellis: warning: ${w}`);
      io.stdout.write(flags.json ? toJson(r, jsonStyle(flags.json, io)) : renderStatus(r));
      if (r.exitCode !== 0) setExitCode(cmd, r.exitCode);
    });
  common(
    commandWithJson(ext, 'ships'),
    'print JSON: { mode, phase, extensions: [{ name, type, answers: [{ release, from, branch, commit, ... }] }] }',
  )
    .description("which extension commit ships with the core's next patch or minor release (the seed's source-of-truth table)")
    .addOption(new Option('--release <type>', 'the core release (default: both)').choices(['patch', 'minor']))
    .addHelpText(
      'after',
      '\nRun in the extension (policy: extension), or in the core (policy: extensions, each a local clone).\n\nExamples:\n  trellis extension ships\n  trellis extension ships --release minor --json\n',
    )
    .action(async (flags: Flags) => {
      const date = asOfDate(flags.date, io);
      const ctx = await openApp(workspace(io), { repo: flags.repo, policy: flags.policy });
      const r = await extensionShips(ctx, { release: flags.release, date });
      for (const w of r.warnings) println(io.stderr, `trellis: warning: ${w}`);
      io.stdout.write(flags.json ? toJson(r, jsonStyle(flags.json, io)) : renderShips(r));
    });
  common(commandWithJson(ext, 'switch'), 'print JSON: { from, to, branch, commit, why, dryRun, created }')
    .description('switch to a two- or three-branch extension: create the codename branch where the seed says (one ref transaction)')
    .argument('<type>', 'two-branch or three-branch')
    .addOption(new Option('--at <rev>', "two-branch: the commit on main to branch from (default: the commit in the core's config file)"))
    .addOption(new Option('--dry-run', 'print what would be created and change nothing'))
    .addHelpText(
      'after',
      '\nExamples:\n  trellis extension switch two-branch --dry-run\n  trellis extension switch two-branch --at 1a2b3c4\n  trellis extension switch three-branch\n  trellis extension switch two-branch --at 1a2b3c4 --dry-run --json\n',
    )
    .action(async (type: string, flags: Flags) => {
      if (type !== 'two-branch' && type !== 'three-branch') throw usageError(`switch to two-branch or three-branch, got '${type}'`);
      const date = asOfDate(flags.date, io);
      const ctx = await openApp(workspace(io), { repo: flags.repo, policy: flags.policy });
      const r = await extensionSwitch(ctx, { to: type, at: flags.at, dryRun: flags.dryRun, date });
      io.stdout.write(flags.json ? toJson(r, jsonStyle(flags.json, io)) : renderSwitch(r));
    });
}
