import { describe, expect, it } from 'vitest';
import {
  bumpFromChanges,
  convertDescribe,
  deriveAll,
  getScheme,
  nextVersion,
  parseDescribe,
  schemeTagReader,
  setuptoolsScmVersion,
  tryParseDescribe,
  tryParseDescribeOrTag,
} from '../../src/core/version/index.js';
import { parseConventional } from '../../src/core/changes/index.js';

describe('git describe', () => {
  it('parses tags with v prefixes, pre-releases, entrypoints and -dirty', () => {
    expect(parseDescribe('v3.0.0-rc1-2-gabc1234-dirty')).toEqual({
      raw: 'v3.0.0-rc1-2-gabc1234-dirty',
      tag: 'v3.0.0-rc1',
      vPrefix: true,
      release: [3, 0, 0],
      pre: { label: 'rc', number: 1 },
      distance: 2,
      hash: 'abc1234',
      dirty: true,
    });
    expect(parseDescribe('3.1.0-entrypoint-5-gabcdef0').pre).toEqual({ label: 'entrypoint', number: null });
    // Patch entrypoints: tarantool sets 3.7.2-entrypoint on release/3.7 after 3.7.1.
    expect(parseDescribe('3.7.2-entrypoint-28-g1c4cdf7')).toMatchObject({ release: [3, 7, 2], pre: { label: 'entrypoint', number: null } });
  });

  it.each([
    ['abc1234', 'a bare commit id: no tag is reachable (git describe --always)'],
    ['3.0.0', 'expected TAG-N-gHASH as printed by git describe --long'],
    ['3.0-0-gabc1234', "tag '3.0' is not X.Y.Z, X.Y.Z-alphaN, X.Y.Z-betaN, X.Y.Z-rcN or X.Y.Z-entrypoint"],
  ])('rejects %j', (text, reason) => {
    expect(tryParseDescribe(text)).toBe(reason);
  });

  // The Tarantool-style series tables, row by row.
  it.each([
    ['2.10.0-0-g0a5ce0b', { rpm: '2.10.0', deb: '2.10.0', tarball: '2.10.0', pep440: '2.10.0' }],
    ['2.10.0-12-g0a5ce0b', { rpm: '2.10.0.12', deb: '2.10.0.12.g0a5ce0b', tarball: '2.10.0.12', pep440: '2.10.0.post12+g0a5ce0b' }],
    ['2.10.0-rc1-0-g0a5ce0b', { rpm: '2.10.0~rc1', deb: '2.10.0~rc1', tarball: '2.10.0-rc1', pep440: '2.10.0rc1' }],
    [
      '2.10.0-rc1-7-g0a5ce0b',
      { rpm: '2.10.0~rc1.7.dev', deb: '2.10.0~rc1.7.dev', tarball: '2.10.0-rc1.7.dev', pep440: '2.10.0rc1.post7+g0a5ce0b' },
    ],
    ['3.0.0-alpha2-0-g0a5ce0b', { rpm: '3.0.0~alpha2', deb: '3.0.0~alpha2', tarball: '3.0.0-alpha2', pep440: '3.0.0a2' }],
    [
      '3.0.0-beta1-3-g0a5ce0b',
      { rpm: '3.0.0~beta1.3.dev', deb: '3.0.0~beta1.3.dev', tarball: '3.0.0-beta1.3.dev', pep440: '3.0.0b1.post3+g0a5ce0b' },
    ],
    [
      '3.1.0-entrypoint-0-g0a5ce0b',
      { rpm: '3.1.0~~entrypoint', deb: '3.1.0~~entrypoint', tarball: '3.1.0-entrypoint', pep440: '3.1.0.dev0' },
    ],
    [
      '3.1.0-entrypoint-5-g0a5ce0b',
      { rpm: '3.1.0~~entrypoint.5.dev', deb: '3.1.0~~entrypoint.5.dev', tarball: '3.1.0-entrypoint.5.dev', pep440: '3.1.0.dev5+g0a5ce0b' },
    ],
    ['v2.10.0-0-g0a5ce0b-dirty', { rpm: '2.10.0', deb: '2.10.0', tarball: '2.10.0', pep440: '2.10.0+g0a5ce0b.dirty' }],
  ])('converts %s', (text, forms) => {
    expect(deriveAll(text)).toEqual(forms);
    expect(convertDescribe(text, 'rpm')).toBe(forms.rpm);
  });
});

