import { describe, expect, it } from 'vitest';
import { Git } from '../../src/git/git.js';
import { makeRepo, type FixtureRepo } from '../helpers/repo.js';

async function open(r: FixtureRepo, dir = r.dir): Promise<Git> {
  return Git.open(dir, { env: r.env });
}

async function refMap(r: FixtureRepo): Promise<string> {
  return r.git('for-each-ref', '--format=%(refname) %(objectname)');
}

describe('updateRefs', () => {
  it('applies creates, updates and deletes in one transaction with a reflog message', async () => {
    const r = await makeRepo();
    const a = await r.commit('a');
    const b = await r.commit('b');
    await r.branch('old', a);
    const g = await open(r);
    const before = g.stats.spawned;
    await g.updateRefs(
      [
        { ref: 'refs/heads/new', newOid: a, oldOid: null },
        { ref: 'refs/heads/main', newOid: a, oldOid: b },
        { ref: 'refs/heads/old', newOid: null, oldOid: a },
      ],
      { message: 'trellis: backport\nsecond line' },
    );
    expect(g.stats.spawned - before).toBe(1);
    expect(await refMap(r)).toBe(`refs/heads/main ${a}\nrefs/heads/new ${a}`);
    expect(await r.git('reflog', '-1', '--format=%gs', 'refs/heads/main')).toBe('trellis: backport second line');
  });

  it('changes nothing when one expected old value is wrong, and names that ref', async () => {
    const r = await makeRepo();
    const a = await r.commit('a');
    const b = await r.commit('b');
    await r.branch('line-1', a);
    await r.branch('line-2', a);
    const g = await open(r);
    const before = await refMap(r);
    const err = await g
      .updateRefs(
        [
          { ref: 'refs/heads/line-1', newOid: b, oldOid: a },
          { ref: 'refs/heads/line-2', newOid: b, oldOid: b }, // someone moved it (it is at a)
          { ref: 'refs/heads/backport/x', newOid: b, oldOid: null },
        ],
        { message: 'x' },
      )
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'refused', exitCode: 2 });
    expect((err as Error).message).toMatch(
      /^ref 'refs\/heads\/line-2' was changed by someone else \(is at [0-9a-f]{7}, expected [0-9a-f]{7}\); no ref was updated$/,
    );
    expect(await refMap(r)).toBe(before);
    const err2 = await g.updateRefs([{ ref: 'refs/heads/line-1', newOid: b, oldOid: null }], { message: 'x' }).catch((e: unknown) => e);
    expect(err2).toMatchObject({ code: 'refused' });
    expect((err2 as Error).message).toContain("'refs/heads/line-1'");
    expect(await refMap(r)).toBe(before);
  });

  it('validates names and ids before git sees them', async () => {
    const r = await makeRepo();
    const a = await r.commit('a');
    const g = await open(r);
    await expect(g.updateRefs([{ ref: 'refs/heads/-x', newOid: a }], { message: 'x' })).resolves.toBeUndefined();
    await expect(g.updateRefs([{ ref: '-x', newOid: a }], { message: 'x' })).rejects.toMatchObject({ code: 'bad-ref-name' });
    await expect(g.updateRefs([{ ref: 'refs/heads/a..b', newOid: a }], { message: 'x' })).rejects.toMatchObject({ code: 'bad-ref-name' });
    await expect(g.updateRefs([{ ref: 'refs/heads/x', newOid: 'main' }], { message: 'x' })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(
      g.updateRefs(
        [
          { ref: 'refs/heads/x', newOid: a },
          { ref: 'refs/heads/x', newOid: a },
        ],
        { message: 'x' },
      ),
    ).rejects.toMatchObject({ code: 'bad-input' });
  });
});

describe('worktrees', () => {
  it('knows which branches are checked out, rebased or bisected anywhere', async () => {
    const r = await makeRepo();
    const a = await r.commit('a', { files: { 'f.txt': '1\n' } });
    await r.commit('b', { files: { 'f.txt': '2\n' } });
    await r.branch('free');
    await r.branch('rebasing', a);
    const wt = await r.addWorktree('linked', { create: true });
    const g = await open(r);
    const trees = await g.worktrees();
    expect(trees.map((t) => [t.path, t.branch])).toEqual([
      [r.dir, 'refs/heads/main'],
      [wt, 'refs/heads/linked'],
    ]);
    expect(await g.isCheckedOut('main')).toBe(true);
    expect(await g.isCheckedOut('refs/heads/linked')).toBe(true);
    expect(await g.isCheckedOut('free')).toBe(false);
    // a rebase stopped on a conflict in the linked worktree: its branch is busy though HEAD is detached
    await r.gitWith(['checkout', '-q', 'rebasing'], { cwd: wt });
    await r.gitWith(['commit', '-q', '--allow-empty', '-m', 'x'], { cwd: wt });
    await r.gitWith(['rm', '-q', 'f.txt'], { cwd: wt });
    await r.gitWith(['commit', '-q', '-m', 'del'], { cwd: wt });
    await r.gitWith(['rebase', 'main'], { cwd: wt }).catch(() => undefined);
    const after = await open(r, wt);
    const linked = (await after.worktrees()).find((t) => t.path === wt);
    expect(linked?.detached).toBe(true);
    expect(linked?.busyBranches).toEqual(['refs/heads/rebasing']);
    expect(await after.isCheckedOut('rebasing')).toBe(true);
    expect(await after.isCheckedOut('linked')).toBe(false);
  });

  it('lists a bare repository with no branch checked out', async () => {
    const r = await makeRepo();
    await r.commit('a');
    const g = await Git.open(await r.cloneBare(), { env: r.env });
    const [t] = await g.worktrees();
    expect(t).toMatchObject({ bare: true, branch: null });
    expect(await g.isCheckedOut('main')).toBe(false);
  });
});

