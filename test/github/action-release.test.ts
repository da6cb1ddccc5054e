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