describe('setuptools-scm versions (guess-next-dev, node-and-date)', () => {
  it.each([
    ['0.4.0-0-gabc1234', '0.4.0'],
    ['0.4.0-3-gabc1234', '0.4.1.dev3+gabc1234'],
    ['0.4.0-0-gabc1234-dirty', '0.4.1.dev0+gabc1234.d20260313'],
    ['3.0.0-rc1-0-gabc1234', '3.0.0rc1'],
    ['3.0.0-rc1-2-gabc1234', '3.0.0rc2.dev2+gabc1234'],
    ['3.0.0-alpha2-1-gabc1234', '3.0.0a3.dev1+gabc1234'],
    ['3.1.0-entrypoint-0-gabc1234', '3.1.0.dev0'],
    ['3.7.2-entrypoint-5-gabc1234', '3.7.2.dev5+gabc1234'],
  ])('%s gives %s', (text, version) => {
    expect(setuptoolsScmVersion(text, '2026-03-13')).toBe(version);
  });

  it('reads PEP 440 tags with a scheme: 4 components, 2 components, rc without a dash', () => {
    const pep = schemeTagReader(getScheme('pep440'));
    expect(setuptoolsScmVersion(parseDescribe('0.4.3.1-8-g6e9c3b4', pep))).toBe('0.4.3.2.dev8+g6e9c3b4');
    expect(setuptoolsScmVersion(parseDescribe('v0.1-2-g6e9c3b4', pep))).toBe('0.2.dev2+g6e9c3b4');
    const rc = parseDescribe('v1.3.0rc1-3-g28ec934', pep);
    expect(deriveAll(rc)).toEqual({
      rpm: '1.3.0~rc1.3.dev',
      deb: '1.3.0~rc1.3.dev',
      tarball: '1.3.0-rc1.3.dev',
      pep440: '1.3.0rc1.post3+g28ec934',
    });
    // A development tag marks where development of that version starts (Llama Stack's v0.8.1-dev).
    expect(tryParseDescribe('1.4.0.dev0-2-g28ec934', pep)).toMatchObject({ release: [1, 4, 0], pre: { label: 'entrypoint' }, distance: 2 });
    expect(tryParseDescribe('1.4.0.post1-2-g28ec934', pep)).toMatch(/names a build/);
    const semver = schemeTagReader(getScheme('semver'));
    expect(parseDescribe('v1.0.0-alpha.1-2-gabc1234', semver)).toMatchObject({ release: [1, 0, 0], pre: { label: 'alpha', number: 1 } });
    expect(() => convertDescribe(parseDescribe('1.0.0-preview.1-0-gabc1234', semver), 'pep440')).not.toThrow();
    expect(() => convertDescribe(parseDescribe('1.0.0-nightly.1-0-gabc1234', semver), 'pep440')).toThrow(/no PEP 440 spelling/);
  });

  it('takes a bare tag as distance 0 where asked (version convert)', () => {
    expect(tryParseDescribeOrTag('0.4.0-rc1')).toMatchObject({
      tag: '0.4.0-rc1',
      distance: 0,
      hash: null,
      pre: { label: 'rc', number: 1 },
    });
    expect(convertDescribe(tryParseDescribeOrTag('0.4.0-rc1') as never, 'pep440')).toBe('0.4.0rc1');
    expect(tryParseDescribe('0.4.0-rc1')).toBe('expected TAG-N-gHASH as printed by git describe --long');
    expect(tryParseDescribeOrTag('nonsense')).toMatch(/^expected TAG-N-gHASH as printed by git describe --long, or a version tag: /);
    expect(tryParseDescribeOrTag('abc1234')).toBe('a bare commit id: no tag is reachable (git describe --always)');
  });
});

