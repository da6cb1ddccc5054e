import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  assertRefName,
  assertSafeRevision,
  branchRef,
  isValidRefName,
  isValidShortRefName,
  refNameProblem,
  tagRef,
} from '../../src/core/refname.js';

describe('ref-name validation', () => {
  it('accepts ordinary names', () => {
    for (const n of [
      'refs/heads/main',
      'refs/heads/release-0.1.x',
      'refs/tags/v1.2.3',
      'refs/heads/release/1.2.3',
      'refs/heads/backport/1.2/abc1234',
    ]) {
      expect(isValidRefName(n)).toBe(true);
    }
    for (const n of ['main', 'v1.2.3-rc.1', 'release/1.2', 'v0.4-codename', '0.4.0rc1']) expect(isValidShortRefName(n)).toBe(true);
  });

  it('rejects options, ranges, locks, reflog syntax and control characters', () => {
    const bad = [
      '-x',
      '--force',
      'a..b',
      'a.lock',
      'refs/heads/x.lock',
      'x@{1}',
      '@{',
      'a\x01b',
      'a\nb',
      'a\tb',
      'a b',
      'a~1',
      'a^',
      'a:b',
      'a?',
      'a*',
      'a[',
      'a\\b',
      '.hidden',
      'x/.y',
      'x/',
      '/x',
      'x//y',
      'x.',
      '@',
      '',
      'a\x7f',
    ];
    for (const n of bad) expect(isValidShortRefName(n), JSON.stringify(n)).toBe(false);
    expect(isValidShortRefName('HEAD')).toBe(false);
    expect(refNameProblem('-x', { allowOneLevel: true })).toBe("it starts with '-' (git would read it as an option)");
    expect(() => branchRef('-x')).toThrow(/branch name '-x' is not a valid git ref name: it starts with '-'/);
    expect(() => tagRef('v1\n')).toThrow(/tag name 'v1\\x0a' is not a valid git ref name/);
    expect(() => assertRefName('main', 'ref name', { allowOneLevel: false })).toThrow(/it has no '\/'/);
    try {
      branchRef('a..b');
    } catch (e) {
      expect(e).toMatchObject({ code: 'bad-ref-name', exitCode: 2 });
    }
  });

  it('refuses unsafe revisions but allows revision syntax', () => {
    for (const r of ['HEAD~2', 'v1^{commit}', 'a..b', 'main@{upstream}', 'HEAD:path with space']) expect(assertSafeRevision(r)).toBe(r);
    for (const r of ['-p', '--all', 'a\nb', '', 'a\0b']) expect(() => assertSafeRevision(r)).toThrow();
  });

  it('agrees with git check-ref-format on random names', () => {
    const alphabet = fc.constantFrom(...'ab-./@{}~^:?*[\\ .lock'.split(''), 'a', 'b', '/', '.', '-', '.lock', '@{', '..', '\x01');
    fc.assert(
      fc.property(fc.array(alphabet, { minLength: 1, maxLength: 8 }), (parts) => {
        const name = `refs/heads/${parts.join('')}`;
        const res = spawnSync('git', ['check-ref-format', name], { encoding: 'utf8' });
        const gitSays = res.status === 0;
        // Trellis is stricter only about a leading '-' in a component (which git allows)
        const ours = isValidRefName(name, { allowOneLevel: false });
        if (gitSays !== ours) expect({ name, gitSays, ours }).toEqual({ name, gitSays, ours: gitSays });
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});
