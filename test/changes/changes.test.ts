import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  backportDirective,
  classifyChange,
  cveIds,
  fixedCommits,
  parseConventional,
  parseConventionalHeader,
  parseTrailers,
  trailerValues,
} from '../../src/core/changes/index.js';

describe('conventional commits', () => {
  it('parses type, scope, bang and subject', () => {
    expect(parseConventionalHeader('feat(cli)!: drop --old')).toEqual({ type: 'feat', scope: 'cli', bang: true, subject: 'drop --old' });
    expect(parseConventionalHeader('Fix: typo')).toEqual({ type: 'fix', scope: null, bang: false, subject: 'typo' });
    expect(parseConventionalHeader('Merge branch main')).toBeNull();
    expect(parseConventionalHeader('feat:no space')).toBeNull();
  });

  it('reads body, footers and BREAKING CHANGE notes', () => {
    const c = parseConventional(
      'fix(box): keep replicas\n\nLonger text.\n\nBREAKING CHANGE: box.cfg renamed\n  to box.config\nRefs: #123\nReviewed-by: A',
    );
    expect(c).toMatchObject({ type: 'fix', scope: 'box', breaking: true, body: 'Longer text.' });
    expect(c?.footers).toEqual([
      { token: 'BREAKING CHANGE', value: 'box.cfg renamed\nto box.config' },
      { token: 'Refs', value: '#123' },
      { token: 'Reviewed-by', value: 'A' },
    ]);
    expect(c?.breakingNotes).toEqual(['box.cfg renamed\nto box.config']);
    expect(parseConventional('feat: x\n\nsome body')?.breaking).toBe(false);
    expect(parseConventional('feat: x\n\nBREAKING-CHANGE: y')?.breaking).toBe(true);
    expect(parseConventional('update things')).toBeNull();
  });
});

describe('git trailers', () => {
  it('reads the trailer block and every cherry-pick line, in order', () => {
    const msg = [
      'fix: crash on empty key',
      '',
      'Body text: not a trailer because the paragraph is prose.',
      'More prose.',
      '',
      'Fixes: 54a4f0239f2e ("box: add key check")',
      'CVE: CVE-2026-1234, cve-2026-99999',
      'Backport: no',
      'Signed-off-by: A <a@example.invalid>',
      '(cherry picked from commit 1111111111111111111111111111111111111111)',
      '(cherry picked from commit 2222222222222222222222222222222222222222)',
    ].join('\n');
    const t = parseTrailers(msg);
    expect(t.trailers.map((x) => x.key)).toEqual(['Fixes', 'CVE', 'Backport', 'Signed-off-by']);
    expect(t.cherryPickedFrom).toEqual(['1111111111111111111111111111111111111111', '2222222222222222222222222222222222222222']);
    expect(fixedCommits(t)).toEqual(['54a4f0239f2e']);
    expect(cveIds(t)).toEqual(['CVE-2026-1234', 'CVE-2026-99999']);
    expect(backportDirective(t)).toEqual({ skip: true, targets: [] });
    expect(trailerValues(t, 'signed-off-by')).toEqual(['A <a@example.invalid>']);
  });

  it('ignores the subject and prose paragraphs, folds continuation lines, and reads targets', () => {
    expect(parseTrailers('Fixes: abcdef1').trailers).toEqual([]);
    expect(parseTrailers('subject\n\nJust prose: with a colon\nand more prose\nand more').trailers).toEqual([]);
    const t = parseTrailers('subject\n\nBackport: 3.1,\n  3.0\nCVE: CVE-2026-0001');
    expect(backportDirective(t)).toEqual({ skip: false, targets: ['3.1', '3.0'] });
    expect(backportDirective(parseTrailers('s\n\nX: y'))).toBeNull();
    // git's 25% rule: a git-generated trailer makes a mostly-prose last paragraph a block.
    const mixed = parseTrailers('s\n\nprose line\nprose line\nSigned-off-by: A <a@b>\nprose');
    expect(mixed.trailers).toEqual([{ key: 'Signed-off-by', value: 'A <a@b>' }]);
  });

  it('matches what git itself writes with cherry-pick -x, through a chain', () => {
    const repo = mkdtempSync(join(tmpdir(), 'trellis-trailers-'));
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: 'T',
      GIT_AUTHOR_EMAIL: 't@example.invalid',
      GIT_COMMITTER_NAME: 'T',
      GIT_COMMITTER_EMAIL: 't@example.invalid',
      GIT_AUTHOR_DATE: '2026-01-02T03:04:05Z',
      GIT_COMMITTER_DATE: '2026-01-02T03:04:05Z',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
    };
    const git = (...a: string[]) => execFileSync('git', a, { cwd: repo, env, encoding: 'utf8' }).trim();
    try {
      git('init', '-q', '-b', 'main');
      git('commit', '-q', '--allow-empty', '-m', 'base');
      git('branch', 'r1');
      git('branch', 'r2');
      git('commit', '-q', '--allow-empty', '-m', 'fix: bug\n\nCVE: CVE-2026-1234');
      const origin = git('rev-parse', 'HEAD');
      git('checkout', '-q', 'r1');
      git('cherry-pick', '-x', '--allow-empty', origin);
      const first = git('rev-parse', 'HEAD');
      git('checkout', '-q', 'r2');
      git('cherry-pick', '-x', '--allow-empty', first);
      const t = parseTrailers(git('log', '-1', '--format=%B'));
      expect(t.cherryPickedFrom).toEqual([origin, first]);
      expect(cveIds(t)).toEqual(['CVE-2026-1234']);
      expect(classifyChange({ conventional: parseConventional(git('log', '-1', '--format=%B')), trailers: t })).toBe('security');
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});

describe('change kind', () => {
  const kind = (msg: string, labels: string[] = []) =>
    classifyChange({ conventional: parseConventional(msg), trailers: parseTrailers(msg), labels });

  it.each([
    ['feat: x', [], 'feature'],
    ['fix: x', [], 'bugfix'],
    ['docs: x', [], 'other'],
    ['update\n\nFixes: 54a4f0239f2e', [], 'bugfix'],
    ['fix: x\n\nCVE: CVE-2026-1234', [], 'security'],
    ['fix(security): x', [], 'security'],
    ['chore: x', ['kind/bug'], 'bugfix'],
    ['fix: x', ['type: security'], 'security'],
    ['refactor: x', ['enhancement'], 'feature'],
    ['plain message', [], 'other'],
  ] as const)('%j with labels %j is %s', (msg, labels, expected) => {
    expect(kind(msg, [...labels])).toBe(expected);
  });
});
