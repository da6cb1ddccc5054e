/**
 * The README cannot drift: every command of its `console` blocks runs on the demo repository
 * (the release-branches preset adopted, "today" 2026-03-13) and prints the lines shown, in
 * order, up to a `...` line (the rest is abridged). `# comments` after a command are dropped.
 */
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoRepo } from '../scripts/demo/history.js';
import { DEMO_TODAY, trellisIn } from '../scripts/demo/run.js';
import { demoWithPreset } from './helpers/demo.js';

interface Shown {
  argv: string[];
  lines: string[];
}

/** The commands of the README's console blocks with the output lines shown for each. */
function shownCommands(markdown: string): Shown[] {
  const out: Shown[] = [];
  for (const block of markdown.matchAll(/```console\n([\s\S]*?)```/g)) {
    let current: Shown | null = null;
    for (const line of (block[1] ?? '').split('\n')) {
      const cmd = /^\$ trellis (.*?)\s*(?:#.*)?$/.exec(line);
      if (cmd) {
        current = { argv: (cmd[1] ?? '').split(/\s+/), lines: [] };
        out.push(current);
      } else if (current && line !== '...' && !current.lines.includes('...')) current.lines.push(line);
      else if (current && line === '...') current.lines.push('...');
    }
  }
  return out;
}

let repo: DemoRepo;
beforeAll(async () => {
  repo = await demoWithPreset();
});
afterAll(async () => {
  if (repo) await rm(repo.root, { recursive: true, force: true });
});

const shown = shownCommands(readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8'));

describe('README.md', () => {
  it('shows commands to check', () => {
    expect(shown.length).toBeGreaterThanOrEqual(3);
  });

  it.each(shown.map((s) => [s.argv.join(' '), s] as const))('trellis %s prints what the README shows', async (_name, s) => {
    const r = await trellisIn(repo, s.argv, DEMO_TODAY);
    expect(r.code, r.stderr).toBeLessThan(2);
    const cut = s.lines.indexOf('...');
    const expected = (cut < 0 ? s.lines : s.lines.slice(0, cut)).join('\n').replace(/\n+$/, '');
    const actual = r.stdout.split('\n');
    if (cut < 0) expect(r.stdout.replace(/\n+$/, '')).toBe(expected);
    else expect(actual.slice(0, cut).join('\n')).toBe(expected);
  });
});
