/** The classifier of change kinds under the policy's rules (core/changes/classify.ts), its globs and its checks. Pure. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_CHANGE_RULES,
  classifyCommit,
  compileChangeRules,
  explainKind,
  formatExplanation,
  globProblem,
  globToRegExp,
  kindByPaths,
  kindNeedsPaths,
  pendingKindOf,
  securityIds,
  settleByPaths,
  type ChangeRuleInput,
} from '../../src/core/changes/index.js';
import { checkPolicy, loadPolicy } from '../../src/core/policy/load.js';

const kindOf = (message: string, paths: string[] | null = ['src/app.c'], rules = compileChangeRules()) =>
  classifyCommit({ message, paths }, rules).kind;
const ruled = (...rules: ChangeRuleInput[]) => compileChangeRules({ rules });

describe('globs (.gitignore style)', () => {
  it.each([
    ['*.md', 'README.md', true],
    ['*.md', 'docs/guide/intro.md', true],
    ['docs/', 'docs/a/b.txt', true],
    ['docs/', 'src/docs/a.txt', true],
    ['/docs/', 'src/docs/a.txt', false],
    ['docs/**', 'docs/a/b.txt', true],
    ['docs/**', 'src/docs/a.txt', false],
    ['src/**/test/*.c', 'src/test/a.c', true],
    ['src/**/test/*.c', 'src/x/y/test/a.c', true],
    ['src/**/test/*.c', 'src/x/test/sub/a.c', false],
    ['*.{c,h}', 'lib/x.h', true],
    ['[!a]*.txt', 'b.txt', true],
    ['[!a]*.txt', 'a.txt', false],
    ['src/crypto/', 'src/crypto/aes/gcm.c', true],
    ['test_*.py', 'pkg/tests/test_x.py', true],
    ['?.c', 'ab.c', false],
  ])('%s matches %s: %s', (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });

  it('says why a glob cannot be used', () => {
    expect(globProblem('docs/[ab')).toMatch(/'\[' is not closed/);
    expect(globProblem('{a,{b,c}}')).toMatch(/inside/);
    expect(globProblem('{a,b')).toMatch(/'\{' is not closed/);
    expect(globProblem('')).toMatch(/empty/);
    expect(globProblem('docs/**/*.md')).toBeNull();
  });
});

describe('the built-in rules (a history without conventional commits)', () => {
  it.each([
    ['Fixed lint', 'other'],
    ['Fixed lint/typo/test', 'other'],
    ['Fix typo in README', 'other'],
    ['Fix the failing unit tests', 'other'],
    ['fix(ci): cache the wheels', 'other'],
    ['Fix CI', 'other'],
    ['Bump version to 0.5.1', 'other'],
    ['box: fix typo in a comment', 'other'],
    ['Fixed CVE in LiteLLM', 'security'],
    ['fix(deps): address critical and high vulnerabilities', 'security'],
    ['LCORE-1435: Vulnerabilities found in Konflux pipeline', 'security'],
    ['LCORE-2631: Generate HTML page with vulnerability report', 'other'],
    ['Vulnerability report script: processing part', 'other'],
    ['Add a CVE scanner to the nightly job', 'other'],
    ['Fix the vulnerability scanning of images', 'bugfix'],
    ['Fix CVE reported in urllib3', 'security'],
    ['Fixed crash when the config is empty', 'bugfix'],
    ['box: fix crash on empty space', 'bugfix'],
    ['Fix circular import', 'bugfix'],
    ['Fix docker build args', 'bugfix'],
    ['feat: export to CSV', 'feature'],
    ['Add the export command', 'other'],
    ['test: fix the flaky applier test', 'other'],
  ])('%s → %s', (subject, kind) => {
    expect(kindOf(subject)).toBe(kind);
  });

  it('a change touching only docs, tests or CI is other, whatever its message says', () => {
    expect(kindOf('fix: crash on start', ['docs/install.md', 'README.md'])).toBe('other');
    expect(kindOf('fix: crash on start', ['tests/test_app.py', '.github/workflows/ci.yml'])).toBe('other');
    expect(kindOf('fix: crash on start', ['docs/install.md', 'src/app.py'])).toBe('bugfix');
    expect(kindOf('feat: new page', ['docs/new.md'])).toBe('other');
  });

  it('turned off, the message alone decides again', () => {
    const off = compileChangeRules({ defaults: false });
    expect(kindOf('Fixed typo', null, off)).toBe('bugfix');
    expect(kindOf('fix: crash on start', ['docs/install.md'], off)).toBe('bugfix');
    expect(kindOf('Fixed CVE in LiteLLM', null, off)).toBe('bugfix');
    expect(off.fingerprint).not.toBe(compileChangeRules().fingerprint);
  });
});

