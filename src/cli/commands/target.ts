/**
 * `trellis target --kind feature|bugfix|security [--for VERSION] [--date D] [--json] [--repo PATH]`:
 * which branch a change should merge into now, and why (the Goose-style phase table, git-flow
 * hotfixes, or main then backports). The answer comes from the `target` use case (app/target.ts).
 */
import { Option, type Command } from 'commander';
import { openApp } from '../../app/context.js';
import { target } from '../../app/target.js';
import { usageError } from '../../core/errors.js';
import { TARGET_KINDS, type TargetAdvice, type TargetKind } from '../../core/lines/index.js';
import { workspace } from '../context.js';
import { println, type CliIo } from '../io.js';
import { repoOption } from '../options.js';
import { colorsOf, commandWithJson, jsonOption, jsonStyle, tableWidth, toJson, type Colors, type JsonFlag } from '../output.js';
import { wrapCell } from '../table.js';
import { paintBackportStatus } from '../tones.js';
import { backportStatusLabel } from '../../core/vocabulary.js';
import { asOfDate } from '../dates.js';

interface TargetFlags {
  kind?: TargetKind;
  for?: string;
  date?: string;
  json?: JsonFlag;
  repo?: string;
  policy?: string;
}

/** `label` and `text` on as many lines as `width` needs, continuation lines under the text. */
function labelled(label: string, text: string, width: number): string[] {
  const lines = wrapCell(text, Math.max(20, width - label.length));
  return lines.map((l, i) => `${i === 0 ? label : ' '.repeat(label.length)}${l}`);
}

/**
 * The advice for people: the branch first, then why, then what follows; long lines wrapped to
 * `width`; each backport's status in the vocabulary's word and colour (`c`, none by default).
 */
export function renderAdvice(a: TargetAdvice, width = Infinity, c?: Colors): string {
  const out: string[] = [];
  const what = `${{ feature: 'feature', bugfix: 'bug fix', security: 'security fix' }[a.kind]}${a.for ? ` for ${a.for}` : ''}`;
  const context =
    a.model === 'phases' || a.model === 'extension'
      ? `${a.model === 'extension' ? 'extension; ' : ''}phase ${a.phase} (${a.phaseSource})`
      : a.model === 'gitflow'
        ? 'git-flow'
        : 'trunk: main first, then backports';
  out.push(`A ${what} on ${a.date}; ${context}`);
  out.push('');
  if (!a.allowed) out.push(`not allowed as asked; instead:`);
  out.push(`merge into: ${a.branch}${a.create ? ` (create it from ${a.create.from})` : ''}${a.release ? `   ships in ${a.release}` : ''}`);
  out.push(...labelled('why:        ', a.reason, width));
  if (a.mergeBack.length > 0) out.push(`then merge: ${a.branch} into ${a.mergeBack.join(' and ')}`);
  if (a.backports.length > 0) {
    out.push('then backport (cherry-pick -x) to:');
    const w = Math.max(...a.backports.map((b) => b.line.length));
    for (const b of a.backports)
      out.push(
        `  ${b.line.padEnd(w)}  ${b.branch}${b.create ? ` (new, from ${b.create.from})` : ''}  [${c ? paintBackportStatus(c, b.status)(backportStatusLabel(b.status)) : backportStatusLabel(b.status)}]`,
      );
  }
  if (a.skipped.length > 0) {
    // One group per reason: "1.0, 0.4 (end-of-life)".
    const groups = new Map<string, string[]>();
    for (const s of a.skipped) groups.set(s.reason, [...(groups.get(s.reason) ?? []), s.line]);
    out.push(...labelled('not to:     ', [...groups].map(([reason, lines]) => `${lines.join(', ')} (${reason})`).join('; '), width));
  }
  for (const n of a.notes) out.push(...labelled('note:       ', n, width));
  return out.join('\n') + '\n';
}

export function register(program: Command, io: CliIo): void {
  commandWithJson(program, 'target')
    .description('which branch a change should merge into now, and why (phases, hotfixes, backports)')
    .addOption(new Option('--kind <kind>', 'the kind of change').choices([...TARGET_KINDS]).makeOptionMandatory())
    .addOption(new Option('--for <version>', 'the release or line the change is meant for (e.g. 1.2.3, v1.3.0, 1.2)'))
    .addOption(new Option('--date <YYYY-MM-DD>', 'the day to answer for (default: today)'))
    .addOption(jsonOption('print JSON: { kind, branch, reason, allowed, mergeBack, backports, ... }'))
    .addOption(repoOption())
    .addOption(new Option('--policy <file>', 'policy file (default: .trellis.yml at the repository root)'))
    .action(async (flags: TargetFlags) => {
      const date = asOfDate(flags.date, io);
      if (flags.for !== undefined && (flags.for === '' || flags.for.startsWith('-')))
        throw usageError(`--for needs a version or line, got '${flags.for}'`);
      const ctx = await openApp(workspace(io), { repo: flags.repo, policy: flags.policy });
      const { advice, warnings } = await target(ctx, { kind: flags.kind!, for: flags.for ?? null, date });
      for (const w of warnings) println(io.stderr, `trellis: warning: ${w}`);
      io.stdout.write(flags.json ? toJson(advice, jsonStyle(flags.json, io)) : renderAdvice(advice, tableWidth(io), colorsOf(io)));
    });
}
