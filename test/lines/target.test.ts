/**
 * `trellis target` on real fixture repositories: every row of the merge-target table of Goose-style phases in
 * each phase (phase from the branches, from `phases.schedule` dates and from `phases.current`),
 * `--for` variants, the policy's `phases.targets` honoured, and the answers for the other
 * presets (llama-stack and tarantool: main then backports; lightspeed: per-release branches;
 * vmpilot: dev and hotfix branches).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TargetAdvice } from '../../src/core/lines/index.js';
import { trellis } from '../helpers/cli.js';
import {
  GOOSE_POLICY,
  gooseRepo,
  lightspeedRepo,
  llamaStackRepo,
  tarantoolReleasedOnMasterRepo,
  tarantoolRepo,
  vmpilotRepo,
  type Fixture,
} from './fixtures.js';

async function target(fx: Fixture, args: string[], date: string, policy?: string): Promise<TargetAdvice> {
  const extra: string[] = [];
  if (policy !== undefined) {
    const file = join(fx.repo.home, `policy-${Math.abs(hash(policy))}.yml`);
    await writeFile(file, policy);
    extra.push('--policy', file);
  }
  const r = await trellis(['target', '--repo', fx.repo.dir, '--date', date, '--json', ...extra, ...args], { env: fx.repo.env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as TargetAdvice;
}

function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return h;
}

const backportLines = (a: TargetAdvice) => a.backports.map((b) => [b.line, b.branch]);

/** The goose fixture has v1.1-eatoni (LTS), v1.2-histrionicus (released 2025-04-15) and v1.3-ossivalis (cut 2025-07-01, no release). */
const SCHEDULED = GOOSE_POLICY.replace(
  'schedule: []',
  `schedule:
    - { phase: mid-cycle, from: "2025-04-15" }
    - { phase: pre-release, from: "2025-07-01", line: "1.3" }
    - { phase: feature-freeze, from: "2025-07-20", line: "1.3" }`,
);

