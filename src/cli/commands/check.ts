/**
 * `trellis check [--base BRANCH --head REV] [--kind K] [--date D] [--format text|json|github]`:
 * the processes' rules as gates for CI and pre-merge (see docs/check.md). Exit 1 when any
 * finding is an error, 0 otherwise (warnings are printed), 2 on bad input.
 */
import { Option, type Command } from 'commander';
import { checkWorkspace, type CheckFinding, type CheckReport } from '../../app/check.js';
import { CHANGE_KINDS, type ChangeKind } from '../../core/changes/kind.js';
import { usageError } from '../../core/errors.js';
import { asOfDate } from '../dates.js';
import { workspace } from '../context.js';
import { println, type CliIo } from '../io.js';
import { repoOption, setExitCode } from '../options.js';
import { githubAnnotation } from '../../core/check/annotation.js';
import { commandWithJson, escapeControl, jsonOption, jsonStyle, toJson, type JsonFlag } from '../output.js';

const FORMATS = ['text', 'json', 'github'] as const;
type Format = (typeof FORMATS)[number];

interface CheckFlags {
  base?: string;
  head?: string;
  kind?: ChangeKind;
  date?: string;
  format?: Format;
  json?: JsonFlag;
  repo?: string;
  policy?: string;
}

const EXAMPLES = `
Examples:
  trellis check                                   the repository's state today
  trellis check --date 2026-03-01                 ... as of a day
  trellis check --json                            as JSON (schema/output/check.json)
  trellis check --base release-1.2.x --head HEAD  a pull request into release-1.2.x
  trellis check --base main --head "$GITHUB_SHA" --kind feature --format github
                                                  in a workflow: annotations on the pull request

Rules (levels in the policy: check.rules.<rule>: error | warning | off):
  policy-valid, eol-commits, feature-into-closed-line, security-missing, backport-overdue,
  tag-on-wrong-line, conflict-markers, testing-window, advisory-sla`;

function formatOf(flags: CheckFlags): Format {
  if (flags.json !== undefined && flags.format !== undefined && flags.format !== 'json') {
    throw usageError(`choose one output format (got 'json' and '${flags.format}')`);
  }
  return flags.json !== undefined ? 'json' : (flags.format ?? 'text');
}

/** A finding as one text line: `file:line:col: error: message [rule]`. */
export function findingLine(f: CheckFinding): string {
  const where = f.file !== undefined ? `${[f.file, f.fileLine, f.fileColumn].filter((x) => x !== undefined).join(':')}: ` : '';
  return `${escapeControl(where)}${f.severity}: ${escapeControl(f.message)} [${f.rule}]`;
}

function summary(report: CheckReport): string {
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.length - errors;
  const on = report.rules.filter((r) => r.level !== 'off').length;
  const what = report.base !== undefined ? `pull request ${report.head ?? ''} into ${report.base}` : 'repository';
  if (report.findings.length === 0) return `check passed: ${on} rules, no findings (${escapeControl(what)})`;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return `check ${errors > 0 ? 'failed' : 'passed'}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')} (${on} rules, ${escapeControl(what)})`;
}

function render(io: CliIo, report: CheckReport, format: Format, flags: CheckFlags): void {
  switch (format) {
    case 'json':
      io.stdout.write(toJson(report, jsonStyle(flags.json, io)));
      return;
    case 'github':
      for (const f of report.findings) println(io.stdout, githubAnnotation(f));
      println(io.stdout, summary(report));
      return;
    case 'text':
      for (const f of report.findings) println(io.stdout, findingLine(f));
      println(io.stdout, summary(report));
      return;
  }
}

export function register(program: Command, io: CliIo): void {
  commandWithJson(program, 'check')
    .description("check the processes' rules for CI: a pull request (--base/--head) or the repository's state (exit 1 on an error finding)")
    .option('--base <branch>', "the pull request's base branch (with --head)")
    .option('--head <rev>', "the pull request's head revision (with --base)")
    .addOption(new Option('--kind <kind>', "the pull request's kind, instead of each commit's").choices([...CHANGE_KINDS]))
    .addOption(new Option('--date <YYYY-MM-DD>', 'the day to check for (default: today)'))
    .addOption(new Option('--format <format>', 'output: text, json, or github (workflow annotations)').choices([...FORMATS]))
    .addOption(jsonOption('print JSON: { base, head, rules, findings, exitCode } (same as --format json)'))
    .addOption(repoOption())
    .addOption(new Option('--policy <file>', 'policy file (default: .trellis.yml at the repository root)'))
    .addHelpText('after', EXAMPLES)
    .action(async (flags: CheckFlags, cmd: Command) => {
      const format = formatOf(flags);
      if ((flags.base === undefined) !== (flags.head === undefined)) throw usageError('give both --base BRANCH and --head REV, or neither');
      const date = asOfDate(flags.date, io);
      const report = await checkWorkspace(
        workspace(io),
        { repo: flags.repo, policy: flags.policy },
        {
          ...(flags.base !== undefined ? { base: flags.base } : {}),
          ...(flags.head !== undefined ? { head: flags.head } : {}),
          ...(flags.kind !== undefined ? { kind: flags.kind } : {}),
          date,
        },
      );
      render(io, report, format, flags);
      if (report.exitCode !== 0) setExitCode(cmd, report.exitCode);
    });
}
