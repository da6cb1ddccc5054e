/**
 * Release series (Tarantool RFC, "A release series lifecycle"): the lines of one major version
 * grouped, with the series' stage — "Early development: The stage goes on until a first
 * release", "Support: The stage starts when a first release is published", "End of life: A
 * series reaches the end of life, when the last release in the series is published" (every line
 * of it end-of-life) — and the end of its support (the latest end of life of its lines; null
 * while one of them has none). Pure.
 */
import type { StatusLine, StatusReport } from './report.js';

export type SeriesStage = 'early development' | 'support' | 'end of life';

export interface SeriesGroup {
  /** The major version (`3`). */
  series: string;
  stage: SeriesStage;
  /** The last day of support of the series, or null when not known. */
  supportEnd: string | null;
  /** Its lines, newest first (as the report orders them). */
  lines: StatusLine[];
}

/** `{ asOf, series }`: what `trellis status --series --json` prints. */
export interface SeriesReport {
  asOf: string;
  series: SeriesGroup[];
}

/** The report's lines grouped by series, newest series first. */
export function seriesReport(report: StatusReport): SeriesReport {
  const groups = new Map<string, StatusLine[]>();
  for (const l of report.lines) {
    const major = l.line.split('.')[0]!;
    let g = groups.get(major);
    if (!g) groups.set(major, (g = []));
    g.push(l);
  }
  const series = [...groups]
    .sort(([a], [b]) => Number(b) - Number(a))
    .map(([major, lines]): SeriesGroup => {
      const released = lines.some((l) => l.firstRelease !== null);
      const stage: SeriesStage = !released
        ? 'early development'
        : lines.every((l) => l.status === 'end-of-life')
          ? 'end of life'
          : 'support';
      const ends = lines.filter((l) => l.firstRelease !== null).map((l) => l.endOfLife);
      const supportEnd = stage === 'early development' || ends.some((e) => e === null) ? null : ends.sort().at(-1)!;
      return { series: major, stage, supportEnd, lines };
    });
  return { asOf: report.asOf, series };
}

/** `series 3: support until 2026-09-30` */
export function seriesHeading(g: SeriesGroup): string {
  return `series ${g.series}: ${g.stage}${g.supportEnd ? ` until ${g.supportEnd}` : g.stage === 'support' ? ' (end not set)' : ''}`;
}
