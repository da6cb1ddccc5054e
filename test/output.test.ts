/**
 * Output for people, as a person sees it: the demo's status, schedule and missing tables at 80
 * columns (not a terminal) with and without colour, at a terminal's own width, and control
 * characters from commit messages shown escaped in every table (raw in --json).
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoRepo } from '../scripts/demo/history.js';
import { DEMO_TODAY } from '../scripts/demo/run.js';
import { runCli } from '../src/cli/main.js';
import { trellis } from './helpers/cli.js';
import { demoWithPreset } from './helpers/demo.js';
import { makeRepo } from './helpers/repo.js';

let repo: DemoRepo;
beforeAll(async () => {
  repo = await demoWithPreset();
});
afterAll(async () => {
  if (repo) await rm(repo.root, { recursive: true, force: true });
});

/** Runs the CLI on the demo with stdout as given (a terminal of some width, or not). */
async function show(argv: string[], stdout: { isTTY?: boolean; columns?: number }, env: Record<string, string> = {}): Promise<string> {
  let out = '';
  const code = await runCli(argv, {
    stdout: { ...stdout, write: (s: string) => (out += s) },
    stderr: { write: () => true },
    readStdin: async () => '',
    cwd: repo.dir,
    env: { ...repo.env, ...env },
    clock: { now: () => new Date(`${DEMO_TODAY}T12:00:00Z`) },
  });
  expect(code).toBeLessThan(2);
  return out;
}

const widest = (text: string): number => Math.max(...text.split('\n').map((l) => l.length));
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

describe('tables at 80 columns', () => {
  it.each([['status'], ['schedule', '--count', '8'], ['missing', '--all']])(
    'trellis %s fits 80 columns when not a terminal, without colour',
    async (...argv) => {
      const text = await show(argv, {});
      expect(text).not.toMatch(ANSI);
      expect(widest(text.split('\n\n* projected')[0]!.split('\nok <via>')[0]!)).toBeLessThanOrEqual(80);
      expect(text).toMatchSnapshot();
    },
  );

  it('status with colour (FORCE_COLOR): the same layout, statuses coloured', async () => {
    const plain = await show(['status'], {});
    const coloured = await show(['status'], {}, { FORCE_COLOR: '1' });
    expect(coloured).toMatch(ANSI);
    expect(coloured.replace(ANSI, '')).toBe(plain);
    expect(coloured).toMatchSnapshot();
  });

  it('on a terminal: its width, colour unless NO_COLOR', async () => {
    const wide = await show(['status'], { isTTY: true, columns: 140 }, { NO_COLOR: '1' });
    expect(wide).not.toMatch(ANSI);
    expect(wide).toContain('first release');
    expect(wide).not.toContain('hidden to fit');
    expect(await show(['status', '--wide'], {})).toBe(wide);
    const tty = await show(['status'], { isTTY: true, columns: 140 });
    expect(tty).toMatch(ANSI);
  });
});

describe('control characters from commits', () => {
  it('are escaped in the missing table and in Markdown, raw in --json', async () => {
    const r = await makeRepo();
    await r.commit('feat: start', { files: { 'a.txt': '1\n' }, date: '2025-01-10' });
    await r.tag('v1.0.0');
    await r.branch('release/1.0');
    const evil = 'fix: evil\r0000000000  security  ok reachable  fake row\x1b[2J';
    await r.commit(evil, { files: { 'a.txt': '2\n' }, date: '2025-02-10' });
    expect((await trellis(['init', '--yes'], { cwd: r.dir, env: r.env })).code).toBe(0);
    const now = '2025-03-01T12:00:00Z';
    for (const argv of [
      ['missing', '--all'],
      ['missing', '--all', '--wide'],
      ['missing', '--markdown'],
    ]) {
      const out = await trellis(argv, { cwd: r.dir, env: r.env, now });
      expect(out.stdout.includes('\r') || out.stdout.includes('\u001b')).toBe(false);
      if (argv.includes('--all')) expect(out.stdout).toContain('fix: evil\\r0000000000');
    }
    // The whole subject, escaped, in the wide matrix: the fake row stays inside its cell.
    const wide = await trellis(['missing', '--all', '--wide'], { cwd: r.dir, env: r.env, now });
    expect(wide.stdout).toContain(' fix: evil\\r0000000000  security  ok reachable  fake row\\x1b[2J\n');
    const json = await trellis(['missing', '--json'], { cwd: r.dir, env: r.env, now });
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain(JSON.stringify(evil).slice(1, -1));
  });
});
