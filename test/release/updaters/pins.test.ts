import { describe, expect, it } from 'vitest';
import {
  matchConstraint,
  matchRequirement,
  readVersionFile,
  updateVersionFile,
  type VersionFileSpec,
} from '../../../src/core/release/updaters/index.js';
import { changedLines, crlf, fixture, lineOf, replaceOnce, trellisError } from './helpers.js';

const CLIENT = 'llama-stack-client';
const pin = (path: string, extra: Partial<VersionFileSpec> = {}): VersionFileSpec => ({ path, kind: 'pin', package: CLIENT, ...extra });

describe('pins in Llama Stack-style pyproject.toml', () => {
  const before = fixture('llama-stack/pyproject.toml');

  it('bumps llama-stack-client==0.4.4 in both places, keeping extras, markers and comments', () => {
    const out = updateVersionFile(before, pin('pyproject.toml'), '0.4.5');
    let expected = replaceOnce(before, '    "llama-stack-client==0.4.4",\n', '    "llama-stack-client==0.4.5",\n');
    expected = replaceOnce(
      expected,
      `"llama-stack-client[cli] == 0.4.4 ; python_version >= '3.12'",`,
      `"llama-stack-client[cli] == 0.4.5 ; python_version >= '3.12'",`,
    );
    expect(out.text).toBe(expected);
    // The comment in [project.optional-dependencies] also says llama-stack-client==0.4.4: not a pin.
    expect(out.text).toContain('# step with the release (llama-stack-client==0.4.4 today');
    const optional = lineOf(before, '"llama-stack-client==0.4.4"');
    const group = lineOf(before, '"llama-stack-client[cli]');
    expect(changedLines(before, out.text)).toEqual([optional, group]);
    expect(out.occurrences).toBe(2);
    expect(out.changes).toHaveLength(2);
    expect(out.changes.map((c) => [c.line, c.oldValue, c.newValue])).toEqual([
      [optional, '0.4.4', '0.4.5'],
      [group, '0.4.4', '0.4.5'],
    ]);
    expect(out.changes[1]?.after).toBe(`    "llama-stack-client[cli] == 0.4.5 ; python_version >= '3.12'",`);
  });

  it('reads both pins, and is idempotent', () => {
    expect(readVersionFile(before, pin('pyproject.toml')).map((o) => o.value)).toEqual(['0.4.4', '0.4.4']);
    const once = updateVersionFile(before, pin('pyproject.toml'), '0.4.5').text;
    const again = updateVersionFile(once, pin('pyproject.toml'), '0.4.5');
    expect(again.text).toBe(once);
    expect(again.changes).toEqual([]);
    expect(again.occurrences).toBe(2);
  });

  it('keeps CRLF line endings', () => {
    const text = crlf(before);
    const out = updateVersionFile(text, pin('pyproject.toml'), '0.4.5');
    expect(out.text).toBe(crlf(updateVersionFile(before, pin('pyproject.toml'), '0.4.5').text));
    expect(out.changes[0]?.before).toBe('    "llama-stack-client==0.4.4",');
  });

  it('narrows the search with a key', () => {
    const out = updateVersionFile(before, pin('pyproject.toml', { key: 'dependency-groups' }), '0.4.5');
    expect(out.occurrences).toBe(1);
    expect(out.changes[0]?.line).toBe(lineOf(before, '"llama-stack-client[cli]'));
  });

  it('refuses a file without the pin, naming the file and the package', () => {
    const err = trellisError(() =>
      updateVersionFile(fixture('llama-stack/src/llama_stack_api/pyproject.toml'), pin('src/llama_stack_api/pyproject.toml'), '0.4.5'),
    );
    expect(err.code).toBe('not-found');
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe('src/llama_stack_api/pyproject.toml: a pinned version of llama-stack-client not found');
  });

  it('takes a bare version: the operator stays in the file', () => {
    const err = trellisError(() => updateVersionFile(before, pin('pyproject.toml'), '==0.4.5'));
    expect(err.code).toBe('policy');
  });
});

