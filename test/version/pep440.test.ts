import { compare as libCompare } from '@renovatebot/pep440';
import { describe, expect, it } from 'vitest';
import { getScheme } from '../../src/core/version/index.js';
import { pep440Version, rng } from './gen.js';

const pep = getScheme('pep440');

describe('pep440 scheme', () => {
  it('reads the Llama Stack-style forms', () => {
    const rc = pep.parse('v0.4.0rc1');
    expect(rc.normalized).toBe('0.4.0rc1');
    expect(rc.pre).toEqual({ label: 'rc', number: 1 });
    expect(rc.isPrerelease).toBe(true);
    const dev = pep.parse('0.4.6.dev0');
    expect(dev.dev).toBe(0);
    expect(dev.release).toEqual([0, 4, 6]);
    expect(pep.compare('0.4.5', '0.4.6.dev0')).toBe(-1);
    expect(pep.compare('0.4.6.dev0', '0.4.6rc1')).toBe(-1);
  });

  it.each([
    ['1.0', '1.0'],
    ['v1.0', '1.0'],
    ['  1.0  ', '1.0'],
    ['1.0-RC.1', '1.0rc1'],
    ['1.0alpha', '1.0a0'],
    ['1.0c2', '1.0rc2'],
    ['1.0-preview-3', '1.0rc3'],
    ['1.0-1', '1.0.post1'],
    ['1.0.rev4', '1.0.post4'],
    ['1.0_DEV', '1.0.dev0'],
    ['1!2.0.0.4', '1!2.0.0.4'],
    ['1.01.000', '1.1.0'],
    ['1.0+Ubuntu-01_x', '1.0+ubuntu.1.x'],
    ['1.0+1e5', '1.0+1e5'],
  ])('normalises %j to %j', (text, norm) => {
    expect(pep.normalize(text)).toBe(norm);
  });

  it('orders the whole PEP 440 example sequence', () => {
    const seq = [
      '1.dev0',
      '1.0.dev456',
      '1.0a1',
      '1.0a2.dev456',
      '1.0a12.dev456',
      '1.0a12',
      '1.0b1.dev456',
      '1.0b2',
      '1.0b2.post345.dev456',
      '1.0b2.post345',
      '1.0rc1.dev456',
      '1.0rc1',
      '1.0',
      '1.0+abc.5',
      '1.0+abc.7',
      '1.0+5',
      '1.0.post456.dev34',
      '1.0.post456',
      '1.0.15',
      '1.1.dev1',
      '1!0.1',
    ];
    expect(pep.sort([...seq].reverse())).toEqual(seq);
    expect(pep.compare('1.0', '1.0.0.0')).toBe(0);
  });

  it('treats four-part versions as first class', () => {
    const v = pep.parse('2.4.2.68');
    expect(v.release).toEqual([2, 4, 2, 68]);
    expect(pep.sort(['2.4.2.68', '2.4.2.9', '2.4.3', '2.4.2'])).toEqual(['2.4.2', '2.4.2.9', '2.4.2.68', '2.4.3']);
  });

  it.each([
    ['', 'empty'],
    ['1.0 beta', 'contains whitespace'],
    ['1.0@1', "invalid character '@'"],
    ['1.0+', "invalid local version label ''"],
    ['rc1', 'must start with a release number such as 1.0'],
    ['1.0.x', 'not a PEP 440 version'],
    ['1.99999999999999999999', 'number 99999999999999999999 is too large (limit 2^53-1)'],
  ])('rejects %j: %s', (text, reason) => {
    expect(pep.validate(text)).toBe(reason);
  });

  it('agrees with the library comparison on 20,000 generated pairs', () => {
    const r = rng(99);
    for (let i = 0; i < 20000; i++) {
      const a = pep440Version(r);
      const b = pep440Version(r);
      expect(pep.compare(a, b), `${a} vs ${b}`).toBe(Math.sign(libCompare(a, b)));
    }
  });

  it('normalisation is idempotent and keeps the order (round trip)', () => {
    const r = rng(5);
    for (let i = 0; i < 5000; i++) {
      const a = pep440Version(r);
      const n = pep.normalize(a);
      expect(pep.normalize(n)).toBe(n);
      expect(pep.compare(a, n)).toBe(0);
    }
  });
});
