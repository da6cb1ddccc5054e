/**
 * `{pr}` in `branches.backport` (Tarantool names backport branches by pull request): the branch
 * is named by the pull request the commits name, a commit that names none is one line and exit 2
 * before anything is written, and `missing` finds such a branch pending.
 */
import { describe, expect, it } from 'vitest';
import type { CoverageReport } from '../../src/core/coverage/index.js';
import { loadPolicy } from '../../src/core/policy/load.js';
import { trellis } from '../helpers/cli.js';
import { makeRepo, type FixtureRepo } from '../helpers/repo.js';
import { refs } from './fixture.js';

const NOW = '2026-01-15T12:00:00Z';
const POLICY = `versioning:
  tag: "v{version}"
branches:
  main: main
  release: "release-{major}.{minor}.x"
  backport: "backport/{line}/{pr}"
support:
  lines:
    "0.2": { support: full }
    "0.1": { support: full }
`;

async function repo(): Promise<FixtureRepo> {
  const r = await makeRepo();
  await r.commit('chore: initial', { files: { '.trellis.yml': POLICY, 'a.txt': 'a\n' } });
  await r.branch('release-0.1.x');
  await r.tag('v0.1.0', { message: 'Release 0.1.0', target: 'release-0.1.x' });
  await r.commit('feat: more', { files: { 'b.txt': 'b\n' } });
  await r.branch('release-0.2.x');
  await r.tag('v0.2.0', { message: 'Release 0.2.0', target: 'release-0.2.x' });
  return r;
}

const run = (r: FixtureRepo, args: string[]) => trellis(args, { cwd: r.dir, env: r.env, now: NOW });

describe('{pr} in branches.backport', () => {
  it('is a valid template in place of {sha}; one with neither is still refused', () => {
    expect(() => loadPolicy('branches:\n  backport: "backport/{line}/{pr}"\n')).not.toThrow();
    expect(() => loadPolicy('branches:\n  backport: "backport/{pr}"\n')).toThrow(/needs \{sha\} and \{line\} or \{branch\}/);
  });

  it('names the branch by a squash subject "(#N)", and missing finds it pending', async () => {
    const r = await repo();
    const fix = await r.commit('fix: close the socket on timeout (#123)', { files: { 'net.py': 'close()\n' } });
    const res = await run(r, ['backport', fix, '--to', '0.2']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(await r.rev('backport/0.2/123^')).toBe(await r.rev('release-0.2.x'));
    const missing = await run(r, ['missing', '--json', '--no-cache']);
    const report = JSON.parse(missing.stdout) as CoverageReport;
    const row = report.changes.find((c) => c.commit === fix);
    expect(row?.states['0.2']).toEqual({
      state: 'pending',
      via: 'branch',
      commit: await r.rev('backport/0.2/123'),
      reason: 'backport branch backport/0.2/123 is not merged',
    });
    expect(row?.states['0.1']).toMatchObject({ state: 'missing' });
  });

  it('names it by "Merge pull request #N" (with --mainline 1) and by the pull request a backport text names', async () => {
    const r = await repo();
    await r.branch('dev/x');
    await r.checkout('dev/x');
    await r.commit('fix: parse an empty config', { files: { 'cfg.txt': 'cfg\n' } });
    await r.checkout('main');
    const m = await r.merge('dev/x', { message: 'Merge pull request #77 from dev/x' });
    const merged = await run(r, ['backport', m, '--mainline', '1', '--to', '0.2']);
    expect(merged.code).toBe(0);
    expect(await r.git('log', '-1', '--format=%s', 'backport/0.2/77')).toBe('Merge pull request #77 from dev/x');
    // A Llama Stack-style pick on 0.2 carried on to 0.1: named by the original pull request, #30.
    await r.checkout('release-0.2.x');
    const pick = await r.commit('fix: point the log at the renamed path (#31)\n\nCherry-pick of #30 to release-0.2.x\n', {
      files: { 'log.py': 'ref\n' },
    });
    await r.checkout('main');
    const carried = await run(r, ['backport', pick, '--to', '0.1']);
    expect(carried.code).toBe(0);
    expect(await r.rev('backport/0.1/30^')).toBe(await r.rev('release-0.1.x'));
  });

  it('refuses a commit that names no pull request: one line, exit 2, nothing written', async () => {
    const r = await repo();
    const fix = await r.commit('fix: close the socket on timeout', { files: { 'net.py': 'close()\n' } });
    const before = await refs(r);
    const res = await run(r, ['backport', fix, '--to', '0.2', '--to', '0.1']);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain(
      `branches.backport 'backport/{line}/{pr}' names backport branches by pull request, and ${fix.slice(0, 10)} names none`,
    );
    expect(await refs(r)).toBe(before);
    expect((await run(r, ['backport', fix, '--to', '0.2', '--dry-run'])).code).toBe(2);
  });
});
