import { describe, expect, it } from 'vitest';
import { readVersionFile, updateVersionFile, type VersionFileSpec } from '../../../src/core/release/updaters/index.js';
import { changedLines, crlf, fixture, lineOf, replaceOnce, trellisError } from './helpers.js';

const PKG = 'llama-stack/src/llama_stack_ui/package.json';
const LOCK = 'llama-stack/src/llama_stack_ui/package-lock.json';
const json = (key: string, path = 'package.json'): VersionFileSpec => ({ path, kind: 'json', key });

describe('json updater on package.json and package-lock.json (v3)', () => {
  it('bumps version in package.json, nothing else', () => {
    const before = fixture(PKG);
    const out = updateVersionFile(before, json('version'), '0.4.5');
    expect(out.text).toBe(replaceOnce(before, '"version": "0.4.4"', '"version": "0.4.5"'));
    expect(out.changes).toEqual([
      { line: 3, before: '  "version": "0.4.4",', after: '  "version": "0.4.5",', oldValue: '0.4.4', newValue: '0.4.5' },
    ]);
  });

  it('bumps the lock\'s version and packages."".version, leaving the resolved dependency alone', () => {
    const before = fixture(LOCK);
    const top = updateVersionFile(before, json('version', 'package-lock.json'), '0.4.5');
    const both = updateVersionFile(top.text, json('packages."".version', 'package-lock.json'), '0.4.5');
    expect(changedLines(before, both.text)).toEqual([3, 9]);
    const expected = before.split('\n');
    expected[2] = '  "version": "0.4.5",';
    expected[8] = '      "version": "0.4.5",';
    expect(both.text).toBe(expected.join('\n'));
    // node_modules/llama-stack-client keeps 0.4.4 with its integrity: only npm install may change it.
    expect(both.text).toContain('"resolved": "https://registry.npmjs.org/llama-stack-client/-/llama-stack-client-0.4.4.tgz"');
  });

  it('accepts the bracket spelling of the empty key', () => {
    const before = fixture(LOCK);
    const a = updateVersionFile(before, json('packages[""].version', 'package-lock.json'), '0.5.0');
    const b = updateVersionFile(before, json('packages."".version', 'package-lock.json'), '0.5.0');
    expect(a.text).toBe(b.text);
    expect(a.changes[0]?.line).toBe(9);
  });

  it('names a dependency entry by key, for a value template such as ^{version}', () => {
    const before = fixture(PKG);
    const spec = json('dependencies.llama-stack-client');
    expect(readVersionFile(before, spec)).toEqual([{ line: lineOf(before, 'llama-stack-client'), value: '^0.4.4' }]);
    const out = updateVersionFile(before, spec, '^0.4.5');
    expect(out.text).toBe(replaceOnce(before, '"llama-stack-client": "^0.4.4"', '"llama-stack-client": "^0.4.5"'));
  });

  it('names keys with dots and slashes by quoting them', () => {
    const before = fixture(LOCK);
    const spec = json('packages."node_modules/llama-stack-client".version', 'package-lock.json');
    expect(readVersionFile(before, spec).map((o) => o.value)).toEqual(['0.4.4']);
    const dotted = '{\n  "a.b": { "version": "1.0.0" }\n}\n';
    expect(updateVersionFile(dotted, json('"a.b".version'), '1.0.1').text).toBe(dotted.replace('1.0.0', '1.0.1'));
  });

  it('is idempotent and keeps CRLF, tabs and a BOM', () => {
    const text = '\uFEFF' + crlf('{\n\t"name": "x",\n\t"version": "1.0.0"\n}\n');
    const out = updateVersionFile(text, json('version'), '1.0.1');
    expect(out.text).toBe(text.replace('1.0.0', '1.0.1'));
    expect(out.changes[0]).toMatchObject({ line: 3, before: '\t"version": "1.0.0"', after: '\t"version": "1.0.1"' });
    const again = updateVersionFile(out.text, json('version'), '1.0.1');
    expect(again.text).toBe(out.text);
    expect(again.changes).toEqual([]);
  });

  it('edits JSON with comments (tsconfig-style) and array elements', () => {
    const text = '{\n  // shipped versions\n  "versions": ["1.0.0", "1.1.0"], /* newest last */\n}\n';
    expect(updateVersionFile(text, json('versions[1]'), '1.2.0').text).toBe(text.replace('"1.1.0"', '"1.2.0"'));
  });

  it('refuses a missing key or file-level problem, naming the file and the key', () => {
    const missing = trellisError(() =>
      updateVersionFile(fixture(PKG), json('packages."".version', 'src/llama_stack_ui/package.json'), '1'),
    );
    expect(missing.code).toBe('not-found');
    expect(missing.exitCode).toBe(2);
    expect(missing.message).toBe('src/llama_stack_ui/package.json: key packages."".version not found');

    const notString = trellisError(() => updateVersionFile(fixture(LOCK), json('lockfileVersion', 'package-lock.json'), '4'));
    expect(notString.message).toBe('package-lock.json:4:22: key lockfileVersion is a number, not a string');

    const invalid = trellisError(() => updateVersionFile('{\n  "version": "1.0.0",,\n}\n', json('version'), '2'));
    expect(invalid.code).toBe('bad-input');
    expect(invalid.message).toMatch(/^package\.json:2:\d+: invalid JSON: /);

    const noKey = trellisError(() => updateVersionFile('{}', { path: 'package.json', kind: 'json' }, '2'));
    expect(noKey.message).toBe('package.json: a json version file needs a key');
  });
});
