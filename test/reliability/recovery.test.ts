/**
 * A run killed at the worst instants, then the next run: it finishes what the killed one
 * started (the journal in .git/trellis/journal.json), removes git's stale locks and Trellis's
 * temporary folders, says so on stderr, and never does the work twice (`branch cut` without a
 * line cuts the killed run's line, not the next one).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { branchCut } from '../../src/app/branch-cut.js';
import { openRepo, withPolicy } from '../../src/app/context.js';
import { release } from '../../src/app/release.js';
import { loadPolicy } from '../../src/core/policy/load.js';
import type { FixtureRepo } from '../helpers/repo.js';
import { repoWith, run } from '../release/fixture.js';

const POLICY = `versioning:
  scheme: pep440
  tag: "v{version}"
branches:
  main: main
  release: "release-{major}.{minor}.x"
versionFiles:
  - { path: pyproject.toml, kind: toml, key: tool.setuptools_scm.fallback_version, value: "{version}", when: [release], branch: line }
  - { path: pyproject.toml, kind: toml, key: tool.setuptools_scm.fallback_version, value: "{nextDev}", when: [post-release], branch: main }
`;
const PY = (v: string) => `[tool.setuptools_scm]\nfallback_version = "${v}"\n`;

/** main (checked out, clean) and release-0.4.x at v0.4.4 with one fix after it. */
async function repo(): Promise<FixtureRepo> {
  const r = await repoWith(POLICY, { 'pyproject.toml': PY('0.4.4') });
  await r.branch('release-0.4.x');
  await r.tag('v0.4.4', { message: 'Release 0.4.4', target: 'release-0.4.x' });
  await r.commit('chore: main moves on', { files: { 'pyproject.toml': PY('0.4.5.dev0') } });
  await r.checkout('release-0.4.x');
  await r.commit('fix: reject empty requests', { files: { 'server.py': 'ok\n' } });
  await r.checkout('main');
  return r;
}

async function ctxOf(r: FixtureRepo, fault: 'before-refs' | 'after-refs') {
  const clock = { now: () => new Date('2026-05-01T12:00:00Z') };
  return { ...withPolicy(await openRepo({ cwd: r.dir, env: r.env, clock }, r.dir), loadPolicy(POLICY, '.trellis.yml')), fault };
}

/** A process id that no longer exists. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('recovery after a kill', () => {
  it('release killed between the ref transaction and the work-tree update: the re-run brings main along', async () => {
    const r = await repo();
    await expect(release(await ctxOf(r, 'after-refs'), { line: '0.4' })).rejects.toThrow('injected fault');
    // The reported failure: main moved, its work tree did not, so git shows a staged revert.
    expect(await r.git('status', '--porcelain')).not.toBe('');
    expect(existsSync(join(r.dir, '.git/trellis/journal.json'))).toBe(true);
    const res = await run(r, ['release', '0.4']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('before updating its files; updated them now');
    expect(await r.git('status', '--porcelain')).toBe('');
    expect(existsSync(join(r.dir, '.git/trellis/journal.json'))).toBe(false);
  });

  it('a killed run that changed no ref: the re-run says so and releases once', async () => {
    const r = await repo();
    await expect(release(await ctxOf(r, 'before-refs'), { line: '0.4' })).rejects.toThrow('injected fault');
    const main = await r.rev('main');
    await writeFile(
      join(r.dir, '.git/trellis/journal.json'),
      JSON.stringify({
        version: 1,
        pid: deadPid(),
        started: new Date().toISOString(),
        kind: 'release',
        message: 'trellis: release 0.4.5',
        line: '0.4',
        updates: [{ ref: 'refs/heads/main', old: main, new: '1'.repeat(40) }],
        worktrees: [],
      }),
    );
    const res = await run(r, ['release', '0.4']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('had changed no ref; nothing to finish');
    expect(await r.git('tag', '-l', 'v0.4.5')).toBe('v0.4.5');
  });

  it('stale .lock files of a killed transaction are recognised and removed, also by backport --abort', async () => {
    const r = await repo();
    const main = await r.rev('main');
    const journal = {
      version: 1,
      pid: deadPid(),
      started: new Date().toISOString(),
      kind: 'backport',
      message: 'trellis: backport',
      line: null,
      updates: [{ ref: 'refs/heads/release-0.4.x', old: await r.rev('release-0.4.x'), new: main }],
      worktrees: [],
    };
    await mkdir(join(r.dir, '.git/trellis'), { recursive: true });
    await writeFile(join(r.dir, '.git/trellis/journal.json'), JSON.stringify(journal));
    const lock = join(r.dir, '.git/refs/heads/release-0.4.x.lock');
    await writeFile(lock, `${main}\n`);
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    await mkdir(join(r.dir, `.git/trellis/tmp/index-${journal.pid}-abc`), { recursive: true });
    const res = await run(r, ['backport', '--abort']);
    expect(res.stderr).toContain('removed stale lock');
    expect(res.stderr).toContain('removed 1 temporary folder(s)');
    expect(res.stderr).toContain('no backport in progress');
    expect(existsSync(lock)).toBe(false);
    // The killed transaction is not half-made: the ref stays where it was (git never committed it).
    expect(await r.rev('release-0.4.x')).toBe(journal.updates[0]!.old);
  });

  it('a live run holding the journal: another run is refused and changes nothing', async () => {
    const r = await repo();
    await mkdir(join(r.dir, '.git/trellis'), { recursive: true });
    await writeFile(
      join(r.dir, '.git/trellis/journal.json'),
      JSON.stringify({
        version: 1,
        pid: process.pid === 1 ? 2 : 1,
        started: new Date().toISOString(),
        kind: 'release',
        message: 'trellis: release 9.9',
        line: null,
        updates: [],
        worktrees: [],
      }),
    );
    const refs = await r.git('for-each-ref');
    const res = await run(r, ['release', '0.4']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^trellis: another Trellis run \(pid \d+, 'trellis: release 9.9'\) is changing refs/);
    expect(await r.git('for-each-ref')).toBe(refs);
  });

  it('branch cut without a line, killed after its transaction: the re-run does not cut the next line', async () => {
    const r = await repo();
    await expect(branchCut(await ctxOf(r, 'after-refs'), {})).rejects.toThrow('injected fault');
    const branches = await r.git('branch', '--list', 'release-*');
    const res = await run(r, ['branch', 'cut']);
    expect(res.code, res.stderr).toBe(0);
    expect(await r.git('branch', '--list', 'release-*')).toBe(branches);
    expect(await r.git('status', '--porcelain')).toBe('');
  });
});
