/**
 * Use case `site`: everything the supported-versions site (`trellis site`) shows, gathered from
 * the use cases the CLI runs — `status` (lines, statuses, dates), `schedule` (the calendar),
 * `missing` (the coverage ledger) and `changelog` (release notes, unreleased changes) — so the
 * site has no second idea of status, dates or coverage. Plain data; src/site/ renders it. Read
 * only (the caches under `.git/trellis/` are kept as the other read commands keep them).
 */
import type { CoverageFlow } from '../core/coverage/flow.js';
import type { ChangeCoverage, CoverageReport } from '../core/coverage/types.js';
import { TrellisError } from '../core/errors.js';
import type { LineTag, StatusLine } from '../core/lines/index.js';
import type { Changelog } from '../core/release/changelog.js';
import { loadAdvisoryWorld, type AdvisoryView } from './advisory-shared.js';
import { changelog } from './changelog.js';
import type { AppContext } from './context.js';
import { missing } from './missing.js';
import { schedule, type ScheduleResult } from './schedule.js';
import { status, type StatusResult } from './status.js';

export interface SiteRequest {
  /** The day the site is for (`YYYY-MM-DD`); default: today. */
  date?: string | undefined;
  /** How many of each line's latest releases get their notes (default 3; lines past end-of-life get none). */
  notes?: number | undefined;
  /** How many calendar events (default 40). */
  events?: number | undefined;
  /** Read the coverage ledger (default true). */
  coverage?: boolean | undefined;
}

/** A release of a line with its notes (null: not read, see {@link SiteRequest.notes}). */
export interface SiteRelease extends LineTag {
  notes: Changelog | null;
}

/** A delivery channel as shown for one line (its URL template filled). */
export interface SiteChannel {
  name: string;
  url: string;
  prerelease: boolean;
}

/**
 * An open advisory affecting a line (affected, fix not released, or end-of-life without a fix),
 * from the advisories use case; advisories under embargo on the site's day are never listed.
 */
export interface SiteAdvisory {
  id: string;
  summary: string;
  severity: string | null;
  url: string | null;
}

/** What the site shows of one line besides its status row. */
export interface SiteLine {
  status: StatusLine;
  /** Newest first. */
  releases: SiteRelease[];
  /** The changes on the line's branch that no release has yet (null: not read). */
  unreleased: Changelog | null;
  /** Coverage rows whose cell for this line is missing or pending. */
  missing: ChangeCoverage[];
  channels: SiteChannel[];
  manager: string | null;
  advisories: SiteAdvisory[];
}

export interface SiteResult {
  asOf: string;
  project: string | null;
  /** The product name of `api/<product>.json`. */
  product: string;
  projectUrl: string | null;
  lines: SiteLine[];
  schedule: ScheduleResult;
  /** The ledger (`trellis missing --json`'s document), or null when it was not read or could not be. */
  coverage: (CoverageReport & { flow: CoverageFlow }) | null;
  /** Facts worth telling the reader of the CLI (a ledger that could not be read, warnings of status). */
  warnings: string[];
  /** The repository's git directories: the site is never written inside them. */
  gitDirs: string[];
}

export async function site(ctx: AppContext, req: SiteRequest = {}): Promise<SiteResult> {
  const asOf = req.date ?? ctx.today;
  const dated = { ...ctx, today: asOf };
  const st = await status(dated, { date: asOf });
  const cal = await schedule(dated, { from: asOf, count: req.events ?? 40 });
  const warnings = [...st.warnings];
  // The ledger is read while the notes are: its git processes and theirs run side by side (neither
  // touches the other's caches); each line's missing backports are picked from it afterwards.
  const [coverage, partial] = await Promise.all([
    req.coverage === false ? null : readLedger(dated, warnings),
    mapLimit(st.report.lines, 4, (l) => siteLine(dated, st, l, req.notes ?? 3)),
  ]);
  const open = await openAdvisories(dated, warnings);
  const lines = partial.map((l) => ({
    ...l,
    missing: missingOn(coverage, l.status.line),
    advisories: open.filter((v) => v.open.includes(l.status.line)).map(siteAdvisory),
  }));
  const project = st.project;
  return {
    asOf,
    project,
    product: ctx.policy.site?.product ?? productSlug(project),
    projectUrl: ctx.policy.project.url ?? null,
    lines,
    schedule: cal,
    coverage,
    warnings,
    gitDirs: [...new Set([ctx.git.gitDir, ctx.git.commonDir])],
  };
}

