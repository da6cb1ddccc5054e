/**
 * One vocabulary (docs/glossary.md): the words for statuses and outcomes, and one colour per
 * word, the same in every command on the demo repository.
 */
import { rm } from 'node:fs/promises';
import pc from 'picocolors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoRepo } from '../scripts/demo/history.js';
import { DEMO_TODAY } from '../scripts/demo/run.js';
import { runCli } from '../src/cli/main.js';
import { paintBackportStatus, paintCoverage, paintOutcome, paintStatus, toneColour } from '../src/cli/tones.js';
import {
  backportStatusLabel,
  coverageLabel,
  outcomeLabel,
  outcomeTone,
  statusTone,
  supportLabel,
  type BackportOutcome,
} from '../src/core/vocabulary.js';
import { demoWithPreset } from './helpers/demo.js';

describe('the words', () => {
  it('a line is called the same whichever way its status is named', () => {
    // status (line status + support level) and target/missing (backport.kinds' names) agree.
    expect(supportLabel('bugfix', 'full')).toBe('bugfix');
    expect(backportStatusLabel('full')).toBe('bugfix');
    expect(supportLabel('bugfix', 'bugfix')).toBe('critical');
    expect(backportStatusLabel('bugfix')).toBe('critical');
    for (const s of ['feature', 'prerelease', 'security', 'end-of-life'] as const) {
      expect(supportLabel(s)).toBe(s);
      expect(backportStatusLabel(s)).toBe(s);
    }
  });

  it('outcomes and coverage states read as words, not identifiers', () => {
    expect(outcomeLabel('already-present')).toBe('already present');
    expect(outcomeLabel('conflict')).toBe('conflict');
    expect(coverageLabel('not-needed')).toBe('not needed');
    expect(coverageLabel('missing')).toBe('missing');
  });

  it('one tone per word: the same line gets the same tone from every name of its status', () => {
    expect(statusTone('full')).toBe(statusTone('bugfix', 'full'));
    expect(statusTone('bugfix', 'bugfix')).toBe('limited');
    expect(statusTone('security')).toBe('limited');
    const problems: BackportOutcome[] = ['conflict', 'blocked', 'refused', 'failed'];
    for (const o of problems) expect(outcomeTone(o)).toBe('problem');
    expect(outcomeTone('clean')).toBe('good');
  });

  it('one colour map: status, backport status, coverage and outcome colours come from the tones', () => {
    const c = pc.createColors(true);
    expect(paintStatus(c, 'bugfix', 'full')('x')).toBe(c.green('x'));
    expect(paintBackportStatus(c, 'full')('x')).toBe(c.green('x'));
    expect(paintBackportStatus(c, 'bugfix')('x')).toBe(c.yellow('x'));
    expect(paintStatus(c, 'bugfix', 'bugfix')('x')).toBe(c.yellow('x'));
    expect(paintCoverage(c, 'present')('x')).toBe(c.green('x'));
    expect(paintOutcome(c, 'clean')('x')).toBe(c.green('x'));
    expect(paintCoverage(c, 'missing')('x')).toBe(paintOutcome(c, 'conflict')('x'));
    expect(toneColour(pc.createColors(false), 'problem')('x')).toBe('x');
  });
});

let repo: DemoRepo;
beforeAll(async () => {
  repo = await demoWithPreset();
});
afterAll(async () => {
  if (repo) await rm(repo.root, { recursive: true, force: true });
});

async function show(argv: string[], env: Record<string, string> = {}): Promise<string> {
  let out = '';
  await runCli(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: () => true },
    readStdin: async () => '',
    cwd: repo.dir,
    env: { ...repo.env, ...env },
    clock: { now: () => new Date(`${DEMO_TODAY}T12:00:00Z`) },
  });
  return out;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
/** The escape sequence that opens `word` (a cell may be padded after it). */
const colourBefore = (text: string, word: string): string | undefined => new RegExp(`((?:\\x1b\\[[0-9;]*m)+)${word}`).exec(text)?.[1];

describe('on the demo, with colour', () => {
  it('status, target and schedule call lines 1.2 and 1.1 bugfix, in the same colour', async () => {
    const env = { FORCE_COLOR: '1' };
    const status = await show(['status'], env);
    const target = await show(['target', '--kind', 'bugfix'], env);
    const schedule = await show(['schedule', '--count', '4'], env);
    expect(status.replace(ANSI, '')).toMatch(/^1\.2 +release-1\.2\.x +bugfix /m);
    expect(target.replace(ANSI, '')).toContain('  1.2  release-1.2.x  [bugfix]');
    expect(target.replace(ANSI, '')).not.toContain('[full]');
    expect(schedule.replace(ANSI, '')).toContain('1.2 (bugfix), 1.1 (bugfix)');
    const green = colourBefore(status, 'bugfix');
    expect(green).toBe('\x1b[32m');
    expect(colourBefore(target, 'bugfix')).toBe(green);
    expect(colourBefore(schedule, 'bugfix')).toBe(green);
    // prerelease too: one colour in status and target.
    expect(colourBefore(target, 'prerelease')).toBe(colourBefore(status, 'prerelease'));
  });

  it('missing names the line as status does, and colours cells without moving them', async () => {
    const json = JSON.parse(await show(['missing', '--json'])) as {
      changes: Array<{ states: Record<string, { state: string; reason: string | null }> }>;
    };
    const reasons = json.changes.flatMap((c) => Object.values(c.states).map((s) => s.reason ?? ''));
    expect(reasons).toContain('1.2 is a bugfix line and takes security changes');
    expect(reasons.join('\n')).not.toContain('full line');
    const plain = await show(['missing', '--all']);
    const coloured = await show(['missing', '--all'], { FORCE_COLOR: '1' });
    expect(coloured.replace(ANSI, '')).toBe(plain);
    expect(colourBefore(coloured, 'MISSING')).toBe('\x1b[1m\x1b[31m');
    expect(colourBefore(coloured, 'ok reachable')).toBe('\x1b[32m');
  });
});
