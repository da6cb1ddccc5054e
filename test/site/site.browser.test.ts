/**
 * The generated site in real headless Chromium (one browser for the file): the versions table,
 * the release-cycle chart and its today marker, every internal link, axe-core on every page in
 * both colour schemes, the coverage filter, and screenshots at 1280 and 390 pixels wide compared
 * loosely against committed references (test/site/references/; UPDATE_SITE_REFERENCES=1 rewrites
 * them; the screenshots themselves stay in test/site/__artifacts__/, not committed).
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { DemoRepo } from '../../scripts/demo/history.js';
import { DEMO_TODAY } from '../../scripts/demo/run.js';
import type { StatusReport } from '../../src/core/lines/index.js';
import { trellis } from '../helpers/cli.js';
import { demoWithPreset, FIXED_DATE } from '../helpers/demo.js';
import { launch, serve, type BrowserContext } from './browser.js';

/*
 * The few browser globals the functions run in the page use, declared for this module only (a
 * `lib: dom` reference would give the whole project DOM types, and src/ must not have them).
 */
interface PageImage {
  width: number;
  height: number;
  onload: (() => void) | null;
  onerror: ((e: unknown) => void) | null;
  src: string;
}
interface Canvas2d {
  imageSmoothingQuality: string;
  drawImage(img: PageImage, x: number, y: number, w: number, h: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
}
interface PageCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): Canvas2d | null;
  toDataURL(type: string): string;
}
type HTMLImageElement = PageImage;
type HTMLAnchorElement = { href: string };
declare const document: { documentElement: { scrollWidth: number }; createElement(tag: 'canvas'): PageCanvas };
declare const Image: new () => PageImage;
declare const window: unknown;
declare function getComputedStyle(e: unknown): { backgroundColor: string };

const HERE = dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = join(HERE, '__artifacts__');
const REFERENCES = join(HERE, 'references');
const AXE = join(HERE, '../../node_modules/axe-core/axe.min.js');

let repo: DemoRepo;
let out: string;
let pages: string[];
let report: StatusReport;
let server: Awaited<ReturnType<typeof serve>>;
let browser: BrowserContext;

