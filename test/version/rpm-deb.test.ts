import { describe, expect, it } from 'vitest';
import { getScheme, rpmvercmp, splitEvr, verrevcmp } from '../../src/core/version/index.js';

const rpm = getScheme('rpm');
const deb = getScheme('deb');

describe('rpm scheme', () => {
  it('implements rpmvercmp on the documented cases', () => {
    expect(rpmvercmp('1.0', '1.0')).toBe(0);
    expect(rpmvercmp('1.0~rc1', '1.0')).toBe(-1);
    expect(rpmvercmp('1.0^git1', '1.0')).toBe(1);
    expect(rpmvercmp('1.0^git1', '1.0.1')).toBe(-1);
    expect(rpmvercmp('1.0~rc1^git1', '1.0~rc1')).toBe(1);
    expect(rpmvercmp('1.0a', '1.0')).toBe(1);
    expect(rpmvercmp('1.0a', '1.0.1')).toBe(-1);
    expect(rpmvercmp('1.010', '1.9')).toBe(1);
    expect(rpmvercmp('1.0', '1_0')).toBe(0);
    expect(rpmvercmp('a', '1')).toBe(-1);
  });

  it('splits epoch:version-release like rpm', () => {
    expect(splitEvr('2:1.0-3.el9')).toEqual({ epoch: '2', version: '1.0', release: '3.el9' });
    expect(splitEvr('1.0')).toEqual({ epoch: null, version: '1.0', release: null });
    expect(splitEvr('1.0-1-2')).toEqual({ epoch: null, version: '1.0-1', release: '2' });
  });

  it('parses Tarantool-style series package versions', () => {
    const v = rpm.parse('3.0.0~rc1.2.dev');
    expect(v.release).toEqual([3, 0, 0]);
    expect(v.pre).toEqual({ label: 'rc', number: 1 });
    expect(v.dev).toBe(2);
    expect(v.isPrerelease).toBe(true);
    expect(rpm.parse('1:2.10.0-1.el9').epoch).toBe(1);
    expect(rpm.parse('1:2.10.0-1.el9').revision).toBe('1.el9');
  });

  it.each([
    ['', 'empty'],
    ['1.0 1', 'contains whitespace'],
    ['1.0-', 'empty release'],
    ['a1:1.0', 'epoch before ":" must be a number'],
    ['1..0', "'..' in version"],
    ['1.0/2', "invalid character '/' in version"],
  ])('rejects %j: %s', (text, reason) => {
    expect(rpm.validate(text)).toBe(reason);
  });

  it('sorts a missing release before any release (as rpm 4.16+ does)', () => {
    expect(rpm.sort(['1.0-1', '1.0', '1.0~rc1', '0:1.0-0'])).toEqual(['1.0~rc1', '1.0', '0:1.0-0', '1.0-1']);
  });
});

describe('deb scheme', () => {
  it('implements verrevcmp: ~ first, letters before other characters', () => {
    expect(verrevcmp('1.0~rc1', '1.0')).toBe(-1);
    expect(verrevcmp('1.0~~', '1.0~')).toBe(-1);
    expect(verrevcmp('1.0a', '1.0+')).toBe(-1);
    expect(verrevcmp('1.0+b1', '1.0')).toBe(1);
    expect(verrevcmp('1.00', '1.0')).toBe(0);
    expect(verrevcmp('', '0')).toBe(0);
  });

  it('compares epoch, then upstream, then revision', () => {
    expect(deb.compare('1:0.1', '9.9')).toBe(1);
    expect(deb.compare('1.0-1', '1.0')).toBe(1);
    expect(deb.compare('1.0-0', '1.0')).toBe(0);
    expect(deb.compare('2.10.0.g0a5ce0b9c', '2.10.0')).toBe(1);
  });

  it.each([
    ['', 'version string is empty'],
    ['1.0 2', 'version string has embedded spaces'],
    [':1.0', 'epoch in version is empty'],
    ['a:1.0', 'epoch in version is not number'],
    ['1:', 'nothing after colon in version number'],
    ['1.0-', 'revision number is empty'],
    ['a1.0', 'version number does not start with digit'],
    ['1.0_1', "invalid character '_' in version number"],
    ['1.0-1_2', "invalid character '_' in revision number"],
    ['99999999999:1', 'epoch in version is too big'],
  ])('rejects %j like dpkg: %s', (text, reason) => {
    expect(deb.validate(text)).toBe(reason);
  });

  it('accepts a colon in the upstream version after an epoch, and blanks around', () => {
    expect(deb.validate('1:2:3-1')).toBeNull();
    expect(deb.validate('1:2:3')).toBeNull();
    expect(deb.normalize(' 1.0 ')).toBe('1.0');
  });
});
