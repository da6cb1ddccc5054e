/**
 * Headless Chromium for the site tests: Debian's /usr/bin/chromium driven by playwright-core
 * (installed by .ci/run), a fresh profile per launch, and a static file server on 127.0.0.1 for
 * the generated site (pages load as a browser loads them from GitHub Pages).
 */
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A browser with a fresh user-data-dir (a persistent context is how Playwright takes one). */
export async function launch(opts: { width?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'trellis-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: opts.width ?? 1280, height: 800 },
    colorScheme: opts.colorScheme ?? 'light',
  });
  // Removed once the browser has exited (on the context's close event Chromium may still be writing to it).
  const close = context.close.bind(context);
  context.close = async (...args: Parameters<BrowserContext['close']>) => {
    await close(...args);
    rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  };
  return context;
}

export type { Browser, BrowserContext };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.atom': 'application/atom+xml',
  '.ics': 'text/calendar',
};

/** Serves `dir` on 127.0.0.1 (a free port); `url` ends with `/`. */
export async function serve(dir: string): Promise<{ url: string; close: () => Promise<void>; requests: string[] }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    const file = join(dir, normalize(path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/`, requests, close: () => new Promise((ok) => server.close(() => ok())) };
}
