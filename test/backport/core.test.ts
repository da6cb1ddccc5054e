import { describe, expect, it } from 'vitest';
import {
  autoTargets,
  buildPlan,
  chainOrder,
  conflictMarkerLines,
  decideLanding,
  lineOfBranch,
  resolveTargets,
  settleBeforePicking,
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

  it('--direct onto a branch read from origin creates or fast-forwards the local one; branch mode records no remote', () => {
    const remoteBases = new Map([
      ['release-2.0.x', { ref: 'refs/remotes/origin/release-2.0.x', local: null }],
      ['release-1.10.x', { ref: 'refs/remotes/origin/release-1.10.x', local: 'e'.repeat(40) }],
    ]);
    const direct = buildPlan({ policy, commits, targets, tips, remoteBases, options: { ...options, mode: 'direct' } });
    const l = decideLanding(direct, [clean('c'.repeat(40)), clean('d'.repeat(40))]);
    expect(l.updates.map((u) => [u.ref, u.oldOid, u.newOid])).toEqual([
      ['refs/heads/release-2.0.x', null, 'c'.repeat(40)],
      ['refs/heads/release-1.10.x', 'e'.repeat(40), 'd'.repeat(40)],
    ]);
    expect(buildPlan({ policy, commits, targets, tips, remoteBases, options })).toEqual(
      buildPlan({ policy, commits, targets, tips, options }),
    );
  });

  it('an existing backport branch: pending when it carries every commit, refused when it holds something else', () => {
    const plan = buildPlan({ policy, commits, targets, tips, options });
    const carried = { name: 'backport/2.0/aaaaaaaaaa', tip: 'f'.repeat(40), commits: [{ oid: 'f'.repeat(40), origins: ['aaaaaaa'] }] };
    const other = { name: 'backport/1.10/aaaaaaaaaa', tip: 'e'.repeat(40), commits: [{ oid: 'e'.repeat(40), origins: ['bbbbbbb'] }] };
    const tipsNow = new Map([...tips, ['backport/2.0/aaaaaaaaaa', carried.tip], ['backport/1.10/aaaaaaaaaa', other.tip]]);
    const settled = settleBeforePicking(plan, {
      tips: tipsNow,
      worktrees: [],
      existing: new Map([
        [0, carried],
        [1, other],
      ]),
      diverged: new Set(),
    });
    expect(settled.get(0)).toMatchObject({
      outcome: 'pending',
      head: carried.tip,
      steps: [{ carrier: carried.tip, evidence: 'backport-branch' }],
    });
    expect(settled.get(1)).toMatchObject({ outcome: 'refused' });
    // pending fails nothing: the other clean target still lands
    const l = decideLanding(plan, [settled.get(0) as TargetResult, clean('d'.repeat(40))]);
    expect(l).toMatchObject({ findings: false, landed: [1] });
  });
});

describe('conflict markers', () => {
  it('finds git markers, and ======= only inside a conflict block', () => {
    expect(conflictMarkerLines('Title\n=======\ntext\n')).toEqual([]);
    expect(conflictMarkerLines('a\n<<<<<<< ours\nx\n=======\ny\n>>>>>>> theirs\n')).toEqual([2, 4, 6]);
    expect(conflictMarkerLines('<<<<<<<< not a marker\n')).toEqual([]);
  });
});
