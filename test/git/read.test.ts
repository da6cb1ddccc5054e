import { describe, expect, it } from 'vitest';
import { Git } from '../../src/git/git.js';
import { fastImport, makeRepo, type FixtureRepo } from '../helpers/repo.js';

async function open(r: FixtureRepo): Promise<Git> {
  return Git.open(r.dir, { env: r.env });
}

describe('refs()', () => {
  it('reads branches, annotated and lightweight tags with peeled commits and dates in one process', async () => {
    const r = await makeRepo();
    const c1 = await r.commit('feat: first', { files: { 'a.txt': '1\n' }, date: '2025-01-02T10:00:00+02:00' });
    await r.tag('v0.1.0', { message: 'Release 0.1.0\n\nNotes here.\n', date: '2025-01-05T09:30:00-05:00' });
    await r.branch('release-0.1.x');
    const c2 = await r.commit('fix: second', { files: { 'a.txt': '2\n' }, date: '2025-02-01' });
    await r.tag('v0.2.0-light');
    const g = await open(r);
    const before = g.stats.spawned;
    const refs = await g.refs();
    expect(g.stats.spawned - before).toBe(1);
    const by = new Map(refs.map((x) => [x.name, x]));
    expect([...by.keys()].sort()).toEqual(['refs/heads/main', 'refs/heads/release-0.1.x', 'refs/tags/v0.1.0', 'refs/tags/v0.2.0-light']);
    const annotated = by.get('refs/tags/v0.1.0');
    expect(annotated).toMatchObject({
      shortName: 'v0.1.0',
      kind: 'tag',
      objectType: 'tag',
      annotated: true,
      commit: c1,
      date: '2025-01-05T09:30:00-05:00',
      commitDate: '2025-01-02T10:00:00+02:00',
      tagger: { name: 'Cy Committer', email: 'cy@example.com', date: '2025-01-05T09:30:00-05:00' },
      subject: 'Release 0.1.0',
      commitSubject: 'feat: first',
    });
    expect(annotated?.oid).not.toBe(c1);
    expect(by.get('refs/tags/v0.2.0-light')).toMatchObject({
      kind: 'tag',
      objectType: 'commit',
      annotated: false,
      oid: c2,
      commit: c2,
      date: '2025-02-01T12:00:00+00:00',
      commitDate: '2025-02-01T12:00:00+00:00',
      tagger: null,
      subject: 'fix: second',
    });
    expect(by.get('refs/heads/release-0.1.x')).toMatchObject({ kind: 'branch', shortName: 'release-0.1.x', commit: c1 });
  });

  it('peels a tag of a tag to its commit', async () => {
    const r = await makeRepo();
    const c = await r.commit('init', { date: '2025-03-01' });
    await r.tag('inner', { message: 'inner' });
    await r.tag('outer', { message: 'outer', target: 'refs/tags/inner' });
    const refs = await (await open(r)).refs();
    const outer = refs.find((x) => x.shortName === 'outer');
    expect(outer).toMatchObject({ annotated: true, commit: c, commitSubject: 'init', commitDate: '2025-03-01T12:00:00+00:00' });
  });

  it('includes remotes only when asked, without origin/HEAD', async () => {
    const up = await makeRepo();
    await up.commit('init');
    const r = await makeRepo();
    await r.commit('local');
    await r.git('remote', 'add', 'origin', up.dir);
    await r.git('fetch', '-q', 'origin');
    await r.git('remote', 'set-head', 'origin', 'main');
    const g = await open(r);
    expect((await g.refs()).some((x) => x.kind === 'remote')).toBe(false);
    const remotes = (await g.refs({ remotes: true })).filter((x) => x.kind === 'remote');
    expect(remotes.map((x) => x.shortName)).toEqual(['origin/main']);
  });

  it('reads 1,000 tags with a constant number of git processes', async () => {
    const r = await makeRepo();
    const parts: string[] = [];
    for (let i = 1; i <= 500; i++) {
      parts.push(
        fastImport.commit({
          ref: 'refs/heads/main',
          mark: i,
          message: `commit ${i}\n`,
          date: new Date(Date.UTC(2024, 0, 1) + i * 3600_000),
          files: { 'n.txt': `${i}\n` },
        }),
      );
      parts.push(fastImport.lightweightTag(`v0.${i}.0`, `:${i}`));
      parts.push(
        fastImport.annotatedTag({
          name: `v1.${i}.0`,
          target: `:${i}`,
          message: `Release 1.${i}.0\n`,
          date: new Date(Date.UTC(2024, 6, 1) + i * 60_000),
        }),
      );
    }
    await r.fastImport(parts);
    const g = await open(r);
    const before = g.stats.spawned;
    const refs = await g.refs();
    const tags = refs.filter((x) => x.kind === 'tag');
    expect(tags).toHaveLength(1000);
    expect(g.stats.spawned - before).toBe(1);
    expect(tags.every((t) => t.commit !== null && t.date !== null)).toBe(true);
    const revs = await g.revParse(
      tags.map((t) => t.name),
      { peel: 'commit' },
    );
    expect(g.stats.spawned - before).toBe(2);
    expect(tags.every((t) => revs.get(t.name) === t.commit)).toBe(true);
  });
});

