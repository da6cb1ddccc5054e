/** What the Action reports: its outputs (JSON and line lists) and the job summary's Markdown. */
import type { GitHubBackportResult } from '../app/index.js';
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
