/**
 * A run killed at the worst instants, then the next run: it finishes what the killed one
 * started (the journal in .git/trellis/journal.json), removes git's stale locks and Trellis's
 * temporary folders, says so on stderr, and never does the work twice (`branch cut` without a
 * line cuts the killed run's line, not the next one).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { branchCut } from '../../src/app/branch-cut.js';
import { openRepo, withPolicy } from '../../src/app/context.js';
import { mergeBack } from '../../src/app/merge-back.js';
import { release } from '../../src/app/release.js';
import { loadPolicy } from '../../src/core/policy/load.js';
import { PY, RELEASE_BRANCHES_POLICY } from '../../bench/torture/fixtures.js';
import type { FixtureRepo } from '../helpers/repo.js';
import { repoWith, run } from '../release/fixture.js';

const POLICY = RELEASE_BRANCHES_POLICY;

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

/** Validates a `--json` document against its published schema (schema/output/NAME.json). */
function validates(name: string, doc: unknown): void {
  const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../schema/output', `${name}.json`), 'utf8')) as {
    properties: Record<string, unknown>;
  };
  expect(schema.properties.recovered).toBeDefined();
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  expect(validate(doc), ajv.errorsText(validate.errors)).toBe(true);
}

/** The journal a killed run leaves: its process gone, its transaction recorded. */
async function killedJournal(
  r: FixtureRepo,
  j: { kind: string; message: string; line?: string | null; updates: unknown[]; worktrees?: unknown[] },
) {
  await mkdir(join(r.dir, '.git/trellis'), { recursive: true });
  const full = { version: 1, pid: deadPid(), started: new Date().toISOString(), line: null, worktrees: [], ...j };
  await writeFile(join(r.dir, '.git/trellis/journal.json'), JSON.stringify(full));
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

  it('release --json says what recovery found and did in `recovered` (text output: the same lines on stderr)', async () => {
    const r = await repo();
    await expect(release(await ctxOf(r, 'after-refs'), { line: '0.4' })).rejects.toThrow('injected fault');
    const res = await run(r, ['release', '0.4', '--json']);
    expect(res.code, res.stderr).toBe(0);
    const doc = JSON.parse(res.stdout) as {
      recovered: { run: { command: string }; transaction: string; actions: Array<{ action: string }> };
    };
    expect(doc.recovered).toMatchObject({ run: { command: 'release', message: 'trellis: release 0.4.5' }, transaction: 'complete' });
    expect(doc.recovered.actions.map((a) => a.action)).toEqual(['updated-worktree']);
    validates('release', doc);
    // Nothing to recover: no field.
    await r.commit('fix: one more', { files: { 'more.py': 'ok\n' } });
    const next = await run(r, ['branch', 'cut', '--dry-run', '--json']);
    expect(JSON.parse(next.stdout)).not.toHaveProperty('recovered');
  });
  it('recovered: leftovers only, then git killed mid-commit (some refs moved, rolled forward) with a stale lock', async () => {
    const r = await repo();
    await mkdir(join(r.dir, `.git/trellis/tmp/index-${deadPid()}-abc`), { recursive: true });
    const res = await run(r, ['branch', 'cut', '0.5', '--json']);
    expect(res.code, res.stderr).toBe(0);
    const doc = JSON.parse(res.stdout) as { recovered: { run: unknown; transaction: unknown; actions: Array<{ action: string }> } };
    expect(doc.recovered).toMatchObject({ run: null, transaction: null, actions: [{ action: 'removed-temporary-folders' }] });
    validates('branch-cut', doc);
    const main = await r.rev('main');
    const line = await r.rev('release-0.4.x');
    await r.git('branch', 'moved-one', main);
    await killedJournal(r, {
      kind: 'release',
      message: 'trellis: release 9.9',
      updates: [
        { ref: 'refs/heads/moved-one', old: null, new: main },
        { ref: 'refs/heads/not-yet', old: null, new: line },
      ],
    });
    const lock = join(r.dir, '.git/refs/heads/not-yet.lock');
    await writeFile(lock, `${line}\n`);
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    const rel = await run(r, ['release', '0.4', '--json']);
    expect(rel.code, rel.stderr).toBe(0);
    const out = JSON.parse(rel.stdout) as { recovered: { transaction: string; actions: Array<{ action: string; targets: string[] }> } };
    expect(out.recovered).toMatchObject({ run: { command: 'release', message: 'trellis: release 9.9' }, transaction: 'partial' });
    expect(out.recovered.actions).toMatchObject([
      { action: 'removed-lock', targets: [lock] },
      { action: 'rolled-forward', targets: ['refs/heads/not-yet'] },
    ]);
    validates('release', out);
    expect(await r.rev('not-yet')).toBe(line);
  });
});