describe('goose (Goose-style phases): the merge-target table per phase', () => {
  let goose: Fixture;
  let midCycle: Fixture;
  beforeAll(async () => {
    goose = await gooseRepo();
    // The same history before v1.3-ossivalis was cut: mid-cycle, read from the branches.
    midCycle = await gooseRepo();
    await midCycle.repo.git('branch', '-D', 'v1.3-ossivalis');
  });

  describe('phase 1, mid-cycle (no branch for 1.3 yet)', () => {
    it('bug-fixes for v1.2.<z+n> are merged into v1.2-histrionicus, then merged back into main', async () => {
      const a = await target(midCycle, ['--kind', 'bugfix'], '2025-06-01');
      expect(a).toMatchObject({
        model: 'phases',
        phase: 'mid-cycle',
        allowed: true,
        branch: 'v1.2-histrionicus',
        line: '1.2',
        release: '1.2.1',
        mergeBack: ['main'],
      });
      expect(a.phaseSource).toContain('no branch for a line after 1.2');
      // LTS 1.1 still gets patch releases (support: latest stable + LTS).
      expect(backportLines(a)).toEqual([['1.1', 'v1.1-eatoni']]);
      const pinned = await target(midCycle, ['--kind', 'bugfix', '--for', '1.2.1'], '2025-06-01');
      expect(pinned).toMatchObject({ allowed: true, branch: 'v1.2-histrionicus' });
    });

    it('features and bug-fixes for v1.3.0 are merged into main', async () => {
      const f = await target(midCycle, ['--kind', 'feature'], '2025-06-01');
      expect(f).toMatchObject({ allowed: true, branch: 'main', release: '1.3.0', mergeBack: [], backports: [] });
      const b = await target(midCycle, ['--kind', 'bugfix', '--for', '1.3.0'], '2025-06-01');
      expect(b).toMatchObject({ allowed: true, branch: 'main', line: '1.3' });
      expect(b.reason).toContain('mid-cycle: features and bug-fixes for 1.3.0 are merged into main');
    });
  });

  describe('phase 2, pre-release (v1.3-ossivalis exists, 1.3 unreleased)', () => {
    it('is read from the branches', async () => {
      const a = await target(goose, ['--kind', 'bugfix'], '2025-07-10');
      expect(a.phase).toBe('pre-release');
      expect(a.phaseSource).toBe('branch v1.3-ossivalis exists and 1.3 has no release yet');
    });

    it('bug-fixes for v1.2.<z+1> are merged into v1.2-histrionicus', async () => {
      const a = await target(goose, ['--kind', 'bugfix'], '2025-07-10');
      expect(a).toMatchObject({ allowed: true, branch: 'v1.2-histrionicus', release: '1.2.1', mergeBack: ['main'] });
      // The fix must reach 1.3.0 as well (its branch does not get main's merges) and LTS 1.1.
      expect(backportLines(a)).toEqual([
        ['1.3', 'v1.3-ossivalis'],
        ['1.1', 'v1.1-eatoni'],
      ]);
    });

    it('features and bug-fixes for v1.3.0 are merged into v1.3-ossivalis', async () => {
      const f = await target(goose, ['--kind', 'feature'], '2025-07-10');
      expect(f).toMatchObject({ allowed: true, branch: 'v1.3-ossivalis', release: '1.3.0' });
      const b = await target(goose, ['--kind', 'bugfix', '--for', 'v1.3.0'], '2025-07-10');
      expect(b).toMatchObject({ allowed: true, branch: 'v1.3-ossivalis', line: '1.3' });
    });

    it('features for v1.4.0 are merged into v1.4-codename when it exists, else main', async () => {
      const a = await target(goose, ['--kind', 'feature', '--for', '1.4.0'], '2025-07-10');
      expect(a).toMatchObject({ allowed: true, branch: 'main', line: '1.4' });
      const three = await gooseRepo();
      await three.repo.branch('v1.4-mallard', 'main');
      const b = await target(three, ['--kind', 'feature', '--for', '1.4.0'], '2025-07-10');
      expect(b).toMatchObject({ allowed: true, branch: 'v1.4-mallard', line: '1.4', release: '1.4.0' });
    });
  });

  describe('phase 3, feature freeze (phases.schedule)', () => {
    it('the phase follows the dated schedule', async () => {
      expect((await target(goose, ['--kind', 'bugfix'], '2025-06-01', SCHEDULED)).phase).toBe('mid-cycle');
      expect((await target(goose, ['--kind', 'bugfix'], '2025-07-19', SCHEDULED)).phase).toBe('pre-release');
      const a = await target(goose, ['--kind', 'bugfix'], '2025-07-20', SCHEDULED);
      expect(a.phase).toBe('feature-freeze');
      expect(a.phaseSource).toBe('phases.schedule: feature-freeze since 2025-07-20');
    });

    it('bug-fixes for v1.2.<z+1> are no longer allowed, should target v1.3.0 instead', async () => {
      const a = await target(goose, ['--kind', 'bugfix', '--for', '1.2.3'], '2025-07-25', SCHEDULED);
      expect(a).toMatchObject({ allowed: false, branch: 'v1.3-ossivalis', line: '1.3', release: '1.3.0' });
      expect(a.reason).toContain('feature freeze: bug-fixes for 1.2.1 are no longer allowed, should target 1.3.0 instead');
    });

    it('bug-fixes for v1.3.0 are merged into v1.3-ossivalis', async () => {
      const a = await target(goose, ['--kind', 'bugfix'], '2025-07-25', SCHEDULED);
      expect(a).toMatchObject({ allowed: true, branch: 'v1.3-ossivalis', release: '1.3.0' });
      const s = await target(goose, ['--kind', 'security'], '2025-07-25', SCHEDULED);
      expect(s).toMatchObject({ allowed: true, branch: 'v1.3-ossivalis' });
    });

    it('features for v1.3.0 are no longer allowed, should target v1.4.0 instead', async () => {
      const a = await target(goose, ['--kind', 'feature', '--for', '1.3.0'], '2025-07-25', SCHEDULED);
      expect(a).toMatchObject({ allowed: false, branch: 'main', line: '1.4', release: '1.4.0' });
      expect(a.reason).toContain('features for 1.3.0 are no longer allowed, should target 1.4.0 instead');
    });

    it('features for v1.4.0 are merged into main (v1.4 is developed there)', async () => {
      const a = await target(goose, ['--kind', 'feature'], '2025-07-25', SCHEDULED);
      expect(a).toMatchObject({ allowed: true, branch: 'main', line: '1.4', release: '1.4.0', mergeBack: [] });
    });

    it('phases.current overrides the branches and the schedule', async () => {
      const policy = SCHEDULED.replace('phases:\n', 'phases:\n  current: feature-freeze\n');
      const a = await target(goose, ['--kind', 'bugfix'], '2025-06-01', policy);
      expect(a).toMatchObject({ phase: 'feature-freeze', phaseSource: 'phases.current in the policy', branch: 'v1.3-ossivalis' });
    });

    it('a policy that keeps bug-fixes on the current line in feature freeze is honoured', async () => {
      const lenient = SCHEDULED.replace(
        'feature-freeze: { feature: main, bugfix: next, security: next }',
        'feature-freeze: { feature: main, bugfix: current, security: next }',
      );
      expect(lenient).not.toBe(SCHEDULED);
      const a = await target(goose, ['--kind', 'bugfix', '--for', '1.2.3'], '2025-07-25', lenient);
      expect(a).toMatchObject({ allowed: true, branch: 'v1.2-histrionicus' });
      expect(a.notes).toEqual([]);
      const d = await target(goose, ['--kind', 'bugfix'], '2025-07-25', lenient);
      expect(d.notes).toEqual(['phases.targets.feature-freeze.bugfix = current']);
    });
  });

  it('--for an LTS line goes to its branch while it is supported, and is refused after its year', async () => {
    const a = await target(goose, ['--kind', 'security', '--for', '1.1.3'], '2025-07-10');
    expect(a).toMatchObject({ allowed: true, branch: 'v1.1-eatoni', release: '1.1.3', mergeBack: [] });
    const late = await target(goose, ['--kind', 'bugfix', '--for', '1.1.3'], '2026-02-01');
    expect(late.allowed).toBe(false);
    expect(late.reason).toContain('1.1 is end-of-life since 2026-01-10');
    expect(late.branch).toBe('v1.2-histrionicus');
  });

  it('prints the advice for people', async () => {
    await writeFile(join(goose.repo.home, 'sched.yml'), SCHEDULED);
    const t = await trellis(
      [
        'target',
        '--repo',
        goose.repo.dir,
        '--kind',
        'bugfix',
        '--for',
        '1.2.3',
        '--date',
        '2025-07-25',
        '--policy',
        join(goose.repo.home, 'sched.yml'),
      ],
      {
        env: goose.repo.env,
      },
    );
    expect(t.code).toBe(0);
    // Not a terminal: 80 columns, long explanations wrapped under their label.
    expect(t.stdout.split('\n').slice(0, 7)).toEqual([
      'A bug fix for 1.2.3 on 2025-07-25; phase feature-freeze (phases.schedule: feature-freeze since 2025-07-20)',
      '',
      'not allowed as asked; instead:',
      'merge into: v1.3-ossivalis   ships in 1.3.0',
      'why:        feature freeze: bug-fixes for 1.2.1 are no longer allowed, should',
      '            target 1.3.0 instead; feature-freeze: bug-fixes for 1.3.0 are merged',
      '            into v1.3-ossivalis',
    ]);
  });
});

