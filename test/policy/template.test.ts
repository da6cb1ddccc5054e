import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TemplateError,
  didYouMean,
  matchTemplate,
  parseTemplate,
  renderTemplate,
  templateRefNameProblem,
} from '../../src/core/policy/template.js';

describe('templates', () => {
  it.each([
    ['v{major}.{minor}-{codename}', { major: '1', minor: '4', codename: 'andium' }, 'v1.4-andium'],
    ['release/{major}.{minor}.{patch}', { major: '0', minor: '6', patch: '0' }, 'release/0.6.0'],
    ['release-{major}.{minor}.x', { major: '0', minor: '4' }, 'release-0.4.x'],
    ['{major}.{minor}', { major: '3', minor: '10' }, '3.10'],
    ['v{version}', { version: '0.4.0rc1' }, 'v0.4.0rc1'],
    ['{version}', { version: '3.0.0-alpha1' }, '3.0.0-alpha1'],
    ['backport/{line}/{sha}', { line: '0.5', sha: 'abc1234' }, 'backport/0.5/abc1234'],
    ['backport/{branch}/{sha}', { branch: 'release/3.2', sha: 'abc1234' }, 'backport/release/3.2/abc1234'],
    ['{major}.{minor}.0-entrypoint', { major: '3', minor: '2' }, '3.2.0-entrypoint'],
  ])('%s renders and matches back (round trip)', (source, values, name) => {
    expect(renderTemplate(source, values)).toBe(name);
    expect(matchTemplate(source, name)).toEqual(values);
  });

  it('does not match names of another shape', () => {
    expect(matchTemplate('release-{major}.{minor}.x', 'release-0.4.5')).toBeNull();
    expect(matchTemplate('release-{major}.{minor}.x', 'release-0x4.x')).toBeNull();
    expect(matchTemplate('{major}.{minor}', 'master')).toBeNull();
    expect(matchTemplate('{major}.{minor}', '3.1.2')).toBeNull();
    expect(matchTemplate('release/{major}.{minor}.{patch}', 'release/1.2')).toBeNull();
    expect(matchTemplate('release/{major}.{minor}', 'release/1.2.3')).toBeNull();
    expect(matchTemplate('v{major}.{minor}-{codename}', 'v1.4')).toBeNull();
    expect(matchTemplate('v{version}', '1.2.3')).toBeNull();
  });

  it('escapes literal regex characters', () => {
    expect(matchTemplate('rel+{major}.{minor}', 'rel+1.2')).toEqual({ major: '1', minor: '2' });
    expect(matchTemplate('rel+{major}.{minor}', 'rell1x2')).toBeNull();
  });

  it('a repeated placeholder must repeat the same text', () => {
    expect(matchTemplate('{major}.x/{major}', '2.x/2')).toEqual({ major: '2' });
    expect(matchTemplate('{major}.x/{major}', '2.x/3')).toBeNull();
  });

  it('round-trips every release branch template for any numbers (property)', () => {
    const templates = ['v{major}.{minor}-{codename}', 'release/{major}.{minor}.{patch}', 'release-{major}.{minor}.x', '{major}.{minor}'];
    const num = fc.nat({ max: 10_000 }).map(String);
    const codename = fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/);
    fc.assert(
      fc.property(fc.constantFrom(...templates), num, num, num, codename, (t, major, minor, patch, cn) => {
        const values = { major, minor, patch, codename: cn };
        const name = renderTemplate(t, values);
        const back = matchTemplate(t, name)!;
        for (const p of parseTemplate(t).placeholders) expect(back[p]).toBe(values[p as keyof typeof values]);
      }),
    );
  });

  it('rejects unknown placeholders with a suggestion and the offset', () => {
    try {
      parseTemplate('v{vesion}', 'tag');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TemplateError);
      expect((e as TemplateError).message).toBe(
        "unknown placeholder {vesion} in template 'v{vesion}' (did you mean {version}?); known: {version}",
      );
      expect((e as TemplateError).offset).toBe(1);
    }
  });

  it('rejects placeholders that a role does not allow', () => {
    expect(() => parseTemplate('hotfix/{sha}', 'hotfixBranch')).toThrow(
      "placeholder {sha} cannot be used in template 'hotfix/{sha}'; allowed here: {version}, {major}, {minor}, {patch}, {line}",
    );
  });

  it('rejects broken braces', () => {
    expect(() => parseTemplate('v{version')).toThrow("unclosed '{' in template 'v{version'");
    expect(() => parseTemplate('v{}')).toThrow("empty placeholder '{}' in template 'v{}'");
    expect(() => parseTemplate('v}')).toThrow("'}' without '{' in template 'v}'");
  });

  it('needs a value for each placeholder when rendering', () => {
    expect(() => renderTemplate('v{major}.{minor}-{codename}', { major: 1, minor: 4 })).toThrow(
      "template 'v{major}.{minor}-{codename}' needs a value for {codename}",
    );
  });

  it('checks that rendered names are legal git ref names', () => {
    expect(templateRefNameProblem('release/{major}.{minor}')).toBeNull();
    expect(templateRefNameProblem('release {major}.{minor}')).toBe(
      "template 'release {major}.{minor}' gives ref names like 'release 1.2', which git rejects: it contains a space",
    );
    expect(templateRefNameProblem('-{version}')).toMatch(/starts with '-'/);
    expect(templateRefNameProblem('{version}.lock')).toMatch(/ends with '.lock'/);
  });

  it('suggests close words only', () => {
    expect(didYouMean('mantained', ['maintained', 'bugfix'])).toBe('maintained');
    expect(didYouMean('Security', ['security'])).toBe('security');
    expect(didYouMean('zzz', ['maintained', 'bugfix'])).toBeUndefined();
  });
});
