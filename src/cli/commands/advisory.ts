/**
 * `trellis advisory add|list|show|fix|export|sla`: security advisories kept as OSV JSON records
 * in the repository (`security.advisories`, default `.trellis/advisories/`), with what is
 * derived from git per line (affected, fixed in, fix not released yet, end-of-life with no fix
 * planned), SLAs from the policy and a public OSV or Markdown export that leaves embargoed
 * advisories out. The use cases are app/advisory-*.ts; this file parses options and prints.
 */
import { Option, type Command } from 'commander';
import { advisoryAdd, type AdvisoryWriteResult } from '../../app/advisory-add.js';
import { advisoryExport, type AdvisoryExportFormat } from '../../app/advisory-export.js';
import { advisoryFix } from '../../app/advisory-fix.js';
import { advisoryList } from '../../app/advisory-list.js';
import type { AdvisoryView } from '../../app/advisory-shared.js';
import { advisoryShow } from '../../app/advisory-show.js';
import { advisorySla } from '../../app/advisory-sla.js';
import { openApp } from '../../app/context.js';
import {
  LINE_COLUMNS,
  lineRows,
  LIST_COLUMNS,
  listRows,
  SLA_COLUMNS,
  slaRowsText,
  type AdvisorySummary,
} from '../../core/advisory/format.js';
import { recordText } from '../../core/advisory/record.js';
import { asOfDate } from '../dates.js';
import { workspace } from '../context.js';
import { println, type CliIo } from '../io.js';
import { repoOption, setExitCode } from '../options.js';
import { commandWithJson, jsonOption, jsonStyle, renderTable, toJson, type JsonFlag } from '../output.js';

interface Common {
  json?: JsonFlag;
  repo?: string;
  policy?: string;
  date?: string;
}

const policyOption = (): Option => new Option('--policy <file>', 'policy file (default: .trellis.yml at the repository root)');
const dateOption = (): Option => new Option('--date <YYYY-MM-DD>', 'the day to judge on (default: today)');
const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

function summaryOf(v: AdvisoryView): AdvisorySummary {
  return {
    id: v.id,
    aliases: v.record.aliases ?? [],
    level: v.severity.level,
    score: v.severity.score,
    embargoUntil: v.record.database_specific.embargo_until ?? null,
    embargoed: v.embargoed,
    open: v.open,
    summary: v.record.summary ?? null,
  };
}

function printWritten(io: CliIo, r: AdvisoryWriteResult, verb: string): void {
  if (r.written) println(io.stdout, `${verb} ${r.file}`);
  else {
    println(io.stdout, `would write ${r.file} (dry run):`);
    io.stdout.write(recordText(r.record));
  }
}

function registerAdd(advisory: Command, io: CliIo): void {
  commandWithJson(advisory, 'add')
    .description('record a new advisory (writes <folder>/<ID>.json in the work tree; commits nothing)')
    .argument('<id>', 'the advisory id (CVE-2026-1234, GHSA-xxxx-xxxx-xxxx, PROJ-2026-1)')
    .addOption(new Option('--alias <id>', 'another id of the same advisory (repeatable)').argParser(collect))
    .addOption(new Option('--severity <vector|level>', 'a CVSS vector (2.0-4.0) or low, medium, high, critical').makeOptionMandatory())
    .addOption(new Option('--summary <text>', 'one-line summary'))
    .addOption(new Option('--details <text>', 'longer description (Markdown)'))
    .addOption(new Option('--introduced <rev|version>', 'the commit (or released version) that introduced the vulnerability'))
    .addOption(new Option('--fix <rev>', 'a commit that fixes it (repeatable)').argParser(collect))
    .addOption(new Option('--reported <YYYY-MM-DD>', 'when it was reported (default: today); SLAs count from it'))
    .addOption(new Option('--embargo-until <YYYY-MM-DD>', 'disclosure date: kept out of public outputs before it'))
    .addOption(new Option('--dry-run', 'print the record and write nothing'))
    .addOption(jsonOption('print JSON: { file, record, written }'))
    .addOption(repoOption())
    .addOption(policyOption())
    .addHelpText(
      'after',
      `
Examples:
  trellis advisory add CVE-2026-1234 --severity CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H --introduced 0.5.0 --fix 1a2b3c4
  trellis advisory add PROJ-2026-7 --alias GHSA-abcd-efgh-jkmn --severity high --embargo-until 2026-04-01
  trellis advisory add CVE-2026-1234 --severity high --dry-run --json`,
    )
    .action(async (id: string, f: Common & Record<string, unknown>) => {
      const ctx = await openApp(workspace(io), { repo: f.repo, policy: f.policy });
      const r = await advisoryAdd(ctx, {
        id,
        aliases: f.alias as string[] | undefined,
        severity: f.severity as string,
        summary: f.summary as string | undefined,
        details: f.details as string | undefined,
        introduced: f.introduced as string | undefined,
        fixes: f.fix as string[] | undefined,
        reported: f.reported as string | undefined,
        embargoUntil: f.embargoUntil as string | undefined,
        dryRun: f.dryRun === true,
      });
      if (f.json) io.stdout.write(toJson(r, jsonStyle(f.json, io)));
      else printWritten(io, r, 'wrote');
    });
}