describe('pins in other pyproject shapes', () => {
  it('bumps Poetry constraints, plain and in inline tables', () => {
    const text = [
      '[tool.poetry.dependencies]',
      'python = "^3.12"',
      'Llama_Stack_Client = "^0.4.4"  # normalised name',
      '',
      '[tool.poetry.group.dev.dependencies]',
      'llama-stack-client = { version = "~0.4.4", extras = ["cli"] }',
      '',
    ].join('\n');
    const out = updateVersionFile(text, pin('pyproject.toml'), '0.4.5');
    expect(out.text).toBe(text.replace('"^0.4.4"', '"^0.4.5"').replace('"~0.4.4"', '"~0.4.5"'));
    expect(out.occurrences).toBe(2);
  });

  it('bumps only the pinning clause of a range, in [project] dependencies', () => {
    const text = '[project]\ndependencies = ["llama-stack-client>=0.4.4,<0.5", "other==0.4.4"]\n';
    expect(updateVersionFile(text, pin('pyproject.toml'), '0.4.5').text).toBe(
      '[project]\ndependencies = ["llama-stack-client>=0.4.5,<0.5", "other==0.4.4"]\n',
    );
  });

  it('refuses a requirement that pins twice, and a constraint that is not a single version', () => {
    const twice = '[project]\ndependencies = ["llama-stack-client>=0.4.0,==0.4.4"]\n';
    expect(trellisError(() => updateVersionFile(twice, pin('pyproject.toml'), '0.4.5')).message).toMatch(
      /^pyproject\.toml:2:\d+: requirement .* pins llama-stack-client with several operators \(>=, ==\)/,
    );
    const range = '[tool.poetry.dependencies]\nllama-stack-client = ">=0.4 <0.5"\n';
    expect(trellisError(() => updateVersionFile(range, pin('pyproject.toml'), '0.4.5')).message).toMatch(/not a single version/);
  });
});

describe('pins in package.json and its lock', () => {
  const pkg = fixture('llama-stack/src/llama_stack_ui/package.json');
  const lock = fixture('llama-stack/src/llama_stack_ui/package-lock.json');

  it('bumps the caret range of llama-stack-client in package.json', () => {
    const out = updateVersionFile(pkg, pin('src/llama_stack_ui/package.json'), '0.4.5');
    expect(out.text).toBe(replaceOnce(pkg, '"llama-stack-client": "^0.4.4"', '"llama-stack-client": "^0.4.5"'));
    expect(out.changes).toEqual([
      {
        line: lineOf(pkg, 'llama-stack-client'),
        before: '    "llama-stack-client": "^0.4.4",',
        after: '    "llama-stack-client": "^0.4.5",',
        oldValue: '0.4.4',
        newValue: '0.4.5',
      },
    ]);
  });

  it('refuses to pin inside a lockfile, pointing at npm install', () => {
    const err = trellisError(() => updateVersionFile(lock, pin('src/llama_stack_ui/package-lock.json'), '0.4.5'));
    expect(err.code).toBe('policy');
    expect(err.message).toMatch(/^src\/llama_stack_ui\/package-lock\.json: is a lockfile: .*run npm install$/);
  });

  it('refuses a range that is not a single version', () => {
    const text = '{ "dependencies": { "llama-stack-client": ">=0.4.0 <0.5.0" } }\n';
    expect(trellisError(() => updateVersionFile(text, pin('package.json'), '0.4.5')).message).toMatch(/not a single version/);
  });

  it('uses exact names for npm: a different package with a similar name is not touched', () => {
    const text = '{ "dependencies": { "llama_stack_client": "^0.4.4" } }\n';
    expect(trellisError(() => updateVersionFile(text, pin('package.json'), '0.4.5')).code).toBe('not-found');
  });
});

