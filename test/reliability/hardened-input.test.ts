/**
 * Inputs that were accepted, hung or crashed: each now ends quickly with exit 2 and one located
 * line (or, for Trellis's own caches, is replaced safely), and changes nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { trellis } from '../helpers/cli.js';
import { makeRepo, type FixtureRepo } from '../helpers/repo.js';

const POLICY = `branches:
  main: main
  release: "release-{major}.{minor}.x"
`;

async function repo(policy = POLICY): Promise<FixtureRepo> {
  const r = await makeRepo();
  await r.commit('chore: initial layout', { files: { '.trellis.yml': policy, 'app.txt': 'one\n' }, date: '2025-01-01' });
  await r.branch('release-1.0.x');
  await r.tag('v1.0.0', { message: 'Release 1.0.0', target: 'release-1.0.x' });
  await r.commit('fix: a bug', { files: { 'app.txt': 'two\n' } });
  return r;
}

/** Runs trellis; checks: under 2 s, exit 2 (unless `code` says otherwise), one line on stderr, refs unchanged. */
async function refused(r: FixtureRepo, args: string[], opts: { code?: number; policyFile?: string } = {}) {
  const refs = await r.git('for-each-ref');
  const t0 = Date.now();
  const res = await trellis([...args, '--repo', r.dir], { env: r.env, cwd: r.dir, now: '2026-05-01T12:00:00Z' });
  const ms = Date.now() - t0;
  expect(ms).toBeLessThan(2000);
  expect(res.code, res.stderr).toBe(opts.code ?? 2);
  if ((opts.code ?? 2) === 2) {
    expect(res.stderr.trimEnd().split('\n'), res.stderr).toHaveLength(1);
    expect(res.stderr).not.toMatch(/internal error|\n\s+at /);
  }
  expect(await r.git('for-each-ref')).toBe(refs);
  return res;
}

beforeAll(async () => {
  // Loads the CLI's modules once, so the timings below measure the runs, not the imports.
  await trellis(['--version']);
});

describe('dates', () => {
  it.each(['2025-02-30', '0000-00-00', '1969-12-31', '2025-01-01T25:00'])('missing --since %s is refused', async (since) => {
    const r = await repo();
    const res = await refused(r, ['missing', '--since', since]);
    expect(res.stderr).toMatch(/^trellis: invalid --since: /);
  });
});

describe('policy size, counts and values', () => {
  it.each([
    ['9999 years', /support\.bugfix|\.trellis\.yml:\d+:\d+: .*longer than Trellis plans with/],
    ['99999999999999999999999 years', /longer than Trellis plans with/],
  ])('support.bugfix: %s is refused at its line', async (value, msg) => {
    const r = await repo(`${POLICY}support:\n  bugfix: ${value}\n`);
    const res = await refused(r, ['policy', 'check'], { code: 2 });
    expect(res.stdout + res.stderr).toMatch(msg);
    expect(res.stdout + res.stderr).not.toContain('NaN');
  });

  it('maintained: .inf says what is wrong', async () => {
    const r = await repo(`${POLICY}support:\n  maintained: .inf\n`);
    const res = await trellis(['policy', 'check', '--repo', r.dir], { env: r.env, cwd: r.dir });
    expect(res.code).toBe(2);
    expect(res.stdout + res.stderr).toContain('.inf (not a finite number)');
    expect(res.stdout + res.stderr).not.toContain('null');
  });

  it('100,000 support.lines entries: refused by size, before parsing', async () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `    "${Math.floor(i / 1000)}.${i % 1000}": {}`).join('\n');
    const r = await repo(`${POLICY}support:\n  lines:\n${lines}\n`);
    const res = await refused(r, ['status']);
    expect(res.stderr).toMatch(/\.trellis\.yml:1:1: the policy is \d+ bytes long; at most 131072/);
  });

  it('more entries than a mapping may hold (within the size limit): refused at the mapping', async () => {
    const lines = Array.from({ length: 10_001 }, (_, i) => `"${Math.floor(i / 1000)}.${i % 1000}":0`).join(',');
    const r = await repo(`${POLICY}support:\n  lines: {${lines}}\n`);
    const res = await refused(r, ['status']);
    expect(res.stderr).toMatch(/\.trellis\.yml:5:10: 10001 entries; a policy list or mapping holds at most 10000/);
  });

  it('a 50 MB policy is refused before it is read', async () => {
    const r = await repo();
    writeFileSync(join(r.dir, '.trellis.yml'), `${POLICY}x: "${'a'.repeat(50 * 1024 * 1024)}"\n`);
    const res = await refused(r, ['status']);
    expect(res.stderr).toMatch(/\.trellis\.yml:1:1: the policy is \d+ bytes long; at most 131072/);
  });

  it('YAML aliases are bounded (a billion laughs)', async () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9)
          .fill(`*${'abcdefghi'[i - 1]}`)
          .join(',')}]`,
      );
    const r = await repo(`${POLICY}${levels.join('\n')}\n`);
    const res = await refused(r, ['status']);
    expect(res.stderr).toMatch(/\.trellis\.yml:1:1: YAML: .*alias/i);
  });

  it('a FIFO as the policy file is refused, not waited on', async () => {
    const r = await repo();
    rmSync(join(r.dir, '.trellis.yml'));
    execFileSync('mkfifo', [join(r.dir, '.trellis.yml')]);
    const res = await refused(r, ['status']);
    expect(res.stderr).toContain('is not a regular file');
  });
});

describe(".git/trellis: Trellis's own folder", () => {
  it('a FIFO at a cache path does not hang missing, and is replaced by a real cache', async () => {
    const r = await repo();
    mkdirSync(join(r.dir, '.git/trellis'), { recursive: true });
    for (const name of ['patch-ids', 'commit-facts', 'result', 'line-history']) execFileSync('mkfifo', [join(r.dir, '.git/trellis', name)]);
    await refused(r, ['missing'], { code: 0 });
  });

  it('a cache linked to /dev/zero is not read', async () => {
    const r = await repo();
    mkdirSync(join(r.dir, '.git/trellis'), { recursive: true });
    for (const name of ['patch-ids', 'commit-facts', 'result']) symlinkSync('/dev/zero', join(r.dir, '.git/trellis', name));
    await refused(r, ['missing'], { code: 0 });
  });

  it('.git/trellis as a regular file: read-only commands still answer, writing ones are refused in one line', async () => {
    const r = await repo();
    writeFileSync(join(r.dir, '.git/trellis'), 'not a folder\n');
    await refused(r, ['missing'], { code: 0 });
    const res = await refused(r, ['branch', 'cut', '1.1']);
    expect(res.stderr).toMatch(/\.git\/trellis is a regular file; .*remove it/);
  });

  it('.git/trellis as a symbolic link is never written through', async () => {
    const r = await repo();
    const elsewhere = join(r.home, 'elsewhere');
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, join(r.dir, '.git/trellis'));
    await refused(r, ['missing'], { code: 0 });
    const res = await refused(r, ['branch', 'cut', '1.1']);
    expect(res.stderr).toMatch(/\.git\/trellis is a symbolic link/);
    expect(execFileSync('ls', ['-A', elsewhere], { encoding: 'utf8' })).toBe('');
    expect(lstatSync(join(r.dir, '.git/trellis')).isSymbolicLink()).toBe(true);
    expect(existsSync(join(elsewhere, 'journal.json'))).toBe(false);
  });
});
