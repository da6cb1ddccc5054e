/**
 * The public forms of an advisory: an OSV document (https://ossf.github.io/osv-schema/) with the
 * derived per-line facts as `affected[]`, and a Markdown page. Pure.
 *
 * One `affected` entry per affected line (the package from the policy's `project.packages`, or
 * none), each with:
 * - a `GIT` range: introduced (the introducing commit, or "0") and a `fixed` event for the fixing
 *   commit of EVERY line. OSV evaluates each range on its own and unions the results, so a range
 *   naming only its own line's fix would call the other lines' fixed tips affected (a
 *   cherry-picked fix is a different commit); with all fixes, each line's range is right for
 *   every commit;
 * - a `SEMVER` range (semver projects) or `ECOSYSTEM` range (other schemes, with a package):
 *   introduced at the line's first affected release, `fixed` at its first release with the
 *   fix, or `last_affected` at its latest affected release when no fix is released;
 * - `versions`: the line's releases that have the vulnerability and not the fix.
 */
import type { AdvisoryLine } from './derive.js';
import { isOpen } from './derive.js';
import type { AdvisoryRecord } from './record.js';
import { severityOf } from './record.js';

export interface OsvContext {
  /** The repository's URL (`project.url`); without it no GIT range can be written. */
  repo: string | null;
  packages: ReadonlyArray<{ ecosystem: string; name: string }>;
  scheme: string;
}

export type OsvEvent = { introduced: string } | { fixed: string } | { last_affected: string };
export interface OsvRange {
  type: 'GIT' | 'SEMVER' | 'ECOSYSTEM';
  repo?: string;
  events: OsvEvent[];
  database_specific?: Record<string, unknown>;
}
export interface OsvAffected {
  package?: { ecosystem: string; name: string };
  ranges: OsvRange[];
  versions: string[];
  database_specific: { line: string; branch: string | null; state: string };
}
export type OsvDocument = Omit<AdvisoryRecord, 'database_specific'> & {
  affected: OsvAffected[];
  references?: Array<{ type: 'FIX' | 'PACKAGE' | 'WEB'; url: string }>;
  database_specific: Record<string, unknown>;
};

/** The OSV document of an advisory with its derived lines. */
export function toOsv(r: AdvisoryRecord, lines: readonly AdvisoryLine[], ctx: OsvContext): OsvDocument {
  const ds = r.database_specific;
  const fixes = [...new Set(lines.flatMap((l) => (l.fixCommit ? [l.fixCommit] : [])))].sort();
  const affectedLines = lines.filter((l) => l.state !== 'not-affected');
  const packages: Array<{ ecosystem: string; name: string } | undefined> = ctx.packages.length > 0 ? [...ctx.packages] : [undefined];
  const affected: OsvAffected[] = [];
  for (const pkg of packages)
    for (const l of affectedLines) {
      const ranges: OsvRange[] = [];
      if (ctx.repo !== null)
        ranges.push({ type: 'GIT', repo: ctx.repo, events: [{ introduced: ds.introduced ?? '0' }, ...fixes.map((f) => ({ fixed: f }))] });
      const versionRange = versionRangeOf(l, ctx.scheme, pkg !== undefined);
      if (versionRange) ranges.push(versionRange);
      if (ranges.length === 0) continue;
      affected.push({
        ...(pkg ? { package: { ecosystem: pkg.ecosystem, name: pkg.name } } : {}),
        ranges,
        versions: l.affectedVersions,
        database_specific: { line: l.line, branch: l.branch, state: l.state },
      });
    }
  const sev = severityOf(r);
  const refs =
    ctx.repo !== null && /^https?:\/\//.test(ctx.repo) ? fixes.map((f) => ({ type: 'FIX' as const, url: `${ctx.repo}/commit/${f}` })) : [];
  const { database_specific: _ignored, ...rest } = r;
  return {
    ...rest,
    ...(r.published === undefined && ds.embargo_until !== undefined ? { published: `${ds.embargo_until}T00:00:00Z` } : {}),
    affected,
    ...(refs.length > 0 ? { references: refs } : {}),
    database_specific: {
      severity: sev.level.toUpperCase(),
      ...(sev.score !== null ? { cvss_score: sev.score } : {}),
      reported: ds.reported,
      ...(ds.introduced !== undefined ? { introduced_commit: ds.introduced } : {}),
      fix_commits: ds.fixes,
      open_lines: lines.filter((l) => isOpen(l.state)).map((l) => l.line),
    },
  };
}

function versionRangeOf(l: AdvisoryLine, scheme: string, hasPackage: boolean): OsvRange | null {
  const type = scheme === 'semver' ? 'SEMVER' : hasPackage ? 'ECOSYSTEM' : null;
  const first = l.introducedIn;
  if (type === null || first === null) return null;
  const events: OsvEvent[] = [{ introduced: first }];
  if (l.fixedIn !== null) events.push({ fixed: l.fixedIn });
  else {
    const last = l.affectedVersions.at(-1);
    if (last !== undefined) events.push({ last_affected: last });
  }
  return { type, events, database_specific: { line: l.line } };
}

/** A Markdown page for an advisory (a release-notes or security-page section). */
export function advisoryMarkdown(r: AdvisoryRecord, lines: readonly AdvisoryLine[]): string {
  const sev = severityOf(r);
  const out: string[] = [`## ${r.id}${r.summary ? `: ${r.summary}` : ''}`, ''];
  if (r.aliases?.length) out.push(`Also known as: ${r.aliases.join(', ')}`, '');
  out.push(`Severity: ${sev.level}${sev.score !== null ? ` (CVSS ${sev.score.toFixed(1)}, \`${sev.vector}\`)` : ''}`, '');
  if (r.details) out.push(r.details, '');
  out.push('| line | status | state | fixed in | affected versions |', '| --- | --- | --- | --- | --- |');
  for (const l of lines) out.push(`| ${l.line} | ${l.status} | ${l.text} | ${l.fixedIn ?? ''} | ${l.affectedVersions.join(', ')} |`);
  out.push('');
  return out.join('\n');
}
