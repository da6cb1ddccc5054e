/**
 * How a pull request was merged decides what is picked: a merge commit (with mainline 1), or the
 * pull request's commits when it was rebase-merged (the last N first-parent commits). A label
 * added after the merge backports to that line only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubBackport, type GitHubBackportRequest } from '../../src/app/github-backport.js';
import { openRepo } from '../../src/app/context.js';
import { startGitHub, type GitHubServer } from '../helpers/github-server.js';
import { ghProject, type GhProject } from './fixture.js';

let server: GitHubServer;
let p: GhProject;
let merge: string;
let rebased: string[];

beforeAll(async () => {
  server = await startGitHub();
  p = await ghProject(server);
  const r = p.r;
  // a merge commit of two commits
  await r.git('switch', '-q', '-c', 'topic');
  await r.commit('docs: one', { files: { 'one.txt': '1\n' } });
  await r.commit('docs: two', { files: { 'two.txt': '2\n' } });
  await r.checkout('main');
  merge = await r.merge('topic', { message: 'Merge pull request #2 from fay/topic' });
  // a rebase-merged pull request of two commits that do not name it
  rebased = [
    await r.commit('fix: three', { files: { 'three.txt': '3\n' } }),
    await r.commit('fix: four', { files: { 'four.txt': '4\n' } }),
  ];
  await r.git('push', '-q', p.origin, 'main');
  const user = { login: 'fay', id: 3 };
  server.addPull({
    title: 'Docs',
    head: { ref: 'topic', sha: merge },
    base: { ref: 'main', sha: merge },
    user,
    merge_commit_sha: merge,
    commits: ['a', 'b'],
  });
  server.addPull({
    title: 'Three and four',
    head: { ref: 'rb', sha: rebased[1] as string },
    base: { ref: 'main', sha: merge },
    user,
    merge_commit_sha: rebased[1] as string,
    commits: rebased,
  });
});
afterAll(() => server.close());

const base: GitHubBackportRequest = {
  pull: 0,
  asks: ['1.2'],
  labelPattern: 'backport {line}',
  conflicts: 'draft',
  remote: 'origin',
  dryRun: false,
};
async function run(req: Partial<GitHubBackportRequest>) {
  const ctx = await openRepo({ cwd: p.workspace, env: p.r.env, clock: { now: () => new Date('2026-01-10T00:00:00Z') } });
  return githubBackport(ctx, { apiUrl: server.url, owner: 'acme', repo: 'widget', token: 't' }, { ...base, ...req });
}
const log = (ref: string) => p.git(p.origin, 'log', '--format=%s', `release/1.2..${ref}`);

describe('what a GitHub backport picks', () => {
  it('a merge commit: its change against the first parent, as one commit', async () => {
    const res = await run({ pull: 2 });
    expect(server.failures).toEqual([]);
    expect(res.rows).toMatchObject([{ line: '1.2', outcome: 'opened' }]);
    expect(await log('backport/1.2/2')).toBe('Merge pull request #2 from fay/topic');
    expect(await p.git(p.origin, 'ls-tree', '--name-only', 'backport/1.2/2')).toContain('two.txt');
  });

  it('a rebase merge: the pull request commits, in order', async () => {
    const res = await run({ pull: 3 });
    expect(server.failures).toEqual([]);
    expect(res.rows).toMatchObject([{ line: '1.2', outcome: 'opened' }]);
    expect(await log('backport/1.2/3')).toBe('fix: four\nfix: three');
    expect(server.state.pulls.get(5)?.body).toContain(`(cherry picked from commit ${rebased[0]})`);
  });
});