/** endoflife.date's product names are lower case, digits, dots and dashes. */
function productSlug(project: string | null): string {
  const slug = (project ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|-+$/g, '');
  return slug === '' ? 'project' : slug;
}

async function readLedger(ctx: AppContext, warnings: string[]): Promise<SiteResult['coverage']> {
  try {
    const run = await missing(ctx, {});
    const report = run.report!;
    return { since: report.since, lines: [...report.lines], changes: [...report.changes], flow: run.flow };
  } catch (e) {
    if (!(e instanceof TrellisError)) throw e;
    warnings.push(`no coverage ledger: ${e.message}`);
    return null;
  }
}

async function siteLine(ctx: AppContext, st: StatusResult, l: StatusLine, notesWanted: number): Promise<SiteLine> {
  const own = st.tags[l.line] ?? { tags: [], latestTag: null, branchCommit: null };
  const withNotes = l.status === 'end-of-life' ? 0 : notesWanted;
  const fork = l.forkPoint ? { name: l.forkPoint.commit.slice(0, 10), commit: l.forkPoint.commit } : null;
  const tags = own.tags;
  const releases: SiteRelease[] = [];
  for (let i = tags.length - 1; i >= 0; i--) {
    const t = tags[i]!;
    const prev = i > 0 ? tags[i - 1]! : null;
    const from = prev ? (prev.commit === null ? null : { name: prev.tag, commit: prev.commit }) : fork;
    const read = tags.length - 1 - i < withNotes && from !== null && t.commit !== null;
    const notes = read ? await changelog(ctx, { between: { from, to: { name: t.tag, commit: t.commit! } } }) : null;
    releases.push({ ...t, notes });
  }
  const base = own.latestTag?.commit ? { name: own.latestTag.tag, commit: own.latestTag.commit } : fork;
  const unreleased =
    withNotes > 0 && l.branch !== null && own.branchCommit !== null && base !== null && l.kind === 'release'
      ? await changelog(ctx, { between: { from: base, to: { name: l.branch, commit: own.branchCommit } } })
      : null;
  return {
    status: l,
    releases,
    unreleased,
    missing: [],
    channels: channelsOf(l),
    manager: ctx.policy.site?.managers?.[l.line] ?? null,
    advisories: [],
  };
}

/** The advisories open on some line and not under embargo (a bad record is a warning, as in `status`). */
async function openAdvisories(ctx: AppContext, warnings: string[]): Promise<AdvisoryView[]> {
  try {
    const world = await loadAdvisoryWorld(ctx, ctx.today);
    return world.views.filter((v) => !v.embargoed && v.open.length > 0);
  } catch (e) {
    if (!(e instanceof TrellisError)) throw e;
    warnings.push(`advisories not shown: ${e.message}`);
    return [];
  }
}

function siteAdvisory(v: AdvisoryView): SiteAdvisory {
  const alias = v.record.aliases?.find((a) => /^CVE-/.test(a));
  return {
    id: v.id,
    summary: v.record.summary ?? '',
    severity: v.severity.score === null ? v.severity.level : `${v.severity.level} (${v.severity.score.toFixed(1)})`,
    url: alias ? `https://www.cve.org/CVERecord?id=${encodeURIComponent(alias)}` : null,
  };
}

/** The ledger's rows whose cell for `line` is missing or pending. */
function missingOn(coverage: SiteResult['coverage'], line: string): ChangeCoverage[] {
  return (coverage?.changes ?? []).filter((c) => {
    const s = c.states[line]?.state;
    return s === 'missing' || s === 'pending';
  });
}

function channelsOf(l: StatusLine): SiteChannel[] {
  // The line's channels as `status` gives them (policy `delivery.channels`); a line page lists the
  // release channels once the line has a release, pre-release channels while it takes them, none
  // past end of life.
  if (l.status === 'end-of-life') return [];
  return (l.channels ?? [])
    .filter((c) => c.prerelease || (l.kind === 'release' && l.latest !== null))
    .map((c) => ({ name: c.name, url: c.url, prerelease: c.prerelease }));
}

/** `fn` over `items`, at most `limit` at a time, results in order (git processes in parallel, not hundreds at once). */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
