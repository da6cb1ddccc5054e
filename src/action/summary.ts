/** What the Action reports: its outputs (JSON and line lists) and the job summary's Markdown. */
import type { CheckFinding, GitHubBackportResult, GitHubCheckResult, MilestoneOutcome, PublishReleaseResult } from '../app/index.js';
import type { ReleasePlan } from '../core/release/types.js';
import { escapeControl } from '../core/text.js';
import { rowText } from '../core/github/backport.js';

/** The Action's outputs for a backport: `pull-requests` (JSON), `conflicts`, `already-present`, `skipped` (JSON lists of lines). */
export function backportOutputs(r: GitHubBackportResult): Record<string, string> {
  const opened = r.rows.filter((x) => x.pull !== undefined);
  return {
    'pull-requests': JSON.stringify(
      opened.map((x) => ({ line: x.line, number: x.pull, url: x.url ?? null, draft: x.outcome === 'conflict' })),
    ),
    conflicts: JSON.stringify(r.rows.filter((x) => x.outcome === 'conflict').map((x) => x.line)),
    'already-present': JSON.stringify(r.rows.filter((x) => x.outcome === 'already-present').map((x) => x.line)),
    skipped: JSON.stringify(r.rows.filter((x) => x.outcome === 'skipped').map((x) => x.line)),
  };
}

/** The job summary of a backport: one row per line. */
export function backportSummary(r: GitHubBackportResult): string {
  if (r.ignored) return `### Trellis backport\n\nNothing to do: ${r.ignored}.\n`;
  const rows = r.rows.map((x) => `| \`${x.line}\` | ${x.branch ? `\`${x.branch}\`` : ''} | ${rowText(x).replace(/\|/g, '\\|')} |`);
  return [`### Trellis backport of #${r.pull}`, '', '| line | branch | result |', '| --- | --- | --- |', ...rows, ''].join('\n');
}

/** The job summary of a check: one row per finding (severity, rule, where, message). */
export function checkSummary(r: GitHubCheckResult): string {
  const what = r.base !== undefined ? `pull request into \`${r.base}\`` : 'the repository';
  const errors = r.findings.filter((f) => f.severity === 'error').length;
  const head = `### Trellis check of ${what}: ${errors > 0 ? 'failed' : 'passed'}`;
  if (r.findings.length === 0) return `${head}\n\nNo findings (${r.rules.filter((x) => x.level !== 'off').length} rules).\n`;
  const cell = (s: string) => escapeControl(s).replace(/\|/g, '\\|');
  const where = (f: CheckFinding) =>
    f.file !== undefined ? `\`${cell([f.file, f.fileLine].filter((x) => x !== undefined).join(':'))}\`` : '';
  const rows = r.findings.map((f) => `| ${f.severity} | \`${f.rule}\` | ${where(f)} | ${cell(f.message)} |`);
  return [head, '', '| severity | rule | where | finding |', '| --- | --- | --- | --- |', ...rows, ''].join('\n');
}

/** The job summary of a release: version, line, tag, what was pushed and the GitHub release. */
export function releaseSummary(plan: ReleasePlan, p: PublishReleaseResult, m?: MilestoneOutcome): string {
  const r = p.release;
  const rows = [
    ['line', `\`${plan.line}\` (branch \`${plan.branch}\`)`],
    ['tag', `\`${plan.tag}\``],
    ['pushed', p.pushed.length > 0 ? p.pushed.map((x) => `\`${x}\``).join(', ') : 'nothing new'],
    ...(p.alreadyPushed
      ? [['already on the remote', `${p.alreadyPushed.map((x) => `\`${x}\``).join(', ')} (pushed by an earlier run)`]]
      : []),
    [
      'GitHub release',
      r
        ? `${r.outcome}${r.url ? ` ${r.url}` : ''}${r.draft ? ', draft' : ''}${r.prerelease ? ', pre-release' : ''}, latest: ${r.makeLatest}`
        : '',
    ],
  ];
  if (m) {
    const moved = m.moved.length > 0 ? `; moved ${m.moved.map((n) => `#${n}`).join(', ')} to ${m.movedTo ?? ''}` : '';
    rows.push(['milestone', `${m.title} ${m.closed ? 'closed' : 'open'}${moved}`]);
  }
  const cell = (s: string) => escapeControl(s).replace(/\|/g, '\\|');
  return [
    `### Trellis release ${cell(plan.version)}`,
    '',
    '| | |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${cell(v ?? '')} |`),
    '',
  ].join('\n');
}
