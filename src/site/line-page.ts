/**
 * A line's page (`lines/<key>.html`): its facts, its releases with the notes of each (from the
 * changelog use case), the changes on its branch no release has yet, the backports it misses
 * (from the coverage ledger), open advisories (once the advisories use case fills them) and the
 * delivery channels the policy declares (Tarantool-style package repositories per series).
 */
import type { SiteLine, SiteResult } from '../app/site.js';
import { changelogEntries, entryText, type Changelog } from '../core/release/changelog.js';
import { esc, fileSafe, page, scrollTable, STATUS_TEXT, statusBadge } from './html.js';

const dash = '<span class="muted">–</span>';

export function linePage(site: SiteResult, l: SiteLine, siteName: string): string {
  const s = l.status;
  const fact = (term: string, value: string) => `<dt>${esc(term)}</dt><dd>${value}</dd>`;
  const facts = [
    fact(
      'Status',
      `${statusBadge(s.status)}${s.support && s.support !== s.status ? ` <span class="muted">(${esc(s.support)} support)</span>` : ''}`,
    ),
    fact('Branch', s.branch ? `<code>${esc(s.branch)}</code>` : 'none (tags only: fixes cannot be carried to it)'),
    fact('Long-term support', s.lts ? 'yes' : 'no'),
    fact('First release', s.firstRelease ? `${esc(s.firstRelease)} (${esc(s.firstReleaseDate ?? 'date unknown')})` : dash),
    fact('Latest release', s.latest ? `${esc(s.latest)} (${esc(s.latestDate ?? 'date unknown')})` : dash),
    fact('End of bug fixes', s.endOfBugfix ? esc(s.endOfBugfix) : `${dash} not set`),
    fact('End of life', s.endOfLife ? esc(s.endOfLife) : `${dash} not set`),
    ...(l.manager ? [fact('Release manager', esc(l.manager))] : []),
    ...(s.codename ? [fact('Codename', esc(s.codename))] : []),
  ];
  const body = `<p><a href="../index.html">Supported versions</a> › ${esc(s.line)}</p>
<h1>${esc(site.project ? `${site.project} ${s.line}` : `Line ${s.line}`)}${s.kind === 'development' ? ' (development)' : ''}</h1>
<dl class="facts">${facts.join('')}</dl>
${s.notes.length > 0 ? `<ul>${s.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
${advisories(l)}
${missing(l, site)}
${unreleased(l)}
${releases(l)}
${channels(l)}`;
  return page({
    title: `${s.line} (${STATUS_TEXT[s.status]}) – ${siteName}`,
    root: '../',
    siteName,
    current: 'line',
    body,
    asOf: site.asOf,
  });
}

function changes(log: Changelog, level: 3 | 4): string {
  if (log.sections.length === 0) return '<p>No notable changes.</p>';
  return log.sections
    .map(
      (sec) =>
        `<h${level}>${esc(sec.name)}</h${level}>\n<ul>\n${sec.entries.map((e) => `<li>${esc(entryText(e, false))}</li>`).join('\n')}\n</ul>`,
    )
    .join('\n');
}

function releases(l: SiteLine): string {
  if (l.releases.length === 0) return '<h2 id="releases">Releases</h2>\n<p>No release yet.</p>';
  const items = l.releases.map((r) => {
    const anchor = `v${fileSafe(r.version)}`;
    const notes = r.notes === null ? '' : `\n${changes(r.notes, 4)}`;
    return `<section aria-labelledby="${esc(anchor)}">
<h3 id="${esc(anchor)}">${esc(r.version)}${r.prerelease ? ' (pre-release)' : ''}</h3>
<p class="muted">Tag <code>${esc(r.tag)}</code>${r.date ? `, ${esc(r.date)}` : ''}</p>${notes}
</section>`;
  });
  return `<h2 id="releases">Releases</h2>\n${items.join('\n')}`;
}

function unreleased(l: SiteLine): string {
  if (l.unreleased === null) return '';
  const n = changelogEntries(l.unreleased).length;
  return `<h2 id="unreleased">Unreleased changes</h2>
<p>On <code>${esc(l.status.branch ?? '')}</code> since <code>${esc(l.unreleased.from ?? '')}</code>: ${n === 0 ? 'nothing to release yet.' : `${n} change${n === 1 ? '' : 's'}.`}</p>
${n === 0 ? '' : changes(l.unreleased, 3)}`;
}

function missing(l: SiteLine, site: SiteResult): string {
  if (site.coverage === null || !site.coverage.lines.includes(l.status.line)) return '';
  if (l.missing.length === 0)
    return `<h2 id="missing">Missing backports</h2>\n<p>None: every change this line needs is on it (see <a href="../coverage.html">backport coverage</a>).</p>`;
  const rows = l.missing.map((c) => {
    const cell = c.states[l.status.line]!;
    return `<tr><td><code>${esc(c.commit.slice(0, 10))}</code></td><th scope="row">${esc(c.subject)}</th><td>${esc(c.kind)}</td><td class="c-${esc(cell.state)}">${esc(cell.state)}</td><td>${esc(cell.reason ?? '')}</td></tr>`;
  });
  return `<h2 id="missing">Missing backports</h2>
${scrollTable(
  'Missing backports',
  `<table>
<caption>Changes this line needs and does not have (from the coverage ledger)</caption>
<thead><tr><th scope="col">Commit</th><th scope="col">Subject</th><th scope="col">Kind</th><th scope="col">State</th><th scope="col">Why</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`,
)}`;
}

/** The hook for open advisories: shown once the advisories use case fills {@link SiteLine.advisories}. */
function advisories(l: SiteLine): string {
  if (l.advisories.length === 0) return '';
  const items = l.advisories.map(
    (a) =>
      `<li>${a.url && /^https?:\/\//.test(a.url) ? `<a href="${esc(a.url)}">${esc(a.id)}</a>` : esc(a.id)}${a.severity ? ` (${esc(a.severity)})` : ''}: ${esc(a.summary)}</li>`,
  );
  return `<h2 id="advisories">Open advisories</h2>\n<ul>\n${items.join('\n')}\n</ul>`;
}

function channels(l: SiteLine): string {
  if (l.channels.length === 0) return '';
  const items = l.channels.map(
    (c) => `<li>${esc(c.name)}${c.prerelease ? ' (pre-releases)' : ''}: <a href="${esc(c.url)}">${esc(c.url)}</a></li>`,
  );
  return `<h2 id="channels">Delivery channels</h2>\n<ul>\n${items.join('\n')}\n</ul>`;
}