describe('merge-back and trunk hotfixes under kills', () => {
  it('merge-back killed between the ref transaction and the work-tree update: the re-run brings main along and reports the merge once', async () => {
    const r = await repo();
    await expect(mergeBack(await ctxOf(r, 'after-refs'), { line: '0.4' })).rejects.toThrow('injected fault');
    expect(await r.git('status', '--porcelain')).not.toBe('');
    const merge = await r.rev('main');
    const res = await run(r, ['merge-back', '0.4', '--json']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('before updating its files; updated them now');
    const doc = JSON.parse(res.stdout) as Record<string, unknown> & {
      recovered: { actions: Array<{ action: string; targets: string[] }> };
    };
    expect(doc).toMatchObject({ status: 'merged', commit: merge, killedRun: true, commits: 1, worktree: r.dir });
    expect(doc.recovered).toMatchObject({ run: { command: 'merge-back' }, transaction: 'complete' });
    expect(doc.recovered.actions).toMatchObject([{ action: 'updated-worktree', targets: [r.dir] }]);
    validates('merge-back', doc);
    expect(await r.rev('main')).toBe(merge);
    expect(await r.git('rev-list', '--merges', '--count', 'main')).toBe('1');
    expect(await r.git('status', '--porcelain')).toBe('');
    expect(existsSync(join(r.dir, '.git/trellis/journal.json'))).toBe(false);
    // The text of a re-run: the merge, by the killed run.
    const text = await run(r, ['merge-back', '0.4']);
    expect(text.stdout).toBe('main already has every commit of release-0.4.x: nothing to merge back\n');
  });

  it('merge-back killed before its transaction: the re-run says nothing had changed and merges once', async () => {
    const r = await repo();
    await expect(mergeBack(await ctxOf(r, 'before-refs'), { line: '0.4' })).rejects.toThrow('injected fault');
    const main = await r.rev('main');
    await killedJournal(r, {
      kind: 'merge-back',
      message: 'trellis: merge-back x into main',
      line: '0.4',
      updates: [{ ref: 'refs/heads/main', old: main, new: '1'.repeat(40) }],
      worktrees: [{ path: r.dir, branch: 'main', old: main, new: '1'.repeat(40) }],
    });
    const res = await run(r, ['merge-back', '0.4', '--json']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('had changed no ref; nothing to finish');
    const doc = JSON.parse(res.stdout) as { status: string; recovered: { transaction: string } };
    expect(doc.status).toBe('merged');
    expect(doc).not.toHaveProperty('killedRun');
    expect(doc.recovered.transaction).toBe('none');
    expect(await r.git('rev-list', '--merges', '--count', 'main')).toBe('1');
    expect(await r.git('status', '--porcelain')).toBe('');
  });

  it('a live merge-back holds the journal: release and merge-back are refused and change nothing', async () => {
    const r = await repo();
    await mkdir(join(r.dir, '.git/trellis'), { recursive: true });
    const live = { version: 1, pid: process.pid === 1 ? 2 : 1, started: new Date().toISOString(), kind: 'merge-back' };
    await writeFile(
      join(r.dir, '.git/trellis/journal.json'),
      JSON.stringify({ ...live, message: 'trellis: merge-back x into main', line: null, updates: [], worktrees: [] }),
    );
    const refs = await r.git('for-each-ref');
    for (const argv of [
      ['merge-back', '0.4'],
      ['release', '0.4'],
    ]) {
      const res = await run(r, argv);
      expect(res.code).toBe(2);
      expect(res.stderr).toContain("'trellis: merge-back x into main') is changing refs");
    }
    expect(await r.git('for-each-ref')).toBe(refs);
  });

  it('trunk hotfix: start killed after its transaction, then merge-back of the hotfix branch killed, each done once', async () => {
    const r = await repo();
    const main = await r.rev('main');
    // The killed `hotfix start 0.4.5`: the branch was created, the journal not removed.
    await r.git('branch', 'hotfix/0.4.5', main);
    await killedJournal(r, {
      kind: 'hotfix',
      message: 'trellis: hotfix start 0.4.5',
      updates: [{ ref: 'refs/heads/hotfix/0.4.5', old: null, new: main }],
    });
    const start = await run(r, ['hotfix', 'start', '0.4.5', '--json']);
    expect(start.code, start.stderr).toBe(0);
    const doc = JSON.parse(start.stdout) as { summary: string; recovered: unknown };
    expect(doc.summary).toBe('hotfix/0.4.5 already exists: nothing to do');
    expect(doc.recovered).toEqual({
      run: expect.objectContaining({ command: 'hotfix', message: 'trellis: hotfix start 0.4.5' }),
      transaction: 'complete',
      actions: [],
    });
    expect(existsSync(join(r.dir, '.git/trellis/journal.json'))).toBe(false);
    await r.checkout('hotfix/0.4.5');
    await r.commit('fix: crash on empty input', { files: { 'input.py': 'ok\n' } });
    await r.checkout('main');
    // (`release hotfix/0.4.5` comes between; its kill windows are the release's, tested above.)
    await expect(mergeBack(await ctxOf(r, 'after-refs'), { line: 'hotfix/0.4.5' })).rejects.toThrow('injected fault');
    const merged = await run(r, ['merge-back', 'hotfix/0.4.5']);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toContain('(by a run that was killed before it could say so; nothing left to do)');
    expect(await r.git('rev-list', '--merges', '--count', 'main')).toBe('1');
    expect(await r.git('status', '--porcelain')).toBe('');
  });
});
