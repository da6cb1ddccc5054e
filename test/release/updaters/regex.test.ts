import { describe, expect, it } from 'vitest';
import { readVersionFile, updateVersionFile, type VersionFileSpec } from '../../../src/core/release/updaters/index.js';
import { changedLines, crlf, fixture, lineOf, replaceOnce, trellisError } from './helpers.js';

const regex = (extra: Partial<VersionFileSpec> = {}): VersionFileSpec => ({ path: 'src/_version.py', kind: 'regex', ...extra });

describe('regex updater with a marker', () => {
  it('bumps the marked line of a Python _version.py and nothing else', () => {
    const before = fixture('python/_version.py');
    const out = updateVersionFile(before, regex({ marker: 'trellis:version' }), '0.4.6');
    expect(out.text).toBe(
      replaceOnce(before, '__version__ = version = "0.4.5"  # trellis:version', '__version__ = version = "0.4.6"  # trellis:version'),
    );
    expect(out.changes).toEqual([
      {
        line: lineOf(before, 'trellis:version'),
        before: '__version__ = version = "0.4.5"  # trellis:version',
        after: '__version__ = version = "0.4.6"  # trellis:version',
        oldValue: '0.4.5',
        newValue: '0.4.6',
      },
    ]);
  });

  it('uses the trellis:version marker when the spec names neither marker nor pattern', () => {
    const before = fixture('python/_version.py');
    expect(readVersionFile(before, regex())).toEqual([{ line: lineOf(before, 'trellis:version'), value: '0.4.5' }]);
    expect(updateVersionFile(before, regex(), '0.5.0rc1').changes[0]?.after).toBe('__version__ = version = "0.5.0rc1"  # trellis:version');
  });

  it('bumps a C #define and a marked block, leaving other versions on those lines alone', () => {
    const before = fixture('c/version.h');
    const out = updateVersionFile(before, { path: 'version.h', kind: 'regex', marker: 'trellis:version' }, '1.3.0');
    let expected = replaceOnce(before, '#define APP_VERSION "1.2.3"', '#define APP_VERSION "1.3.0"');
    expected = replaceOnce(expected, '"trellis-demo/1.2.3 (protocol 2.0.0)"', '"trellis-demo/1.3.0 (protocol 2.0.0)"');
    expect(out.text).toBe(expected);
    expect(out.occurrences).toBe(2);
    expect(changedLines(before, out.text)).toEqual([lineOf(before, '#define APP_VERSION "'), lineOf(before, 'app_user_agent')]);
  });

  it('takes a custom marker and pattern, and keeps CRLF', () => {
    const text = crlf('VERSION=1.2.3 # x-release-please-version\nOTHER=1.2.3\n');
    const spec = regex({ path: 'build.sh', marker: 'x-release-please-version', pattern: '^VERSION=(\\S+)' });
    const out = updateVersionFile(text, spec, '1.2.4');
    expect(out.text).toBe('VERSION=1.2.4 # x-release-please-version\r\nOTHER=1.2.3\r\n');
    expect(out.changes[0]?.before).toBe('VERSION=1.2.3 # x-release-please-version');
  });

  it('refuses a missing marker, a marked line without a version, and unbalanced blocks', () => {
    const missing = trellisError(() => updateVersionFile('__version__ = "1.0"\n', regex(), '2'));
    expect(missing.code).toBe('not-found');
    expect(missing.exitCode).toBe(2);
    expect(missing.message).toBe('src/_version.py: marker trellis:version not found');
    expect(trellisError(() => updateVersionFile('x = "dev"  # trellis:version\n', regex(), '2')).message).toMatch(
      /on line 1, which carries the marker trellis:version not found$/,
    );
    expect(trellisError(() => updateVersionFile('# trellis:version-start\n"1.0.0"\n', regex(), '2')).message).toMatch(
      /has no trellis:version-end/,
    );
    expect(trellisError(() => updateVersionFile('# trellis:version-start\n# trellis:version-end\n', regex(), '2')).code).toBe('not-found');
  });
});

describe('regex updater without a marker', () => {
  const py = 'VERSION = "1.0.0"\nMIN = "0.9.0"\n';

  it('needs exactly one match', () => {
    const out = updateVersionFile(py, regex({ pattern: '^VERSION = "([^"]+)"' }), '1.1.0');
    expect(out.text).toBe('VERSION = "1.1.0"\nMIN = "0.9.0"\n');
    const none = trellisError(() => updateVersionFile(py, regex({ pattern: '^RELEASE = "([^"]+)"' }), '1'));
    expect(none.code).toBe('not-found');
    expect(none.message).toBe('src/_version.py: pattern /^RELEASE = "([^"]+)"/ (0 matches) not found');
    const two = trellisError(() => updateVersionFile(py, regex({ pattern: '"([0-9.]+)"' }), '1'));
    expect(two.message).toBe(
      'src/_version.py: pattern /"([0-9.]+)"/ matched 2 times (lines 1, 2); it must match exactly once, or use a marker',
    );
    expect(two.exitCode).toBe(2);
  });

  it('accepts a named version group among other groups', () => {
    const out = updateVersionFile(py, regex({ pattern: '^(VERSION) = "(?<version>[^"]+)"' }), '2.0.0');
    expect(out.text).toBe('VERSION = "2.0.0"\nMIN = "0.9.0"\n');
  });

  it('refuses invalid patterns and patterns with the wrong number of groups', () => {
    expect(trellisError(() => updateVersionFile(py, regex({ pattern: '(' }), '1')).message).toMatch(
      /^src\/_version\.py: invalid pattern \/\(\/: /,
    );
    expect(trellisError(() => updateVersionFile(py, regex({ pattern: 'VERSION' }), '1')).message).toMatch(/has 0 capture groups/);
    expect(trellisError(() => updateVersionFile(py, regex({ pattern: '(V)(E)' }), '1')).message).toMatch(/has 2 capture groups/);
    expect(trellisError(() => updateVersionFile(py, regex({ pattern: '"([0-9.]+)"\\n(MIN)' }), '1')).message).toMatch(
      /has 2 capture groups/,
    );
    expect(trellisError(() => updateVersionFile(py, regex({ pattern: '("1.0.0"\\nMIN)' }), '1')).message).toMatch(/across a line break/);
  });
});

describe('regex updater safety', () => {
  it('refuses a pattern that would not read the new value back whole', () => {
    const text = 'VERSION = "1.0.0"\n';
    const err = trellisError(() => updateVersionFile(text, regex({ pattern: 'VERSION = "(\\d+\\.\\d+\\.\\d+)' }), '1.1.0.dev0'));
    expect(err.code).toBe('policy');
    expect(err.message).toBe(
      'src/_version.py: after writing "1.1.0.dev0" the pattern /VERSION = "(\\d+\\.\\d+\\.\\d+)/ reads back as "1.1.0"; the pattern must capture the whole version',
    );
  });

  it('the default pattern covers PEP 440 and SemVer suffixes', () => {
    for (const v of ['0.4.6.dev0', '0.5.0rc1', '1.2.3-rc.1+build.5', '2.0.0.post1', '3.0.0-alpha1', '1.2']) {
      const out = updateVersionFile('V = "0.0.1"  # trellis:version\n', regex(), v);
      expect(out.text).toBe(`V = "${v}"  # trellis:version\n`);
    }
  });
});
