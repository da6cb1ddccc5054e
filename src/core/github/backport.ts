/**
 * Backports on GitHub, the pure part: what a label or a `/backport` comment asks for, branch
 * names, pull request titles and bodies, the conflict resolve steps and the one summary comment
 * on the source pull request. No I/O; src/app/github-backport.ts reads and writes.
 */
import { resolutionSteps } from '../backport/plan.js';

/** What can be asked besides a line key. */
export const BACKPORT_KEYWORDS = ['all-supported', 'lts', 'auto'] as const;

/** The default label pattern: `backport 1.2`, `backport all-supported`, `backport lts`, `backport auto`. */
export const DEFAULT_LABEL_PATTERN = 'backport {line}';

/** The label a conflict pull request carries. */
export const CONFLICT_LABEL = 'backport-conflict';

/** The commit status that stays failing while a backport branch holds conflict markers. */
export const MARKER_STATUS = 'trellis/conflict-markers';

/** How one line fared. */
export type RowOutcome = 'opened' | 'already-present' | 'conflict' | 'skipped' | 'failed';

/** One row of the summary: a line and what happened there. */
export interface BackportRow {
  line: string;
  /** The backport branch (`backport/1.2/12`), when one is involved. */
  branch: string | null;
  outcome: RowOutcome;
  /** The pull request opened (or found from an earlier run). */
  pull?: number;
  url?: string;
  /** Already present: the line's commit that carries the change. */
  commit?: string;
  /** Skipped or failed: why; opened: the rule that chose the line. */
  reason?: string;
  /** The pull request existed from an earlier run (updated, not opened again). */
  existing?: boolean;
  /** Conflict: the conflicting paths; opened: the markers are gone (resolved). */
  paths?: string[];
}

/** The asks a label names (`backport 1.2` → `1.2`), or null when the label is not a backport label. */
export function askOfLabel(label: string, pattern: string = DEFAULT_LABEL_PATTERN): string | null {
  const [before = '', after = ''] = pattern.split('{line}');
  if (!pattern.includes('{line}') || !label.startsWith(before) || !label.endsWith(after)) return null;
  const ask = label.slice(before.length, label.length - after.length).trim();
  return /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(ask) ? ask : null;
}

/** The asks of a `/backport <line…|all-supported|lts|auto>` comment (its first line), or null when it is not one. */
export function asksOfComment(body: string): string[] | null {
  const first = body.trimStart().split('\n')[0]?.trim() ?? '';
  const m = /^\/backport(?:\s+(.*))?$/.exec(first);
  if (!m) return null;
  return (m[1] ?? '')
    .split(/[\s,]+/)
    .filter((w) => w !== '')
    .filter((w) => /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(w));
}

/** `backport/<line>/<pr>`: one branch per line and source pull request, so a re-run finds it. */
export function backportBranch(line: string, pull: number): string {
  return `backport/${line}/${pull}`;
}

/** `[1.2] Fix the thing (backport #12)`. */
export function backportTitle(line: string, title: string, pull: number): string {
  return `[${line}] ${title} (backport #${pull})`;
}

/** What a backport pull request's body says. */
export interface BodyFacts {
  line: string;
  lineBranch: string;
  source: { number: number; title: string; author: string; url: string };
  /** Why this line: the policy rule or the request. */
  reason: string;
  /** The `(cherry picked from commit …)` lines of the backport commits. */
  origins: string[];
  conflict?: { branch: string; paths: string[]; remote: string };
}

/** The body of a backport pull request. */
export function backportBody(f: BodyFacts): string {
  const out = [
    `Backport of #${f.source.number} (${f.source.title}) by @${f.source.author} to line \`${f.line}\` (\`${f.lineBranch}\`).`,
    '',
    `- Origin: ${f.source.url}`,
    `- Why this line: ${f.reason}`,
  ];
  if (f.origins.length > 0) out.push('', '```', ...f.origins, '```');
  if (f.conflict) out.push('', ...conflictSection(f.conflict.branch, f.conflict.paths, f.conflict.remote));
  out.push('', '<sub>Opened by Trellis from the support policy on the base branch.</sub>');
  return out.join('\n');
}

