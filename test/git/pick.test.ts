import { describe, expect, it } from 'vitest';
import { Git } from '../../src/git/git.js';
import { cherryPickMessage } from '../../src/git/message.js';
import { parseIdentLine, type PickResult } from '../../src/git/pick.js';
import { gitDate, makeRepo, type FixtureRepo } from '../helpers/repo.js';
import { snapshotWorkTree as snapshot } from '../helpers/snapshot.js';

const FALLBACK = [false, true] as const;

async function open(r: FixtureRepo): Promise<Git> {
  return Git.open(r.dir, { env: r.env });
}

/** Makes the commit a pick would make, with the given committer, as `git cherry-pick -x` does. */
async function commitPick(g: Git, res: PickResult, committerDate: string): Promise<string> {
  const [orig] = await g.readCommits([res.commit]);
  if (!orig) throw new Error('no commit');
  return g.commitTree({
    tree: res.tree,
    parents: [res.onto],
    message: cherryPickMessage(orig.message, orig.oid),
    author: parseIdentLine(orig.authorLine),
    committer: { name: 'Cy Committer', email: 'cy@example.com', date: committerDate },
  });
}

describe('pickCommit', () => {
  for (const forceFallback of FALLBACK) {
    const label = forceFallback ? 'temporary commits (git 2.39 path)' : 'native path for this git';

    it(`clean pick equals real git cherry-pick -x — ${label}`, async () => {
      const r = await makeRepo();
      await r.commit('init', { files: { 'a.txt': 'a\nb\nc\nd\ne\nf\n', 'b.txt': 'b\n' }, date: '2025-01-01' });
      await r.branch('release');
      await r.commit('feat: main only', { files: { 'a.txt': 'a\nb\nc\nd\ne\nF-main\n' }, date: '2025-01-02' });
      const fix = await r.commit('fix: change b\n\nLonger body.\n\nFixes: 1234567\n', {
        files: { 'a.txt': 'A-fix\nb\nc\nd\ne\nF-main\n', 'new.txt': 'n\n' },
        date: '2025-01-03T08:00:00+09:00',
        author: { name: 'Fixer Ünï', email: 'fixer@example.com' },
      });
      const g = await open(r);
      const res = await g.pickCommit({ commit: fix, onto: 'release', forceFallback });
      expect(res.status).toBe('clean');
      expect(res.method).toBe(forceFallback || !g.version || g.version.minor < 40 ? 'temporary-commits' : 'merge-base');
      const ours = await commitPick(g, res, '2025-02-01T00:00:00Z');
      // the real thing, in the work tree
      await r.checkout('release');
      const real = await r.cherryPick(fix, { x: true, date: '2025-02-01T00:00:00Z' });
      expect(ours).toBe(real);
      expect(await g.readFile(ours, 'a.txt')).toEqual(Buffer.from('A-fix\nb\nc\nd\ne\nf\n'));
    });

    it(`empty pick when the change is already there — ${label}`, async () => {
      const r = await makeRepo();
      await r.commit('init', { files: { 'a.txt': '1\n' } });
      await r.branch('release');
      const fix = await r.commit('fix', { files: { 'a.txt': '2\n' } });
      await r.checkout('release');
      await r.cherryPick(fix, { x: true });
      await r.commit('later', { files: { 'z.txt': 'z\n' } });
      const g = await open(r);
      const res = await g.pickCommit({ commit: fix, onto: 'release', forceFallback });
      expect(res.status).toBe('empty');
      expect(res.tree).toBe(await g.resolve('release^{tree}'));
    });

    it(`content conflict gives the path, kind and a tree with markers — ${label}`, async () => {
      const r = await makeRepo();
      await r.commit('init', { files: { 'a.txt': 'line\n', 'ok.txt': 'ok\n' } });
      await r.branch('release');
      await r.commit('main edit', { files: { 'a.txt': 'main\n' } });
      const fix = await r.commit('fix', { files: { 'a.txt': 'fix\n', 'ok.txt': 'ok2\n' } });
      await r.checkout('release');
      await r.commit('release edit', { files: { 'a.txt': 'release\n' } });
      const g = await open(r);
      const res = await g.pickCommit({ commit: fix, onto: 'release', forceFallback });
      expect(res.status).toBe('conflict');
      if (res.status !== 'conflict') return;
      expect(res.conflicts).toEqual([
        { path: 'a.txt', kind: 'content', stages: [1, 2, 3], messages: ['CONFLICT (content): Merge conflict in a.txt'] },
      ]);
      const text = (await g.readFile(res.tree, 'a.txt'))?.toString() ?? '';
      expect(text).toMatch(/^<<<<<<< [^\n]*\nrelease\n=======\nfix\n>>>>>>> [^\n]*\n$/);
      expect((await g.readFile(res.tree, 'ok.txt'))?.toString()).toBe('ok2\n');
    });

    it(`modify/delete and add/add conflicts — ${label}`, async () => {
      const r = await makeRepo();
      await r.commit('init', { files: { 'gone.txt': 'x\n' } });
      await r.branch('release');
      const fix = await r.commit('fix', { files: { 'gone.txt': 'x2\n', 'both.txt': 'main\n' } });
      await r.checkout('release');
      await r.commit('drop', { files: { 'gone.txt': null, 'both.txt': 'release\n' } });
      const g = await open(r);
      const res = await g.pickCommit({ commit: fix, onto: 'release', forceFallback });
      expect(res.status).toBe('conflict');
      if (res.status !== 'conflict') return;
      const kinds = Object.fromEntries(res.conflicts.map((c) => [c.path, c.kind]));
      expect(kinds).toEqual({ 'both.txt': 'add/add', 'gone.txt': 'modify/delete' });
      expect(res.conflicts.find((c) => c.path === 'gone.txt')?.stages).toEqual([1, 3]);
    });

    it(`binary conflict — ${label}`, async () => {
      const r = await makeRepo();
      await r.commit('init', { files: { 'img.bin': Buffer.from([0, 1, 2]) } });
      await r.branch('release');
      const fix = await r.commit('fix', { files: { 'img.bin': Buffer.from([0, 9, 9]) } });
      await r.checkout('release');
      await r.commit('rel', { files: { 'img.bin': Buffer.from([0, 7, 7]) } });
      const g = await open(r);
      const res = await g.pickCommit({ commit: fix, onto: 'release', forceFallback });
      expect(res.status === 'conflict' && res.conflicts.map((c) => [c.path, c.kind])).toEqual([['img.bin', 'binary']]);
    });

    it(`merge commit with a mainline equals real git cherry-pick -x -m 1 — ${label}`, async () => {
      const r = await makeRepo();
      await r.commit('init', { files: { 'a.txt': '1\n', 'b.txt': '1\n' } });
      await r.branch('release');
      await r.branch('topic');
      await r.checkout('topic');
      await r.commit('topic 1', { files: { 't.txt': 't\n' } });
      await r.commit('topic 2', { files: { 'b.txt': '2\n' } });
      await r.checkout('main');
      await r.commit('main moves', { files: { 'a.txt': '2\n' } });
      const merge = await r.merge('topic', { message: 'Merge branch topic\n\nSigned-off-by: M <m@x>' });
      const g = await open(r);
      await expect(g.pickCommit({ commit: merge, onto: 'release', forceFallback })).rejects.toThrow(/--mainline/);
      await expect(g.pickCommit({ commit: merge, onto: 'release', mainline: 3, forceFallback })).rejects.toThrow(/no parent number 3/);
      const res = await g.pickCommit({ commit: merge, onto: 'release', mainline: 1, forceFallback });
      expect(res.status).toBe('clean');
      expect(res.base).toBe(await r.rev(`${merge}^1`));
      const ours = await commitPick(g, res, '2025-03-01T00:00:00Z');
      await r.checkout('release');
      const real = await r.cherryPick(merge, { x: true, mainline: 1, date: '2025-03-01T00:00:00Z' });
      expect(ours).toBe(real);
      expect(await g.readFile(ours, 'a.txt')).toEqual(Buffer.from('1\n'));
      expect(await g.readFile(ours, 't.txt')).toEqual(Buffer.from('t\n'));
    });
  }

  it('picks a root commit (the base is the empty tree)', async () => {
    const r = await makeRepo();
    const root = await r.commit('root', { files: { 'r.txt': 'r\n' } });
    const g = await open(r);
    const orphan = await g.commitTree({
      tree: await g.updateTree(null, [{ path: 'o.txt', content: 'o\n' }]),
      parents: [],
      message: 'orphan\n',
      author: { name: 'x', email: 'x@x', date: '2025-01-01T00:00:00Z' },
    });
    const res = await g.pickCommit({ commit: root, onto: orphan });
    expect(res.status).toBe('clean');
    expect(res.base).toBeNull();
    expect((await g.listTree(res.tree)).map((e) => e.path)).toEqual(['o.txt', 'r.txt']);
  });

  it('rejects --mainline for a non-merge, and unknown commits', async () => {
    const r = await makeRepo();
    const a = await r.commit('a');
    const g = await open(r);
    await expect(g.pickCommit({ commit: a, onto: 'main', mainline: 2 })).rejects.toThrow(/not a merge/);
    await expect(g.pickCommit({ commit: 'nope', onto: 'main' })).rejects.toMatchObject({ code: 'unknown-revision' });
  });

  it('leaves a dirty work tree, the index and the stash byte-for-byte unchanged', async () => {
    const r = await makeRepo();
    await r.commit('init', { files: { 'a.txt': '1\n', 'b.txt': 'b\n', 'c.txt': 'c\n' } });
    await r.branch('release');
    const fix = await r.commit('fix', { files: { 'a.txt': '2\n' } });
    const conflicting = await r.commit('conflicting', { files: { 'c.txt': 'c-main\n' } });
    await r.checkout('release');
    await r.commit('rel', { files: { 'c.txt': 'c-release\n' } });
    await r.write('b.txt', 'dirty but unstaged\n');
    await r.write('staged.txt', 'staged\n');
    await r.git('add', 'staged.txt');
    await r.write('untracked.txt', 'untracked\n');
    await r.write('a.txt', 'locally edited\n');
    await r.git('stash', 'push', '-q', '--', 'a.txt');
    await r.write('a.txt', 'edited again\n');
    const status = await r.git('status', '--porcelain=v1');
    const before = await snapshot(r.dir);
    const g = await open(r);
    for (const forceFallback of FALLBACK) {
      const res = await g.pickCommit({ commit: fix, onto: 'release', forceFallback });
      expect(res.status).toBe('clean');
      const c = await commitPick(g, res, '2025-05-01T00:00:00Z');
      const conflict = await g.pickCommit({ commit: conflicting, onto: 'release', forceFallback });
      expect(conflict.status).toBe('conflict');
      await g.updateRefs([{ ref: 'refs/heads/backport', newOid: c, oldOid: forceFallback ? c : null }], { message: 'test' });
      await g.updateRefs([{ ref: 'refs/heads/main', newOid: c, oldOid: conflicting }], { message: 'test' }).catch(() => undefined);
    }
    expect(await snapshot(r.dir)).toEqual(before);
    expect(await r.git('status', '--porcelain=v1')).toBe(status);
    expect(await r.git('stash', 'list')).toContain('stash@{0}');
  });
});