describe('pins in YAML and plain text', () => {
  it('bumps a pip pin in a conda environment file', () => {
    const text = [
      'name: llama',
      'dependencies:',
      '  - python=3.12',
      '  - pip',
      '  - pip:',
      '      - llama-stack-client==0.4.4   # pinned with the server',
      "      - 'llama-stack==0.4.4'",
      '',
    ].join('\n');
    const out = updateVersionFile(text, pin('environment.yml'), '0.4.5');
    expect(out.text).toBe(text.replace('llama-stack-client==0.4.4', 'llama-stack-client==0.4.5'));
  });

  it('bumps pins in requirements files and scripts, npm style too', () => {
    const text = [
      '# requirements for the docs build',
      'llama-stack-client[cli]==0.4.4 ; python_version >= "3.12"',
      'llama-stack-client-extras==0.4.4',
      'RUN pip install llama_stack_client==0.4.4 && \\',
      '    cd ui && npm install llama-stack-client@^0.4.4',
      '',
    ].join('\n');
    const out = updateVersionFile(text, pin('Dockerfile'), '0.4.5');
    expect(out.text).toBe(
      text
        .replace('client[cli]==0.4.4', 'client[cli]==0.4.5')
        .replace('llama_stack_client==0.4.4', 'llama_stack_client==0.4.5')
        .replace('client@^0.4.4', 'client@^0.4.5'),
    );
    expect(out.changes.map((c) => c.line)).toEqual([2, 4, 5]);
  });
});

describe('requirement and constraint parsing', () => {
  it('finds the version token of PEP 508 requirements', () => {
    const raw = "llama-stack-client[cli]==0.4.4; python_version>='3.10'";
    expect(matchRequirement(raw, CLIENT)).toEqual({ kind: 'pinned', start: 25, end: 30, value: '0.4.4', operator: '==' });
    expect(matchRequirement('Llama.Stack_Client (~=0.4)', CLIENT)).toMatchObject({ kind: 'pinned', value: '0.4', operator: '~=' });
    expect(matchRequirement('llama-stack-client==0.4.4+local', CLIENT)).toMatchObject({ kind: 'pinned', value: '0.4.4+local' });
    // Arbitrary equality (===, discouraged by PEP 440) is not understood by the requirement parser.
    expect(matchRequirement('llama-stack-client===0.4.4', CLIENT)).toEqual({ kind: 'other' });
    expect(matchRequirement('llama-stack-client<0.5', CLIENT)).toEqual({ kind: 'unpinned' });
    expect(matchRequirement('llama-stack-client', CLIENT)).toEqual({ kind: 'unpinned' });
    expect(matchRequirement('llama-stack-client @ https://example.invalid/c.whl', CLIENT)).toEqual({ kind: 'unpinned' });
    expect(matchRequirement('llama-stack-client-extras==0.4.4', CLIENT)).toEqual({ kind: 'other' });
    expect(matchRequirement('llama-stack==0.4.4', CLIENT)).toEqual({ kind: 'other' });
    expect(matchRequirement('llama-stack-client==0.4.4 garbage', CLIENT)).toEqual({ kind: 'other' });
  });

  it('finds the version of single-version constraints only', () => {
    expect(matchConstraint('^0.4.4')).toEqual({ start: 1, end: 6, value: '0.4.4' });
    expect(matchConstraint('>= 0.4.4')).toEqual({ start: 3, end: 8, value: '0.4.4' });
    expect(matchConstraint('v1.2.3')).toEqual({ start: 1, end: 6, value: '1.2.3' });
    expect(matchConstraint('0.4.4')).toEqual({ start: 0, end: 5, value: '0.4.4' });
    expect(matchConstraint('>=0.4 <0.5')).toBeNull();
    expect(matchConstraint('workspace:*')).toBeNull();
    expect(matchConstraint('latest')).toBeNull();
  });
});
