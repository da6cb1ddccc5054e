/**
 * The whole site as files (path relative to the output directory, and content) from the site
 * use case's result. Pure: the CLI writes the files.
 *
 * ```
 * index.html              the versions page (table, release-cycle chart, schedule)
 * coverage.html           the backport coverage matrix, filterable
 * lines/<key>.html        one page per line
 * releases.atom           Atom feed of releases
 * schedule.ics            the schedule as iCalendar
 * api/<product>.json      endoflife.date-compatible cycles
 * api/ledger.json         the coverage ledger (trellis missing --json)
 * api/index.json          what api/ holds
 * ```
 */
import type { SiteResult } from '../app/site.js';
import { apiIndex, endOfLifeApi, ledgerJson } from './api.js';
import { coveragePage } from './coverage-page.js';
import { releasesAtom, scheduleIcs } from './feeds.js';
import { fileSafe, linePath } from './html.js';
import { linePage } from './line-page.js';
import { versionsPage } from './versions-page.js';

export interface SiteFile {
  /** Relative to the output directory, `/`-separated, never `..`. */
  path: string;
  content: string;
}

export interface SiteOptions {
  /** Where the site is published (`https://example.org/project/`): absolute links in feeds and the API; null: relative. */
  baseUrl: string | null;
}

export function buildSite(site: SiteResult, opts: SiteOptions): SiteFile[] {
  const name = site.project ?? site.product;
  const baseUrl = opts.baseUrl === null ? null : opts.baseUrl.endsWith('/') ? opts.baseUrl : `${opts.baseUrl}/`;
  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  const productFile = `api/${fileSafe(site.product)}.json`;
  const ledger = ledgerJson(site);
  const files: SiteFile[] = [
    { path: 'index.html', content: versionsPage(site, name) },
    { path: 'coverage.html', content: coveragePage(site, name) },
    ...site.lines.map((l) => ({ path: linePath(l.status.line), content: linePage(site, l, name) })),
    { path: 'releases.atom', content: releasesAtom(site, { baseUrl, title: `${name} releases` }) },
    { path: 'schedule.ics', content: scheduleIcs(site, `${name} release schedule`) },
    { path: productFile, content: json(endOfLifeApi(site, baseUrl)) },
    ...(ledger === null ? [] : [{ path: 'api/ledger.json', content: ledger }]),
    {
      path: 'api/index.json',
      content: json(apiIndex(site, { product: productFile.slice(4), ledger: ledger === null ? null : 'ledger.json' })),
    },
  ];
  return files;
}
