/**
 * `trellis release … --push --github-release` interrupted (killed after the local release, or
 * after the atomic push but before the GitHub release): the re-run pushes only what the remote
 * lacks and creates the release; a tag the remote holds at another object is refused in one line.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { trellis } from '../helpers/cli.js';
import { startGitHub, type GitHubServer } from '../helpers/github-server.js';
import { ghReleaseProject, type GhProject } from './fixture.js';

let server: GitHubServer;
let p: GhProject;

beforeAll(async () => {
  server = await startGitHub();
  p = await ghReleaseProject(server);
});
afterAll(() => server.close());
afterEach(() => expect(server.failures).toEqual([]));

const env = () => ({ ...p.r.env, GITHUB_TOKEN: 'ghp_RESUMEsecret', GITHUB_REPOSITORY: 'acme/widget', GITHUB_API_URL: server.url });
const run = (args: string[]) => trellis(['release', ...args], { cwd: p.workspace, env: env(), now: '2026-01-10T00:00:00Z' });

interface Published {
  publish: { pushed: string[]; alreadyPushed?: string[]; release: { tag: string; outcome: string } };
}

describe('an interrupted release --push --github-release, run again', () => {
  it('killed after the atomic push, before the GitHub release: the re-run pushes nothing again and creates the release', async () => {
    expect((await run(['1.3', '--push'])).code).toBe(0);
    const remote = await p.git(p.origin, 'for-each-ref');
    const r = await run(['1.3', '--push', '--github-release', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Published;
    expect(out.publish).toMatchObject({ pushed: [], alreadyPushed: ['refs/tags/v1.3.0'], release: { tag: 'v1.3.0', outcome: 'created' } });
    expect(await p.git(p.origin, 'for-each-ref')).toBe(remote);
    expect(server.state.releases.filter((x) => x.tag_name === 'v1.3.0')).toHaveLength(1);
    // Once more: the release is found, not made twice.
    const again = await run(['1.3', '--push', '--github-release']);
    expect(again.stdout).toContain('already on origin: v1.3.0 (pushed by an earlier run)\n');
    expect(again.stdout).toContain('exists already: GitHub release v1.3.0');
    expect(server.state.releases.filter((x) => x.tag_name === 'v1.3.0')).toHaveLength(1);
  });

  it('killed after the local release, before the push: the re-run pushes the release branch and tag, then creates the release', async () => {
    expect((await run(['1.2'])).code).toBe(0);
    const r = await run(['1.2', '--push', '--github-release', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Published;
    expect(out.publish.pushed).toEqual(['refs/heads/release/1.2', 'refs/tags/v1.2.0']);
    expect(out.publish.release).toMatchObject({ tag: 'v1.2.0', outcome: 'created' });
    expect(await p.git(p.origin, 'rev-parse', 'v1.2.0')).toBe(await p.git(p.workspace, 'rev-parse', 'v1.2.0'));
    expect(await p.git(p.origin, 'rev-parse', 'release/1.2')).toBe(await p.git(p.workspace, 'rev-parse', 'release/1.2'));
  });

  it('a tag the remote holds at another object: refused in one line, nothing pushed, no GitHub release', async () => {
    // Someone else released 1.1.0 from another clone.
    await p.git(p.origin, 'tag', '-a', '-m', 'Release 1.1.0 (elsewhere)', 'v1.1.0', 'release/1.1');
    const remote = await p.git(p.origin, 'for-each-ref');
    const r = await run(['1.1', '--push', '--github-release']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^trellis: tag v1\.1\.0 is on origin already at [0-9a-f]{12}, not at this release's [0-9a-f]{12}: it was released from elsewhere; nothing was pushed\n$/,
    );
    expect(await p.git(p.origin, 'for-each-ref')).toBe(remote);
    expect(server.state.releases.some((x) => x.tag_name === 'v1.1.0')).toBe(false);
  });
});
