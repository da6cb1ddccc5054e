/**
 * The package as users get it: `npm pack` contents, then the tarball installed into a fresh
 * project in a temporary folder (offline: from the lockfile's entries and the local npm cache, no
 * registry), `npx trellis init --yes` in a repository with release/X.Y branches and X.Y.Z tags,
 * `status` listing those lines, `trellis demo`, and both `require()` and `import` of the library.
 *
 * The build goes to a temporary copy (tsc --outDir, then the command line's bundle), never to the
 * work tree's dist/.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleCli } from '../../scripts/build-cli.js';
import { hermeticEnv } from '../helpers/repo.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const BUILD_TIMEOUT = 400_000;

interface PackedFile {
  path: string;
}

let pkgDir: string;
let tarball: string;
let files: string[];

beforeAll(async () => {
  pkgDir = mkdtempSync(join(tmpdir(), 'trellis-pkg-'));
  await run(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(pkgDir, 'dist')],
    {
      cwd: ROOT,
    },
  );
  // The command line is a bundle (scripts/build-cli.ts), written after tsc as `npm run build` does
  await bundleCli(join(pkgDir, 'dist'));
  // Everything a work tree has at the top that matters; package.json's `files` decides what ships.
  for (const f of ['package.json', 'README.md', 'LICENSE', 'schema', 'docs', 'src', 'scripts'])
    cpSync(join(ROOT, f), join(pkgDir, f), { recursive: true });
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', pkgDir], { cwd: pkgDir });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: PackedFile[] }>;
  tarball = join(pkgDir, packed!.filename);
  files = packed!.files.map((f) => f.path).sort();
}, BUILD_TIMEOUT);

describe('npm pack', () => {
  it('ships the compiled code, its types, the schema, the docs and the licence; no sources, no source maps', () => {
    const unexpected = files.filter(
      (f) =>
        !/^(?:dist\/.+\.(?:js|d\.ts)|schema\/(?:output\/)?[^/]+\.json|docs\/(?:processes\/)?[^/]+\.md|LICENSE|README\.md|package\.json)$/.test(
          f,
        ),
    );
    expect(unexpected).toEqual([]);
    // The GitHub Action's bundle is for `uses:` from the repository, not for npm users.
    expect(files.filter((f) => f.startsWith('dist/action/'))).toEqual([]);
    for (const f of [
      'dist/cli/bin.js',
      'dist/index.js',
      'dist/index.d.ts',
      'schema/trellis.schema.json',
      'schema/output/status.json',
      'docs/policy.md',
      'docs/init.md',
      'LICENSE',
    ]) {
      expect(files).toContain(f);
    }
    // The build-time policy compiler (ajv) is not shipped; nothing shipped imports ajv.
    expect(files).not.toContain('dist/core/policy/codegen.js');
  });

  it('package.json: links, no install script, ajv only for the build', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string> | string>;
    expect(Object.keys(pkg.scripts as Record<string, string>)).not.toEqual(expect.arrayContaining(['prepare']));
    for (const hook of ['prepare', 'preinstall', 'install', 'postinstall']) expect(pkg.scripts).not.toHaveProperty(hook);
    expect(pkg.dependencies).not.toHaveProperty('ajv');
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.bugs).toHaveProperty('url');
    expect(pkg.repository).toHaveProperty('url');
  });
});

describe('installed from the tarball into a fresh project', () => {
  it(
    'init --yes reads a repository with release/X.Y branches and X.Y.Z tags; status lists the lines; require and import work',
    async () => {
      const proj = mkdtempSync(join(tmpdir(), 'trellis-user-'));
      writeFreshProject(proj, tarball);
      await run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: proj });
      const env = hermeticEnv(proj);
      const git = (...args: string[]) => run('git', args, { cwd: proj, env });
      await git('init', '-q', '-b', 'main');
      writeFileSync(join(proj, '.gitignore'), 'node_modules/\n');
      await git('add', '.gitignore', 'package.json');
      await git('commit', '-qm', 'start', '--date', '2025-01-10T12:00:00Z');
      await git('tag', '1.0.0');
      await git('branch', 'release/1.0');
      await git('commit', '-q', '--allow-empty', '-m', 'feat: more', '--date', '2025-05-10T12:00:00Z');
      await git('tag', '1.1.0');
      await git('branch', 'release/1.1');
      const npx = (...args: string[]) =>
        run('npx', ['--offline', ...args], { cwd: proj, env: { ...process.env, TRELLIS_NOW: '2025-06-01T12:00:00Z' } });
      const init = await npx('trellis', 'init', '--yes');
      expect(init.stdout).toContain('  release branches    release/{major}.{minor}\n  tags                {version}\n');
      const status = JSON.parse((await npx('trellis', 'status', '--json')).stdout) as { lines: Array<{ line: string; branch: string }> };
      expect(status.lines.map((l) => [l.line, l.branch])).toEqual([
        ['1.2', 'main'],
        ['1.1', 'release/1.1'],
        ['1.0', 'release/1.0'],
      ]);
      expect((await npx('trellis-release', '--version')).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
      // The demo runs from the installed package (its sample repository is built by shipped code).
      const demo = (await npx('trellis', 'demo')).stdout;
      expect(demo).toContain('── Which lines are supported today?\n$ trellis status\nRelease lines of llama-stack on 2026-03-13\n');
      expect(demo).toMatch(/security +MISSING +MISSING +MISSING/);
      const required = await run(process.execPath, ['-e', "console.log(typeof require('trellis-release').loadPolicy)"], { cwd: proj });
      expect(required.stdout.trim()).toBe('function');
      const imported = await run(
        process.execPath,
        ['--input-type=module', '-e', "import('trellis-release').then((m) => console.log(typeof m.status))"],
        { cwd: proj },
      );
      expect(imported.stdout.trim()).toBe('function');
    },
    BUILD_TIMEOUT,
  );
});

/**
 * A project depending on the tarball, with a lockfile made from this repository's own (the
 * runtime packages, same versions and integrity), so `npm ci --offline` installs from the cache.
 */
function writeFreshProject(dir: string, tgz: string): void {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; link?: boolean; dependencies?: Record<string, string>; bin?: Record<string, string> }>;
  };
  const root = lock.packages['']!;
  const spec = `file:${tgz}`;
  const packages: Record<string, unknown> = {
    '': { name: 'fresh', version: '1.0.0', dependencies: { 'trellis-release': spec } },
    'node_modules/trellis-release': { version: '0.0.0-local', resolved: spec, dependencies: root.dependencies, bin: root.bin },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path !== '' && !entry.dev && !entry.link) packages[path] = entry;
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'fresh', version: '1.0.0', private: true, dependencies: { 'trellis-release': spec } }),
  );
  writeFileSync(
    join(dir, 'package-lock.json'),
    JSON.stringify({ name: 'fresh', version: '1.0.0', lockfileVersion: 3, requires: true, packages }),
  );
}
