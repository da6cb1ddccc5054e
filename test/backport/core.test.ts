import { describe, expect, it } from 'vitest';
import {
  autoTargets,
  buildPlan,
  chainOrder,
  conflictMarkerLines,
  decideLanding,
  lineOfBranch,
  resolveTargets,
  type BackportOptions,
  type LineView,
  type TargetResult,
} from '../../src/core/backport/index.js';
import { loadPolicy } from '../../src/core/policy/load.js';

const policy = loadPolicy('branches:\n  release: "release-{major}.{minor}.x"\n');
const lines: LineView[] = [
  { key: '2.1', branch: 'release-2.1.x', status: 'prerelease' },
  { key: '2.0', branch: 'release-2.0.x', status: 'bugfix' },
  { key: '1.9', branch: 'release-1.9.x', status: 'security' },
  { key: '1.10', branch: 'release-1.10.x', status: 'bugfix' },
  { key: '1.0', branch: 'release-1.0.x', status: 'end-of-life' },
];
const branches = new Set(['main', ...lines.map((l) => l.branch as string)]);
const none = new Set<string>();
const options: BackportOptions = {
  mode: 'branch',
  conflicts: 'fail',
  chain: false,
  keepGoing: false,
  mainline: null,
  origin: { style: 'x', trailer: 'Backport-of' },
  eolReason: null,
};

describe('targets', () => {
  it('reads line keys from branch names by the release templates', () => {
    expect(lineOfBranch(policy, 'release-1.10.x')).toBe('1.10');
    expect(lineOfBranch(policy, 'main')).toBeNull();
  });

  it('--auto: security to bugfix and security lines, bugfix to bugfix lines, features nowhere by default; newest first', () => {
    const base = { lines, policy, branches, introducedIn: null, exclude: none, forceEol: false };
    expect(autoTargets({ ...base, kind: 'security' }).targets.map((t) => t.name)).toEqual(['2.1', '2.0', '1.10', '1.9']);
    expect(autoTargets({ ...base, kind: 'bugfix' }).targets.map((t) => t.name)).toEqual(['2.1', '2.0', '1.10']);
    expect(autoTargets({ ...base, kind: 'feature' }).targets).toEqual([]);
    const skipped = autoTargets({ ...base, kind: 'bugfix' }).skipped;
    expect(skipped).toContainEqual({ line: '1.0', reason: 'end-of-life' });
    expect(skipped).toContainEqual({ line: '1.9', reason: 'security line takes no bugfix changes' });
  });

  it('--auto: only lines containing the commit that introduced the bug; end-of-life only when forced', () => {
    const base = { lines, policy, branches, exclude: none, kind: 'security' as const };
    const t = autoTargets({ ...base, introducedIn: new Set(['1.9', '1.10', '1.0']), forceEol: false });
    expect(t.targets.map((x) => x.name)).toEqual(['1.10', '1.9']);
    const forced = autoTargets({ ...base, introducedIn: new Set(['1.0']), forceEol: true });
    expect(forced.targets.map((x) => x.name)).toEqual(['1.0']);
  });

  it('explicit targets: line keys and branches; unknown, option-like and end-of-life refused', () => {
    const facts = { lines, branches, policy, forceEol: false };
    expect(resolveTargets(['2.0', 'release-1.10.x', 'main'], facts).map((t) => [t.name, t.branch])).toEqual([
      ['2.0', 'release-2.0.x'],
      ['1.10', 'release-1.10.x'],
      ['main', 'main'],
    ]);
    expect(() => resolveTargets(['3.0'], facts)).toThrow(/unknown line or branch '3.0'/);
    expect(() => resolveTargets(['--upload-pack=x'], facts)).toThrow(/cannot start with '-'/);
    expect(() => resolveTargets(['1.0'], facts)).toThrow(/end-of-life.*--force-eol/);
    expect(resolveTargets(['1.0'], { ...facts, forceEol: true })[0]?.branch).toBe('release-1.0.x');
  });

  it('chains run newest line first, plain branches last', () => {
    const ts = resolveTargets(['1.9', 'main', '2.1', '1.10'], { lines, branches, policy, forceEol: false });
    expect(chainOrder(ts).map((t) => t.name)).toEqual(['2.1', '1.10', '1.9', 'main']);
  });
});

describe('plan and landing', () => {
  const tips = new Map([...branches].map((b, i) => [b, String(i).repeat(40).slice(0, 40)]));
  const targets = resolveTargets(['2.0', '1.10'], { lines, branches, policy, forceEol: false });
  const commits = [{ oid: 'a'.repeat(40), subject: 'fix: x', parents: ['b'.repeat(40)] }];
  const clean = (head: string): TargetResult => ({ outcome: 'clean', steps: [], head });
  const conflict: TargetResult = { outcome: 'conflict', steps: [], head: 'x', markers: 'm'.repeat(40) };

  it('names backport branches by the policy template and expects them not to exist', () => {
    const plan = buildPlan({ policy, commits, targets, tips, options });
    expect(plan.targets.map((t) => t.resultRef)).toEqual(['refs/heads/backport/2.0/aaaaaaaaaa', 'refs/heads/backport/1.10/aaaaaaaaaa']);
    const l = decideLanding(plan, [clean('c'.repeat(40)), clean('d'.repeat(40))]);
    expect(l.updates.map((u) => [u.ref, u.oldOid])).toEqual([
      ['refs/heads/backport/2.0/aaaaaaaaaa', null],
      ['refs/heads/backport/1.10/aaaaaaaaaa', null],
    ]);
    expect(l.findings).toBe(false);
  });

  it('all or nothing; keep-going lands the clean; conflicts branches wait with the clean ones', () => {
    const plan = buildPlan({ policy, commits, targets, tips, options });
    expect(decideLanding(plan, [clean('c'.repeat(40)), conflict]).updates).toEqual([]);
    const kg = buildPlan({ policy, commits, targets, tips, options: { ...options, keepGoing: true } });
    expect(decideLanding(kg, [clean('c'.repeat(40)), conflict]).landed).toEqual([0]);
    const br = buildPlan({ policy, commits, targets, tips, options: { ...options, conflicts: 'branch' } });
    const l = decideLanding(br, [clean('c'.repeat(40)), conflict]);
    expect(l.updates.map((u) => u.ref)).toEqual(['refs/heads/backport/1.10/aaaaaaaaaa-conflicts']);
    expect(l.waiting).toEqual([0, 1]);
  });

  it('--direct moves the line branch from its planned tip', () => {
    const plan = buildPlan({ policy, commits, targets, tips, options: { ...options, mode: 'direct' } });
    const l = decideLanding(plan, [clean('c'.repeat(40)), clean('d'.repeat(40))]);
    expect(l.updates[0]).toMatchObject({ ref: 'refs/heads/release-2.0.x', oldOid: tips.get('release-2.0.x') });
  });
});

describe('conflict markers', () => {
  it('finds git markers, and ======= only inside a conflict block', () => {
    expect(conflictMarkerLines('Title\n=======\ntext\n')).toEqual([]);
    expect(conflictMarkerLines('a\n<<<<<<< ours\nx\n=======\ny\n>>>>>>> theirs\n')).toEqual([2, 4, 6]);
    expect(conflictMarkerLines('<<<<<<<< not a marker\n')).toEqual([]);
  });
});