describe('tags and objects without a work tree', () => {
  it('creates annotated and lightweight tags that read back like git tag -a ones', async () => {
    const r = await makeRepo();
    const a = await r.commit('a', { date: '2025-01-01' });
    const g = await open(r);
    const tagOid = await g.createTag({
      name: 'v1.0.0',
      target: 'main',
      message: 'Release 1.0.0',
      tagger: { name: 'Rel Owner', email: 'rel@example.com', date: '2025-02-03T04:05:06+01:00' },
    });
    await g.createTag({ name: 'v1.0.0-light', target: a });
    const refs = await g.refs();
    expect(refs.find((x) => x.shortName === 'v1.0.0')).toMatchObject({
      oid: tagOid,
      annotated: true,
      commit: a,
      date: '2025-02-03T04:05:06+01:00',
      tagger: { name: 'Rel Owner', email: 'rel@example.com' },
      subject: 'Release 1.0.0',
    });
    expect(refs.find((x) => x.shortName === 'v1.0.0-light')).toMatchObject({ oid: a, annotated: false });
    // same object as `git tag -a` with the same identity, date and message
    await r.gitWith(['tag', '-a', '-m', 'Release 1.0.0', 'v-real', 'main'], {
      env: { GIT_COMMITTER_NAME: 'Rel Owner', GIT_COMMITTER_EMAIL: 'rel@example.com', GIT_COMMITTER_DATE: '2025-02-03T04:05:06+01:00' },
    });
    const real = await r.git('cat-file', 'tag', 'v-real');
    expect((await r.git('cat-file', 'tag', 'v1.0.0')).replace('tag v1.0.0\n', 'tag v-real\n')).toBe(real);
    await expect(g.createTag({ name: 'v1.0.0', target: a })).rejects.toMatchObject({ code: 'exists' });
    await expect(g.createTag({ name: '-v2', target: a })).rejects.toMatchObject({ code: 'bad-ref-name' });
  });

  it('writes blobs and trees, updates files of a tree and commits it, leaving the index alone', async () => {
    const r = await makeRepo();
    await r.commit('init', { files: { 'package.json': '{ "version": "1.0.0" }\n', 'src/x.ts': 'x\n', 'old.txt': 'o\n' } });
    await r.write('src/x.ts', 'dirty\n');
    const index = await r.read('.git/index');
    const g = await open(r);
    const base = await g.resolve('main^{tree}');
    const tree = await g.updateTree(base, [
      { path: 'package.json', content: '{ "version": "1.1.0" }\n' },
      { path: 'docs/new.md', content: Buffer.from('# new\n') },
      { path: 'old.txt', content: null },
      { path: 'bin/run', content: '#!/bin/sh\n', mode: '100755' },
    ]);
    const c = await g.commitTree({
      tree,
      parents: [await g.resolve('main')],
      message: 'chore: release 1.1.0\n',
      author: { name: 'Bot', email: 'bot@x', date: '2025-04-01T00:00:00Z' },
      committer: { name: 'Bot', email: 'bot@x', date: '2025-04-01T00:00:00Z' },
    });
    expect((await g.readFile(c, 'package.json'))?.toString()).toBe('{ "version": "1.1.0" }\n');
    expect(await g.readFile(c, 'old.txt')).toBeNull();
    const entries = await g.listTree(c, { recursive: true });
    expect(entries.map((e) => `${e.mode} ${e.path}`)).toEqual([
      '100755 bin/run',
      '100644 docs/new.md',
      '100644 package.json',
      '100644 src/x.ts',
    ]);
    expect(await r.git('log', '-1', '--format=%an %aI|%s', c)).toBe('Bot 2025-04-01T00:00:00+00:00|chore: release 1.1.0');
    expect(await r.read('.git/index')).toEqual(index);
    expect((await r.read('src/x.ts')).toString()).toBe('dirty\n');
    const blob = await g.writeBlob('hello\n');
    const t2 = await g.writeTree([{ mode: '100644', type: 'blob', oid: blob, path: 'hello.txt' }]);
    expect(await r.git('ls-tree', t2)).toBe(`100644 blob ${blob}\thello.txt`);
    await expect(g.updateTree(base, [{ path: '../escape', content: 'x' }])).rejects.toMatchObject({ code: 'bad-input' });
  });
});