describe('pickCommits', () => {
  it('picks one commit onto many lines with a constant number of processes, same results as one by one', async () => {
    const r = await makeRepo();
    await r.commit('init', { files: { 'a.txt': '1\n2\n3\n', 'c.txt': 'c\n' } });
    const lines: string[] = [];
    for (let i = 0; i < 6; i++) {
      await r.branch(`release-${i}`);
      lines.push(`release-${i}`);
    }
    const fix = await r.commit('fix', { files: { 'a.txt': 'ONE\n2\n3\n', 'c.txt': 'c-fix\n' } });
    await r.checkout('release-1');
    await r.commit('conflicting', { files: { 'c.txt': 'c-release\n' } });
    await r.checkout('release-2');
    await r.cherryPick(fix, { x: true });
    await r.checkout('release-3');
    await r.commit('unrelated', { files: { 'z.txt': 'z\n' } });
    await r.checkout('main');
    const g = await open(r);
    const picks = lines.map((onto) => ({ commit: fix, onto }));
    const before = g.stats.spawned;
    const batch = await g.pickCommits(picks);
    const spent = g.stats.spawned - before;
    expect(spent).toBeLessThanOrEqual(3);
    expect(batch.map((b) => b.status)).toEqual(['clean', 'conflict', 'empty', 'clean', 'clean', 'clean']);
    const one = [];
    for (const p of picks) one.push(await g.pickCommit({ ...p, forceFallback: true }));
    expect(batch).toEqual(one);
    const twelve = await g.pickCommits([...picks, ...picks]);
    expect(twelve.map((b) => b.status)).toEqual([...batch, ...batch].map((b) => b.status));
    expect(await g.pickCommits([])).toEqual([]);
  });
});