function registerFix(advisory: Command, io: CliIo): void {
  commandWithJson(advisory, 'fix')
    .description('record commits that fix an advisory (writes its file; which lines are fixed is derived)')
    .argument('<id>', 'the advisory id or alias')
    .argument('<rev...>', 'fixing commits')
    .addOption(new Option('--dry-run', 'print the record and write nothing'))
    .addOption(jsonOption('print JSON: { file, record, written }'))
    .addOption(repoOption())
    .addOption(policyOption())
    .addHelpText(
      'after',
      '\nExamples:\n  trellis advisory fix CVE-2026-1234 release/0.5~1 9f8e7d6\n  trellis advisory fix CVE-2026-1234 9f8e7d6 --dry-run --json',
    )
    .action(async (id: string, revs: string[], f: Common & { dryRun?: boolean }) => {
      const ctx = await openApp(workspace(io), { repo: f.repo, policy: f.policy });
      const r = await advisoryFix(ctx, { id, fixes: revs, dryRun: f.dryRun === true });
      if (f.json) io.stdout.write(toJson(r, jsonStyle(f.json, io)));
      else printWritten(io, r, 'updated');
    });
}

function registerList(advisory: Command, io: CliIo): void {
  commandWithJson(advisory, 'list')
    .description('list advisories with their severity, embargo and the lines where they are open')
    .addOption(dateOption())
    .addOption(jsonOption('print JSON: { asOf, advisories: [...] }'))
    .addOption(repoOption())
    .addOption(policyOption())
    .addHelpText('after', '\nExamples:\n  trellis advisory list\n  trellis advisory list --json')
    .action(async (f: Common) => {
      const date = asOfDate(f.date, io);
      const ctx = await openApp(workspace(io), { repo: f.repo, policy: f.policy });
      const r = await advisoryList(ctx, { date });
      if (f.json) return void io.stdout.write(toJson(r, jsonStyle(f.json, io)));
      if (r.advisories.length === 0) return void println(io.stdout, 'no advisories');
      io.stdout.write(renderTable([...LIST_COLUMNS], listRows(r.advisories.map(summaryOf))));
    });
}

function registerShow(advisory: Command, io: CliIo): void {
  commandWithJson(advisory, 'show')
    .description('one advisory and its state on every line (affected, fixed in, fix not released, EOL with no fix planned)')
    .argument('<id>', 'the advisory id or alias')
    .addOption(dateOption())
    .addOption(jsonOption('print JSON: { asOf, advisory: { id, record, severity, lines: [...] } }'))
    .addOption(repoOption())
    .addOption(policyOption())
    .addHelpText(
      'after',
      '\nExamples:\n  trellis advisory show CVE-2026-1234\n  trellis advisory show CVE-2026-1234 --date 2026-05-01 --json',
    )
    .action(async (id: string, f: Common) => {
      const date = asOfDate(f.date, io);
      const ctx = await openApp(workspace(io), { repo: f.repo, policy: f.policy });
      const { advisory: v } = await advisoryShow(ctx, { id, date });
      if (f.json) return void io.stdout.write(toJson({ asOf: date, advisory: v }, jsonStyle(f.json, io)));
      const s = summaryOf(v);
      println(io.stdout, `${v.id}${s.summary ? `: ${s.summary}` : ''}`);
      if (s.aliases.length > 0) println(io.stdout, `aliases: ${s.aliases.join(', ')}`);
      println(io.stdout, `severity: ${listRows([s])[0]?.[2] ?? s.level}${v.severity.vector ? ` ${v.severity.vector}` : ''}`);
      println(io.stdout, `reported: ${v.record.database_specific.reported}`);
      if (s.embargoUntil) println(io.stdout, `embargo until: ${s.embargoUntil}${s.embargoed ? ' (not public yet)' : ''}`);
      println(io.stdout);
      io.stdout.write(renderTable([...LINE_COLUMNS], lineRows(v.lines)));
    });
}

