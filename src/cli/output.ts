/** Plain-text tables for people, JSON for machines; Markdown lives beside each command's data. */
import { Option, type Command } from 'commander';
import { usageError } from '../core/errors.js';
import type { CliIo } from './io.js';

export function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

export function renderMarkdownTable(headers: string[], rows: string[][]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out = [`| ${headers.map(esc).join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`];
  for (const r of rows) out.push(`| ${r.map(esc).join(' | ')} |`);
  return out.join('\n') + '\n';
}

/** How JSON is written: indented by two spaces for people, on one line for machines. */
export type JsonStyle = 'pretty' | 'compact';
const JSON_STYLES: readonly string[] = ['pretty', 'compact'] satisfies JsonStyle[];

/** The value of `--json [style]`: true when given without a style (then the output decides, see {@link jsonStyle}). */
export type JsonFlag = true | JsonStyle;

/** `value` as JSON with a final newline (`pretty`: `JSON.stringify(value, null, 2)`, the default). */
export function toJson(value: unknown, style: JsonStyle = 'pretty'): string {
  return (style === 'pretty' ? JSON.stringify(value, null, 2) : JSON.stringify(value)) + '\n';
}

/**
 * The style `--json` asks for: the one named (`--json=pretty`, `--json=compact`), else compact
 * when standard output is not a terminal (a pipe or a file: a program reads it) and pretty on one.
 */
export function jsonStyle(flag: JsonFlag | undefined, io: CliIo): JsonStyle {
  if (flag === 'pretty' || flag === 'compact') return flag;
  return io.stdout.isTTY === true ? 'pretty' : 'compact';
}

/** JSON for machines without a `--json` flag of its own (`status --format json|endoflife`): as a bare `--json` writes it. */
export function jsonOut(value: unknown, io: CliIo): string {
  return toJson(value, jsonStyle(true, io));
}

/** `--json [style]`, described as `description` plus how the style is chosen. */
export function jsonOption(description: string): Option {
  return new Option(
    '--json [style]',
    `${description}; compact when standard output is not a terminal, indented on one (style: pretty or compact, e.g. --json=pretty)`,
  ).argParser((v: string): JsonFlag => {
    if (v === '') return true;
    if (!JSON_STYLES.includes(v)) throw usageError(`invalid --json style '${v}' (choices: ${JSON_STYLES.join(', ')})`);
    return v as JsonStyle;
  });
}

/**
 * `parent.command(name)` for a command with {@link jsonOption}: commander takes any word right
 * after an option with an optional value for that value, so `backport --json <commit>` would lose
 * its commit. Here only `pretty` or `compact` right after `--json` are its style; any other word
 * stays an operand (`--json <word>` is read as `--json= <word>`, no style).
 */
export function commandWithJson(parent: Command, name: string): Command {
  const cmd = parent.command(name);
  const parse = cmd.parseOptions.bind(cmd);
  cmd.parseOptions = (args: string[]) => {
    const end = args.indexOf('--');
    return parse(
      args.map((a, i) => {
        const next = args[i + 1];
        const operandNext = next !== undefined && !next.startsWith('-') && !JSON_STYLES.includes(next);
        return a === '--json' && operandNext && (end < 0 || i < end) ? '--json=' : a;
      }),
    );
  };
  return cmd;
}

/** A policy warning as `file:line:col: warning: message` (problems are `file:line:col: message`). */
export function formatWarning(p: { file: string; line: number; col: number; message: string }): string {
  return `${p.file}:${p.line}:${p.col}: warning: ${p.message}`;
}

/** Control characters shown escaped (shared with the Action: core/escape.ts). */
export { escapeControl } from '../core/escape.js';
import { escapeControl } from '../core/escape.js';

/** An error message for stderr: one line, whatever the input it quotes held. */
export function errorLine(message: string): string {
  return `${escapeControl(message.replace(/\n+$/, ''))}\n`;
}