beforeAll(async () => {
  repo = await demoWithPreset();
  // An LTS line, a release manager and delivery channels, so every part of the pages shows.
  const file = join(repo.dir, '.trellis.yml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.setIn(['support', 'lts'], { lines: ['1.0'], duration: '2 years' });
  doc.setIn(['site'], { managers: { '1.2': 'Ada <Lovelace> & co' } });
  doc.setIn(['delivery'], {
    channels: [
      { kind: 'apt', name: 'APT (releases)', url: 'https://download.example.org/{major}/{minor}/debian' },
      {
        kind: 'apt',
        name: 'APT (pre-releases)',
        url: 'https://download.example.org/pre/{line}/debian',
        prerelease: true,
        from: '1.3',
        until: '1.3',
      },
    ],
  });
  writeFileSync(file, doc.toString());
  out = join(repo.root, 'site');
  const run = (argv: string[]) => trellis(argv, { cwd: repo.dir, env: repo.env, now: FIXED_DATE });
  const built = await run(['site', '--out', out, '--date', DEMO_TODAY, '--json']);
  expect(built.stderr).toBe('');
  expect(built.code).toBe(0);
  pages = (JSON.parse(built.stdout) as { files: Array<{ path: string }> }).files.map((f) => f.path).filter((p) => p.endsWith('.html'));
  report = JSON.parse((await run(['status', '--json', '--date', DEMO_TODAY])).stdout) as StatusReport;
  server = await serve(out);
  browser = await launch();
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (repo) await rm(repo.root, { recursive: true, force: true });
});

describe('trellis site in Chromium', () => {
  it('the versions table has one row per line with its status, coloured and written', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}index.html`);
    const rows = await page.$$eval('#versions tbody tr', (trs) =>
      trs.map((tr) => ({
        line: tr.getAttribute('data-line'),
        status: tr.querySelector('td[data-status]')?.getAttribute('data-status'),
        word: tr.querySelector('.badge')?.textContent,
        background: getComputedStyle(tr.querySelector('.badge')!).backgroundColor,
      })),
    );
    expect(rows.map((r) => [r.line, r.status])).toEqual(report.lines.map((l) => [l.line, l.status]));
    for (const r of rows) expect(r.word, `${r.line}'s status in words`).toMatch(/[a-z]{3}/);
    expect(new Set(rows.map((r) => r.background)).size).toBeGreaterThan(2);
    expect(await page.textContent('#versions caption')).toContain(DEMO_TODAY);
    // The manager's name is escaped, shown as written.
    expect(await page.textContent('#versions tbody tr[data-line="1.2"]')).toContain('Ada <Lovelace> & co');
    await page.close();
  });

  it('the chart has one bar per line, LTS marked, and the today marker at the right x', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}index.html`);
    const bars = await page.$$eval('#timeline g.bar', (gs) => gs.map((g) => g.getAttribute('data-line')));
    expect(bars).toEqual(report.lines.map((l) => l.line));
    expect(await page.$$eval('#timeline g.bar[data-line="1.0"] rect.lts', (r) => r.length)).toBe(1);
    expect(await page.textContent('#timeline g.bar[data-line="1.0"] text')).toContain('LTS');
    const svg = await page.$eval('#timeline', (s) => ({
      start: s.getAttribute('data-axis-start')!,
      end: s.getAttribute('data-axis-end')!,
      x: Number(s.getAttribute('data-plot-x')),
      width: Number(s.getAttribute('data-plot-width')),
      today: Number(s.querySelector('#today')!.getAttribute('x1')),
      label: s.getAttribute('aria-labelledby'),
    }));
    // The demo's dates run from 2024 to 2026, and a year after today is shown: 2024-01-01 to 2028-01-01.
    expect([svg.start, svg.end]).toEqual(['2024-01-01', '2028-01-01']);
    const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
    const expected = svg.x + (days('2024-01-01', DEMO_TODAY) / days('2024-01-01', '2028-01-01')) * svg.width;
    expect(svg.today).toBeCloseTo(expected, 1);
    expect(svg.label).toBe('timeline-title timeline-desc');
    expect(await page.textContent('#timeline-desc')).toContain('1.2: bug fixes today');
    await page.close();
  });

  it("a line's page has its releases with notes, missing backports and delivery channels", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}lines/1.2.html`);
    expect(await page.textContent('h1')).toBe('llama-stack 1.2');
    expect(await page.textContent('section:has(#v1\\.2\\.1)')).toContain('batch status stuck in queued');
    expect(await page.$$eval('#releases ~ section h3', (hs) => hs.map((h) => h.textContent))).toEqual([
      '1.2.1',
      '1.2.0',
      '1.2.0rc2 (pre-release)',
      '1.2.0rc1 (pre-release)',
    ]);
    expect(await page.textContent('table:has(caption)')).toContain('sanitize tool call arguments');
    expect(await page.$$eval('#channels + ul a', (as) => as.map((a) => a.getAttribute('href')))).toEqual([
      'https://download.example.org/1/2/debian',
    ]);
    await page.goto(`${server.url}lines/1.3.html`);
    expect(await page.$$eval('#channels + ul li', (li) => li.map((l) => l.textContent))).toEqual([
      'APT (pre-releases) (pre-releases): https://download.example.org/pre/1.3/debian',
    ]);
    await page.goto(`${server.url}lines/0.4.html`);
    expect(await page.$('#channels')).toBeNull();
    expect(await page.textContent('main')).toContain('end of life');
    await page.close();
  });

  it('every internal link and anchor resolves', async () => {
    const page = await browser.newPage();
    const broken: string[] = [];
    for (const p of pages) {
      await page.goto(`${server.url}${p}`);
      const links = await page.$$eval('a[href], link[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
      for (const href of links) {
        const url = new URL(href);
        if (!href.startsWith(server.url)) continue;
        const res = await page.request.get(url.origin + url.pathname);
        if (res.status() !== 200) broken.push(`${p} -> ${href} (${res.status()})`);
        if (url.hash && url.pathname.endsWith('.html')) {
          const target = await res.text();
          const id = decodeURIComponent(url.hash.slice(1));
          if (!target.includes(`id="${id}"`)) broken.push(`${p} -> ${href} (no #${id})`);
        }
      }
    }
    expect(broken).toEqual([]);
    expect(pages.length).toBeGreaterThan(3);
    await page.close();
  });

  it('axe-core finds no serious or critical violation on any page, light or dark', async () => {
    const page = await browser.newPage();
    const found: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const p of pages) {
        await page.goto(`${server.url}${p}`);
        await page.addScriptTag({ path: AXE });
        const violations = await page.evaluate(async () => {
          const axe = (
            window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }
          ).axe;
          const r = await axe.run();
          return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
        });
        for (const v of violations)
          if (v.impact === 'serious' || v.impact === 'critical') found.push(`${scheme} ${p}: ${v.id} (${v.impact}, ${v.nodes} nodes)`);
      }
    }
    expect(found).toEqual([]);
    await page.close();
  }, 60_000);

  it('the coverage table filters with its script and reads without it', async () => {
    const html = readFileSync(join(out, 'coverage.html'), 'utf8');
    expect(html).toMatch(/<form class="filters" id="filters" hidden>/);
    const page = await browser.newPage();
    await page.goto(`${server.url}coverage.html`);
    const all = await page.$$eval('#coverage tbody tr', (r) => r.length);
    expect(all).toBeGreaterThan(2);
    expect(await page.isVisible('#filters')).toBe(true);
    await page.selectOption('#f-state', 'missing');
    const visible = await page.$$eval('#coverage tbody tr:not([hidden])', (r) => r.map((x) => x.getAttribute('data-states')));
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.length).toBeLessThan(all);
    for (const s of visible) expect(s).toContain('missing');
    expect(await page.textContent('#f-count')).toBe(`${visible.length} of ${all} changes shown`);
    await page.close();
  });

  it('looks as it did at 1280 and 390 pixels wide (screenshots kept, compared loosely)', async () => {
    const page = await browser.newPage();
    const shots = ['index.html', 'coverage.html', 'lines/1.2.html'];
    const differences: string[] = [];
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 800 });
      for (const p of shots) {
        await page.goto(`${server.url}${p}`);
        // No sideways scrolling of the page itself at a phone's width (wide tables scroll in their own box).
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${p} at ${width}`).toBeLessThanOrEqual(width);
        const name = `${p.replace(/[/.]/g, '_')}-${width}`;
        const png = await page.screenshot({ fullPage: true });
        writeFileSync(join(ARTIFACTS, `${name}.png`), png);
        const d = await compareLoosely(page, png, join(REFERENCES, `${name}.png`));
        if (d) differences.push(`${name}: ${d}`);
      }
    }
    // The dark scheme, kept for people to look at (axe checks its contrast above).
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${server.url}index.html`);
    writeFileSync(join(ARTIFACTS, 'index_html-1280-dark.png'), await page.screenshot({ fullPage: true }));
    expect(differences).toEqual([]);
    await page.close();
  }, 60_000);
});