function registerExport(advisory: Command, io: CliIo): void {
  commandWithJson(advisory, 'export')
    .description('the public form of every advisory: OSV JSON or Markdown (embargoed ones left out)')
    .addOption(new Option('--format <format>', 'osv or markdown').choices(['osv', 'markdown']).default('osv'))
    .addOption(new Option('--out <dir>', 'write one file per advisory into this folder (default: print)'))
    .addOption(new Option('--include-embargoed', 'include advisories under embargo (not for publishing)'))
    .addOption(new Option('--dry-run', 'with --out: say what would be written and write nothing'))
    .addOption(dateOption())
    .addOption(jsonOption('print JSON: { asOf, format, documents, written }'))
    .addOption(repoOption())
    .addOption(policyOption())
    .addHelpText(
      'after',
      '\nExamples:\n  trellis advisory export --format osv --out public/osv\n  trellis advisory export --format markdown\n  trellis advisory export --json',
    )
    .action(async (f: Common & { format: AdvisoryExportFormat; out?: string; includeEmbargoed?: boolean; dryRun?: boolean }) => {
      const date = asOfDate(f.date, io);
      const ctx = await openApp(workspace(io), { repo: f.repo, policy: f.policy });
      const r = await advisoryExport(ctx, { format: f.format, out: f.out, includeEmbargoed: f.includeEmbargoed, date, dryRun: f.dryRun });
      for (const w of r.warnings) println(io.stderr, `trellis: warning: ${w}`);
      if (f.json) return void io.stdout.write(toJson(r, jsonStyle(f.json, io)));
      if (f.out !== undefined) {
        for (const d of r.documents) println(io.stdout, `${f.dryRun ? 'would write' : 'wrote'} ${f.out.replace(/\/+$/, '')}/${d.name}`);
        if (r.documents.length === 0) println(io.stdout, 'no advisories to export');
        return;
      }
      if (f.format === 'osv')
        io.stdout.write(
          toJson(
            r.documents.map((d) => d.osv),
            jsonStyle(true, io),
          ),
        );
      else io.stdout.write(r.documents.map((d) => d.text).join('\n'));
    });
}

function registerSla(advisory: Command, io: CliIo): void {
  commandWithJson(advisory, 'sla')
    .description('triage and fix due dates per advisory and line against security.sla; exit 1 when any is overdue')
    .addOption(dateOption())
    .addOption(jsonOption('print JSON: { asOf, rows: [...], exitCode }'))
    .addOption(repoOption())
    .addOption(policyOption())
    .addHelpText('after', '\nExamples:\n  trellis advisory sla\n  trellis advisory sla --date 2026-05-01 --json')
    .action(async (f: Common, cmd: Command) => {
      const date = asOfDate(f.date, io);
      const ctx = await openApp(workspace(io), { repo: f.repo, policy: f.policy });
      const r = await advisorySla(ctx, { date });
      if (f.json) io.stdout.write(toJson(r, jsonStyle(f.json, io)));
      else if (r.rows.length === 0) println(io.stdout, 'no advisories');
      else io.stdout.write(renderTable([...SLA_COLUMNS], slaRowsText(r.rows)));
      if (r.exitCode !== 0) setExitCode(cmd, r.exitCode);
    });
}

export function register(program: Command, io: CliIo): void {
  const advisory = program.command('advisory').description('security advisories: records, fixed versions per line, SLAs, OSV export');
  registerAdd(advisory, io);
  registerList(advisory, io);
  registerShow(advisory, io);
  registerFix(advisory, io);
  registerExport(advisory, io);
  registerSla(advisory, io);
}