/** The conflict part of a draft's body: why it is a draft and the exact steps to resolve. */
export function conflictSection(branch: string, paths: readonly string[], remote = 'origin'): string[] {
  const steps = resolutionSteps(branch, paths)
    .filter((s) => s !== 'trellis backport --continue')
    .map((s) => (s.startsWith('git switch ') ? `git switch ${branch} 2>/dev/null || git switch -c ${branch} ${remote}/${branch}` : s));
  return [
    '> [!WARNING]',
    `> This branch holds unresolved conflict markers in ${paths.map((p) => `\`${p}\``).join(', ')}. It is a draft and`,
    `> the \`${MARKER_STATUS}\` status fails until the markers are gone. Do not merge it as it is.`,
    '',
    'To resolve:',
    '',
    '```sh',
    `git fetch ${remote} ${branch}`,
    ...steps,
    `git push ${remote} ${branch}`,
    '```',
    '',
    `Then mark the pull request ready for review; the status turns green on the push that removes the last marker.`,
  ];
}

/** The hidden line that identifies Trellis's summary comment on a source pull request. */
export function summaryMarker(pull: number): string {
  return `<!-- trellis:backport #${pull} -->`;
}

/** One row's text in the summary table. */
export function rowText(r: BackportRow): string {
  switch (r.outcome) {
    case 'opened':
      if (r.pull === undefined) return 'would open a pull request';
      return `${r.existing ? 'open' : 'opened'} #${r.pull}${r.paths ? ' (conflicts resolved)' : ''}`;
    case 'already-present':
      return `already present${r.commit ? ` (${r.commit.slice(0, 12)})` : ''}`;
    case 'conflict':
      return `conflict (${r.pull === undefined ? 'would open a draft' : `draft #${r.pull}`}${r.paths && r.paths.length > 0 ? `: ${r.paths.join(', ')}` : ''})`;
    case 'skipped':
      return `skipped (${r.reason ?? ''})`;
    case 'failed':
      return `failed (${r.reason ?? ''})`;
  }
}

/** The summary comment: one row per line. */
export function summaryComment(pull: number, rows: readonly BackportRow[]): string {
  const table = rows.map((r) => `| \`${r.line}\` | ${r.branch ? `\`${r.branch}\`` : ''} | ${rowText(r).replace(/\|/g, '\\|')} |`);
  return [summaryMarker(pull), `**Backports of #${pull}**`, '', '| line | branch | result |', '| --- | --- | --- |', ...table, ''].join(
    '\n',
  );
}

/** The polite answer to a `/backport` comment by someone without write access. */
export function refusalComment(user: string): string {
  return `@${user} thanks for the suggestion! Only people with write access to this repository can ask for backports; a maintainer can comment \`/backport <line>\` here if they agree.`;
}

/**
 * The milestone a line's backport pull request goes to: among open milestones titled by a
 * version of the line (`1.2.5`, `v1.2.5`, `1.2.5rc1`), the one with the lowest version (the next
 * release of the line); null when none is.
 */
export function milestoneOfLine(line: string, milestones: ReadonlyArray<{ number: number; title: string }>): number | null {
  const esc = line.replace(/[.]/g, '\\.');
  const re = new RegExp(`^v?${esc}\\.(\\d+)(\\D.*)?$`);
  const found = milestones
    .map((m) => ({ m, x: re.exec(m.title.trim()) }))
    .filter((c): c is { m: { number: number; title: string }; x: RegExpExecArray } => c.x !== null)
    .sort((a, b) => Number(a.x[1]) - Number(b.x[1]) || a.m.title.localeCompare(b.m.title));
  return found[0]?.m.number ?? null;
}
