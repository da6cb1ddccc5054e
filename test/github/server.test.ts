/** The test GitHub itself: it answers the routes Trellis uses with bodies GitHub's schema accepts, and refuses anything else. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLabels, createComment, createPull, getPull, openGitHub, permissionOf, type GitHub } from '../../src/github/index.js';
import { startGitHub, type GitHubServer } from '../helpers/github-server.js';

let server: GitHubServer;
let gh: GitHub;
beforeAll(async () => {
  server = await startGitHub();
  gh = await openGitHub({ apiUrl: server.url, owner: 'acme', repo: 'widget', token: 'ghs_testtoken' });
});
afterAll(() => server.close());

describe('the test GitHub', () => {
  it('serves pull requests, comments, labels and permissions, validated against the OpenAPI description', async () => {
    server.state.permissions.set('mia', 'write');
    const src = server.addPull({
      title: 'fix: x',
      head: { ref: 'fix-x', sha: 'a'.repeat(40) },
      base: { ref: 'main', sha: 'b'.repeat(40) },
      user: { login: 'fay', id: 3 },
      merge_commit_sha: 'c'.repeat(40),
    });
    const pr = await getPull(gh, src.number);
    expect(pr).toMatchObject({ number: 1, merged: true, author: 'fay', baseRef: 'main', mergeCommit: 'c'.repeat(40) });
    const made = await createPull(gh, { title: 't', body: 'b', head: 'backport/1.2/1', base: 'release/1.2', draft: true });
    expect(made).toMatchObject({ number: 2, draft: true, state: 'open' });
    await addLabels(gh, 2, ['backport-conflict']);
    await createComment(gh, 1, 'hello');
    expect(await permissionOf(gh, 'mia')).toBe('write');
    expect(await permissionOf(gh, 'rex')).toBe('read');
    expect(server.failures).toEqual([]);
    expect(server.requests.every((r) => r.auth === 'token ghs_testtoken')).toBe(true);
  });

  it('fails the test on an unknown route or a body GitHub would refuse', async () => {
    const before = server.failures.length;
    await expect(gh.octokit.request('GET /nowhere')).rejects.toThrow();
    await expect(
      gh.octokit.request('POST /repos/{owner}/{repo}/pulls', { owner: 'acme', repo: 'widget', title: 3 } as never),
    ).rejects.toThrow();
    expect(server.failures.slice(before)).toEqual([
      expect.stringMatching(/unknown route GET \/nowhere/),
      expect.stringMatching(/pulls\/create: invalid request body/),
    ]);
    server.failures.length = before;
  });
});
