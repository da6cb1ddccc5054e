import { describe, expect, it } from 'vitest';
import { readVersionFile, updateVersionFile, type VersionFileSpec } from '../../../src/core/release/updaters/index.js';
import { changedLines, crlf, fixture, lineOf, replaceOnce, trellisError } from './helpers.js';

const ROOT = 'llama-stack/pyproject.toml';
const API = 'llama-stack/src/llama_stack_api/pyproject.toml';
const fallback = (path: string): VersionFileSpec => ({ path, kind: 'toml', key: 'tool.setuptools_scm.fallback_version' });

describe('toml updater on Llama Stack-style pyproject files', () => {
  it('bumps fallback_version in pyproject.toml, keeping the comment and every other byte', () => {
    const before = fixture(ROOT);
    const out = updateVersionFile(before, fallback('pyproject.toml'), '0.4.5');
    const expected = replaceOnce(
      before,
      'fallback_version = "0.4.4"  # the release owner bumps this',
      'fallback_version = "0.4.5"  # the release owner bumps this',
    );
    expect(out.text).toBe(expected);
    const line = lineOf(before, 'fallback_version =');
    expect(changedLines(before, out.text)).toEqual([line]);
    expect(out.occurrences).toBe(1);
    expect(out.changes).toEqual([
      {
        line,
        before: 'fallback_version = "0.4.4"  # the release owner bumps this on release-X.Y.x and on main',
        after: 'fallback_version = "0.4.5"  # the release owner bumps this on release-X.Y.x and on main',
        oldValue: '0.4.4',
        newValue: '0.4.5',
      },
    ]);
  });

  it('bumps src/llama_stack_api/pyproject.toml to the next .dev0 on main', () => {
    const before = fixture(API);
    const out = updateVersionFile(before, fallback('src/llama_stack_api/pyproject.toml'), '0.4.6.dev0');
    expect(out.text).toBe(replaceOnce(before, 'fallback_version = "0.4.4"\n', 'fallback_version = "0.4.6.dev0"\n'));
    expect(out.changes.map((c) => c.line)).toEqual([lineOf(before, 'fallback_version =')]);
  });

  it('is idempotent: the same version again changes nothing', () => {
    const once = updateVersionFile(fixture(ROOT), fallback('pyproject.toml'), '0.4.5').text;
    const twice = updateVersionFile(once, fallback('pyproject.toml'), '0.4.5');
    expect(twice.text).toBe(once);
    expect(twice.changes).toEqual([]);
    expect(twice.occurrences).toBe(1);
  });

  it('keeps CRLF line endings and a byte-order mark', () => {
    const before = '\uFEFF' + crlf(fixture(API));
    const out = updateVersionFile(before, fallback('api.toml'), '0.4.5');
    expect(out.text).toBe(replaceOnce(before, 'fallback_version = "0.4.4"\r\n', 'fallback_version = "0.4.5"\r\n'));
    expect(out.changes[0]?.before).toBe('fallback_version = "0.4.4"');
    expect(out.changes[0]?.line).toBe(lineOf(before, 'fallback_version ='));
  });

  it('reads the current value', () => {
    const text = fixture(ROOT);
    expect(readVersionFile(text, fallback('pyproject.toml'))).toEqual([{ line: lineOf(text, 'fallback_version ='), value: '0.4.4' }]);
  });

  it('refuses a missing key, naming the file and the key', () => {
    // llama-stack's pyproject.toml has `dynamic = ["version"]`: there is no project.version to bump.
    const err = trellisError(() =>
      updateVersionFile(fixture(ROOT), { path: 'pyproject.toml', kind: 'toml', key: 'project.version' }, '0.4.5'),
    );
    expect(err.code).toBe('not-found');
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe('pyproject.toml: key project.version not found');
  });

  it('refuses a key that is an array or a table', () => {
    const spec: VersionFileSpec = { path: 'pyproject.toml', kind: 'toml', key: 'project.dynamic' };
    expect(trellisError(() => updateVersionFile(fixture(ROOT), spec, '1')).message).toBe(
      'pyproject.toml:8:11: key project.dynamic is an array, not a string',
    );
    const table = trellisError(() => updateVersionFile(fixture(ROOT), { ...spec, key: 'tool.setuptools_scm' }, '1'));
    expect(table.message).toBe('pyproject.toml: key tool.setuptools_scm is a table, not a string');
    expect(table.exitCode).toBe(2);
  });
});

