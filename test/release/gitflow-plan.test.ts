/** The pure git-flow planners, without git: versions, checks from facts, hotfix validation. */
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/core/policy/load.js';
import { PRESETS } from '../../src/core/policy/presets/index.js';
import {
  chooseReleaseVersion,
  findHotfixBranches,
  formatGitflowReport,
  pickHotfix,
  planGitflowRelease,
  planHotfixStart,
  type CommitFact,
  type GitflowReleaseFacts,
} from '../../src/core/release/gitflow.js';

const policy = loadPolicy(PRESETS.gitflow.text);
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const commit = (oid: string, message: string): CommitFact => ({ oid, parents: [], subject: message.split('\n')[0]!, message });
const v100 = { tag: 'v1.0.0', version: '1.0.0', commit: A };

function facts(over: Partial<GitflowReleaseFacts> = {}): GitflowReleaseFacts {
  return {
    policy,
    main: { name: 'main', commit: A },
    develop: { name: 'dev', commit: B },
    workTree: { path: '/repo', branch: 'dev', dirty: [] },
    upstreams: [],
    releases: [v100],
    tags: new Set(['v1.0.0']),
    changes: [commit(B, 'feat: snapshots\n')],
    busy: [],
    ...over,
  };
}

describe('git-flow release plan', () => {
  it('chooses the version from conventional commits, or checks the one given', () => {
    const base = { previous: v100, tags: new Set(['v1.0.0']) };
    expect(chooseReleaseVersion(policy, { ...base, changes: [commit(B, 'fix: x\n')] })).toEqual({
      version: '1.0.1',
      from: 'commits',
      bump: 'patch',
    });
    expect(chooseReleaseVersion(policy, { ...base, changes: [commit(B, 'feat!: y\n')] })).toMatchObject({
      version: '2.0.0',
      bump: 'major',
    });
    expect(chooseReleaseVersion(policy, { previous: null, tags: new Set(), changes: [commit(B, 'feat: z\n')] })).toMatchObject({
      version: '0.1.0',
    });
    expect(() => chooseReleaseVersion(policy, { ...base, changes: [commit(B, 'docs: readme\n')] })).toThrow(
      'nothing to release: no feat, fix or breaking commits since v1.0.0; pass --version to release anyway',
    );
    expect(() => chooseReleaseVersion(policy, { ...base, changes: [], requested: '0.9.0' })).toThrow(
      '0.9.0 does not come after the latest release 1.0.0 (v1.0.0)',
    );
    expect(() => chooseReleaseVersion(policy, { ...base, changes: [], requested: '1.1.0-rc1' })).toThrow('is a pre-release');
  });

  it('reports the checks the facts decide', () => {
    const plan = planGitflowRelease(
      facts({
        workTree: null,
        upstreams: [
          { branch: 'dev', upstream: 'refs/remotes/origin/dev', behind: 0 },
          { branch: 'main', upstream: 'refs/remotes/origin/main', behind: 2 },
        ],
        busy: [{ branch: 'main', path: '/other', dirty: ['a.txt'] }],
      }),
      { date: '2025-02-01' },
    );
    expect(plan.checks).toEqual([
      { id: 'develop-branch', status: 'skip', message: 'no work tree (bare repository): nothing is checked out' },
      { id: 'clean-tree', status: 'skip', message: 'no work tree' },
      { id: 'up-to-date', status: 'fail', message: 'main is 2 commits behind origin/main: pull first' },
      {
        id: 'worktrees',
        status: 'fail',
        message:
          'main is checked out in /other with uncommitted changes (1 file: a.txt); Trellis does not move a checked-out branch under its work tree: switch that worktree to another branch (git switch --detach) and run again',
      },
      { id: 'milestone', status: 'skip', message: 'open milestone issues are not checked offline (GitHub); check them before releasing' },
    ]);
    expect(plan).toMatchObject({
      version: '1.1.0',
      tag: 'v1.1.0',
      sign: false,
      merge: { into: 'main', from: 'dev', ours: A, theirs: B, message: "Merge branch 'dev' into main\n", alreadyMerged: false },
      notes: { path: 'release-notes/1.1.0.md' },
    });
    expect(plan.notes!.text).toContain('# vmpilot 1.1.0');
    expect(plan.notes!.text).toContain('## [1.1.0] - 2025-02-01');
  });

  it('prints a report with one line per check', () => {
    const text = formatGitflowReport({
      command: 'release',
      dryRun: true,
      version: '1.1.0',
      tag: 'v1.1.0',
      branch: 'main',
      checks: [{ id: 'tests', status: 'ok', message: 'pytest passed (exit 0)' }],
      merges: [{ into: 'main', from: 'dev', status: 'merged', commit: null, conflicts: [] }],
      refs: [{ ref: 'refs/heads/main', action: 'update', old: A, new: null, what: 'merge of dev into main' }],
      notes: { path: 'release-notes/1.1.0.md', written: false, kept: false },
      exitCode: 0,
      summary: 'dry run',
    });
    expect(text).toBe(
      [
        'release 1.1.0 (git-flow) - dry run, nothing changed',
        'checks:',
        '  ok   tests: pytest passed (exit 0)',
        'merge dev into main: clean',
        'notes: would write release-notes/1.1.0.md',
        'ref changes (one transaction):',
        `  refs/heads/main: ${A.slice(0, 10)} -> (merge of dev into main)`,
        'dry run',
        '',
      ].join('\n'),
    );
  });
});

describe('hotfix plans', () => {
  const branches = new Map([
    ['main', A],
    ['hotfix/1.0.1', C],
    ['hotfix/not-a-version', C],
    ['dev', B],
  ]);

  it('starts only the next patch of the latest release on main', () => {
    const start = { policy, main: { name: 'main', commit: A }, releases: [v100], branches: new Map([['main', A]]) };
    expect(planHotfixStart(start, '1.0.1')).toEqual({
      kind: 'hotfix-start',
      version: '1.0.1',
      branch: 'hotfix/1.0.1',
      base: v100,
      mainAhead: false,
      exists: false,
    });
    expect(() => planHotfixStart(start, '1.0.2')).toThrow('is 1.0.1, not 1.0.2');
    expect(() => planHotfixStart({ ...start, releases: [] }, '1.0.1')).toThrow('main has no release tag yet');
    expect(() => planHotfixStart({ ...start, branches }, '1.0.1')).toThrow("branch 'hotfix/1.0.1' already exists");
  });

  it('finds hotfix branches by the template and picks the one meant', () => {
    const found = findHotfixBranches(policy, branches);
    expect(found).toEqual([{ name: 'hotfix/1.0.1', commit: C, version: '1.0.1' }]);
    expect(pickHotfix(policy, found)).toBe(found[0]);
    expect(() => pickHotfix(policy, found, '1.0.2')).toThrow('no hotfix branch for 1.0.2 (expected hotfix/1.0.2)');
    expect(() => pickHotfix(policy, [...found, { name: 'hotfix/2.0.1', commit: C, version: '2.0.1' }])).toThrow(
      'name the version to finish',
    );
  });
});

describe('git-flow release when main already has dev', () => {
  it('plans no merge commit and tags main as it is', () => {
    const plan = planGitflowRelease(facts({ developMerged: true }), { version: '1.1.0', date: '2025-02-01' });
    expect(plan.merge.alreadyMerged).toBe(true);
  });
});
