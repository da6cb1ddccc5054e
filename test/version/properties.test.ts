/** Order laws and round trips for every scheme, with fast-check over the seeded generators. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getScheme, type VersionScheme } from '../../src/core/version/index.js';
import { debVersion, pep440Version, rng, rpmEvr, semverVersion, type Rand } from './gen.js';

/** An arbitrary built from one of our seeded generators (fast-check supplies the seed). */
const fromGen = (gen: (r: Rand) => string, valid: (s: string) => boolean) =>
  fc.integer({ min: 1, max: 2 ** 31 - 1 }).map((seed) => {
    const r = rng(seed);
    for (;;) {
      const v = gen(r);
      if (valid(v)) return v;
    }
  });

const cases: Array<[string, VersionScheme, (r: Rand) => string]> = [
  ['semver', getScheme('semver'), semverVersion],
  ['semver+labels', getScheme('semver', { prereleaseLabels: ['alpha', 'beta', 'rc'] }), semverVersion],
  ['pep440', getScheme('pep440'), pep440Version],
  ['rpm', getScheme('rpm'), rpmEvr],
  ['deb', getScheme('deb'), debVersion],
];

const opts = { seed: 20260, numRuns: 1500 };

describe.each(cases)('%s order laws', (_name, scheme, gen) => {
  const v = fromGen(gen, (s) => scheme.validate(s) === null);

  it('is reflexive and antisymmetric', () => {
    fc.assert(
      fc.property(v, v, (a, b) => {
        expect(scheme.compare(a, a)).toBe(0);
        expect(scheme.compare(a, b)).toBe(-scheme.compare(b, a) || 0);
      }),
      opts,
    );
  });

  it('is transitive (including through equality)', () => {
    fc.assert(
      fc.property(v, v, v, (a, b, c) => {
        const [x, y, z] = scheme.sort([a, b, c]) as [string, string, string];
        expect(scheme.compare(x, y)).toBeLessThanOrEqual(0);
        expect(scheme.compare(y, z)).toBeLessThanOrEqual(0);
        expect(scheme.compare(x, z)).toBeLessThanOrEqual(0);
        if (scheme.compare(a, b) === 0 && scheme.compare(b, c) === 0) expect(scheme.compare(a, c)).toBe(0);
      }),
      opts,
    );
  });

  it('is total: every pair compares as exactly one of -1, 0, 1', () => {
    fc.assert(
      fc.property(v, v, (a, b) => {
        expect([-1, 0, 1]).toContain(scheme.compare(a, b));
      }),
      opts,
    );
  });

  it('sorts into non-decreasing order, keeps equal versions in input order, reverse mirrors it', () => {
    fc.assert(
      fc.property(fc.array(v, { maxLength: 40 }), (list) => {
        const sorted = scheme.sort(list);
        expect([...sorted].sort()).toEqual([...list].sort());
        for (let i = 1; i < sorted.length; i++) expect(scheme.compare(sorted[i - 1] as string, sorted[i] as string)).toBeLessThanOrEqual(0);
        // Stability: among versions that compare equal, input order is kept (tag each by index).
        const tagged = list.map((s, i) => ({ s, i }));
        const pos = (xs: string[]) => {
          const used = new Set<number>();
          return xs.map((s) => {
            const t = tagged.find((x) => x.s === s && !used.has(x.i)) as { i: number };
            used.add(t.i);
            return t.i;
          });
        };
        const check = (xs: string[]) => {
          const idx = pos(xs);
          for (let i = 1; i < xs.length; i++) {
            if (scheme.compare(xs[i - 1] as string, xs[i] as string) === 0 && xs[i - 1] !== xs[i])
              expect(idx[i - 1]).toBeLessThan(idx[i] as number);
          }
        };
        check(sorted);
        const rev = scheme.sort(list, { reverse: true });
        for (let i = 1; i < rev.length; i++) expect(scheme.compare(rev[i - 1] as string, rev[i] as string)).toBeGreaterThanOrEqual(0);
        check(rev);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('parse/print round trip: the normal form parses to an equal version and is a fixed point', () => {
    fc.assert(
      fc.property(v, (a) => {
        const n = scheme.normalize(a);
        expect(scheme.normalize(n)).toBe(n);
        expect(scheme.compare(a, n)).toBe(0);
        expect(scheme.parse(a).raw).toBe(a);
      }),
      opts,
    );
  });
});