describe('security', () => {
  it('CVE and GHSA ids anywhere in the message, before the built-in rules', () => {
    const body = classifyCommit({ message: 'Harden parsing\n\nThis closes cve-2026-31337 reported by X.\n', paths: ['src/p.c'] });
    expect(body).toMatchObject({ kind: 'security', reason: { signal: 'security-id', rule: null, matched: ['CVE-2026-31337'] } });
    expect(kindOf('Bump urllib3\n\nSee GHSA-9WX4-h78v-vm56.', ['requirements.txt'])).toBe('security');
    // A CVE named in a "Fix test" commit is still a security fix; a malformed id is not an id.
    expect(kindOf('Fix test for CVE-2024-12345', ['tests/t.py'])).toBe('security');
    expect(kindOf('box: add a feature\n\nCVE: CVE-2026-1\n')).toBe('other');
    expect(securityIds('CVE-2024-0001 and GHSA-AAAA-bbbb-cccc, again cve-2024-0001')).toEqual(['CVE-2024-0001', 'GHSA-aaaa-bbbb-cccc']);
  });

  it('the policy adds patterns, matched anywhere in the message', () => {
    const rules = compileChangeRules({ security: { patterns: ['^Security-Impact: (high|critical)$'] } });
    const c = classifyCommit({ message: 'Tighten checks\n\nSecurity-Impact: high\n', paths: ['src/a.c'] }, rules);
    expect(c).toMatchObject({ kind: 'security', reason: { signal: 'security-pattern', rule: 'changes.security.patterns[0]' } });
  });
});

describe('the policy rules', () => {
  it('are tried in order before everything else; every condition of a rule must hold', () => {
    const rules = ruled(
      { kind: 'other', subject: '^wip' },
      { kind: 'security', anyPaths: ['src/crypto/'], excludePaths: ['**/*_test.c'] },
      { kind: 'bugfix', types: ['perf'], scopes: ['db'] },
      { kind: 'feature', body: '^Feature-Flag: ' },
      { kind: 'bugfix', paths: ['docs/api/'] },
    );
    expect(kindOf('WIP: Fix CVE-2026-12345', null, rules)).toBe('other');
    expect(kindOf('Rotate keys', ['src/crypto/keys.c', 'README.md'], rules)).toBe('security');
    expect(kindOf('Rotate keys', ['src/crypto/keys_test.c'], rules)).toBe('other');
    expect(kindOf('perf(db): faster joins', null, rules)).toBe('bugfix');
    expect(kindOf('perf(api): faster', null, rules)).toBe('other');
    expect(kindOf('Dark mode\n\nFeature-Flag: dark\n', null, rules)).toBe('feature');
    // A rule overrides a built-in one: generated API docs are fixes here.
    expect(kindOf('Fix typo in the API reference', ['docs/api/ref.md'], rules)).toBe('bugfix');
    expect(kindOf('Fix typo in the guide', ['docs/guide.md'], rules)).toBe('other');
  });

  it('explain: the decision and each rule tried before it with why it did not hold', () => {
    const rules = ruled({ kind: 'security', anyPaths: ['src/crypto/'] }, { kind: 'bugfix', types: ['perf'] });
    const e = explainKind({ message: 'fix: typo in docs', paths: ['docs/a.md'] }, rules);
    expect(e.decision).toEqual({ kind: 'other', reason: { signal: 'default-rule', rule: 'docs-tests-ci-paths', matched: ['docs/a.md'] } });
    expect(e.checked).toEqual([
      { rule: 'changes.rules[0]', kind: 'security', conditions: 'anyPaths: src/crypto/', why: 'no changed path matches anyPaths' },
      { rule: 'changes.rules[1]', kind: 'bugfix', conditions: 'types: perf', why: "type 'fix' is not listed" },
    ]);
    const text = formatExplanation({
      commit: 'abc',
      subject: 'Add the export command',
      kind: 'other',
      reason: { signal: 'none', rule: null, matched: [] },
      checked: [],
      paths: [],
      conventional: null,
      securityIds: [],
      defaults: false,
    });
    expect(text).toBe(
      [
        'commit          abc',
        'subject         Add the export command',
        'kind            other',
        'decided by      no rule holds, and the message names no security id and says neither feature nor fix',
        'paths           (none)',
        'built-in rules  off (changes.defaults: false)',
        '',
      ].join('\n'),
    );
  });
});

