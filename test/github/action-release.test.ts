/**
 * `release` in the Action: the line's release written in the workspace, branch and tag in one
 * atomic push to origin, then the GitHub release; a maintenance release of an older line after
 * the newest one is not marked latest.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startGitHub, type GitHubServer } from '../helpers/github-server.js';
import { runAction, seen, TOKEN } from './action-runner.js';
import { ghProject, type GhProject } from './fixture.js';

let server: GitHubServer;
let p: GhProject;

beforeAll(async () => {
  server = await startGitHub();
  p = await ghProject(server);
});
afterAll(() => server.close());
afterEach(() => expect(server.failures).toEqual([]));

describe('release in the Action', () => {
  it('a push to the newest line releases it: tag on origin, the GitHub release latest, outputs and summary', async () => {
    const r = await runAction(server, p, 'push', { ref: 'refs/heads/release/1.3' }, { command: 'release' });
    expect(r.stdout).not.toContain('::error');
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ version: '1.3.0', tag: 'v1.3.0', 'release-url': expect.stringContaining('/releases/tag/v1.3.0') });
    expect(await p.git(p.origin, 'rev-parse', 'v1.3.0^{commit}')).toBe(await p.git(p.origin, 'rev-parse', 'release/1.3'));
    expect(server.state.releases).toEqual([expect.objectContaining({ tag_name: 'v1.3.0', prerelease: false, make_latest: 'true' })]);
    expect(r.summary).toContain('### Trellis release 1.3.0');
    expect(r.summary).toContain('| GitHub release | created https://github.invalid/acme/widget/releases/tag/v1.3.0, latest: true |');
  });

  it('a maintenance release of 1.2 afterwards is not marked latest', async () => {
    const r = await runAction(server, p, 'workflow_dispatch', {}, { command: 'release', line: '1.2' });
    expect(r.code).toBe(0);
    expect(server.state.releases.find((x) => x.tag_name === 'v1.2.0')).toMatchObject({ make_latest: 'false', draft: false });
    expect(r.summary).toContain('latest: false');
  });

  it('a release candidate as a draft pre-release', async () => {
    const r = await runAction(server, p, 'workflow_dispatch', {}, { command: 'release', line: '1.1', pre: 'rc', draft: 'true' });
    expect(r.code).toBe(0);
    expect(r.outputs.version).toMatch(/^1\.1\.0-rc/);
    expect(server.state.releases.find((x) => x.tag_name === `v${r.outputs.version}`)).toMatchObject({
      draft: true,
      prerelease: true,
      make_latest: 'false',
    });
  });

  it('a push of a tag is not a release; no token in any output', async () => {
    const r = await runAction(server, p, 'push', { ref: 'refs/tags/v9.9.9' }, { command: 'release' });
    expect(r.stdout).toContain('nothing to do: a push of refs/tags/v9.9.9, not of a branch');
    for (const text of seen) expect(text).not.toContain(TOKEN);
  });
});

describe('release in the Action with a milestone', () => {
  it('moves the open issue with the reason, releases the version the title names, closes the milestone', async () => {
    server.state.milestones.set(71, { number: 71, title: 'v1.3.1', state: 'open' });
    server.state.milestones.set(72, { number: 72, title: 'v1.3.2', state: 'open' });
    // a fix on release/1.3 since v1.3.0, as the workflow's checkout (fetch-depth 0) sees it
    await p.r.checkout('release/1.3');
    await p.r.commit('fix: late fix', { files: { 'late.txt': 'x\n' }, date: '2026-01-08' });
    await p.git(p.r.dir, 'push', '-q', p.origin, 'release/1.3');
    await p.r.checkout('main');
    await p.git(p.workspace, 'fetch', '-q', 'origin');
    const n = server.state.nextNumber++;
    server.state.issues.set(n, { number: n, title: 'Docs typo', state: 'open', milestone: 71 });
    const refused = await runAction(server, p, 'workflow_dispatch', {}, { command: 'release', milestone: 'v1.3.1' });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(`::error::milestone v1.3.1 has 1 open issue (#${n})`);
    const r = await runAction(
      server,
      p,
      'workflow_dispatch',
      {},
      {
        command: 'release',
        milestone: 'v1.3.1',
        'move-open-to': 'v1.3.2',
        reason: 'docs only',
      },
    );
    expect(r.stdout).not.toContain('::error');
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ version: '1.3.1', tag: 'v1.3.1' });
    expect(server.state.issues.get(n)?.milestone).toBe(72);
    expect(server.state.comments.find((c) => c.issue === n)?.body).toContain('before releasing v1.3.1: docs only');
    expect(server.state.milestones.get(71)?.state).toBe('closed');
    expect(server.state.releases.find((x) => x.tag_name === 'v1.3.1')?.make_latest).toBe('true');
    expect(r.summary).toContain(`| milestone | v1.3.1 closed; moved #${n} to v1.3.2 |`);
  });
});