/** Thumbnail width of the references: small files, and rendering details (font hinting) averaged away. */
const THUMB = 96;

/**
 * Compares a screenshot with its reference at thumbnail size, in the browser (its canvas decodes
 * and scales PNG; no image library needed): same width, height within 15 %, mean channel
 * difference under 8 %. Writes the reference when it is missing or UPDATE_SITE_REFERENCES is set.
 */
async function compareLoosely(page: import('playwright-core').Page, png: Buffer, reference: string): Promise<string | null> {
  const ref = existsSync(reference) && !process.env.UPDATE_SITE_REFERENCES ? readFileSync(reference).toString('base64') : null;
  const result = await page.evaluate(
    async ({ shot, ref, thumb }) => {
      const load = (b64: string) =>
        new Promise<HTMLImageElement>((ok, fail) => {
          const img = new Image();
          img.onload = () => ok(img);
          img.onerror = fail;
          img.src = `data:image/png;base64,${b64}`;
        });
      const scaled = (img: HTMLImageElement, w: number, h: number) => {
        const c = document.createElement('canvas');
        c.width = w;
        c.height = h;
        const g = c.getContext('2d')!;
        g.imageSmoothingQuality = 'high';
        g.drawImage(img, 0, 0, w, h);
        return c;
      };
      const img = await load(shot);
      const th = Math.max(1, Math.round((img.height * thumb) / img.width));
      const mine = scaled(img, thumb, th);
      if (ref === null) return { write: mine.toDataURL('image/png').slice('data:image/png;base64,'.length) };
      const r = await load(ref);
      if (r.width !== thumb) return { error: `reference is ${r.width} px wide, not ${thumb}` };
      const ratio = r.height / th;
      if (ratio < 0.85 || ratio > 1.15) return { error: `height ${th} vs reference ${r.height} (thumbnail pixels)` };
      const h = Math.min(r.height, th);
      const a = mine.getContext('2d')!.getImageData(0, 0, thumb, h).data;
      const b = scaled(r, thumb, r.height).getContext('2d')!.getImageData(0, 0, thumb, h).data;
      let sum = 0;
      for (let i = 0; i < a.length; i += 4)
        sum += Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!);
      const mean = sum / ((a.length / 4) * 3 * 255);
      return mean < 0.08 ? {} : { error: `mean difference ${(mean * 100).toFixed(1)} %` };
    },
    { shot: png.toString('base64'), ref, thumb: THUMB },
  );
  if (result.write) {
    mkdirSync(dirname(reference), { recursive: true });
    writeFileSync(reference, Buffer.from(result.write, 'base64'));
    return null;
  }
  return result.error ?? null;
}