describe('kinds the paths decide, settled once they are read', () => {
  it('without paths: the kind if no rule on paths holds, and the rules whose paths would decide', () => {
    const rules = ruled({ kind: 'security', anyPaths: ['src/crypto/'] });
    const c = classifyCommit({ message: 'fix: crash', paths: null }, rules);
    expect(c.kind).toBe('bugfix');
    expect(c.byPaths.map((r) => r.ref)).toEqual(['changes.rules[0]', 'docs-tests-ci-paths']);
    expect(kindNeedsPaths(c)).toBe(true);
    expect(settleByPaths(c, ['src/crypto/a.c']).kind).toBe('security');
    expect(settleByPaths(c, ['docs/a.md']).reason.rule).toBe('docs-tests-ci-paths');
    expect(settleByPaths(c, ['src/a.c'])).toEqual({ kind: 'bugfix', reason: c.reason });
    // What a long run keeps: one shared object per outcome, no message text.
    const p = pendingKindOf(c);
    expect(p).toBe(pendingKindOf(classifyCommit({ message: 'fix: another crash', paths: null }, rules)));
    expect(kindByPaths(p!, ['src/crypto/a.c'])).toBe('security');
    expect(kindByPaths(p!, [])).toBe('bugfix');
  });

  it('an other change needs no paths when every rule on paths would say other too', () => {
    const c = classifyCommit({ message: 'Add the export command', paths: null });
    expect(c.byPaths.map((r) => r.ref)).toEqual(['docs-tests-ci-paths']);
    expect(kindNeedsPaths(c)).toBe(false);
    expect(pendingKindOf(c)).toBeNull();
  });
});

describe('the changes section of the policy', () => {
  it('defaults to the built-in rules', () => {
    expect(loadPolicy('branches:\n  main: main\n').changes).toEqual({ defaults: true, rules: [], security: { patterns: [] } });
  });

  it('reports bad globs, bad regular expressions and rules without a condition, located', () => {
    const text = [
      'changes:',
      '  rules:',
      '    - kind: other',
      "      paths: ['docs/[ab']",
      "      subject: '(unclosed'",
      '    - kind: bugfix',
      '    - kind: security',
      '      excludePaths: [vendor/]',
      '      body: ok',
      '  security:',
      "    patterns: ['a)']",
      '',
    ].join('\n');
    const problems = checkPolicy(text).problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`);
    expect(problems).toEqual([
      "4:15 changes.rules[0].paths[0]: bad glob: 'docs/[ab': '[' is not closed",
      expect.stringMatching(/^5:16 changes\.rules\[0\]\.subject: not a regular expression: /),
      '6:7 changes.rules[1]: a change rule needs a condition (paths, anyPaths, subject, body, types, scopes); without one it would give every change the kind bugfix',
      '8:7 changes.rules[2].excludePaths: excludePaths only narrows paths or anyPaths: give one of them too',
      expect.stringMatching(/^11:16 changes\.security\.patterns\[0\]: not a regular expression: /),
    ]);
    expect(checkPolicy('changes:\n  rules:\n    - kind: nope\n      subject: x\n').problems[0]?.message).toMatch(
      /must be one of feature, bugfix, security, other/,
    );
  });
});

describe('docs/policy.md', () => {
  it('lists every built-in rule and every path of the docs/tests/CI rule', () => {
    const doc = readFileSync(new URL('../../docs/policy.md', import.meta.url), 'utf8');
    for (const rule of BUILT_IN_CHANGE_RULES) {
      expect(doc).toContain(`| \`${rule.name}\` | ${rule.kind} |`);
      for (const glob of rule.paths ?? []) expect([rule.name, doc.includes(`\`${glob}\``)]).toEqual([rule.name, true]);
      for (const scope of rule.scopes ?? []) expect(doc).toContain(`\`${scope}\``);
    }
  });
});