describe('log()', () => {
  it('parses odd messages, unicode, trailers, parents and dates in one process', async () => {
    const r = await makeRepo();
    const m1 = 'feat(ü): ünïcödé 🚀 subject\n\nBody line one\n  indented\n\n\nTrailing: spaces   \nCVE: CVE-2026-1234\nFixes: abc123\n';
    const a = await r.commit(m1, {
      files: { 'a.txt': '1\n' },
      date: '2025-01-02T03:04:05+05:30',
      author: { name: 'Zoë Ä', email: 'z@x.org' },
    });
    const m2 = 'no trailing newline';
    const b = await r.commit(m2, { files: { 'b.txt': '1\n', 'dir/c d.txt': 'x\n' } });
    const m3 = '\x01' + 'a'.repeat(40) + ' looks like a record start\n\n%x00 %H literal\n';
    const c = await r.commit(m3, { files: { 'a.txt': null } });
    const g = await open(r);
    const before = g.stats.spawned;
    const log = await g.log(['main'], { paths: true });
    expect(g.stats.spawned - before).toBe(1);
    expect(log.map((x) => x.oid)).toEqual([c, b, a]);
    const [lc, lb, la] = log;
    expect(la?.message).toBe(m1);
    expect(la?.subject).toBe('feat(ü): ünïcödé 🚀 subject');
    expect(la?.author).toEqual({ name: 'Zoë Ä', email: 'z@x.org', date: '2025-01-02T03:04:05+05:30' });
    expect(la?.committer.name).toBe('Cy Committer');
    expect(la?.parents).toEqual([]);
    expect(la?.paths).toEqual(['a.txt']);
    expect(lb?.message).toBe(m2);
    expect(lb?.parents).toEqual([a]);
    expect(lb?.paths).toEqual(['b.txt', 'dir/c d.txt']);
    expect(lc?.message).toBe(m3);
    expect(lc?.paths).toEqual(['a.txt']);
    const noPaths = await g.log([`${a}..main`]);
    expect(noPaths.map((x) => x.oid)).toEqual([c, b]);
    expect(noPaths[0]?.paths).toBeUndefined();
  });

  it('follows first parents, lists merge changes against the first parent, and reverses', async () => {
    const r = await makeRepo();
    const base = await r.commit('base', { files: { 'a.txt': '1\n' } });
    await r.branch('topic');
    await r.checkout('topic');
    const t1 = await r.commit('topic work', { files: { 't.txt': 't\n' } });
    await r.checkout('main');
    const m1 = await r.commit('main work', { files: { 'm.txt': 'm\n' } });
    const merge = await r.merge('topic', { message: 'Merge topic' });
    const g = await open(r);
    const fp = await g.log(['main'], { firstParent: true, paths: true });
    expect(fp.map((x) => x.oid)).toEqual([merge, m1, base]);
    expect(fp[0]?.parents).toEqual([m1, t1]);
    expect(fp[0]?.paths).toEqual(['t.txt']);
    const all = await g.log(['main'], { reverse: true, topoOrder: true });
    expect(all[0]?.oid).toBe(base);
    expect(all.at(-1)?.oid).toBe(merge);
    expect(await g.log(['main'], { merges: true })).toHaveLength(1);
    expect(await g.log(['main'], { pathspec: ['t.txt'] })).toHaveLength(1);
    expect(await g.log(['main'], { maxCount: 2 })).toHaveLength(2);
  });
});