describe('trunk presets: main first, then backports', () => {
  let llama: Fixture;
  beforeAll(async () => {
    llama = await llamaStackRepo();
  });

  it('llama-stack (001): a bug fix goes to main, then to the maintained and pre-release lines', async () => {
    const a = await target(llama, ['--kind', 'bugfix'], '2025-04-15');
    expect(a).toMatchObject({ model: 'trunk', allowed: true, branch: 'main', line: '0.6', create: null, mergeBack: [] });
    expect(backportLines(a)).toEqual([
      ['0.5', 'release-0.5.x'],
      ['0.4', 'release-0.4.x'],
      ['0.3', 'release-0.3.x'],
    ]);
    expect(a.backports.map((b) => b.status)).toEqual(['prerelease', 'full', 'full']);
    expect(a.skipped).toEqual([
      { line: '0.2', reason: 'end-of-life' },
      { line: '0.1', reason: 'end-of-life' },
    ]);
  });

  it('llama-stack: features go to main only', async () => {
    const a = await target(llama, ['--kind', 'feature'], '2025-04-15');
    expect(a).toMatchObject({ branch: 'main', release: '0.6.0', backports: [], skipped: [] });
    const old = await target(llama, ['--kind', 'feature', '--for', '0.3'], '2025-04-15');
    expect(old).toMatchObject({ allowed: false, branch: 'main' });
    expect(old.reason).toContain('features are not backported to 0.3');
  });

  it('llama-stack: --for a maintained version keeps that line and every newer one', async () => {
    const a = await target(llama, ['--kind', 'security', '--for', '0.4.1'], '2025-04-15');
    expect(a).toMatchObject({ allowed: true, branch: 'main', release: '0.4.2' });
    expect(backportLines(a).map(([l]) => l)).toEqual(['0.5', '0.4']);
    expect(a.skipped).toContainEqual({ line: '0.3', reason: 'older than the release asked for' });
  });

  it('llama-stack: --for an end-of-life version is refused with the supported alternative', async () => {
    const a = await target(llama, ['--kind', 'bugfix', '--for', '0.2.3'], '2025-04-15');
    expect(a.allowed).toBe(false);
    expect(a.reason).toContain('0.2 takes no bug fixes (end-of-life since 2025-03-09');
    expect(backportLines(a).map(([l]) => l)).toEqual(['0.5', '0.4', '0.3']);
    const dev = await target(llama, ['--kind', 'bugfix', '--for', '0.6.0'], '2025-04-15');
    expect(dev).toMatchObject({ allowed: true, branch: 'main', backports: [] });
  });

  it('tarantool (003): master, then every non-EOL X.Y branch', async () => {
    const fx = await tarantoolRepo();
    const a = await target(fx, ['--kind', 'bugfix'], '2025-08-15');
    expect(a.branch).toBe('master');
    expect(backportLines(a)).toEqual([
      ['3.0', '3.0'],
      ['2.11', 'release/2.11'],
    ]);
    expect(a.skipped).toEqual([{ line: '2.10', reason: 'end-of-life' }]);
    expect(a.notes.join(' ')).toContain('--introduced');
  });

  it('tarantool (003): a feature set released on master is carried by master; fixes ship in its next patch', async () => {
    const fx = await tarantoolReleasedOnMasterRepo();
    const fix = await target(fx, ['--kind', 'bugfix'], '2025-03-10');
    expect(fix).toMatchObject({ allowed: true, branch: 'master', line: '3.1', release: '3.1.1', backports: [] });
    expect(fix.skipped).toEqual([{ line: '3.0', reason: 'end-of-life' }]);
    const pinned = await target(fx, ['--kind', 'bugfix', '--for', '3.1.1'], '2025-03-10');
    expect(pinned).toMatchObject({ allowed: true, branch: 'master', release: '3.1.1', backports: [] });
    // A feature needs the next feature set: 3.1 is forked first, then master works toward 3.2.0.
    const feature = await target(fx, ['--kind', 'feature'], '2025-03-10');
    expect(feature).toMatchObject({ allowed: true, branch: 'master', line: '3.1', release: '3.2.0' });
    expect(feature.notes).toContain(
      '3.1 is released from master (3.1.0): fork its branch (trellis branch cut) so that master starts 3.2.0',
    );
  });

  it('lightspeed (000): backports go to the open release/X.Y.Z branch, or a new one from the newest', async () => {
    const fx = await lightspeedRepo();
    const a = await target(fx, ['--kind', 'security'], '2025-07-15');
    expect(a.branch).toBe('main');
    expect(a.backports).toEqual([
      { line: '0.6', branch: 'release/0.6.1', status: 'full', create: { from: 'release/0.6.0' } },
      { line: '0.5', branch: 'release/0.5.2', status: 'security', create: null },
      { line: '0.4', branch: 'release/0.4.2', status: 'full', create: { from: 'release/0.4.1' } },
    ]);
    expect(a.skipped).toEqual([{ line: '0.3', reason: 'has no branch' }]);
    // 0.5 is security-only (support.lines): a plain bug fix does not go there.
    const b = await target(fx, ['--kind', 'bugfix'], '2025-07-15');
    expect(backportLines(b).map(([l]) => l)).toEqual(['0.6', '0.4']);
  });
});