describe('cherryPickMessage matches git cherry-pick -x', () => {
  const messages = [
    'fix: plain\n',
    'fix: no final newline',
    'fix: with body\n\nSome explanation\nover two lines.\n',
    'fix: signed\n\nSigned-off-by: A <a@x>\n',
    'fix: custom trailers\n\nFixes: abc1234\nCVE: CVE-2026-1234\n',
    'fix: mixed paragraph\n\nsome text\nFixes: abc1234\n',
    'fix: 25% with git trailer\n\nsome text\nmore text\nSigned-off-by: A <a@x>\n',
    'fix: under 25%\n\nl1\nl2\nl3\nl4\nSigned-off-by: A <a@x>\n',
    'Key: value in the title only\n',
    'fix: already picked\n\n(cherry picked from commit 1234567890abcdef1234567890abcdef12345678)\n',
    'fix: continuation\n\nCo-authored-by: A <a@x>\n  continued here\n',
    'fix: comment after trailers\n\nFixes: x\n\n# a comment line\n',
    'fix: url\n\nhttp://example.com/path\n',
    'fix: trailing blank lines\n\nbody\n\n\n',
    'fix: spaces in token\n\nReviewed by: Someone\n',
    'fix: unicode ✓\n\nÜber: wert\n',
    'subj\n\n\n\nbody   \n\n\n',
    '\n\nleading blank lines\n',
    'subj\n\n# comment\nbody\n',
    'subj  \t\n',
    'subj\r\n\r\nCRLF body\r\n',
  ];
  it('for every tricky message shape', async () => {
    const r = await makeRepo();
    await r.commit('init', { files: { 'base.txt': 'b\n' } });
    await r.branch('release');
    const picks: string[] = [];
    for (const [i, m] of messages.entries()) picks.push(await r.commit(m, { files: { [`f${i}.txt`]: `${i}\n` } }));
    await r.checkout('release');
    const g = await open(r);
    for (const [i, sha] of picks.entries()) {
      const onto = await r.rev('HEAD');
      const date = gitDate(`2025-06-0${(i % 9) + 1}`);
      const real = await r.cherryPick(sha, { x: true, date });
      const realMsg = await r.git('cat-file', 'commit', real);
      const [orig] = await g.readCommits([sha]);
      const expected = cherryPickMessage(orig?.message ?? '', sha);
      expect(realMsg.slice(realMsg.indexOf('\n\n') + 2) + '\n', JSON.stringify(messages[i])).toBe(expected);
      const res = await g.pickCommit({ commit: sha, onto });
      expect(await commitPick(g, res, date)).toBe(real);
    }
  });
});