describe('objects and ancestry', () => {
  it('reads many objects through one cat-file session', async () => {
    const r = await makeRepo();
    const a = await r.commit('one', { files: { 'a.txt': 'hello\n', 'bin.dat': Buffer.from([0, 1, 2, 255, 10, 0]) } });
    const g = await open(r);
    const before = g.stats.spawned;
    const cat = g.catFile();
    const [blob, bin, missing, commit] = await cat.readMany(['main:a.txt', 'main:bin.dat', 'main:nope', a]);
    const again = await cat.read('HEAD:a.txt');
    cat.close();
    expect(g.stats.spawned - before).toBe(1);
    expect(blob?.type).toBe('blob');
    expect(blob?.content.toString()).toBe('hello\n');
    expect(bin?.content).toEqual(Buffer.from([0, 1, 2, 255, 10, 0]));
    expect(missing).toBeNull();
    expect(commit?.type).toBe('commit');
    expect(commit?.content.toString()).toContain('\n\none');
    expect(again?.oid).toBe(blob?.oid);
    expect((await g.readFile('main', 'a.txt'))?.toString()).toBe('hello\n');
    expect(await g.readFile('main', 'nope.txt')).toBeNull();
  });

  it('reads a large blob intact', async () => {
    const r = await makeRepo();
    const big = Buffer.alloc(5 * 1024 * 1024 + 7);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
    await r.commit('big', { files: { 'big.bin': big, 'small.txt': 's\n' } });
    const g = await open(r);
    const [b, s] = await g.readObjects(['HEAD:big.bin', 'HEAD:small.txt']);
    expect(b?.content.equals(big)).toBe(true);
    expect(s?.content.toString()).toBe('s\n');
  });

  it('answers ancestry questions, and which candidates a ref reaches in one process', async () => {
    const r = await makeRepo();
    const a = await r.commit('a');
    const b = await r.commit('b');
    await r.branch('release', a);
    await r.checkout('release');
    const rel = await r.commit('on release');
    await r.checkout('main');
    const c = await r.commit('c');
    const g = await open(r);
    expect(await g.isAncestor(a, 'main')).toBe(true);
    expect(await g.isAncestor(rel, 'main')).toBe(false);
    expect(await g.mergeBase('main', 'release')).toBe(a);
    const orphan = await g.commitTree({
      tree: await g.resolve('main^{tree}'),
      parents: [],
      message: 'orphan\n',
      author: { name: 'x', email: 'x@x', date: '2025-01-01T00:00:00Z' },
    });
    expect(await g.mergeBase('main', orphan)).toBeNull();
    const before = g.stats.spawned;
    const reach = await g.reachableFrom('release', [a, b, c, rel]);
    expect(g.stats.spawned - before).toBe(1);
    expect([...reach].sort()).toEqual([a, rel].sort());
    expect(await g.reachableFrom('main', [a, b])).toEqual(new Set([a, b]));
    expect(await g.reachableFrom('main', [a, b, c], { exclude: [b] })).toEqual(new Set([c]));
  });
});
