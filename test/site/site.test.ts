/**
 * `trellis site` without a browser: the files it writes and where (never outside --out, never
 * inside .git), --dry-run and --json, the JSON files against their schemas, the API file made by
 * the same code as `status --format endoflife`, escaping of what commits and the policy supply,
 * and the chart's arithmetic.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { DemoRepo } from '../../scripts/demo/history.js';
import { DEMO_TODAY } from '../../scripts/demo/run.js';
import type { StatusLine } from '../../src/core/lines/index.js';
import { esc } from '../../src/site/html.js';
import { END_OF_LIFE_API_SCHEMA } from '../../src/site/json-schemas.js';
import { axisOf, segmentsOf, xOf } from '../../src/site/timeline-svg.js';
import { trellis } from '../helpers/cli.js';
import { demoWithPreset, FIXED_DATE } from '../helpers/demo.js';

let repo: DemoRepo;
const run = (argv: string[]) => trellis(argv, { cwd: repo.dir, env: repo.env, now: FIXED_DATE });

beforeAll(async () => {
  repo = await demoWithPreset();
  // A fix whose subject is markup: every page must show it as text.
  writeFileSync(join(repo.dir, 'evil.txt'), 'x\n');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo.dir, env: repo.env });
  git('add', 'evil.txt');
  git('commit', '-q', '-m', 'fix: <script>alert(1)</script> & "quotes" in <b>names</b>');
}, 60_000);

afterAll(async () => {
  if (repo) await rm(repo.root, { recursive: true, force: true });
});

describe('trellis site', () => {
  it('--dry-run --json lists the files and writes nothing', async () => {
    const out = join(repo.root, 'dry');
    const r = await run(['site', '--out', out, '--date', DEMO_TODAY, '--dry-run', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { out: string; dryRun: boolean; files: Array<{ path: string; bytes: number }> };
    expect(doc.dryRun).toBe(true);
    expect(doc.out).toBe(out);
    expect(doc.files.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        'index.html',
        'coverage.html',
        'lines/1.2.html',
        'releases.atom',
        'schedule.ics',
        'api/llama-stack.json',
        'api/ledger.json',
        'api/index.json',
      ]),
    );
    expect(existsSync(out)).toBe(false);
    expect(r.stdout.endsWith('\n') && !r.stdout.trim().includes('\n')).toBe(true);
  });

  it('writes the site; its JSON files validate, the API file is what status --format endoflife says', async () => {
    const out = join(repo.root, 'site');
    const r = await run(['site', '--out', out, '--date', DEMO_TODAY, '--base-url', 'https://example.org/llama']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote 16 files to ${out}`);
    expect(readdirSync(join(out, 'lines')).sort()).toContain('0.1.html');
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const api = JSON.parse(readFileSync(join(out, 'api/llama-stack.json'), 'utf8')) as Array<Record<string, unknown>>;
    expect(ajv.validate(END_OF_LIFE_API_SCHEMA, api), ajv.errorsText()).toBe(true);
    const ledger = JSON.parse(readFileSync(join(out, 'api/ledger.json'), 'utf8')) as unknown;
    // The ledger is `missing --json` byte for byte: its schema is that command's published one.
    const ledgerSchema = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'schema', 'output', 'missing.json'), 'utf8'),
    ) as object;
    expect(ajv.validate(ledgerSchema, ledger), ajv.errorsText()).toBe(true);
    const eol = JSON.parse((await run(['status', '--format', 'endoflife', '--date', DEMO_TODAY])).stdout) as Array<Record<string, unknown>>;
    expect(api.map(({ cycle, link: _link, ...rest }) => ({ releaseCycle: cycle, ...rest }))).toEqual(
      eol.map(({ link: _link, ...rest }) => rest),
    );
    expect(api[0]!.link).toBe(`https://example.org/llama/lines/${String(api[0]!.cycle)}.html`);
    // The ledger is trellis missing --json, byte for byte.
    expect(readFileSync(join(out, 'api/ledger.json'), 'utf8')).toBe((await run(['missing', '--json=pretty'])).stdout);
    const atom = readFileSync(join(out, 'releases.atom'), 'utf8');
    expect(atom).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    expect(atom).toContain('<link rel="alternate" type="text/html" href="https://example.org/llama/lines/1.2.html#v1.2.1"/>');
    const ids = [...atom.matchAll(/<id>([^<]*)<\/id>/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    const ics = readFileSync(join(out, 'schedule.ics'), 'utf8');
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics).toContain('DTSTAMP:20260313T000000Z');
  });

  it('shows markup from commit subjects and the policy as text', async () => {
    const out = join(repo.root, 'escaped');
    expect((await run(['site', '--out', out, '--date', DEMO_TODAY])).code).toBe(0);
    const coverage = readFileSync(join(out, 'coverage.html'), 'utf8');
    expect(coverage).toContain('fix: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; in &lt;b&gt;names&lt;/b&gt;');
    for (const f of ['coverage.html', 'index.html', 'lines/1.2.html']) {
      const html = readFileSync(join(out, f), 'utf8');
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<b>names');
    }
    expect(esc(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('refuses an --out inside .git, and never writes through a link that leads outside --out', async () => {
    const inGit = await run(['site', '--out', '.git/site', '--date', DEMO_TODAY]);
    expect(inGit.code).toBe(2);
    expect(inGit.stderr.trim().split('\n')).toHaveLength(1);
    expect(inGit.stderr).toContain('inside the repository');
    expect(existsSync(join(repo.dir, '.git', 'site'))).toBe(false);
    const outside = join(repo.root, 'elsewhere');
    mkdirSync(outside);
    const out = join(repo.root, 'linked');
    mkdirSync(out);
    symlinkSync(outside, join(out, 'lines'));
    const r = await run(['site', '--out', out, '--date', DEMO_TODAY]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('outside --out');
    expect(readdirSync(outside)).toEqual([]);
    expect(readdirSync(out)).toEqual(['lines']);
  });

  it('says what is wrong with its options in one line (exit 2)', async () => {
    for (const [argv, message] of [
      [['--base-url', 'ftp://x'], 'not an http(s) URL'],
      [['--base-url', 'nope'], 'is not a URL'],
      [['--notes', '-1'], '--notes must be a number'],
      [['--date', '2026-02-30'], '--date'],
    ] as const) {
      const r = await run(['site', '--out', join(repo.root, 'bad'), ...argv]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(existsSync(join(repo.root, 'bad'))).toBe(false);
  });
});

describe('the GitHub Pages recipe (docs/site.md)', () => {
  it('builds the site with options trellis site takes and deploys what it wrote', async () => {
    const md = readFileSync(join(import.meta.dirname, '../../docs/site.md'), 'utf8');
    const block = /```yaml\n(# \.github\/workflows\/site\.yml\n[\s\S]*?)```/.exec(md);
    expect(block).not.toBeNull();
    type Step = { run?: string; uses?: string; with?: Record<string, unknown> };
    const wf = parse(block![1]!) as { jobs: { build: { steps: Step[] }; deploy: { steps: Step[] } } };
    const steps = wf.jobs.build.steps;
    const build = steps.find((s) => s.run?.includes('trellis site'));
    const words = build!
      .run!.replace(/\$\{\{ github\.repository_owner \}\}/g, 'owner')
      .replace(/\$\{\{ github\.event\.repository\.name \}\}/g, 'repo')
      .replace(/"/g, '')
      .split(/\s+/);
    const argv = words.slice(words.indexOf('trellis') + 1);
    expect(argv[0]).toBe('site');
    const out = argv[argv.indexOf('--out') + 1]!;
    const r = await run([...argv.map((a) => (a === out ? join(repo.root, 'pages') : a)), '--dry-run', '--date', DEMO_TODAY]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(steps.find((s) => s.uses?.startsWith('actions/upload-pages-artifact@'))?.with?.path).toBe(out);
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with?.['fetch-depth']).toBe(0);
    expect(wf.jobs.deploy.steps.some((s) => s.uses?.startsWith('actions/deploy-pages@'))).toBe(true);
  });
});

describe('the release-cycle chart', () => {
  const line = (over: Partial<StatusLine>): StatusLine => ({
    line: '1.0',
    branch: 'release/1.0',
    status: 'bugfix',
    lts: false,
    firstRelease: '1.0.0',
    firstReleaseDate: '2025-01-10',
    latest: '1.0.3',
    latestDate: '2025-06-01',
    endOfBugfix: null,
    endOfLife: null,
    unreleasedCommits: 0,
    kind: 'release',
    support: 'full',
    maintainable: true,
    codename: null,
    forkPoint: { commit: 'a'.repeat(40), date: '2024-12-01' },
    prereleases: [],
    notes: [],
    override: null,
    openAdvisories: 0,
    ...over,
  });

  it('splits a bar into pre-release, bug-fix and security phases from the report dates', () => {
    expect(segmentsOf(line({ endOfBugfix: '2025-12-31', endOfLife: '2026-06-30', lts: true }), '2026-01-15')).toEqual([
      { phase: 'prerelease', start: '2024-12-01', end: '2025-01-10' },
      { phase: 'bugfix', start: '2025-01-10', end: '2025-12-31' },
      { phase: 'security', start: '2025-12-31', end: '2026-06-30' },
    ]);
    // No end set: open to the chart's edge; an end-of-life line without dates ends at its latest release.
    expect(segmentsOf(line({ forkPoint: null }), '2026-01-15')).toEqual([{ phase: 'bugfix', start: '2025-01-10', end: null }]);
    expect(segmentsOf(line({ forkPoint: null, status: 'end-of-life' }), '2026-01-15')).toEqual([
      { phase: 'bugfix', start: '2025-01-10', end: '2025-06-01' },
    ]);
    expect(segmentsOf(line({ kind: 'development', firstReleaseDate: null, forkPoint: null }), '2026-01-15')).toEqual([
      { phase: 'feature', start: '2026-01-15', end: null },
    ]);
  });

  it('places days on an axis of whole years, a year past today at least', () => {
    const axis = axisOf([line({ endOfLife: '2026-06-30', endOfBugfix: '2026-01-01' })], '2026-01-15');
    expect(axis).toEqual({ start: '2024-01-01', end: '2028-01-01' });
    expect(xOf('2024-01-01', axis)).toBe(110);
    expect(xOf('2028-01-01', axis)).toBe(930);
    expect(xOf('2030-01-01', axis)).toBe(930);
  });
});

describe('open advisories on the line pages', () => {
  it('lists an advisory open on a line and never one under embargo', async () => {
    const root = execFileSync('git', ['rev-list', '--max-parents=0', 'HEAD'], { cwd: repo.dir, env: repo.env }).toString().trim();
    const add = (id: string, ...extra: string[]) =>
      run(['advisory', 'add', id, '--severity', 'high', '--introduced', root, '--reported', '2026-01-05', ...extra]);
    expect((await add('CVE-2026-7001')).code).toBe(0);
    expect((await add('CVE-2026-7002', '--embargo-until', '2099-01-01')).code).toBe(0);
    const out = join(repo.root, 'with-advisories');
    const r = await run(['site', '--out', out, '--date', DEMO_TODAY, '--no-coverage']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const page = readFileSync(join(out, 'lines', '1.2.html'), 'utf8');
    expect(page).toContain('<h2 id="advisories">Open advisories</h2>');
    expect(page).toContain('CVE-2026-7001');
    expect(page).not.toContain('CVE-2026-7002');
  });
});
