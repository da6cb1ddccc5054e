/**
 * The supported-versions report (`trellis status`): the stable JSON shape documented in
 * docs/status.md, the endoflife.date release-cycle shape, and rows for tables. Pure.
 */
import type { Policy } from '../policy/schema.js';
import { discoverLines } from './discover.js';
import type { CommitGraph } from './graph.js';
import type { LineStatus, LineSupport, RuleAnswer } from './support.js';
import { channelsOf, type LineChannel } from './channels.js';
import { linesToday } from './today.js';
import type { LineDiscovery, RefFact, ReleaseLine } from './types.js';
import type { SupportLevel } from '../policy/schema.js';
import { supportLabel } from '../vocabulary.js';

/** One line in the report. The first eleven fields are the stable contract; the rest are extras. */
export interface StatusLine {
  line: string;
  branch: string | null;
  status: LineStatus;
  lts: boolean;
  firstRelease: string | null;
  firstReleaseDate: string | null;
  latest: string | null;
  latestDate: string | null;
  endOfBugfix: string | null;
  endOfLife: string | null;
  unreleasedCommits: number | null;
  // ---- extras
  kind: 'release' | 'development';
  support: SupportLevel | null;
  maintainable: boolean;
  codename: string | null;
  forkPoint: { commit: string; date: string | null } | null;
  prereleases: string[];
  notes: string[];
  override: Partial<RuleAnswer> | null;
  /** Advisories open on the line (affected, fix not released, or end-of-life without a fix); 0 without records (filled by the `status` use case). */
  openAdvisories: number;
  /** A support extension (`support.lines[].extended`); absent when none. */
  extended?: { until: string; reason: string };
  /** Where the line's packages are published (`delivery.channels`); absent when the policy declares none. */
  channels?: LineChannel[];
}

/** `{ asOf, lines }`: what `trellis status --json` prints. */
export interface StatusReport {
  asOf: string;
  lines: StatusLine[];
}

/**
 * One release cycle as endoflife.date writes it (its product files' `releases:` entries):
 * `support` is the end of active support (a date), true while actively supported with no end
 * date, false once past it; `eol` the end of life (a date), false while none is set, true once
 * past it with no date; `extendedSupport` false (Trellis knows no paid support beyond end of
 * life); `link` null (no release-notes URL in the policy).
 */
export interface EndOfLifeCycle {
  releaseCycle: string;
  releaseDate: string;
  eol: string | boolean;
  lts: boolean;
  support: string | boolean;
  extendedSupport: string | boolean;
  latest: string;
  latestReleaseDate: string;
  link: string | null;
}

/** Joins discovered lines with their support on `asOf` into the report. */
export function buildStatusReport(discovery: LineDiscovery, policy: Policy, asOf: string): StatusReport {
  const lines = linesToday(discovery, policy, asOf).map((t) => statusLine(t.line, t.detail));
  if (!policy.delivery) return { asOf, lines };
  return { asOf, lines: lines.map((l) => ({ ...l, channels: channelsOf(policy, l.line) })) };
}

/** Discovery plus support in one call, for callers that already hold the facts. */
export function statusReport(refs: readonly RefFact[], policy: Policy, asOf: string, graph?: CommitGraph): StatusReport {
  return buildStatusReport(discoverLines(refs, policy, graph), policy, asOf);
}

function statusLine(l: ReleaseLine, s: LineSupport): StatusLine {
  return {
    line: l.key,
    branch: l.branch,
    status: s.status,
    lts: s.lts,
    firstRelease: l.firstRelease?.version ?? null,
    firstReleaseDate: l.firstRelease?.date ?? null,
    latest: l.latestRelease?.version ?? null,
    latestDate: l.latestRelease?.date ?? null,
    endOfBugfix: s.endOfBugfix,
    endOfLife: s.endOfLife,
    unreleasedCommits: l.unreleasedCommits,
    kind: l.kind,
    support: s.support,
    maintainable: l.maintainable,
    codename: l.codename,
    forkPoint: l.forkPoint,
    prereleases: l.prereleases.map((t) => t.version),
    notes: [...l.notes, ...s.notes],
    override: s.override,
    openAdvisories: 0,
    ...(s.extended ? { extended: s.extended } : {}),
  };
}

/**
 * The released lines (a development line with a release too) as endoflife.date release cycles,
 * newest first. `eol` is a date when known, else whether the line is past it on `asOf`; `support`
 * a date when known, else whether the line is still in active (bug-fix) support.
 */
export function endOfLifeCycles(report: StatusReport): EndOfLifeCycle[] {
  return report.lines
    .filter((l) => l.firstReleaseDate !== null && l.latest !== null && l.latestDate !== null)
    .map((l) => ({
      releaseCycle: l.line,
      releaseDate: l.firstReleaseDate!,
      eol: l.endOfLife ?? l.status === 'end-of-life',
      lts: l.lts,
      // Active support: bug fixes. A line in full or bug-fix support without an end date is `true`.
      support: l.endOfBugfix ?? !(l.status === 'security' || l.status === 'end-of-life'),
      // endoflife.date's extended support: the end of a support extension (`support.lines[].extended`).
      extendedSupport: l.extended?.until ?? false,
      latest: l.latest!,
      latestReleaseDate: l.latestDate!,
      link: null,
    }));
}

export const STATUS_COLUMNS = [
  'line',
  'branch',
  'status',
  'LTS',
  'first release',
  'latest release',
  'end of bugfix',
  'end of life',
  'unreleased',
] as const;

/** Table cells for people: `0.4.0 (2025-03-01)`, `-` for nothing. */
export function statusRows(report: StatusReport): string[][] {
  const withDate = (v: string | null, d: string | null) => (v === null ? '-' : d === null ? v : `${v} (${d})`);
  return report.lines.map((l) => [
    l.line + (l.kind === 'development' ? ' (dev)' : ''),
    l.branch ?? '-',
    supportLabel(l.status, l.support),
    l.lts ? 'yes' : '',
    withDate(l.firstRelease, l.firstReleaseDate),
    withDate(l.latest, l.latestDate),
    l.endOfBugfix ?? '-',
    l.endOfLife === null ? '-' : l.extended ? `${l.endOfLife} (extended)` : l.endOfLife,
    l.unreleasedCommits === null ? '-' : String(l.unreleasedCommits),
  ]);
}
