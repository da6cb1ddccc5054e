import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trellis } from '../helpers/cli.js';

describe('trellis version sort', () => {
  it('sorts stdin ascending, stable, with --reverse', async () => {
    const r = await trellis(['version', 'sort', '--scheme', 'semver'], { stdin: '1.10.0\n1.2.0\n1.2.0+b\n1.0.0-rc1\n' });
    expect(r).toEqual({ code: 0, stdout: '1.0.0-rc1\n1.2.0\n1.2.0+b\n1.10.0\n', stderr: '' });
    const rev = await trellis(['version', 'sort', '--scheme', 'semver', '--reverse'], { stdin: '1.2.0\n1.10.0\n1.2.0+b\n' });
    expect(rev.stdout).toBe('1.10.0\n1.2.0\n1.2.0+b\n');
  });

  it('orders numbered labels with --labels', async () => {
    const r = await trellis(['version', 'sort', '--scheme', 'semver', '--labels', 'alpha,beta,rc'], {
      stdin: '3.0.0-rc10\n3.0.0-rc2\n3.0.0-beta2\n',
    });
    expect(r.stdout).toBe('3.0.0-beta2\n3.0.0-rc2\n3.0.0-rc10\n');
  });

  it('sorts rpm, deb and pep440 lines', async () => {
    expect((await trellis(['version', 'sort', '--scheme', 'rpm'], { stdin: '1.0\n1.0~rc1\n1.0^git1\n' })).stdout).toBe(
      '1.0~rc1\n1.0\n1.0^git1\n',
    );
    expect((await trellis(['version', 'sort', '--scheme', 'deb'], { stdin: '1.0+b1\n1.0\n1.0~rc1\n' })).stdout).toBe(
      '1.0~rc1\n1.0\n1.0+b1\n',
    );
    expect((await trellis(['version', 'sort', '--scheme', 'pep440'], { stdin: '0.4.6.dev0\nv0.4.0rc1\n0.4.5\n' })).stdout).toBe(
      'v0.4.0rc1\n0.4.5\n0.4.6.dev0\n',
    );
  });

  it('exits 2 naming the line and printing nothing on stdout for an invalid line', async () => {
    const r = await trellis(['version', 'sort', '--scheme', 'semver'], { stdin: '1.0.0\nv1.2.3\n1.2\n' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      "trellis: not a valid semver version: line 2: 'v1.2.3': a leading 'v' is not part of SemVer 2.0.0 (strip the tag prefix) (and 1 more invalid line)\n",
    );
  });

  it('refuses --labels outside semver and unknown schemes', async () => {
    const r = await trellis(['version', 'sort', '--scheme', 'pep440', '--labels', 'rc'], { stdin: '1.0\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--labels applies only to --scheme semver/);
    const u = await trellis(['version', 'sort', '--scheme', 'calver']);
    expect(u.code).toBe(2);
    expect(u.stdout).toBe('');
  });
});

describe('trellis version compare', () => {
  it('prints -1, 0 or 1', async () => {
    expect((await trellis(['version', 'compare', '1.0~rc1', '1.0', '--scheme', 'deb'])).stdout).toBe('-1\n');
    expect((await trellis(['version', 'compare', '1.0', '1.0.0', '--scheme', 'pep440'])).stdout).toBe('0\n');
    expect(
      (await trellis(['version', 'compare', '3.0.0-rc10', '3.0.0-rc2', '--scheme', 'semver', '--labels', 'alpha,beta,rc'])).stdout,
    ).toBe('1\n');
  });

  it('reads pairs from stdin without arguments', async () => {
    const r = await trellis(['version', 'compare', '--scheme', 'rpm'], { stdin: '1.0 1.1\n2.0 1.0\n1.0 1.0\n' });
    expect(r).toEqual({ code: 0, stdout: '-1\n1\n0\n', stderr: '' });
  });

  it('exits 2 on a bad pair, nothing on stdout', async () => {
    const r = await trellis(['version', 'compare', '--scheme', 'deb'], { stdin: '1.0 1.1\n1.0\n' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/line 2: '1.0': expected two versions/);
    const one = await trellis(['version', 'compare', '1.0', '--scheme', 'deb']);
    expect(one.code).toBe(2);
  });
});

describe('trellis version validate', () => {
  it('exits 0 when every line is valid and normalises with --normalize', async () => {
    const r = await trellis(['version', 'validate', '--scheme', 'pep440', '--normalize'], { stdin: 'v0.4.0RC1\n1.0-1\n' });
    expect(r).toEqual({ code: 0, stdout: '0.4.0rc1\n1.0.post1\n', stderr: '' });
    expect((await trellis(['version', 'validate', '--scheme', 'semver'], { stdin: '1.0.0\n' })).stdout).toBe('');
  });

  it("lists each invalid line as line N: 'text': reason and exits 2", async () => {
    const r = await trellis(['version', 'validate', '--scheme', 'semver'], { stdin: '1.0.0\n01.0.0\n1.0\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "line 2: '01.0.0': leading zero in major version '01'\nline 3: '1.0': expected MAJOR.MINOR.PATCH, got 2 components in '1.0'\ntrellis: 2 of 3 lines are not valid semver versions\n",
    );
  });

  it('reports JSON with --json', async () => {
    const r = await trellis(['version', 'validate', '--scheme', 'deb', '--json'], { stdin: '1.0\nx\n' });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual([
      { line: 1, text: '1.0', valid: true, normalized: '1.0' },
      { line: 2, text: 'x', valid: false, reason: 'version number does not start with digit' },
    ]);
  });
});

describe('trellis version convert and next', () => {
  it('converts arguments and stdin', async () => {
    expect((await trellis(['version', 'convert', '--to', 'rpm', '3.0.0-rc1-2-gabc1234', '3.0.0-0-gabc1234'])).stdout).toBe(
      '3.0.0~rc1.2.dev\n3.0.0\n',
    );
    expect((await trellis(['version', 'convert', '--to', 'pep440'], { stdin: 'v0.4.0-rc1-0-gabc1234\n' })).stdout).toBe('0.4.0rc1\n');
  });

  it('takes bare tags, PEP 440 tags with --scheme, and writes setuptools-scm versions', async () => {
    const bare = await trellis(['version', 'convert', '--to', 'rpm', '0.4.0-rc1', '0.4.0-rc1-2-gabc1234']);
    expect(bare).toEqual({ code: 0, stdout: '0.4.0~rc1\n0.4.0~rc1.2.dev\n', stderr: '' });
    const scm = await trellis(['version', 'convert', '--to', 'setuptools-scm', '--scheme', 'pep440'], {
      stdin: 'v1.3.0rc1-3-g28ec934\n0.4.3.1\n0.4.0-2-gabc1234-dirty\n',
      now: '2026-03-13T12:00:00Z',
    });
    expect(scm).toEqual({ code: 0, stdout: '1.3.0rc2.dev3+g28ec934\n0.4.3.1\n0.4.1.dev2+gabc1234.d20260313\n', stderr: '' });
    const json = await trellis(['version', 'convert', '--to', 'pep440', '--json', 'x', '3.0.0']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual([{ describe: '3.0.0', version: '3.0.0', to: 'pep440' }]);
    expect(json.stderr).toMatch(/^argument 1: 'x': expected TAG-N-gHASH/);
  });

  it('exits 2 on input that is not git describe output, still converting the good lines in order', async () => {
    const r = await trellis(['version', 'convert', '--to', 'deb'], { stdin: '3.0.0-0-gabc1234\nnonsense\n3.0.0-rc1-2-gabc1234\n' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('3.0.0\n3.0.0~rc1.2.dev\n');
    expect(r.stderr).toMatch(/^line 2: 'nonsense': expected TAG-N-gHASH/);
    expect(r.stderr).toMatch(/\ntrellis: 1 of 3 lines are not git describe output or a version tag\n$/);
  });

  it('bumps', async () => {
    expect((await trellis(['version', 'next', '1.2.3', '--bump', 'pre', '--pre-label', 'rc', '--scheme', 'semver'])).stdout).toBe(
      '1.3.0-rc1\n',
    );
    expect((await trellis(['version', 'next', '1.2.3', '--bump', 'pre', '--pre-label', 'rc', '--scheme', 'pep440'])).stdout).toBe(
      '1.3.0rc1\n',
    );
    expect((await trellis(['version', 'next', '0.4.5', '--bump', 'dev', '--scheme', 'pep440'])).stdout).toBe('0.4.6.dev0\n');
    const bad = await trellis(['version', 'next', 'x', '--bump', 'major', '--scheme', 'semver']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("trellis: not a valid semver version 'x': expected MAJOR.MINOR.PATCH, got 1 component in 'x'\n");
  });

  it('lists every option in --help', async () => {
    const h = await trellis(['version', 'sort', '--help']);
    for (const o of ['--scheme', '--reverse', '--labels', '--json']) expect(h.stdout).toContain(o);
    const v = await trellis(['version', '--help']);
    for (const c of ['sort', 'compare', 'validate', 'convert', 'next', 'describe']) expect(v.stdout).toContain(c);
    const u = await trellis(['version', 'sort', '--scheme', 'semver', '--frob']);
    expect(u.code).toBe(2);
  });
});

describe('trellis version describe', () => {
  let repo = '';
  const env = {
    GIT_AUTHOR_NAME: 'Trellis Test',
    GIT_AUTHOR_EMAIL: 'test@example.invalid',
    GIT_COMMITTER_NAME: 'Trellis Test',
    GIT_COMMITTER_EMAIL: 'test@example.invalid',
    GIT_AUTHOR_DATE: '2026-01-02T03:04:05Z',
    GIT_COMMITTER_DATE: '2026-01-02T03:04:05Z',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env: { ...process.env, ...env }, encoding: 'utf8' }).trim();

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'trellis-describe-'));
    git('init', '-q', '-b', 'main');
    git('commit', '-q', '--allow-empty', '-m', 'dummy commit for the feature set');
    git('tag', '-a', '-m', 'entrypoint', '3.0.0-entrypoint');
    git('commit', '-q', '--allow-empty', '-m', 'feat: one');
    git('tag', '-a', '-m', 'alpha', '3.0.0-alpha1');
    git('commit', '-q', '--allow-empty', '-m', 'fix: two');
    git('commit', '-q', '--allow-empty', '-m', 'fix: three');
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('describes HEAD with every derived form', async () => {
    const hash = git('rev-parse', '--short', 'HEAD');
    const r = await trellis(['version', 'describe', '--repo', repo, '--json'], { env });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.describe).toBe(`3.0.0-alpha1-2-g${hash}`);
    expect(out.forms).toEqual({
      rpm: '3.0.0~alpha1.2.dev',
      deb: '3.0.0~alpha1.2.dev',
      tarball: '3.0.0-alpha1.2.dev',
      pep440: `3.0.0a1.post2+g${hash}`,
    });
  });

  it('describes a revision, relative --repo, and marks a dirty work tree', async () => {
    const r = await trellis(['version', 'describe', 'HEAD~3', '--repo', '.'], { cwd: repo, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^describe +3\.0\.0-entrypoint-0-g[0-9a-f]+$/m);
    expect(r.stdout).toMatch(/^rpm +3\.0\.0~~entrypoint$/m);
    writeFileSync(join(repo, 'new.txt'), 'x');
    git('add', 'new.txt');
    const d = await trellis(['version', 'describe', '--repo', repo, '--json'], { env });
    expect(JSON.parse(d.stdout).dirty).toBe(true);
    git('rm', '-q', '--cached', 'new.txt');
  });

  it('fails cleanly on an unknown revision, an option-like revision and a non-repository', async () => {
    const u = await trellis(['version', 'describe', 'nope', '--repo', repo], { env });
    expect(u).toMatchObject({ code: 2, stdout: '' });
    expect(u.stderr).toBe(`trellis: unknown revision 'nope' in ${repo}\n`);
    const o = await trellis(['version', 'describe', '--repo', repo, '--', '--all'], { env });
    expect(o.code).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), 'trellis-norepo-'));
    const n = await trellis(['version', 'describe', '--repo', dir], { env: { ...env, GIT_CEILING_DIRECTORIES: tmpdir() } });
    expect(n.code).toBe(2);
    expect(n.stderr).toBe(`trellis: not a git repository: ${dir}\n`);
    rmSync(dir, { recursive: true, force: true });
  });
});
