/**
 * The machine-readable files beside the pages: `api/<product>.json` in the shape of
 * endoflife.date's API (v0: an array of cycles with `cycle`, `releaseDate`, `eol`, `latest`,
 * `latestReleaseDate`, `lts`, `support`, `link`), made from the core's `endOfLifeCycles` (what
 * `trellis status --format endoflife` prints), the ledger (`trellis missing --json`'s document,
 * byte for byte) and an index of both.
 */
import type { SiteResult } from '../app/site.js';
import { renderJson } from '../core/coverage/format.js';
import { endOfLifeCycles } from '../core/lines/index.js';
import { linePath } from './html.js';
import { siteUrl } from './feeds.js';

/** One cycle as endoflife.date's API serves it. */
export interface EndOfLifeApiCycle {
  cycle: string;
  releaseDate: string;
  eol: string | boolean;
  latest: string;
  latestReleaseDate: string;
  lts: boolean;
  support: string | boolean;
  extendedSupport: string | boolean;
  link: string | null;
}

export function endOfLifeApi(site: SiteResult, baseUrl: string | null): EndOfLifeApiCycle[] {
  const report = { asOf: site.asOf, lines: site.lines.map((l) => l.status) };
  return endOfLifeCycles(report).map((c) => ({
    cycle: c.releaseCycle,
    releaseDate: c.releaseDate,
    eol: c.eol,
    latest: c.latest,
    latestReleaseDate: c.latestReleaseDate,
    lts: c.lts,
    support: c.support,
    extendedSupport: c.extendedSupport,
    link: baseUrl === null ? c.link : siteUrl(baseUrl, linePath(c.releaseCycle)),
  }));
}

export function ledgerJson(site: SiteResult): string | null {
  return site.coverage === null ? null : renderJson(site.coverage, 'pretty');
}

/** `api/index.json`: what the site holds for programs. */
export function apiIndex(site: SiteResult, files: { product: string; ledger: string | null }): unknown {
  return {
    product: site.product,
    asOf: site.asOf,
    endoflife: files.product,
    ledger: files.ledger,
    releases: '../releases.atom',
    schedule: '../schedule.ics',
  };
}
