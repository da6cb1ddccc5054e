/**
 * Where status gets its history answers (facts/line-history.ts): kept answers when nothing moved
 * (no `git log` at all), the first-parent chains alone on a history without merges, planned small
 * reads on one with many, a bounded `git log` otherwise, the whole history when the bound was too
 * high; the same discovery every way.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/core/policy/load.js';
import { RecordCache } from '../../src/facts/coverage/cache-files.js';
import { discoverWithHistory } from '../../src/facts/line-history.js';
import { discoverLines, graphTips } from '../../src/core/lines/index.js';
import { readGraph, readLineFacts, refFacts } from '../../src/facts/repository.js';
import { Git } from '../../src/git/git.js';
import { makeRepo } from '../helpers/repo.js';
import { gooseRepo, GOOSE_POLICY, tarantoolRepo } from './fixtures.js';

async function read(dir: string, env: NodeJS.ProcessEnv, policyText: string, cache = true) {
  const git = await Git.open(dir, { env });
  const before = git.stats.spawned;
  const f = await readLineFacts(git, loadPolicy(policyText), { cache });
  return { ...f, spawned: git.stats.spawned - before };
}

describe('status answers from history', () => {
  it('are kept under .git/trellis: a second read with nothing moved runs no git log', async () => {
    const fx = await gooseRepo();
    // for-each-ref, the sample of main's chain (a short history: the one walk is cheaper), the log.
    const cold = await read(fx.repo.dir, fx.repo.env, GOOSE_POLICY);
    expect(cold.spawned).toBe(3);
    const warm = await read(fx.repo.dir, fx.repo.env, GOOSE_POLICY);
    expect(warm.spawned).toBe(1);
    expect(warm.graph.ids).toEqual([]);
    expect(warm.discovery).toEqual(cold.discovery);
    expect(warm.discovery.lines.find((l) => l.key === '1.2')!.forkPoint?.commit).toBe(fx.commits.cut12);
    const kept = await readFile(join(fx.repo.dir, '.git', 'trellis', 'line-history'), 'utf8');
    expect(kept).toMatch(/^trellis-cache 1 line-history h2\n/);

    // A line moves: its answers are asked again, from history, and kept in place of the old ones.
    await fx.repo.checkout('v1.2-histrionicus');
    await fx.repo.commit('fix: four', { files: { 'b.txt': '4\n' }, date: '2025-07-10' });
    const moved = await read(fx.repo.dir, fx.repo.env, GOOSE_POLICY);
    expect(moved.spawned).toBe(3);
    expect(moved.discovery.lines.find((l) => l.key === '1.2')!.unreleasedCommits).toBe(2);
    expect(moved.discovery).toEqual((await read(fx.repo.dir, fx.repo.env, GOOSE_POLICY, false)).discovery);
    expect((await read(fx.repo.dir, fx.repo.env, GOOSE_POLICY)).spawned).toBe(1);
  });

  it('after a fetch that moved only main, carries the kept answers to its new tip: one rev-list, no git log', async () => {
    const fx = await gooseRepo();
    const fresh = async () => (await read(fx.repo.dir, fx.repo.env, GOOSE_POLICY, false)).discovery;
    await read(fx.repo.dir, fx.repo.env, GOOSE_POLICY);
    // main moves on: a commit, and a line merged back (its new chain commits are on no line).
    await fx.repo.checkout('main');
    await fx.repo.commit('feat: more 1.4 work', { files: { 'a.txt': '6\n' }, date: '2025-07-20' });
    await fx.repo.merge('v1.2-histrionicus', { message: 'Merge v1.2-histrionicus into main', date: '2025-07-21' });
    const moved = await read(fx.repo.dir, fx.repo.env, GOOSE_POLICY);
    // for-each-ref and the rev-list of main's new commits
    expect(moved.spawned).toBe(2);
    expect(moved.discovery).toEqual(await fresh());
    expect(moved.discovery.lines.find((l) => l.key === '1.3')!.forkPoint?.commit).toBe(fx.commits.cut13);
    // kept for the new tip
    expect((await read(fx.repo.dir, fx.repo.env, GOOSE_POLICY)).spawned).toBe(1);

    // main reset to an older commit (a force-push): its old tip is not on the new chain, history is read.
    await fx.repo.git('reset', '-q', '--hard', fx.commits.cut13!);
    const reset = await read(fx.repo.dir, fx.repo.env, GOOSE_POLICY);
    expect(reset.spawned).toBeGreaterThan(2);
    expect(reset.discovery).toEqual(await fresh());

    // Kept answers about a main tip that no longer exists (rewritten, then collected): read again, no error.
    await read(fx.repo.dir, fx.repo.env, GOOSE_POLICY);
    await fx.repo.commit('feat: after the reset', { files: { 'a.txt': '7\n' }, date: '2025-07-22' });
    const store = await RecordCache.open(join(fx.repo.dir, '.git', 'trellis'), 'line-history', 'h2');
    const gone = 'f'.repeat(40);
    for (const [k, v] of [...store.records]) {
      if (!k.startsWith('fork ')) continue;
      store.delete(k);
      store.set(`${k.slice(0, k.lastIndexOf(' '))} ${gone}`, v);
    }
    await store.save();
    const afterGone = await read(fx.repo.dir, fx.repo.env, GOOSE_POLICY);
    expect(afterGone.discovery).toEqual(await fresh());
  });

  it("carries the development branch's own count (unreleased since its entrypoint) by reading only its new commits", async () => {
    const fx = await tarantoolRepo();
    const fresh = async () => (await read(fx.repo.dir, fx.repo.env, fx.policy, false)).discovery;
    const before = await read(fx.repo.dir, fx.repo.env, fx.policy);
    const dev = (d: typeof before.discovery) => d.lines.find((l) => l.kind === 'development')!;
    expect(dev(before.discovery).unreleasedCommits).not.toBeNull();
    await fx.repo.checkout('master');
    await fx.repo.commit('feat: next work', { files: { 'a.txt': '9\n' }, date: '2025-07-01' });
    await fx.repo.commit('feat: more next work', { files: { 'a.txt': '10\n' }, date: '2025-07-02' });
    const git = await Git.open(fx.repo.dir, { env: fx.repo.env });
    const moved = await discoverWithHistory(git, refFacts(await git.refs()), loadPolicy(fx.policy));
    expect(moved.source).toBe('carried');
    expect(moved.discovery).toEqual(await fresh());
    expect(dev(moved.discovery).unreleasedCommits).toBe(dev(before.discovery).unreleasedCommits! + 2);
  });

  it("does not carry the fork of a line that holds main's old tip: main fast-forwarded to that line is read again", async () => {
    const fx = await gooseRepo();
    const fresh = async () => (await read(fx.repo.dir, fx.repo.env, GOOSE_POLICY, false)).discovery;
    // 1.4 cut at main's tip, with a fix of its own: its fork is main's tip.
    await fx.repo.branch('v1.4-andium');
    await fx.repo.checkout('v1.4-andium');
    await fx.repo.commit('fix: on 1.4', { files: { 'c.txt': '1\n' }, date: '2025-07-10' });
    await read(fx.repo.dir, fx.repo.env, GOOSE_POLICY);
    // main is fast-forwarded to 1.4: the line's commits are now on main's chain, and its fork moves up.
    await fx.repo.checkout('main');
    await fx.repo.git('merge', '-q', '--ff-only', 'v1.4-andium');
    const moved = await read(fx.repo.dir, fx.repo.env, GOOSE_POLICY);
    expect(moved.spawned).toBeGreaterThan(2);
    expect(moved.discovery).toEqual(await fresh());
    expect(moved.discovery.lines.find((l) => l.key === '1.4')!.forkPoint?.commit).toBe(await fx.repo.rev('v1.4-andium'));
  });

  it('distrusts a kept file that was edited, and writes nothing with cache: false', async () => {
    const fx = await tarantoolRepo();
    const none = await read(fx.repo.dir, fx.repo.env, fx.policy, false);
    await expect(readFile(join(fx.repo.dir, '.git', 'trellis', 'line-history'), 'utf8')).rejects.toThrow();
    await read(fx.repo.dir, fx.repo.env, fx.policy);
    const file = join(fx.repo.dir, '.git', 'trellis', 'line-history');
    const text = await readFile(file, 'utf8');
    // Change one answer (a count) without fixing the checksum.
    await writeFile(
      file,
      text.replace(/(ahead [0-9a-f ]+\t)(\d+)/, (_m, k: string, n: string) => `${k}${Number(n) + 7}`),
    );
    const edited = await read(fx.repo.dir, fx.repo.env, fx.policy);
    expect(edited.spawned).toBe(3);
    expect(edited.discovery).toEqual(none.discovery);
  });

  it('reads the whole history when the bound is above a fork point', async () => {
    // 1.0 is released from main after 1.1 was cut: its tag (the bound) holds 1.1's fork point.
    const r = await makeRepo();
    await r.commit('init', { files: { 'a.txt': '0\n' }, date: '2025-01-01' });
    await r.tag('v1.0.0', { message: 'v1.0.0', date: '2025-01-02' });
    const cut11 = await r.commit('feat: 1.1', { files: { 'a.txt': '1\n' }, date: '2025-02-01' });
    await r.branch('release/1.1');
    await r.commit('feat: more', { files: { 'a.txt': '2\n' }, date: '2025-02-10' });
    await r.tag('v1.0.1', { message: 'v1.0.1', date: '2025-02-11' });
    await r.checkout('release/1.1');
    await r.commit('fix: on 1.1', { files: { 'b.txt': '1\n' }, date: '2025-02-20' });
    const policy = loadPolicy('versioning:\n  tag: "v{version}"\nbranches:\n  main: main\n  release: "release/{major}.{minor}"\n');
    const git = await Git.open(r.dir, { env: r.env });
    const refs = refFacts(await git.refs());
    const before = git.stats.spawned;
    const got = await discoverWithHistory(git, refs, policy, { cache: false });
    expect(got.source).toBe('whole');
    // The sample of main's chain, the bounded log, the whole one.
    expect(git.stats.spawned - before).toBe(3);
    expect(got.discovery.lines.find((l) => l.key === '1.1')!.forkPoint?.commit).toBe(cut11);
  });

  it('bounds the read below the oldest branched line when an older line has tags', async () => {
    const fx = await gooseRepo();
    // v1.0.0 on the first commit, before 1.1 was cut: the bound holds.
    await fx.repo.tag('v1.0.0', { target: 'main~8', message: 'v1.0.0', date: '2025-01-02' });
    const git = await Git.open(fx.repo.dir, { env: fx.repo.env });
    const policy = loadPolicy(GOOSE_POLICY);
    const refs = refFacts(await git.refs());
    const bounded = await discoverWithHistory(git, refs, policy, { cache: false });
    expect(bounded.source).toBe('bounded');
    const wholeGraph = await readGraph(git, graphTips(discoverLines(refs, policy)));
    expect(bounded.graph.ids.length).toBe(wholeGraph.ids.length - 1);
    expect(bounded.discovery).toEqual(discoverLines(refs, policy, wholeGraph));
  });

  it('answers from the first-parent chains and small reads on a history of merges, as from the whole graph', async () => {
    const cases: Array<{ dir: string; env: NodeJS.ProcessEnv; policy: string }> = [];
    const goose = await gooseRepo();
    cases.push({ dir: goose.repo.dir, env: goose.repo.env, policy: GOOSE_POLICY });
    // main merged into a line after it was cut: the fork point moves up to the merged commit.
    await goose.repo.checkout('main');
    const merged = await goose.repo.commit('feat: on main after the cut', { files: { 'm.txt': '1\n' }, date: '2025-07-20' });
    await goose.repo.checkout('v1.2-histrionicus');
    await goose.repo.merge('main', { message: 'Merge main into v1.2', date: '2025-07-21' });
    await goose.repo.checkout('main');
    await goose.repo.commit('feat: later', { files: { 'm.txt': '2\n' }, date: '2025-07-22' });
    const tarantool = await tarantoolRepo();
    cases.push({ dir: tarantool.repo.dir, env: tarantool.repo.env, policy: tarantool.policy });
    for (const c of cases) {
      const git = await Git.open(c.dir, { env: c.env });
      const policy = loadPolicy(c.policy);
      const refs = refFacts(await git.refs());
      const planned = await discoverWithHistory(git, refs, policy, { cache: false, planned: 'always' });
      const whole = discoverLines(refs, policy, await readGraph(git, graphTips(discoverLines(refs, policy))));
      expect(planned.discovery).toEqual(whole);
      if (c.dir === goose.repo.dir) {
        expect(planned.source).toBe('planned');
        expect(planned.discovery.lines.find((l) => l.key === '1.2')!.forkPoint?.commit).toBe(merged);
      }
    }
  });
});
