import { describe, expect, it } from 'vitest';
import { readVersionFile, updateVersionFile, type VersionFileSpec } from '../../../src/core/release/updaters/index.js';
import { changedLines, crlf, fixture, lineOf, replaceOnce, trellisError } from './helpers.js';

const yaml = (key: string): VersionFileSpec => ({ path: 'Chart.yaml', kind: 'yaml', key });

describe('yaml updater on a Helm Chart.yaml', () => {
  const before = fixture('helm/Chart.yaml');

  it('bumps version (plain, with a trailing comment) and appVersion (double-quoted)', () => {
    const v = updateVersionFile(before, yaml('version'), '0.4.5');
    const both = updateVersionFile(v.text, yaml('appVersion'), '0.4.5');
    let expected = replaceOnce(before, 'version: 0.4.4   # bumped with every release', 'version: 0.4.5   # bumped with every release');
    expected = replaceOnce(expected, 'appVersion: "0.4.4"', 'appVersion: "0.4.5"');
    expect(both.text).toBe(expected);
    expect(changedLines(before, both.text)).toEqual([lineOf(before, 'version: 0.4.4'), lineOf(before, 'appVersion:')]);
    expect(v.changes).toEqual([
      {
        line: lineOf(before, 'version: 0.4.4'),
        before: 'version: 0.4.4   # bumped with every release',
        after: 'version: 0.4.5   # bumped with every release',
        oldValue: '0.4.4',
        newValue: '0.4.5',
      },
    ]);
  });

  it('keeps single quotes inside sequences, and leaves the block scalar mentioning 0.4.4 alone', () => {
    const out = updateVersionFile(before, yaml('dependencies[0].version'), '16.8.0');
    expect(out.text).toBe(replaceOnce(before, "version: '16.7.4'", "version: '16.8.0'"));
    expect(out.text).toContain('description: bump to 0.4.4');
  });

  it('reads values, is idempotent, and keeps CRLF', () => {
    expect(readVersionFile(before, yaml('appVersion'))).toEqual([{ line: lineOf(before, 'appVersion:'), value: '0.4.4' }]);
    const text = crlf(before);
    const out = updateVersionFile(text, yaml('version'), '0.4.5');
    expect(out.text).toBe(crlf(updateVersionFile(before, yaml('version'), '0.4.5').text));
    expect(updateVersionFile(out.text, yaml('version'), '0.4.5').changes).toEqual([]);
  });

  it('quotes a plain value only when the new text would otherwise stop being a string', () => {
    expect(updateVersionFile('appVersion: v1.0\n', yaml('appVersion'), '1.1').text).toBe('appVersion: "1.1"\n');
    expect(updateVersionFile('appVersion: v1.0\n', yaml('appVersion'), 'v1.1').text).toBe('appVersion: v1.1\n');
    // a value that already was a number stays plain: the file's author chose that
    expect(updateVersionFile('build: 1.2\n', yaml('build'), '1.3').text).toBe('build: 1.3\n');
    expect(updateVersionFile("v: 'it''s'\n", yaml('v'), "it's 2").text).toBe("v: 'it''s 2'\n");
  });

  it('refuses missing keys, mappings, aliases and block scalars', () => {
    const missing = trellisError(() => updateVersionFile(before, yaml('kubeVersion'), '1'));
    expect(missing.code).toBe('not-found');
    expect(missing.exitCode).toBe(2);
    expect(missing.message).toBe('Chart.yaml: key kubeVersion not found');
    expect(trellisError(() => updateVersionFile(before, yaml('maintainers'), '1')).message).toBe(
      'Chart.yaml: key maintainers is a sequence, not a scalar',
    );
    expect(trellisError(() => updateVersionFile('a: &v 1.0.0\nb: *v\n', yaml('b'), '1')).message).toMatch(/is an alias/);
    expect(trellisError(() => updateVersionFile('v: |\n  1.0.0\n', yaml('v'), '1')).message).toMatch(/block scalar/);
    expect(trellisError(() => updateVersionFile('a: [1\n', yaml('a'), '1')).code).toBe('bad-input');
  });
});
