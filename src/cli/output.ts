/** Plain-text tables for people, JSON for machines; Markdown lives beside each command's data. */
import { Option, type Command } from 'commander';
import { usageError } from '../core/errors.js';
import type { CliIo } from './io.js';
import pc from 'picocolors';
import { escapeControl } from './escape.js';
import { layoutTable, type TableOptions } from './table.js';

const { createColors } = pc;
/** Terminal colours (picocolors' formatters), on or off. */
export type Colors = ReturnType<typeof createColors>;

/** A table for people, cells escaped (see table.ts for fitting a width, hiding columns and colour). */
export function renderTable(headers: string[], rows: string[][], opts: TableOptions = {}): string {
  return layoutTable(headers, rows, opts).text;
}

/**
 * How wide tables may be: the terminal's width on a terminal, 80 columns otherwise (a pipe, a
 * file, a test), no limit with `--wide`.
 */
export function tableWidth(io: CliIo, wide?: boolean): number {
  if (wide) return Infinity;
  const out = io.stdout as CliIo['stdout'] & { columns?: number };
  return out.isTTY === true && typeof out.columns === 'number' && out.columns > 0 ? out.columns : 80;
}

/**
 * Colour for people: on when standard output is a terminal, off for pipes and files; NO_COLOR
 * (any non-empty value) turns it off and FORCE_COLOR (other than 0) on, as https://no-color.org
 * and Node's own FORCE_COLOR read them.
 */
export function colorsOf(io: CliIo): Colors {
  const force = io.env.FORCE_COLOR;
  const enabled =
    force !== undefined && force !== '' ? force !== '0' && force !== 'false' : io.env.NO_COLOR ? false : io.stdout.isTTY === true;
  return createColors(enabled);
}

export { escapeControl };

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
  const doc = withSchemaVersion(value);
  return (style === 'pretty' ? JSON.stringify(doc, null, 2) : JSON.stringify(doc)) + '\n';
}

/**
 * The version of the JSON output contract (schema/output/<command>.json): raised when a field is
 * removed or changes meaning; new fields may appear without it.
 */
export const OUTPUT_SCHEMA_VERSION = 1;

/** A command's JSON object with `schemaVersion` first; arrays (endoflife.date's shape) and JSON Schemas as they are. */
function withSchemaVersion(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || '$schema' in value || 'schemaVersion' in value) return value;
  return { schemaVersion: OUTPUT_SCHEMA_VERSION, ...value };
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

/** An error message for stderr: one line, whatever the input it quotes held. */
export function errorLine(message: string): string {
  return `${escapeControl(message.replace(/\n+$/, ''))}\n`;
}
