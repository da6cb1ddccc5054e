/** `githubBackport` against the test GitHub and a local bare origin: one merged pull request, four lines. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubBackport, type GitHubBackportRequest } from '../../src/app/github-backport.js';
import { openRepo } from '../../src/app/context.js';
import { startGitHub, type GitHubServer } from '../helpers/github-server.js';
import { ghProject, type GhProject } from './fixture.js';

let server: GitHubServer;
let p: GhProject;
const TOKEN = 'ghs_SECRETtoken123';

beforeAll(async () => {
  server = await startGitHub();
  p = await ghProject(server);
  for (const [number, title] of [
    [1, '1.2.5'],
    [2, 'v1.2.4'],
    [3, '1.3.0'],
    [4, 'next'],
  ] as const)
    server.state.milestones.set(number, { number, title, state: 'open' });
});
afterAll(() => server.close());

const request: GitHubBackportRequest = {
  pull: 1,
  asks: null,
  labelPattern: 'backport {line}',
  conflicts: 'draft',
  remote: 'origin',
  dryRun: false,
};
async function run(req: Partial<GitHubBackportRequest> = {}) {
  const ctx = await openRepo({ cwd: p.workspace, env: p.r.env, clock: { now: () => new Date('2026-01-10T00:00:00Z') } });
  return githubBackport(ctx, { apiUrl: server.url, owner: 'acme', repo: 'widget', token: TOKEN }, { ...request, ...req });
}
const originRef = (ref: string) => p.git(p.origin, 'rev-parse', '--verify', '--quiet', ref).catch(() => '');

describe('githubBackport', () => {
  it('opens one pull request per line: clean, conflict (draft), already present, end-of-life skipped; one summary comment', async () => {
    const res = await run();
    expect(server.failures).toEqual([]);
    expect(res.rows.map((r) => [r.line, r.outcome, r.pull ?? null])).toEqual([
      ['1.0', 'skipped', null],
      ['1.1', 'conflict', 2],
      ['1.2', 'opened', 3],
      ['1.3', 'already-present', null],
    ]);
    expect(res.rows[3]?.commit).toBe(await p.git(p.origin, 'rev-parse', 'release/1.3'));
    expect(res.pushed).toEqual(['backport/1.1/1', 'backport/1.2/1']);
    const clean = server.state.pulls.get(3)!;
    expect(clean).toMatchObject({
      title: '[1.2] Correct conf and line nine (backport #1)',
      draft: false,
      base: { ref: 'release/1.2' },
      head: { ref: 'backport/1.2/1' },
    });
    expect(clean.labels).toEqual(['bug']);
    expect(clean.milestone).toBe(2); // v1.2.4: the line's next release
    expect(clean.requested_reviewers).toEqual(['fay']);
    expect(clean.body).toContain(`(cherry picked from commit ${p.fix})`);
    expect(clean.body).toContain('Why this line: asked for line 1.2 (bugfix)');
    const draft = server.state.pulls.get(2)!;
    expect(draft).toMatchObject({ draft: true, base: { ref: 'release/1.1' } });
    expect(draft.labels).toEqual(['bug', 'backport-conflict']);
    expect(draft.body).toContain('git push origin backport/1.1/1');
    // the draft's branch holds the markers; its status fails
    const marked = await p.git(p.origin, 'show', 'backport/1.1/1:conf.txt');
    expect(marked).toMatch(/^<<<<<<< /m);
    const tip = await originRef('refs/heads/backport/1.1/1');
    expect(server.state.statuses).toContainEqual(
      expect.objectContaining({ sha: tip, context: 'trellis/conflict-markers', state: 'failure' }),
    );
    const comments = server.state.comments.filter((c) => c.issue === 1);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('| `1.1` | `backport/1.1/1` | conflict (draft #2: conf.txt) |');
    expect(comments[0]?.body).toContain('| `1.0` |  | skipped (end-of-life, by the support policy) |');
    expect(JSON.stringify(res)).not.toContain(TOKEN);
  });

  it('re-running changes nothing: the same branches, pull requests and comment', async () => {
    const pulls = server.state.pulls.size;
    const before = await p.git(p.origin, 'for-each-ref');
    const res = await run();
    expect(server.failures).toEqual([]);
    expect(res.rows.map((r) => [r.line, r.outcome, r.pull ?? null])).toEqual([
      ['1.0', 'skipped', null],
      ['1.1', 'conflict', 2],
      ['1.2', 'opened', 3],
      ['1.3', 'already-present', null],
    ]);
    expect(server.state.pulls.size).toBe(pulls);
    expect(await p.git(p.origin, 'for-each-ref')).toBe(before);
    expect(server.state.comments.filter((c) => c.issue === 1)).toHaveLength(1);
    expect(res.comment?.created).toBe(false);
  });

  it('after the conflict is fixed on the branch, a re-run turns the status green and drops the conflict label', async () => {
    const fixer = p.r;
    await fixer.git('fetch', '-q', p.origin, 'backport/1.1/1');
    await fixer.checkout('FETCH_HEAD');
    const tip = await fixer.commit('Resolve backport conflicts', { files: { 'conf.txt': 'a=2\n' } });
    await fixer.git('push', '-q', p.origin, `${tip}:refs/heads/backport/1.1/1`);
    await fixer.checkout('main');
    const res = await run();
    expect(server.failures).toEqual([]);
    expect(res.rows[1]).toMatchObject({ line: '1.1', outcome: 'opened', pull: 2, existing: true, paths: [] });
    expect(server.state.pulls.get(2)?.labels).toEqual(['bug']);
    expect(server.state.statuses.filter((s) => s.sha === tip)).toEqual([expect.objectContaining({ state: 'success' })]);
    expect(server.state.comments.filter((c) => c.issue === 1)[0]?.body).toContain('open #2 (conflicts resolved)');
  });

  it('ignores a pull request that is not merged, or has no backport label, saying why', async () => {
    server.addPull({
      title: 'wip',
      head: { ref: 'wip', sha: p.fix },
      base: { ref: 'main', sha: p.fix },
      user: { login: 'fay', id: 3 },
      merged: false,
      state: 'open',
    });
    expect((await run({ pull: 4 })).ignored).toBe('pull request #4 is not merged');
    server.addPull({
      title: 'docs',
      head: { ref: 'docs', sha: p.fix },
      base: { ref: 'main', sha: p.fix },
      user: { login: 'fay', id: 3 },
      merge_commit_sha: p.fix,
      labels: ['docs'],
    });
    expect((await run({ pull: 5 })).ignored).toBe('pull request #5 has no backport label (backport {line})');
  });

  it('reads the policy from the base branch, never from the work tree or a pull request head', async () => {
    const { writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    // a checkout whose policy says 1.0 is supported (as a pull request's head could): not read
    await writeFile(join(p.workspace, '.trellis.yml'), '{}\n');
    const res = await run({ asks: ['1.0'] });
    expect(res.rows.find((r) => r.line === '1.0')).toMatchObject({ outcome: 'skipped' });
    await p.git(p.workspace, 'checkout', '--', '.trellis.yml');
  });

  it('sends the token only in the Authorization header', () => {
    expect(server.requests.every((r) => r.auth === `token ${TOKEN}`)).toBe(true);
    expect(server.requests.some((r) => JSON.stringify(r.body ?? '').includes(TOKEN))).toBe(false);
  });
});
