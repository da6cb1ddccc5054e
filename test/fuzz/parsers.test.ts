/**
 * Fuzzing with fast-check (seeded, so a failure replays; a few seconds in all) of everything that
 * reads text a user, a policy, a tag or a commit message supplies: the policy loader, the version
 * schemes, `git describe` output, trailers and pull-request references, branch templates. The
 * properties: no exception other than a TrellisError (which the CLI prints as one line, never a
 * stack trace), each call well under 2 s, and invalid policies rejected with file:line:col.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pullRequestOfMessage } from '../../src/core/coverage/commit-facts.js';
import { parseTrailers } from '../../src/core/changes/trailers.js';
import { TrellisError } from '../../src/core/errors.js';
import { checkPolicy, loadPolicy } from '../../src/core/policy/load.js';
import { matchTemplate, parseTemplate, renderTemplate } from '../../src/core/policy/template.js';
import { tryParseDescribe, parseDescribe } from '../../src/core/version/describe.js';
import { getScheme } from '../../src/core/version/schemes.js';
import { SCHEME_NAMES } from '../../src/core/version/types.js';
import { cherryPickedFrom } from '../../src/git/message.js';

const SEED = 20261206;
const RUNS = 300;

/** Runs `f`; passes when it returns or throws a TrellisError, within 2 s. */
function total(f: () => unknown): void {
  const t0 = performance.now();
  try {
    f();
  } catch (e) {
    // Control characters a message quotes are escaped by the CLI when it prints (see cli/output).
    if (!(e instanceof TrellisError)) throw e;
  }
  expect(performance.now() - t0).toBeLessThan(2000);
}

/** Text with the characters that matter to these parsers over-represented. */
const text = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: fc.constantFrom(...'0123456789.-+~^_:vVrcdevpostalphabeta!{}[]()*&|#@ \n\t"\'<>%/'), maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

/** YAML-shaped policy text: known keys and values, mutated. */
const policyText = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'versioning',
        'branches',
        'support',
        'cadence',
        'release',
        'backport',
        'changes',
        'flow',
        'phases',
        'x',
        '<<',
        '1.10',
      ),
      fc.oneof(
        text,
        fc.constantFrom(
          '{ scheme: semver }',
          '{ main: main, release: "release-{major}.{minor}" }',
          '{ bugfix: 9999 years }',
          '{ maintained: .inf }',
          '{ lines: { "1.0": { support: full } } }',
          '&a [*a]',
          '*b',
          '[1, 2, {a: b}]',
          '!!binary aGVsbG8=',
          '"\\u0000"',
          '{ minimal: 1 month, security: 99999999999999999999 years }',
        ),
      ),
    ),
    { maxLength: 6 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${k}: ${v}`).join('\n'));

describe('fuzz: the policy loader', () => {
  it('returns a policy or located problems; loadPolicy throws only PolicyError with file:line:col', () => {
    fc.assert(
      fc.property(fc.oneof(policyText, text), (t) => {
        total(() => {
          const r = checkPolicy(t, 'p.yml');
          if (!r.policy) {
            expect(r.problems.length).toBeGreaterThan(0);
            for (const p of r.problems) expect(p.line).toBeGreaterThanOrEqual(1);
          }
        });
        try {
          loadPolicy(t, 'p.yml');
        } catch (e) {
          expect(e).toBeInstanceOf(TrellisError);
          expect((e as TrellisError).exitCode).toBe(2);
          expect((e as TrellisError).message).toMatch(/^p\.yml:\d+:\d+: /);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('fuzz: version schemes', () => {
  for (const name of SCHEME_NAMES) {
    it(`${name}: parse, validate, normalize and compare never crash`, () => {
      const scheme = getScheme(name);
      fc.assert(
        fc.property(text, text, (a, b) => {
          total(() => scheme.parse(a));
          total(() => scheme.validate(a));
          total(() => scheme.normalize(a));
          total(() => scheme.compare(a, b));
          // tryParse agrees with validate
          expect(scheme.tryParse(a) === null).toBe(scheme.validate(a) !== null);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });
  }
});

describe('fuzz: describe output, trailers, PR references, templates', () => {
  it('git describe output', () => {
    const describeLike = fc
      .tuple(text, fc.nat(100000), fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), maxLength: 41 }), fc.boolean())
      .map(([tag, n, hex, dirty]) => `${tag}-${n}-g${hex}${dirty ? '-dirty' : ''}`);
    fc.assert(
      fc.property(fc.oneof(describeLike, text), (raw) => {
        total(() => tryParseDescribe(raw));
        total(() => parseDescribe(raw));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('trailers, cherry-pick lines and pull-request references', () => {
    const message = fc
      .tuple(text, fc.array(fc.tuple(fc.constantFrom('Signed-off-by', 'Fixes', 'CVE', 'Backport-of', 'X'), text), { maxLength: 4 }), text)
      .map(
        ([subject, trailers, tail]) =>
          `${subject}\n\n${tail}\n\n${trailers.map(([k, v]) => `${k}: ${v}`).join('\n')}\n(cherry picked from commit ${tail})`,
      );
    fc.assert(
      fc.property(fc.oneof(message, text), (m) => {
        total(() => parseTrailers(m));
        total(() => cherryPickedFrom(m));
        total(() => {
          const pr = pullRequestOfMessage(m);
          if (pr !== null) expect(Number.isSafeInteger(pr) && pr > 0).toBe(true);
        });
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('branch templates: parse, render, match', () => {
    fc.assert(
      fc.property(
        fc.oneof(text, fc.constantFrom('release-{major}.{minor}.x', '{major}.{minor}', 'v{version}', '{nope}', '{{major}}')),
        text,
        (t, name) => {
          total(() => {
            const tpl = parseTemplate(t);
            total(() => renderTemplate(tpl, { major: '1', minor: '2', patch: '3', version: '1.2.3' } as never));
            total(() => matchTemplate(tpl, name));
          });
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
