import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TrellisError } from '../../src/core/errors.js';
import { assertRefName, isValidRefName, refNameProblem } from '../../src/core/refname.js';

const home = mkdtempSync(join(tmpdir(), 'trellis-refname-'));
const env = { ...process.env, HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: join(home, 'none') };

/** What the real `git check-ref-format --allow-onelevel` says. */
function gitAccepts(name: string): boolean {
  return spawnSync('git', ['check-ref-format', '--allow-onelevel', name], { env }).status === 0;
}

const VALID = ['main', 'release/0.6.0', 'release-0.4.x', 'v1.4-andium', '3.1', 'backport/release/3.2/abc1234', 'a@b', 'x.y/z'];
const INVALID: Array<[string, string]> = [
  ['', 'it is empty'],
  ['-rf', "it starts with '-' (git would read it as an option)"],
  ['@', "it is the single character '@'"],
  ['a..b', "it contains '..'"],
  ['a b', 'it contains a space'],
  ['a\tb', 'it contains a control character'],
  ['a~1', "it contains '~'"],
  ['a^', "it contains '^'"],
  ['a:b', "it contains ':'"],
  ['a?', "it contains '?'"],
  ['a*', "it contains '*'"],
  ['a[b', "it contains '['"],
  ['a\\b', "it contains '\\'"],
  ['a@{1}', "it contains '@{'"],
  ['/a', "it starts with '/'"],
  ['a/', "it ends with '/'"],
  ['a//b', "it contains '//'"],
  ['a.', "it ends with '.'"],
  ['.a', "its component '.a' starts with '.'"],
  ['x/.a', "its component '.a' starts with '.'"],
  ['x.lock', "its component 'x.lock' ends with '.lock'"],
  ['x.lock/y', "its component 'x.lock' ends with '.lock'"],
];

describe('isValidRefName', () => {
  it.each(VALID)('accepts %s', (name) => {
    expect(refNameProblem(name)).toBeNull();
    expect(isValidRefName(name)).toBe(true);
  });
  it.each(INVALID)('rejects %j: %s', (name, why) => {
    expect(refNameProblem(name)).toBe(why);
    expect(isValidRefName(name)).toBe(false);
  });
  it('can require a slash', () => {
    expect(isValidRefName('main', { allowOneLevel: false })).toBe(false);
    expect(isValidRefName('refs/heads/main', { allowOneLevel: false })).toBe(true);
  });
  it('assertRefName throws a bad-ref-name error naming the name', () => {
    expect(() => assertRefName('a..b', 'branch')).toThrow(TrellisError);
    expect(() => assertRefName('a..b', 'branch')).toThrow("branch 'a..b' is not a valid git ref name: it contains '..'");
    expect(assertRefName('release/1.2')).toBe('release/1.2');
  });
  it('agrees with git check-ref-format on the listed names', () => {
    for (const name of [...VALID, ...INVALID.map(([n]) => n)]) {
      if (name === '' || name.startsWith('-')) continue; // git cannot be asked about these safely
      expect([name, isValidRefName(name)]).toEqual([name, gitAccepts(name)]);
    }
  });
  it('agrees with git check-ref-format on generated names (seeded)', () => {
    const alphabet = fc.constantFrom('a', 'b', '1', '.', '/', '-', '@', '{', '~', '^', ':', '?', '*', '[', '\\', ' ', 'k', 'l', 'o', 'c');
    const names = fc.sample(
      fc.array(alphabet, { minLength: 1, maxLength: 8 }).map((cs) => cs.join('')),
      { numRuns: 300, seed: 42 },
    );
    for (const name of names) {
      if (name.startsWith('-')) {
        expect(isValidRefName(name)).toBe(false);
        continue;
      }
      expect([name, isValidRefName(name)]).toEqual([name, gitAccepts(name)]);
    }
  });
});
