import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatKeyPath,
  parseKeyPath,
  planVersionFileUpdates,
  readVersionFile,
  updateVersionFile,
  type VersionFileSpec,
} from '../../../src/core/release/updaters/index.js';
import { changedLines, fixture, trellisError } from './helpers.js';

/** A Llama Stack-style repository as the files the release reads: path -> text. */
function llamaStack(): Map<string, string> {
  return new Map([
    ['pyproject.toml', fixture('llama-stack/pyproject.toml')],
    ['src/llama_stack_api/pyproject.toml', fixture('llama-stack/src/llama_stack_api/pyproject.toml')],
    ['src/llama_stack_ui/package.json', fixture('llama-stack/src/llama_stack_ui/package.json')],
    ['src/llama_stack_ui/package-lock.json', fixture('llama-stack/src/llama_stack_ui/package-lock.json')],
  ]);
}

// A Llama Stack-style patch release 0.4.5: the pre-release bump on release-0.4.x.
const PATCH: VersionFileSpec[] = [
  { path: 'pyproject.toml', kind: 'toml', key: 'tool.setuptools_scm.fallback_version' },
  { path: 'src/llama_stack_api/pyproject.toml', kind: 'toml', key: 'tool.setuptools_scm.fallback_version' },
  { path: 'pyproject.toml', kind: 'pin', package: 'llama-stack-client' },
];

describe('planVersionFileUpdates', () => {
  it('plans a Llama Stack-style patch bump: fallback_version in both pyproject files and the client pin in 2 places', () => {
    const files = llamaStack();
    const plan = planVersionFileUpdates(PATCH, (p) => files.get(p), '0.4.5');
    expect(plan.map((f) => f.path)).toEqual(['pyproject.toml', 'src/llama_stack_api/pyproject.toml']);
    const root = plan[0];
    expect(root?.edits.map((e) => [e.spec.kind, e.occurrences, e.changes.length])).toEqual([
      ['toml', 1, 1],
      ['pin', 2, 2],
    ]);
    expect(changedLines(files.get('pyproject.toml') as string, root?.after as string)).toHaveLength(3);
    // Reading the planned texts back is how the checklist ticks "versions bumped".
    for (const spec of PATCH) {
      const after = plan.find((f) => f.path === spec.path)?.after as string;
      expect(readVersionFile(after, spec).every((o) => o.value === '0.4.5')).toBe(true);
    }
  });

  it('plans the post-release steps with per-spec values (value templates are filled by the caller)', () => {
    const files = llamaStack();
    const specs: VersionFileSpec[] = [
      { path: 'pyproject.toml', kind: 'toml', key: 'tool.setuptools_scm.fallback_version' },
      { path: 'src/llama_stack_ui/package.json', kind: 'json', key: 'dependencies.llama-stack-client' },
      { path: 'src/llama_stack_ui/package-lock.json', kind: 'json', key: 'version' },
      { path: 'src/llama_stack_ui/package-lock.json', kind: 'json', key: 'packages."".version' },
    ];
    const template = (spec: VersionFileSpec): string =>
      spec.kind === 'toml' ? '0.4.6.dev0' : spec.key?.startsWith('dependencies') ? '^0.4.5' : '0.4.5';
    const plan = planVersionFileUpdates(specs, (p) => files.get(p), template);
    const lock = plan.find((f) => f.path.endsWith('package-lock.json'));
    // Both specs of the lockfile apply to the same text, one after the other.
    expect(lock?.edits.map((e) => e.changes[0]?.line)).toEqual([3, 9]);
    expect(changedLines(lock?.before as string, lock?.after as string)).toEqual([3, 9]);
    expect(plan.find((f) => f.path === 'pyproject.toml')?.edits[0]?.changes[0]?.after).toMatch(/^fallback_version = "0\.4\.6\.dev0"/);
  });

  it('reports every missing file and key before anything could be written', () => {
    const files = llamaStack();
    files.delete('src/llama_stack_api/pyproject.toml');
    const specs: VersionFileSpec[] = [...PATCH, { path: 'pyproject.toml', kind: 'toml', key: 'project.version' }];
    const err = trellisError(() => planVersionFileUpdates(specs, (p) => files.get(p), '0.4.5'));
    expect(err.code).toBe('not-found');
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe(
      'src/llama_stack_api/pyproject.toml: file not found (it holds the key tool.setuptools_scm.fallback_version) (and 1 more problem)',
    );
    expect((err.details as { problems: Array<{ message: string }> }).problems.map((p) => p.message)).toEqual([
      'src/llama_stack_api/pyproject.toml: file not found (it holds the key tool.setuptools_scm.fallback_version)',
      'pyproject.toml: key project.version not found',
    ]);
  });

  it('throws a single problem as it is', () => {
    const err = trellisError(() => planVersionFileUpdates([{ path: 'Chart.yaml', kind: 'yaml', key: 'version' }], () => undefined, '1'));
    expect(err.message).toBe('Chart.yaml: file not found (it holds the key version)');
  });
});