describe('toml key resolution', () => {
  const spec = (key: string): VersionFileSpec => ({ path: 'x.toml', kind: 'toml', key });

  it('edits project.version in a static pyproject, keeping literal quotes', () => {
    const text = "[project]\nname = 'demo'\nversion = '1.0.0' # static\n";
    expect(updateVersionFile(text, spec('project.version'), '1.1.0').text).toBe("[project]\nname = 'demo'\nversion = '1.1.0' # static\n");
  });

  it('resolves dotted keys, inline tables and super-tables to the same key', () => {
    const dotted = '[tool]\nsetuptools_scm.fallback_version = "1.0"\nother = 1\n';
    const inline = 'tool = { setuptools_scm = { fallback_version = "1.0" } }\n';
    const top = 'tool.setuptools_scm.fallback_version = "1.0"\n';
    for (const text of [dotted, inline, top]) {
      const out = updateVersionFile(text, spec('tool.setuptools_scm.fallback_version'), '2.0');
      expect(out.text).toBe(text.replace('"1.0"', '"2.0"'));
    }
  });

  it('handles quoted keys containing dots, and empty keys', () => {
    const text = '[tool."my.tool"]\nversion = "1.0" # quoted table\n\n[a]\n"" = "3.0"\n';
    expect(updateVersionFile(text, spec('tool."my.tool".version'), '1.1').text).toBe(text.replace('"1.0"', '"1.1"'));
    expect(updateVersionFile(text, spec('a.""'), '3.1').text).toBe(text.replace('"3.0"', '"3.1"'));
    expect(trellisError(() => updateVersionFile(text, spec('tool.my.tool.version'), '1')).code).toBe('not-found');
  });

  it('indexes arrays of tables and arrays with brackets', () => {
    const text = [
      '[[tool.bundle]]',
      'name = "a"',
      'version = "1.0.0"',
      '',
      '[[tool.bundle]]',
      'name = "b"',
      'version = "2.0.0"',
      'aliases = [',
      '  "x",   # first',
      '  "2.0.0",',
      ']',
      '',
    ].join('\n');
    const out = updateVersionFile(text, spec('tool.bundle[1].version'), '2.1.0');
    expect(out.text).toBe(text.replace('version = "2.0.0"', 'version = "2.1.0"'));
    expect(out.changes.map((c) => c.line)).toEqual([7]);
    expect(updateVersionFile(text, spec('tool.bundle[1].aliases[1]'), '9').changes.map((c) => c.line)).toEqual([10]);
  });

  it('keeps escapes working in basic strings and falls back to basic quotes for a literal that cannot hold the value', () => {
    expect(updateVersionFile('v = "1"\n', spec('v'), 'a"b').text).toBe('v = "a\\"b"\n');
    expect(updateVersionFile("v = '1'\n", spec('v'), "it's").text).toBe('v = "it\'s"\n');
  });

  it('refuses non-string values and multi-line strings', () => {
    expect(trellisError(() => updateVersionFile('v = 1\n', spec('v'), '2')).message).toBe('x.toml:1:5: key v is an integer, not a string');
    expect(trellisError(() => updateVersionFile('v = """\n1.0"""\n', spec('v'), '2')).message).toMatch(/multi-line string/);
  });

  it('reports invalid TOML with its line and column', () => {
    const err = trellisError(() => updateVersionFile('[project]\nversion = 1.0.0\n', spec('project.version'), '1'));
    expect(err.code).toBe('bad-input');
    expect(err.message).toMatch(/^x\.toml:2:\d+: invalid TOML: /);
  });

  it('refuses a new value that would break the line structure', () => {
    const err = trellisError(() => updateVersionFile('v = "1"\n', spec('v'), '1\n2'));
    expect(err.code).toBe('policy');
    expect(err.message).toMatch(/line break/);
  });
});
