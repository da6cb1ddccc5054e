/**
 * `trellis status`: the supported-versions list (seed 000 U9, like the Python devguide's
 * versions page) for a day: every release line with its branch, status, LTS mark, first and
 * latest release, end of bug fixes, end of life and unreleased commits.
 */
import { Option, type Command } from 'commander';
import { usageError } from '../../core/errors.js';
import { buildStatusReport, endOfLifeCycles, STATUS_COLUMNS, statusRows, type StatusReport } from '../../core/lines/index.js';
import { dateOf, parseDate } from '../../core/policy/duration.js';
import type { Policy } from '../../core/policy/schema.js';
import { openRepository, readLineFacts, readPolicy } from '../../facts/repository.js';
import type { GitStats } from '../../git/index.js';
import { println, type CliIo } from '../io.js';
import { repoOption } from '../options.js';
import { renderMarkdownTable, renderTable, toJson } from '../output.js';

const FORMATS = ['table', 'json', 'markdown', 'endoflife'] as const;
type Format = (typeof FORMATS)[number];

interface StatusFlags {
  date?: string;
  json?: boolean;
  markdown?: boolean;
  format?: Format;
  repo?: string;
  policy?: string;
}

/** The day to report on: `--date`, else today (UTC) from the CLI's clock. */
export function asOfDate(flag: string | undefined, io: CliIo): string {
  if (flag === undefined) return dateOf(io.clock.now());
  const d = parseDate(flag);
  if (!d.ok) throw usageError(`--date: ${d.error}`);
  return flag;
}

function formatOf(flags: StatusFlags): Format {
  const chosen = [flags.json ? 'json' : null, flags.markdown ? 'markdown' : null, flags.format ?? null].filter(
    (f): f is Format => f !== null,
  );
  const distinct = [...new Set(chosen)];
  if (distinct.length > 1) throw usageError(`choose one output format (got ${distinct.map((f) => `'${f}'`).join(' and ')})`);
  return distinct[0] ?? 'table';
}

/** What `status` reads and computes, without printing (the bench counts its git processes). */
export async function loadStatus(opts: {
  repo?: string;
  policy?: string;
  asOf: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stats?: GitStats;
}): Promise<{ report: StatusReport; policy: Policy; warnings: string[] }> {
  const git = await openRepository(opts.repo, opts.cwd, opts.env, opts.stats);
  const { policy } = await readPolicy(git, { file: opts.policy, cwd: opts.cwd });
  const { discovery } = await readLineFacts(git, policy);
  return { report: buildStatusReport(discovery, policy, opts.asOf), policy, warnings: discovery.warnings };
}

/** Notes below the table: one line per note, prefixed by the line. */
function noteLines(report: StatusReport): string[] {
  return report.lines.flatMap((l) => l.notes.map((n) => `${l.line}: ${n}`));
}

export function register(program: Command, io: CliIo): void {
  program
    .command('status')
    .description('list release lines and their support status (supported versions, end dates, unreleased commits)')
    .addOption(new Option('--date <YYYY-MM-DD>', 'the day to report on (default: today)'))
    .addOption(new Option('--json', 'print JSON: { asOf, lines: [...] } (see docs/status.md)'))
    .addOption(new Option('--markdown', 'print a Markdown table'))
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS as unknown as string[]))
    .addOption(repoOption())
    .addOption(new Option('--policy <file>', `policy file (default: .trellis.yml at the repository root)`))
    .action(async (flags: StatusFlags) => {
      const format = formatOf(flags);
      const asOf = asOfDate(flags.date, io);
      const { report, policy, warnings } = await loadStatus({ repo: flags.repo, policy: flags.policy, asOf, cwd: io.cwd, env: io.env });
      for (const w of warnings) println(io.stderr, `trellis: warning: ${w}`);

      switch (format) {
        case 'json':
          io.stdout.write(toJson(report));
          return;
        case 'endoflife':
          io.stdout.write(toJson(endOfLifeCycles(report)));
          return;
        case 'markdown': {
          const name = policy.project.name ? `${policy.project.name} ` : '';
          println(io.stdout, `## Supported versions ${name ? `of ${name.trim()} ` : ''}(as of ${asOf})`);
          println(io.stdout);
          io.stdout.write(renderMarkdownTable([...STATUS_COLUMNS], statusRows(report)));
          const notes = noteLines(report);
          if (notes.length > 0) {
            println(io.stdout);
            for (const n of notes) println(io.stdout, `- ${n}`);
          }
          return;
        }
        case 'table': {
          const name = policy.project.name ? ` of ${policy.project.name}` : '';
          println(io.stdout, `Release lines${name} on ${asOf}`);
          println(io.stdout);
          io.stdout.write(renderTable([...STATUS_COLUMNS], statusRows(report)));
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
