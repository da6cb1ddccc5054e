/**
 * The release-cycle chart of the versions page, in the style of the Python devguide's: one bar
 * per line on a time axis, a segment per support phase (pre-release or development, bug fixes,
 * security fixes only, and the time after end of life up to the last release), "LTS" written
 * beside long-term lines (and their bars outlined), and a vertical "today" marker. Inline SVG
 * whose colours come from the page's stylesheet (both colour schemes); `<title>` and `<desc>`
 * carry a text alternative, and the table above the chart has every date in words.
 *
 * The phases come from the status report only (first release, end of bug fixes, end of life):
 * no date is computed here but the chart's own axis.
 */
import type { LineStatus, StatusLine } from '../core/lines/index.js';
import { esc, STATUS_TEXT } from './html.js';

const LABEL_W = 110;
const PLOT_W = 820;
const ROW_H = 24;
const TOP = 28;
const BOTTOM = 8;
const WIDTH = LABEL_W + PLOT_W + 20;

const dayMs = (d: string): number => Date.parse(`${d}T00:00:00Z`);

export interface TimelineSegment {
  phase: LineStatus;
  start: string;
  /** Null: open-ended (no end set yet): drawn to the chart's right edge. */
  end: string | null;
}

/** The segments of a line's bar, oldest first; none when the line has no date at all. */
export function segmentsOf(l: StatusLine, asOf: string): TimelineSegment[] {
  const released = l.firstReleaseDate;
  const begin = l.forkPoint?.date ?? null;
  const out: TimelineSegment[] = [];
  const early: LineStatus = l.kind === 'development' ? 'feature' : 'prerelease';
  if (released === null) {
    const start = begin ?? asOf;
    return [{ phase: early, start: start < asOf ? start : asOf, end: null }];
  }
  if (begin !== null && begin < released) out.push({ phase: early, start: begin, end: released });
  const bugfixEnd = l.endOfBugfix ?? l.endOfLife;
  const openEnd = l.status === 'end-of-life' ? (l.latestDate ?? released) : null;
  out.push({ phase: 'bugfix', start: released, end: bugfixEnd ?? openEnd });
  if (bugfixEnd !== null && (l.endOfLife === null || l.endOfLife > bugfixEnd)) {
    out.push({ phase: 'security', start: bugfixEnd, end: l.endOfLife ?? openEnd });
  }
  // Releases after the end of life (a late fix): the rest of the bar, marked end-of-life.
  const last = out[out.length - 1]!;
  if (last.end !== null && l.latestDate !== null && l.latestDate > last.end) {
    out.push({ phase: 'end-of-life', start: last.end, end: l.latestDate });
  }
  return out;
}

/** The chart's axis: whole years around every date shown and a year after `asOf`. */
export function axisOf(lines: readonly StatusLine[], asOf: string): { start: string; end: string } {
  const dates = [asOf];
  for (const l of lines) for (const s of segmentsOf(l, asOf)) dates.push(s.start, ...(s.end ? [s.end] : []));
  dates.sort();
  const first = Number(dates[0]!.slice(0, 4));
  const last = Math.max(Number(dates[dates.length - 1]!.slice(0, 4)), Number(asOf.slice(0, 4)) + 1);
  return { start: `${first}-01-01`, end: `${last + 1}-01-01` };
}

/** The x coordinate of a day on the axis. */
export function xOf(day: string, axis: { start: string; end: string }): number {
  const t = (dayMs(day) - dayMs(axis.start)) / (dayMs(axis.end) - dayMs(axis.start));
  return round(LABEL_W + Math.min(1, Math.max(0, t)) * PLOT_W);
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The chart as inline SVG (`<svg>` with `role="img"`, labelled by its title and description). */
export function timelineSvg(lines: readonly StatusLine[], asOf: string): string {
  const axis = axisOf(lines, asOf);
  const height = TOP + lines.length * ROW_H + BOTTOM;
  const parts: string[] = [];
  const y1 = Number(axis.start.slice(0, 4));
  const y2 = Number(axis.end.slice(0, 4));
  for (let y = y1; y <= y2; y++) {
    const x = xOf(`${y}-01-01`, axis);
    parts.push(`<line class="grid" x1="${x}" y1="${TOP - 6}" x2="${x}" y2="${height - BOTTOM}"/>`);
    if (y < y2) parts.push(`<text x="${x + 4}" y="${TOP - 10}">${y}</text>`);
  }
  lines.forEach((l, i) => parts.push(barOf(l, i, axis, asOf)));
  const tx = xOf(asOf, axis);
  parts.push(
    `<line id="today" class="today" data-date="${esc(asOf)}" x1="${tx}" y1="${TOP - 6}" x2="${tx}" y2="${height - BOTTOM}"/>`,
    `<text class="today-label" x="${tx + 3}" y="${height - BOTTOM - 2}">today</text>`,
  );
  const desc = lines.map((l) => describe(l, asOf)).join(' ');
  return `<svg id="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="timeline-title timeline-desc" data-axis-start="${axis.start}" data-axis-end="${axis.end}" data-plot-x="${LABEL_W}" data-plot-width="${PLOT_W}">
<title id="timeline-title">Release cycle of every line, ${esc(axis.start.slice(0, 4))} to ${esc(String(y2 - 1))}, with today (${esc(asOf)}) marked</title>
<desc id="timeline-desc">${esc(desc)}</desc>
${parts.join('\n')}
</svg>`;
}

function barOf(l: StatusLine, i: number, axis: { start: string; end: string }, asOf: string): string {
  const y = TOP + i * ROW_H;
  const label = `${l.line}${l.lts ? ' LTS' : ''}${l.kind === 'development' ? ' (dev)' : ''}`;
  const segments = segmentsOf(l, asOf);
  const segs = segments.map((s) => {
    const x1 = xOf(s.start, axis);
    const x2 = s.end === null ? LABEL_W + PLOT_W : xOf(s.end, axis);
    const w = round(Math.max(2, x2 - x1));
    return `<rect class="seg seg-${s.phase}" x="${x1}" y="${y + 4}" width="${w}" height="${ROW_H - 8}"><title>${esc(`${l.line}: ${STATUS_TEXT[s.phase]} from ${s.start}${s.end ? ` to ${s.end}` : ''}`)}</title></rect>`;
  });
  const [first, last] = [segments[0], segments.at(-1)];
  const outline =
    l.lts && first && last
      ? `<rect class="lts" fill="none" x="${xOf(first.start, axis)}" y="${y + 3}" width="${round(Math.max(2, (last.end === null ? LABEL_W + PLOT_W : xOf(last.end, axis)) - xOf(first.start, axis)))}" height="${ROW_H - 6}"/>`
      : '';
  return `<g class="bar" data-line="${esc(l.line)}" data-status="${esc(l.status)}"><text x="4" y="${y + ROW_H / 2 + 4}">${esc(label)}</text>${segs.join('')}${outline}</g>`;
}

function describe(l: StatusLine, asOf: string): string {
  const segs = segmentsOf(l, asOf)
    .map((s) => `${STATUS_TEXT[s.phase]} from ${s.start}${s.end ? ` to ${s.end}` : ' on'}`)
    .join(', ');
  return `${l.line}${l.lts ? ' (LTS)' : ''}: ${STATUS_TEXT[l.status]} today; ${segs || 'no dates yet'}.`;
}