describe('key paths', () => {
  it('parses the documented spellings', () => {
    expect(parseKeyPath('tool.setuptools_scm.fallback_version')).toEqual(['tool', 'setuptools_scm', 'fallback_version']);
    expect(parseKeyPath('packages."".version')).toEqual(['packages', '', 'version']);
    expect(parseKeyPath('packages[""].version')).toEqual(['packages', '', 'version']);
    expect(parseKeyPath("packages['node_modules/a.b'].version")).toEqual(['packages', 'node_modules/a.b', 'version']);
    expect(parseKeyPath('dependencies.@scope/pkg')).toEqual(['dependencies', '@scope/pkg']);
    expect(parseKeyPath('a."q\\"uote".b[2][0]')).toEqual(['a', 'q"uote', 'b', 2, 0]);
    expect(parseKeyPath('[0].version')).toEqual([0, 'version']);
    expect(parseKeyPath('tool.1')).toEqual(['tool', '1']);
  });

  it('refuses malformed paths with a policy error', () => {
    for (const bad of ['', 'a.', '.a', 'a..b', 'a."b', 'a[x]', 'a[1', 'a b', 'a."\\n"']) {
      const err = trellisError(() => parseKeyPath(bad));
      expect(err.code).toBe('policy');
      expect(err.exitCode).toBe(2);
    }
  });

  it('round-trips through formatKeyPath', () => {
    const segment = fc.oneof(fc.string({ maxLength: 6 }), fc.nat({ max: 20 }));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (path) => {
        expect(parseKeyPath(formatKeyPath(path))).toEqual(path);
      }),
    );
  });
});

describe('properties over every file kind', () => {
  const version = fc
    .tuple(fc.nat({ max: 99 }), fc.nat({ max: 99 }), fc.nat({ max: 99 }), fc.constantFrom('', 'rc1', '.dev0', '-beta.2', '+build.5'))
    .map(([a, b, c, s]) => `${a}.${b}.${c}${s}`);
  const cases: Array<[string, VersionFileSpec]> = [
    ['llama-stack/pyproject.toml', { path: 'pyproject.toml', kind: 'toml', key: 'tool.setuptools_scm.fallback_version' }],
    ['llama-stack/pyproject.toml', { path: 'pyproject.toml', kind: 'pin', package: 'llama-stack-client' }],
    ['llama-stack/src/llama_stack_ui/package-lock.json', { path: 'package-lock.json', kind: 'json', key: 'packages."".version' }],
    ['llama-stack/src/llama_stack_ui/package.json', { path: 'package.json', kind: 'pin', package: 'llama-stack-client' }],
    ['helm/Chart.yaml', { path: 'Chart.yaml', kind: 'yaml', key: 'appVersion' }],
    ['python/_version.py', { path: '_version.py', kind: 'regex' }],
  ];

  it('reads back what was written, changes only the lines it reports, and is idempotent', () => {
    for (const [name, spec] of cases) {
      const before = fixture(name);
      fc.assert(
        fc.property(version, (v) => {
          const out = updateVersionFile(before, spec, v);
          expect(readVersionFile(out.text, spec).map((o) => o.value)).toEqual(Array(out.occurrences).fill(v));
          expect(changedLines(before, out.text)).toEqual([...new Set(out.changes.map((c) => c.line))]);
          expect(updateVersionFile(out.text, spec, v)).toEqual({ text: out.text, changes: [], occurrences: out.occurrences });
        }),
        { numRuns: 30 },
      );
    }
  });
});
