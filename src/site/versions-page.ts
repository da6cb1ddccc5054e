/**
 * The versions page (`index.html`), like the Python devguide's: the table of lines (branch,
 * status in colour and words, LTS, first and latest release, end of bug fixes, end of life,
 * release manager when the policy names them), the release-cycle chart, and the coming dates of
 * the schedule.
 */
import type { SiteResult } from '../app/site.js';
import type { StatusLine } from '../core/lines/index.js';
import { esc, linePath, page, scrollTable, STATUS_TEXT, statusBadge } from './html.js';
import { timelineSvg } from './timeline-svg.js';

const dash = '<span class="muted">–</span>';
const dated = (v: string | null, d: string | null) =>
  v === null ? dash : `${esc(v)}${d ? `<br><span class="muted">${esc(d)}</span>` : ''}`;

export function versionsPage(site: SiteResult, siteName: string): string {
  const managers = site.lines.some((l) => l.manager !== null);
  const head = ['Line', 'Branch', 'Status', 'LTS', 'First release', 'Latest release', 'End of bug fixes', 'End of life'];
  if (managers) head.push('Release manager');
  const rows = site.lines.map((l) => {
    const s = l.status;
    const cells = [
      `<th scope="row"><a href="${esc(linePath(s.line))}">${esc(s.line)}</a>${s.kind === 'development' ? '<br><span class="muted">development</span>' : ''}</th>`,
      `<td>${s.branch ? `<code>${esc(s.branch)}</code>` : dash}</td>`,
      `<td data-status="${esc(s.status)}">${statusBadge(s.status)}</td>`,
      `<td>${s.lts ? 'LTS' : dash}</td>`,
      `<td>${dated(s.firstRelease, s.firstReleaseDate)}</td>`,
      `<td>${dated(s.latest, s.latestDate)}</td>`,
      `<td>${s.endOfBugfix ? esc(s.endOfBugfix) : dash}</td>`,
      `<td>${s.endOfLife ? esc(s.endOfLife) : dash}</td>`,
    ];
    if (managers) cells.push(`<td>${l.manager ? esc(l.manager) : dash}</td>`);
    return `<tr data-line="${esc(s.line)}">${cells.join('')}</tr>`;
  });
  const table = `<table id="versions">
<caption>Release lines on ${esc(site.asOf)}</caption>
<thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
  const supported = site.lines.filter((l) => isSupported(l.status)).map((l) => l.status.line);
  const body = `<h1>Supported versions${site.project ? ` of ${esc(site.project)}` : ''}</h1>
<p>${supported.length === 0 ? 'No release line is supported today.' : `Supported today: ${supported.map((k) => `<a href="${esc(linePath(k))}">${esc(k)}</a>`).join(', ')}.`}
A dash means no date is set yet: the line is supported until further notice.</p>
${scrollTable('Release lines', table)}
${notes(site.lines.map((l) => l.status))}
<h2 id="chart">Release cycle</h2>
<figure>
<div class="scroll" role="region" aria-label="Release cycle chart" tabindex="0">
${timelineSvg(
  site.lines.map((l) => l.status),
  site.asOf,
)}
</div>
<figcaption>${legend()} Lines marked LTS have long-term support and an outlined bar; the red vertical line is today. The table above gives every date in words.</figcaption>
</figure>
${upcoming(site)}`;
  return page({ title: `Supported versions – ${siteName}`, root: '', siteName, current: 'versions', body, asOf: site.asOf });
}

/** Coming dates shown on the page (the calendar file has every event the use case gave). */
const SCHEDULE_ROWS = 12;

const isSupported = (s: StatusLine) => s.kind === 'release' && s.status !== 'end-of-life' && s.status !== 'prerelease';

function legend(): string {
  const phases = ['prerelease', 'feature', 'bugfix', 'security', 'end-of-life'] as const;
  return `<ul class="legend">${phases
    .map((p) => `<li><span class="key" style="background:var(--bar-${p === 'end-of-life' ? 'eol' : p})"></span>${esc(STATUS_TEXT[p])}</li>`)
    .join('')}</ul>`;
}

function notes(lines: StatusLine[]): string {
  const all = lines.flatMap((l) => l.notes.map((n) => `<li>${esc(l.line)}: ${esc(n)}</li>`));
  return all.length === 0 ? '' : `<h2>Notes</h2>\n<ul>\n${all.join('\n')}\n</ul>`;
}

function upcoming(site: SiteResult): string {
  const events = site.schedule.events.slice(0, SCHEDULE_ROWS);
  if (events.length === 0) return '';
  const rows = events.map(
    (e) =>
      `<tr><td>${esc(e.date)}${e.endDate ? ` to ${esc(e.endDate)}` : ''}</td><th scope="row">${esc(e.title)}</th><td>${esc(e.line)}</td><td>${e.projected ? 'projected' : 'set'}</td></tr>`,
  );
  const table = `<table id="schedule">
<caption>Coming dates from ${esc(site.schedule.from)} (the next ${events.length}; all of them in the <a href="schedule.ics">calendar</a>)</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Event</th><th scope="col">Line</th><th scope="col">Date is</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
  return `<h2 id="schedule-heading">Schedule</h2>\n${scrollTable('Schedule', table)}`;
}