describe('vmpilot (002): git-flow', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await vmpilotRepo();
  });

  it('features go to dev', async () => {
    const a = await target(fx, ['--kind', 'feature'], '2025-04-15');
    expect(a).toMatchObject({ model: 'gitflow', allowed: true, branch: 'dev', release: '1.3.0', create: null });
  });

  it('a fix for the released version goes to a hotfix branch from main, merged into main and dev', async () => {
    const a = await target(fx, ['--kind', 'bugfix'], '2025-04-15');
    expect(a).toMatchObject({
      branch: 'hotfix/1.2.1',
      create: { from: 'main' },
      mergeBack: ['main', 'dev'],
      release: '1.2.1',
      line: '1.2',
    });
    const existing = await vmpilotRepo();
    await existing.repo.branch('hotfix/1.2.1', 'main');
    expect((await target(existing, ['--kind', 'security'], '2025-04-15')).create).toBeNull();
  });

  it('--for an unreleased version goes to dev; an older release still gets the hotfix of the current one', async () => {
    expect(await target(fx, ['--kind', 'bugfix', '--for', '1.3.0'], '2025-04-15')).toMatchObject({ allowed: true, branch: 'dev' });
    const old = await target(fx, ['--kind', 'bugfix', '--for', '1.1.1'], '2025-04-15');
    expect(old).toMatchObject({ allowed: false, branch: 'hotfix/1.2.1' });
  });
});

describe('errors', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await llamaStackRepo();
  });

  it('needs --kind, a known kind and a readable --for', async () => {
    const none = await trellis(['target', '--repo', fx.repo.dir], { env: fx.repo.env });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("required option '--kind <kind>' not specified");
    const bad = await trellis(['target', '--repo', fx.repo.dir, '--kind', 'chore'], { env: fx.repo.env });
    expect(bad.code).toBe(2);
    const v = await trellis(['target', '--repo', fx.repo.dir, '--kind', 'bugfix', '--for', 'banana'], { env: fx.repo.env });
    expect(v).toMatchObject({ code: 2, stdout: '' });
    expect(v.stderr).toBe("trellis: --for 'banana' is neither a pep440 version nor a line (X.Y)\n");
    const d = await trellis(['target', '--repo', fx.repo.dir, '--kind', 'bugfix', '--date', '2025-02-30'], { env: fx.repo.env });
    expect(d.code).toBe(2);
  });
});
