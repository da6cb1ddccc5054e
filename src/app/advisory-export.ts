/**
 * Use case `advisory export`: the public form of every advisory — OSV JSON (one document per
 * advisory, `affected[]` derived per line) or Markdown. Advisories under embargo on the day are
 * left out unless `includeEmbargoed` (coordinated disclosure). With `out`, one file per advisory
 * is written there (`<ID>.json` / `<ID>.md`); `dryRun` writes nothing.
 */
import { advisoryMarkdown, toOsv } from '../core/advisory/osv.js';
import { writeExportFiles } from '../facts/advisory-export-files.js';
import { loadAdvisoryWorld } from './advisory-shared.js';
import type { AppContext } from './context.js';

export type AdvisoryExportFormat = 'osv' | 'markdown';

export interface AdvisoryExportRequest {
  format: AdvisoryExportFormat;
  /** A folder (relative to the workspace's directory) to write one file per advisory into. */
  out?: string | undefined;
  includeEmbargoed?: boolean | undefined;
  date?: string | undefined;
  dryRun?: boolean | undefined;
}

export interface ExportedAdvisory {
  id: string;
  /** The file name (`CVE-2026-1234.json`). */
  name: string;
  /** The OSV document (format osv) or null. */
  osv: unknown;
  /** The file's text. */
  text: string;
}

export interface AdvisoryExportResult {
  asOf: string;
  format: AdvisoryExportFormat;
  /**
   * The documents. How many advisories were left out under embargo is deliberately not said: the
   * export is the public form, and a count tells that undisclosed vulnerabilities exist.
   */
  documents: ExportedAdvisory[];
  /** Paths written (absolute), empty without `out` or on a dry run. */
  written: string[];
  warnings: string[];
}

export async function advisoryExport(ctx: AppContext, req: AdvisoryExportRequest): Promise<AdvisoryExportResult> {
  const asOf = req.date ?? ctx.today;
  const world = await loadAdvisoryWorld(ctx, asOf);
  const shown = world.views.filter((v) => req.includeEmbargoed || !v.embargoed);
  const repo = ctx.policy.project.url ?? null;
  const warnings = [...world.warnings];
  if (req.format === 'osv' && repo === null) warnings.push('project.url is not set: the OSV export has no GIT ranges');
  const ctxOsv = { repo, packages: ctx.policy.project.packages, scheme: ctx.policy.versioning.scheme };
  const documents = shown.map((v): ExportedAdvisory => {
    if (req.format === 'osv') {
      const osv = toOsv(v.record, v.lines, ctxOsv);
      return { id: v.id, name: `${v.id}.json`, osv, text: `${JSON.stringify(osv, null, 2)}\n` };
    }
    return { id: v.id, name: `${v.id}.md`, osv: null, text: advisoryMarkdown(v.record, v.lines) };
  });
  const written = req.out !== undefined && !req.dryRun ? await writeExportFiles(ctx.cwd, req.out, documents) : [];
  return { asOf, format: req.format, documents, written, warnings };
}