describe('next versions', () => {
  it.each([
    ['semver', '1.2.3', 'major', {}, '2.0.0'],
    ['semver', '1.2.3', 'minor', {}, '1.3.0'],
    ['semver', '1.2.3', 'patch', {}, '1.2.4'],
    ['semver', '2.0.0-rc1', 'major', {}, '2.0.0'],
    ['semver', '1.2.3-rc1', 'patch', {}, '1.2.3'],
    ['semver', '1.2.3', 'pre', { preLabel: 'rc' }, '1.3.0-rc1'],
    ['semver', '1.2.3', 'prepatch', { preLabel: 'rc' }, '1.2.4-rc1'],
    ['semver', '1.2.3', 'premajor', { preLabel: 'alpha' }, '2.0.0-alpha1'],
    ['semver', '3.0.0-rc1', 'pre', {}, '3.0.0-rc2'],
    ['semver', '3.0.0-rc9', 'pre', {}, '3.0.0-rc10'],
    ['semver', '3.0.0-rc.1', 'pre', {}, '3.0.0-rc.2'],
    ['semver', '3.0.0-beta3', 'pre', { preLabel: 'rc' }, '3.0.0-rc1'],
    ['semver', '3.1.0-entrypoint', 'pre', { preLabel: 'alpha', prereleaseLabels: ['alpha', 'beta', 'rc'] }, '3.1.0-alpha1'],
    ['semver', '1.2.3', 'pre', { prereleaseLabels: ['alpha', 'beta', 'rc'] }, '1.3.0-alpha1'],
    ['pep440', '1.2.3', 'pre', { preLabel: 'rc' }, '1.3.0rc1'],
    ['pep440', 'v0.4.0rc1', 'pre', {}, '0.4.0rc2'],
    ['pep440', '0.4.0b2', 'pre', { preLabel: 'rc' }, '0.4.0rc1'],
    ['pep440', '0.4.5', 'dev', {}, '0.4.6.dev0'],
    ['pep440', '0.4.6.dev0', 'dev', {}, '0.4.6.dev1'],
    ['pep440', '0.4.0rc1', 'dev', {}, '0.4.0rc2.dev0'],
    ['pep440', '1.2.3.4', 'patch', {}, '1.2.4.0'],
    ['pep440', '1.2.3.4', 'dev', {}, '1.2.3.5.dev0'],
    ['pep440', '1.0', 'minor', {}, '1.1.0'],
    ['pep440', '1!1.0.post2', 'patch', {}, '1!1.0.1'],
    ['rpm', '1:3.0.0~rc1', 'pre', {}, '1:3.0.0~rc2'],
    ['deb', '3.0.0-1', 'minor', {}, '3.1.0'],
  ] as const)('%s %s --bump %s %j -> %s', (scheme, current, bump, opts, next) => {
    expect(nextVersion(scheme, current, bump, opts)).toBe(next);
  });

  it('refuses what cannot be newer or does not exist', () => {
    expect(() => nextVersion('semver', '3.0.0-rc1', 'pre', { preLabel: 'alpha' })).toThrow(/would not be newer/);
    expect(() => nextVersion('pep440', '1.0rc1', 'pre', { preLabel: 'a' })).toThrow(/would not be newer/);
    expect(() => nextVersion('semver', '1.0.0', 'dev')).toThrow(/no development versions/);
    expect(() => nextVersion('pep440', '1.0', 'pre', { preLabel: 'gamma' })).toThrow(/a, b or rc/);
    expect(() => nextVersion('semver', 'v1.0.0', 'patch')).toThrow(/leading 'v'/);
  });
});

describe('bump from conventional commits', () => {
  const changes = (...msgs: string[]) => msgs.map((m) => parseConventional(m) ?? { type: null, breaking: false });

  it('takes the highest level: breaking > feat > fix; others bump nothing', () => {
    expect(bumpFromChanges(changes('fix: a', 'docs: b'))).toBe('patch');
    expect(bumpFromChanges(changes('fix: a', 'feat(cli): b'))).toBe('minor');
    expect(bumpFromChanges(changes('feat!: drop node 18', 'fix: a'))).toBe('major');
    expect(bumpFromChanges(changes('chore: x\n\nBREAKING CHANGE: config renamed'))).toBe('major');
    expect(bumpFromChanges(changes('docs: a', 'Merge branch x'))).toBeNull();
  });

  it('applies the pre-1.0 rule as configured', () => {
    expect(bumpFromChanges(changes('feat!: x'), { currentMajor: 0 })).toBe('minor');
    expect(bumpFromChanges(changes('feat!: x'), { currentMajor: 0, zeroMajor: 'major' })).toBe('major');
    expect(bumpFromChanges(changes('feat!: x'), { currentMajor: 1 })).toBe('major');
  });
});
