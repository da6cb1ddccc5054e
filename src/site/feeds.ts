/**
 * The site's feeds: an Atom feed of releases (RFC 4287; newest first, each entry linking to its
 * line page) and the schedule as iCalendar (the core's writer, as `trellis schedule --ical`).
 * Written by hand: an Atom document is a dozen elements, all escaped by the page escaper.
 */
import type { SiteResult } from '../app/site.js';
import { scheduleToICalendar } from '../core/lines/index.js';
import { changelogEntries, entryText } from '../core/release/changelog.js';
import { esc, fileSafe, linePath } from './html.js';

/** Entries in the feed at most (newest releases). */
export const FEED_ENTRIES = 100;

/** A link to `path` (relative to the site's root): absolute under the base URL, else as is. */
export function siteUrl(baseUrl: string | null, path: string): string {
  return baseUrl === null ? path : new URL(path, baseUrl).href;
}

export function releasesAtom(site: SiteResult, opts: { baseUrl: string | null; title: string }): string {
  const releases = site.lines
    .flatMap((l) => l.releases.map((r) => ({ line: l.status.line, r })))
    .filter((x) => x.r.date !== null)
    .sort((a, b) => b.r.date!.localeCompare(a.r.date!) || b.r.tag.localeCompare(a.r.tag))
    .slice(0, FEED_ENTRIES);
  const id = (tail: string) => (opts.baseUrl === null ? `urn:trellis:${fileSafe(site.product)}:${tail}` : siteUrl(opts.baseUrl, tail));
  const updated = `${releases[0]?.r.date ?? site.asOf}T00:00:00Z`;
  const entries = releases.map(({ line, r }) => {
    const href = siteUrl(opts.baseUrl, `${linePath(line)}#v${fileSafe(r.version)}`);
    const notes = r.notes ? changelogEntries(r.notes).map((e) => entryText(e, false)) : [];
    const summary = notes.length > 0 ? notes.join('\n') : `${r.prerelease ? 'Pre-release' : 'Release'} ${r.version} of line ${line}.`;
    return `  <entry>
    <title>${esc(`${site.project ?? site.product} ${r.version}${r.prerelease ? ' (pre-release)' : ''}`)}</title>
    <id>${esc(id(`release/${encodeURIComponent(r.tag)}`))}</id>
    <link rel="alternate" type="text/html" href="${esc(href)}"/>
    <updated>${esc(r.date)}T00:00:00Z</updated>
    <category term="${esc(line)}"/>
    <summary type="text">${esc(summary)}</summary>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>${esc(opts.title)}</title>
  <id>${esc(id('releases.atom'))}</id>
  <link rel="self" type="application/atom+xml" href="${esc(siteUrl(opts.baseUrl, 'releases.atom'))}"/>
  <link rel="alternate" type="text/html" href="${esc(siteUrl(opts.baseUrl, 'index.html'))}"/>
  <updated>${esc(updated)}</updated>
  <author><name>${esc(site.project ?? site.product)}</name></author>
  <generator>Trellis</generator>
${entries.join('\n')}
</feed>
`;
}

/** The schedule as an iCalendar file (all-day events; DTSTAMP is the site's day, so the file is reproducible). */
export function scheduleIcs(site: SiteResult, title: string): string {
  const name = site.project ?? site.product;
  return scheduleToICalendar(site.schedule.events, { stamp: `${site.asOf}T00:00:00Z`, name: title, prefix: name });
}
