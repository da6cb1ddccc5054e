import { describe, expect, it } from 'vitest';
import { Git } from '../../src/git/git.js';
import { fastImport, makeRepo } from '../helpers/repo.js';

/** commit → patch-id as `git log -p <args> | git patch-id --stable` computes them. */
async function reference(r: Awaited<ReturnType<typeof makeRepo>>, logArgs: string[]): Promise<Map<string, string>> {
  const patch = await r.git('log', '-p', '--no-color', ...logArgs);
  const out = await r.gitWith(['patch-id', '--stable'], { input: patch + '\n' });
  return new Map(
    out
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [pid = '', c = ''] = l.split(' ');
        return [c, pid] as const;
      }),
  );
}

describe('patchIds', () => {
  it('equals git log -p | git patch-id --stable, with two processes for any number of commits', async () => {
    const r = await makeRepo();
    const parts: string[] = [];
    for (let i = 1; i <= 300; i++) {
      parts.push(
        fastImport.commit({
          ref: 'refs/heads/main',
          mark: i,
          message: `change ${i}\n`,
          date: new Date(Date.UTC(2024, 0, 1) + i * 60_000),
          files: { [`f${i % 17}.txt`]: `line ${i}\n`.repeat((i % 5) + 1), 'shared.txt': `${i}\n` },
        }),
      );
    }
    await r.fastImport(parts);
    // extra shapes: an empty commit, a deletion, a binary change, a merge
    await r.git('checkout', '-q', '-f', 'main');
    await r.commit('empty commit');
    await r.commit('delete', { files: { 'f1.txt': null } });
    await r.commit('binary', { files: { 'x.bin': Buffer.from([0, 1, 2, 3, 0]) } });
    await r.branch('topic', 'HEAD~2');
    await r.checkout('topic');
    await r.commit('topic', { files: { 'topic.txt': 't\n' } });
    await r.checkout('main');
    await r.merge('topic');
    const g = await Git.open(r.dir, { env: r.env });
    const commits = (await g.log(['main'])).map((c) => c.oid);
    expect(commits.length).toBe(305);
    const before = g.stats.spawned;
    const ids = await g.patchIds(commits);
    expect(g.stats.spawned - before).toBe(2);
    // Exactly what `git log -p | git patch-id --stable` gives, for every text change...
    const plain = await reference(r, ['main']);
    const binaryCommit = commits[2] ?? '';
    for (const [c, pid] of plain) if (c !== binaryCommit) expect(ids.get(c)).toBe(pid);
    // ...and for binary changes, what it gives with full object ids in the index lines, which
    // do not change as the repository grows (abbreviated ids do).
    expect(ids).toEqual(await reference(r, ['--full-index', 'main']));
    expect(plain.get(binaryCommit)).toBeDefined();
    const [merge, , , , emptyCommit] = commits;
    expect(ids.has(merge ?? '')).toBe(false);
    expect(ids.has(emptyCommit ?? '')).toBe(false);
    expect(ids.size).toBe(303);
  });

  it('matches git with or without rename detection, as asked', async () => {
    const r = await makeRepo();
    await r.commit('init', { files: { 'old.txt': 'some content\nthat is long enough\nto be a rename\n' } });
    await r.git('mv', 'old.txt', 'new.txt');
    await r.commit('rename');
    const g = await Git.open(r.dir, { env: r.env });
    const commits = (await g.log(['main'])).map((c) => c.oid);
    expect(await g.patchIds(commits)).toEqual(await reference(r, ['--no-renames', 'main']));
    expect(await g.patchIds(commits, { renames: true })).toEqual(await reference(r, ['-M', 'main']));
  });

  it('gives a cherry-picked commit the same id as its origin', async () => {
    const r = await makeRepo();
    await r.commit('init', { files: { 'a.txt': '1\n2\n3\n4\n5\n6\n7\n8\n' } });
    await r.branch('release');
    await r.commit('main only', { files: { 'a.txt': '1\n2\n3\n4\n5\n6\n7\nEIGHT\n' } });
    const fix = await r.commit('fix', { files: { 'a.txt': 'ONE\n2\n3\n4\n5\n6\n7\nEIGHT\n' } });
    await r.checkout('release');
    const picked = await r.cherryPick(fix, { x: true });
    const g = await Git.open(r.dir, { env: r.env });
    const ids = await g.patchIds([fix, picked, fix]);
    expect(ids.get(fix)).toBeDefined();
    expect(ids.get(picked)).toBe(ids.get(fix));
    expect(await g.patchIds([])).toEqual(new Map());
    await expect(g.patchIds(['main'])).rejects.toMatchObject({ code: 'bad-input' });
  });
});
