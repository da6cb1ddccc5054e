/** The Goose extension tables and the pure status: every cell against the seed's sentence. */
import { describe, expect, it } from 'vitest';
import {
  branchTypeOf,
  extensionAdvice,
  extensionStatus,
  mergeRule,
  SHIPS_TABLE,
  SWITCH_TABLE,
  TARGET_TABLE,
  type CoreView,
  type ExtensionStatusInput,
} from '../../src/core/extension/index.js';

const core = (phase: CoreView['phase'], next: string | null = null): CoreView => ({
  phase,
  phaseSource: 'test',
  main: 'main',
  current: { line: '1.2', branch: 'v1.2-histrionicus', release: 'v1.2.1' },
  next: { line: '1.3', branch: next },
});
const input = (over: Partial<ExtensionStatusInput>): ExtensionStatusInput => ({
  api: 'unstable',
  core: core('mid-cycle'),
  branches: [{ role: 'main', branch: 'main', commit: 'a'.repeat(40), pins: [] }],
  inactive: [],
  ahead: [],
  ...over,
});

describe('Goose extension tables', () => {
  it('reads the branch type from the codename branches present', () => {
    // "Single branch extensions have only the main active branch"; "Two branch ...: main and vx.y-codename";
    // "Three branch ...: main, vx.y-codename, and vx.<y+1>-codename".
    expect(branchTypeOf({ current: false, next: false })).toBe('single-branch');
    expect(branchTypeOf({ current: true, next: false })).toBe('two-branch');
    expect(branchTypeOf({ current: true, next: true })).toBe('three-branch');
  });

  it('gives the core version each branch targets', () => {
    expect(TARGET_TABLE['mid-cycle']['single-branch']).toEqual({ main: ['release', 'main'] });
    // "Type: Three branch: should not exist".
    expect(TARGET_TABLE['mid-cycle']['three-branch']).toBeNull();
    // "Extension main -> Goose vx.y.z or vx.<y+1>-codename".
    expect(TARGET_TABLE['pre-release / patch']['two-branch']).toEqual({ main: ['release', 'next'], current: ['release', 'current'] });
    // "Extension main -> Goose main"; "Extension vx.<y+1>-codename -> Goose vx.<y+1>-codename".
    expect(TARGET_TABLE['pre-release / patch']['three-branch']).toEqual({
      main: ['main'],
      current: ['release', 'current'],
      next: ['next'],
    });
  });

  it('says where PRs merge, quoting the seed where it speaks', () => {
    // "if Goose target: main: PR for vx.y.<z+1> are impossible".
    expect(mergeRule('mid-cycle', 'single-branch', 'patch', 'main')).toMatchObject({ branch: null, quoted: true });
    expect(mergeRule('mid-cycle', 'single-branch', 'patch', 'release')).toMatchObject({ branch: 'main', quoted: true });
    // "PR for vx.<y+2>.0 merges into main" (three branch).
    expect(mergeRule('mid-cycle', 'three-branch', 'after', null)).toMatchObject({ branch: 'main', quoted: true });
    // The seed's pre-release list is empty: derived, and marked so.
    expect(mergeRule('pre-release', 'three-branch', 'minor', null)).toMatchObject({ branch: 'next', quoted: false });
    expect(mergeRule('feature-freeze', 'two-branch', 'patch', null)).toMatchObject({ branch: 'current', quoted: false });
  });

  it('names the source of truth per release and extension type', () => {
    // "Release type: Patch ... Single branch: Latest version: commit in config files".
    expect(SHIPS_TABLE.patch['single-branch'].from).toBe('config');
    expect(SHIPS_TABLE.patch['three-branch'].from).toBe('current');
    expect(SHIPS_TABLE.minor['two-branch'].from).toBe('main');
    expect(SHIPS_TABLE.minor['three-branch'].from).toBe('next');
  });

  it('allows the switches in the phases the seed says', () => {
    // "When: during any phase" / "When: during Pre-release or Feature-freeze phase".
    expect(SWITCH_TABLE['two-branch'].phases).toEqual(['mid-cycle', 'pre-release', 'feature-freeze']);
    expect(SWITCH_TABLE['three-branch'].phases).toEqual(['pre-release', 'feature-freeze']);
  });
});

describe('extension status (pure)', () => {
  it('flags a three-branch extension in mid-cycle and a pin that misses the table', () => {
    const s = extensionStatus(
      input({
        branches: [
          {
            role: 'main',
            branch: 'main',
            commit: 'a',
            pins: [{ source: 'workflow', value: 'v1.2-histrionicus', where: 'wf', matches: ['current'] }],
          },
          { role: 'current', branch: 'v1.2-histrionicus', commit: 'b', pins: [] },
          { role: 'next', branch: 'v1.3-ossivalis', commit: 'c', pins: [] },
        ],
      }),
    );
    expect(s.type).toBe('three-branch');
    expect(s.findings).toEqual([expect.stringContaining('"Type: Three branch: should not exist"')]);
    const two = extensionStatus(
      input({
        branches: [
          {
            role: 'main',
            branch: 'main',
            commit: 'a',
            pins: [{ source: 'workflow', value: 'v1.2-histrionicus', where: 'wf', matches: ['current'] }],
          },
        ],
      }),
    );
    expect(two.findings).toEqual([expect.stringContaining('main: workflow pin v1.2-histrionicus (wf) does not target v1.2.1 or main')]);
    // "if Goose target: vx.y.z ...": without a matching pin the single-branch rule assumes vx.y.z.
    expect(two.merges[0]).toMatchObject({ for: 'patch', release: '1.2.2', branch: 'main' });
  });

  it('leaves in-tree and stable API extensions to their own cycles', () => {
    expect(extensionStatus(input({ api: 'in-tree' })).notes[0]).toContain('in lockstep with Goose');
    const stable = extensionStatus(input({ api: 'stable' }));
    expect(stable.notes[0]).toContain('one or more Goose versions');
    expect(stable.merges).toEqual([]);
  });

  it('answers target: a feature asked for a patch goes to the minor, not allowed as asked', () => {
    const status = extensionStatus(input({ core: core('mid-cycle') }));
    const a = extensionAdvice({ status, kind: 'feature', for: { text: '1.2.2', line: '1.2' }, date: '2025-02-01' });
    expect(a).toMatchObject({ model: 'extension', allowed: false, branch: 'main', release: '1.3.0' });
    // Single branch targeting Goose main: "PR for vx.y.<z+1> are impossible".
    const onMain = extensionStatus(
      input({
        branches: [
          { role: 'main', branch: 'main', commit: 'a', pins: [{ source: 'submodule', value: 'x', where: 'goose', matches: ['main'] }] },
        ],
      }),
    );
    const fix = extensionAdvice({ status: onMain, kind: 'bugfix', for: null, date: '2025-02-01' });
    expect(fix).toMatchObject({ allowed: false, branch: 'main', release: '1.3.0' });
    expect(fix.reason).toContain('"if Goose target: main: PR for vx.y.<z+1> are impossible"');
  });
});