describe('SHA-256 repositories', () => {
  it('pick, patch-ids and ref transactions work with 64-hex object ids', async () => {
    const r = await makeRepo({ objectFormat: 'sha256' });
    await r.commit('init', { files: { 'a.txt': '1\n2\n3\n4\n5\n6\n7\n8\n9\n' } });
    await r.branch('release');
    await r.commit('main', { files: { 'a.txt': '1\n2\n3\n4\n5\n6\n7\n8\nNINE\n' } });
    const fix = await r.commit('fix', { files: { 'a.txt': 'ONE\n2\n3\n4\n5\n6\n7\n8\nNINE\n' } });
    const g = await open(r);
    expect(g.objectFormat).toBe('sha256');
    expect(g.zeroOid).toHaveLength(64);
    const res = await g.pickCommit({ commit: fix, onto: 'release', forceFallback: true });
    expect(res.status).toBe('clean');
    const c = await commitPick(g, res, '2025-07-01T00:00:00Z');
    expect(c).toHaveLength(64);
    await g.updateRefs([{ ref: 'refs/heads/backport', newOid: c, oldOid: null }], { message: 'x' });
    expect((await g.patchIds([fix, c])).get(c)).toBe((await g.patchIds([fix])).get(fix));
    expect((await g.readFile('backport', 'a.txt'))?.toString()).toBe('ONE\n2\n3\n4\n5\n6\n7\n8\n9\n');
  });
});
