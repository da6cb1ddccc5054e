/**
 * `trellis status`: the supported-versions list (what Lightspeed's LTS design asks for, like the Python devguide's
 * versions page) for a day: every release line with its branch, status, LTS mark, first and
 * latest release, end of bug fixes, end of life and unreleased commits.
 */
import { Option, type Command } from 'commander';
import { openApp } from '../../app/context.js';
import { usageError } from '../../core/errors.js';
import { status } from '../../app/status.js';
import { endOfLifeCycles, seriesHeading, seriesReport, STATUS_COLUMNS, statusRows, type StatusReport } from '../../core/lines/index.js';
import { asOfDate } from '../dates.js';
import { workspace } from '../context.js';
import { println, type CliIo } from '../io.js';
import { repoOption } from '../options.js';
import {
  colorsOf,
  commandWithJson,
  jsonOption,
  jsonOut,
  jsonStyle,
  renderMarkdownTable,
  tableWidth,
  toJson,
  type Colors,
  type JsonFlag,
} from '../output.js';
import { layoutTable } from '../table.js';
import { paintStatus } from '../tones.js';

const FORMATS = ['table', 'json', 'markdown', 'endoflife'] as const;
type Format = (typeof FORMATS)[number];

/** Columns a narrow table hides first: first release, then end of bug fixes (JSON and --wide keep them). */
const NARROW_HIDES = [STATUS_COLUMNS.indexOf('first release'), STATUS_COLUMNS.indexOf('end of bugfix')];

function statusPainter(c: Colors, report: StatusReport): (column: number, row: number, cell: string, padded: string) => string {
  const statusColumn = STATUS_COLUMNS.indexOf('status');
  const ltsColumn = STATUS_COLUMNS.indexOf('LTS');
  return (column, row, _cell, padded) => {
    const line = report.lines[row];
    if (!line) return padded;
    if (column === statusColumn) return paintStatus(c, line.status, line.support)(padded);
    if (column === ltsColumn) return c.bold(padded);
    return line.status === 'end-of-life' ? c.dim(padded) : padded;
  };
}

interface StatusFlags {
  wide?: boolean;
  date?: string;
  json?: JsonFlag;
  markdown?: boolean;
  format?: Format;
  repo?: string;
  policy?: string;
  series?: boolean;
}

function formatOf(flags: StatusFlags): Format {
  const chosen = [flags.json ? 'json' : null, flags.markdown ? 'markdown' : null, flags.format ?? null].filter(
    (f): f is Format => f !== null,
  );
  const distinct = [...new Set(chosen)];
  if (distinct.length > 1) throw usageError(`choose one output format (got ${distinct.map((f) => `'${f}'`).join(' and ')})`);
  return distinct[0] ?? 'table';
}

/** Notes below the table: one line per note, prefixed by the line. */
function noteLines(report: StatusReport): string[] {
  return report.lines.flatMap((l) => l.notes.map((n) => `${l.line}: ${n}`));
}

export function register(program: Command, io: CliIo): void {
  commandWithJson(program, 'status')
    .description('list release lines and their support status (supported versions, end dates, unreleased commits)')
    .addOption(new Option('--date <YYYY-MM-DD>', 'the day to report on (default: today)'))
    .addOption(jsonOption('print JSON: { asOf, lines: [...] } (see docs/status.md)'))
    .addOption(new Option('--markdown', 'print a Markdown table'))
    .addOption(new Option('--series', 'group lines by release series (major) with the series stage and support end (Tarantool-style)'))
    .addOption(
      new Option('--format <format>', 'output format (json and endoflife: compact unless standard output is a terminal)').choices(
        FORMATS as unknown as string[],
      ),
    )
    .option('--wide', 'every column at full width, whatever the terminal width')
    .addOption(repoOption())
    .addOption(new Option('--policy <file>', `policy file (default: .trellis.yml at the repository root)`))
    .action(async (flags: StatusFlags) => {
      const format = formatOf(flags);
      const asOf = asOfDate(flags.date, io);
      const ctx = await openApp(workspace(io), { repo: flags.repo, policy: flags.policy });
      const { report, project, warnings, advisories } = await status(ctx, { date: asOf });
      // The open-advisories column only where there are advisory records (the table is otherwise unchanged).
      const columns = advisories ? [...STATUS_COLUMNS, 'open advisories'] : [...STATUS_COLUMNS];
      const rows = advisories ? statusRows(report).map((r, i) => [...r, String(report.lines[i]?.openAdvisories ?? 0)]) : statusRows(report);
      for (const w of warnings) println(io.stderr, `trellis: warning: ${w}`);

      if (flags.series) {
        printSeries(io, flags, format, report);
        return;
      }
      switch (format) {
        case 'json':
          io.stdout.write(toJson(report, jsonStyle(flags.json, io)));
          return;
        case 'endoflife':
          io.stdout.write(jsonOut(endOfLifeCycles(report), io));
          return;
        case 'markdown': {
          const name = project ? `${project} ` : '';
          println(io.stdout, `## Supported versions ${name ? `of ${name.trim()} ` : ''}(as of ${asOf})`);
          println(io.stdout);
          io.stdout.write(renderMarkdownTable(columns, rows));
          const notes = noteLines(report);
          if (notes.length > 0) {
            println(io.stdout);
            for (const n of notes) println(io.stdout, `- ${n}`);
          }
          return;
        }
        case 'table': {
          const name = project ? ` of ${project}` : '';
          println(io.stdout, `Release lines${name} on ${asOf}`);
          println(io.stdout);
          const table = layoutTable(columns, rows, {
            width: tableWidth(io, flags.wide),
            optional: NARROW_HIDES,
            paint: statusPainter(colorsOf(io), report),
          });
          io.stdout.write(table.text);
          if (table.hidden.length > 0) println(io.stdout, `(hidden to fit: ${table.hidden.join(', ')}; --wide shows every column)`);
          const notes = noteLines(report);
          if (notes.length > 0) {
            println(io.stdout);
            println(io.stdout, 'Notes:');
            for (const n of notes) println(io.stdout, `  ${n}`);
          }
          return;
        }
      }
    });
}

/** `status --series`: a table per series under its heading (Tarantool-style series stages), or `{ asOf, series }` as JSON. */
function printSeries(io: CliIo, flags: StatusFlags, format: Format, report: StatusReport): void {
  const grouped = seriesReport(report);
  if (format === 'json') {
    io.stdout.write(toJson(grouped, jsonStyle(flags.json, io)));
    return;
  }
  if (format !== 'table') throw usageError('--series prints a table or --json');
  println(io.stdout, `Release series on ${report.asOf}`);
  for (const g of grouped.series) {
    println(io.stdout);
    println(io.stdout, seriesHeading(g));
    const rows = statusRows({ asOf: report.asOf, lines: g.lines });
    io.stdout.write(layoutTable([...STATUS_COLUMNS], rows, { width: tableWidth(io, flags.wide), optional: NARROW_HIDES }).text);
  }
}
