import fc from 'fast-check';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { TrellisError } from '../../src/core/errors.js';
import { getScheme } from '../../src/core/version/index.js';
import { rng, semverVersion } from './gen.js';

const plain = getScheme('semver');
const labelled = getScheme('semver', { prereleaseLabels: ['alpha', 'beta', 'rc'] });

describe('semver scheme', () => {
  it('parses the parts later code uses for release-line keys', () => {
    const v = plain.parse('3.1.2-rc.1+build.5');
    expect(v.release).toEqual([3, 1, 2]);
    expect(v.prerelease).toEqual(['rc', 1]);
    expect(v.build).toEqual(['build', '5']);
    expect(v.pre).toEqual({ label: 'rc', number: 1 });
    expect(v.isPrerelease).toBe(true);
    expect(v.normalized).toBe('3.1.2-rc.1+build.5');
    expect(JSON.parse(JSON.stringify(v))).not.toHaveProperty('key');
  });

  it.each([
    ['', 'empty'],
    ['v1.2.3', "a leading 'v' is not part of SemVer 2.0.0 (strip the tag prefix)"],
    [' 1.2.3', 'leading or trailing whitespace'],
    ['1.2', "expected MAJOR.MINOR.PATCH, got 2 components in '1.2'"],
    ['1.02.3', "leading zero in minor version '02'"],
    ['1.2.3-01', "leading zero in numeric pre-release identifier '01'"],
    ['1.2.3-', 'empty pre-release identifier'],
    ['1.2.3-a..b', 'empty pre-release identifier'],
    ['1.2.3+', 'empty build metadata identifier'],
    ['1.2.3-rc_1', "invalid character in pre-release identifier 'rc_1'"],
    ['1.2.x', "patch version 'x' is not a number"],
    ['99999999999999999999.0.0', "major version '99999999999999999999' is too large"],
  ])('rejects %j: %s', (text, reason) => {
    expect(plain.validate(text)).toBe(reason);
    expect(() => plain.parse(text)).toThrow(TrellisError);
    expect(plain.tryParse(text)).toBeNull();
  });

  it('uses strict SemVer precedence without labels (rc10 < rc2, build ignored)', () => {
    expect(plain.compare('3.0.0-rc10', '3.0.0-rc2')).toBe(-1);
    expect(plain.compare('1.0.0+a', '1.0.0+b')).toBe(0);
    // The example list of SemVer 2.0.0 item 11.
    const spec = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0'];
    expect(plain.sort([...spec].reverse())).toEqual(spec);
  });

  it('orders numbered labels by rank then number when labels are declared (Tarantool-style series)', () => {
    const order = ['3.0.0-entrypoint', '3.0.0-alpha1', '3.0.0-alpha2', '3.0.0-beta2', '3.0.0-rc2', '3.0.0-rc10', '3.0.0'];
    expect(labelled.sort([...order].reverse())).toEqual(order);
    expect(labelled.compare('3.0.0-rc10', '3.0.0-rc.10')).toBe(0);
    expect(labelled.compare('3.0.0-rc', '3.0.0-rc0')).toBe(-1);
    expect(labelled.compare('3.0.0-rc1.1', '3.0.0-rc1')).toBe(1);
    expect(labelled.parse('3.0.0-rc10').pre).toEqual({ label: 'rc', number: 10 });
  });

  it('rejects bad label declarations', () => {
    expect(() => getScheme('semver', { prereleaseLabels: ['rc1'] })).toThrow(/letters or hyphens/);
    expect(() => getScheme('semver', { prereleaseLabels: ['rc', 'rc'] })).toThrow(/twice/);
  });

  it('agrees with semver.compare on 20,000 generated pairs', () => {
    const r = rng(7);
    for (let i = 0; i < 20000; i++) {
      const a = semverVersion(r);
      const b = semverVersion(r);
      expect(plain.compare(a, b), `${a} vs ${b}`).toBe(semver.compare(a, b));
    }
  });

  it('agrees with semver.valid (strict, no v prefix) on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('0', '1', '9', '.', '-', '+', 'a', 'Z', '0', '.', '-'), maxLength: 14 }), (s) => {
        const libValid = semver.valid(s) !== null && !/^[vV=\s]|\s$/.test(s);
        expect(plain.validate(s) === null).toBe(libValid);
      }),
      { seed: 11, numRuns: 5000 },
    );
  });
});
