/**
 * The Action run as GitHub runs it: `node dist/action/index.js` with the Actions environment
 * (INPUT_*, GITHUB_EVENT_NAME, GITHUB_EVENT_PATH with webhook payload fixtures,
 * GITHUB_REPOSITORY, GITHUB_WORKSPACE = a clone of the local origin, GITHUB_API_URL = the test
 * GitHub, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY). Every output of every run is searched for the token.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startGitHub, type GitHubServer } from '../helpers/github-server.js';
import { runAction, seen, TOKEN, type ActionRun } from './action-runner.js';
import { ghProject, type GhProject } from './fixture.js';

let server: GitHubServer;
let p: GhProject;

beforeAll(async () => {
  server = await startGitHub();
  p = await ghProject(server);
});
afterAll(() => server.close());
afterEach(() => expect(server.failures).toEqual([]));

async function action(event: string, payload: object, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction(server, p, event, payload, inputs);
}

const pullEvent = (action: string, extra: object = {}) => ({
  action,
  number: 1,
  pull_request: { number: 1, merged: true, head: { ref: 'fay/fix' }, base: { ref: 'main' } },
  repository: { full_name: 'acme/widget' },
  ...extra,
});
const commentEvent = (user: string, body: string) => ({
  action: 'created',
  issue: { number: 1, pull_request: { url: 'x' } },
  comment: { body, user: { login: user } },
  repository: { full_name: 'acme/widget' },
});

describe('the Action, run as GitHub runs it', () => {
  it('a merged pull request labelled for four lines: one clean, one conflicting, one already present, one end-of-life', async () => {
    const r = await action('pull_request_target', pullEvent('closed'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.outputs['pull-requests'] ?? '')).toEqual([
      { line: '1.1', number: 2, url: expect.any(String), draft: true },
      { line: '1.2', number: 3, url: expect.any(String), draft: false },
    ]);
    expect(JSON.parse(r.outputs.conflicts ?? '')).toEqual(['1.1']);
    expect(JSON.parse(r.outputs['already-present'] ?? '')).toEqual(['1.3']);
    expect(JSON.parse(r.outputs.skipped ?? '')).toEqual(['1.0']);
    expect(r.summary).toContain('| `1.2` | `backport/1.2/1` | opened #3 |');
    expect(r.stdout).toContain('::warning::Pull requests opened with the workflow GITHUB_TOKEN do not start workflows');
    expect(r.stdout.match(/GITHUB_TOKEN do not start/g)).toHaveLength(1);
    expect(await p.git(p.origin, 'rev-parse', '--verify', 'backport/1.2/1')).toMatch(/^[0-9a-f]{40}$/);
  });

  it('a label added after the merge runs again: the new line, and the summary still covers every line', async () => {
    const pr = server.state.pulls.get(1)!;
    pr.labels.push('backport lts');
    const r = await action('pull_request_target', { ...pullEvent('labeled'), label: { name: 'backport lts' } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.outputs['pull-requests'] ?? '').map((x: { number: number }) => x.number)).toEqual([2, 3]);
    const summary = server.state.comments.filter((c) => c.issue === 1 && c.body.startsWith('<!-- trellis:backport'));
    expect(summary).toHaveLength(1);
    expect(summary[0]?.body.match(/^\| `1\.\d` \|/gm)).toHaveLength(4);
    pr.labels.pop();
  });

  it('events that change nothing relevant exit 0 at once, saying why, without calling the API', async () => {
    const before = server.requests.length;
    const other = await action('pull_request_target', { ...pullEvent('labeled'), label: { name: 'documentation' } });
    expect(other.code).toBe(0);
    expect(other.stdout).toContain("nothing to do: label 'documentation' is not a backport label (backport {line})");
    const unmerged = await action('pull_request_target', pullEvent('closed', { pull_request: { number: 1, merged: false } }));
    expect(unmerged.stdout).toContain('nothing to do: #1 was closed without merging');
    const chat = await action('issue_comment', commentEvent('rex', 'LGTM'));
    expect(chat.stdout).toContain('nothing to do: the comment is not a /backport command');
    const published = await action('release', { action: 'published', release: { tag_name: 'v1.3.0' } });
    expect(published.stdout).toContain('nothing to do: a GitHub release event; Trellis makes releases, it does not follow them');
    expect(server.requests.length).toBe(before);
  });

  it('/backport all-supported by a reader is refused politely; by a maintainer it runs, updating what exists', async () => {
    server.state.permissions.set('mia', 'maintain');
    const refused = await action('issue_comment', commentEvent('rex', '/backport all-supported'));
    expect(refused.code).toBe(0);
    const polite = server.state.comments.filter((c) => c.issue === 1 && c.body.startsWith('@rex'));
    expect(polite).toHaveLength(1);
    expect(polite[0]?.body).toContain('Only people with write access');
    const pulls = server.state.pulls.size;
    const ok = await action('issue_comment', commentEvent('mia', '/backport all-supported'));
    expect(ok.code).toBe(0);
    // 1.1, 1.2 and 1.3 are supported; 1.0 is end-of-life and not asked by name
    expect(JSON.parse(ok.outputs['pull-requests'] ?? '')).toEqual([
      { line: '1.1', number: 2, url: expect.any(String), draft: true },
      { line: '1.2', number: 3, url: expect.any(String), draft: false },
    ]);
    expect(server.state.pulls.size).toBe(pulls);
    expect(server.state.comments.filter((c) => c.issue === 1 && c.body.startsWith('<!-- trellis:backport'))).toHaveLength(1);
  });

  it('a push that removes the markers turns the status green (synchronize on the backport pull request)', async () => {
    await p.r.git('fetch', '-q', p.origin, 'backport/1.1/1');
    await p.r.checkout('FETCH_HEAD');
    const tip = await p.r.commit('Resolve backport conflicts', { files: { 'conf.txt': 'a=2\n' } });
    await p.r.git('push', '-q', p.origin, `${tip}:refs/heads/backport/1.1/1`);
    await p.r.checkout('main');
    const r = await action('pull_request_target', {
      action: 'synchronize',
      number: 2,
      pull_request: { number: 2, merged: false, head: { ref: 'backport/1.1/1' } },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('#2: no conflict markers');
    expect(server.state.statuses.filter((s) => s.sha === tip)).toEqual([
      expect.objectContaining({ state: 'success', context: 'trellis/conflict-markers' }),
    ]);
    expect(server.state.pulls.get(2)?.labels).not.toContain('backport-conflict');
  });

  it('status writes the lines table to the job summary', async () => {
    const r = await action('schedule', {});
    expect(r.code).toBe(0);
    expect(r.summary).toContain('### Release lines');
    expect(r.summary).toMatch(/\| 1\.2 \|/);
  });

  it('with app-id and private-key it acts as the App installation (a JWT for the App, then the installation token), without the GITHUB_TOKEN warning', async () => {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const before = server.requests.length;
    const r = await action('issue_comment', commentEvent('mia', '/backport 1.2'), { 'app-id': '77', 'private-key': privateKey, token: '' });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('GITHUB_TOKEN');
    const made = server.requests.slice(before);
    expect(made.slice(0, 2).map((x) => x.operationId)).toEqual(['apps/get-repo-installation', 'apps/create-installation-access-token']);
    const jwt = (made[0]?.auth ?? '').replace(/^bearer /i, '');
    expect(JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString())).toMatchObject({ iss: '77' });
    expect(made.slice(2).every((x) => x.auth === `token ${server.state.installationToken}`)).toBe(true);
    for (const text of [r.stdout, r.stderr, r.summary]) {
      expect(text).not.toContain(server.state.installationToken);
      expect(text).not.toContain('PRIVATE KEY');
    }
  });

  it('never prints the token, in any output of any run', () => {
    expect(seen.length).toBeGreaterThan(0);
    for (const text of seen) expect(text).not.toContain(TOKEN);
    expect(
      server.requests
        .filter((r) => !r.operationId.startsWith('apps/'))
        .every((r) => r.auth === `token ${TOKEN}` || r.auth === `token ${server.state.installationToken}`),
    ).toBe(true);
  });
});
