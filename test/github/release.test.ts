/**
 * `trellis release … --push --github-release`: one atomic push of the release's branch and tag,
 * then the GitHub release with the notes; only the newest line's release becomes "latest".
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { trellis } from '../helpers/cli.js';
import { startGitHub, type GitHubServer } from '../helpers/github-server.js';
import { ghReleaseProject, type GhProject } from './fixture.js';

let server: GitHubServer;
let p: GhProject;
const TOKEN = 'ghp_RELEASEsecret7788';

beforeAll(async () => {
  server = await startGitHub();
  p = await ghReleaseProject(server);
});
afterAll(() => server.close());
afterEach(() => expect(server.failures).toEqual([]));

const env = () => ({ ...p.r.env, GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: 'acme/widget', GITHUB_API_URL: server.url });
const run = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
  trellis(['release', ...args], { cwd: p.workspace, env: { ...env(), ...extra }, now: '2026-01-10T00:00:00Z' });

describe('trellis release --push --github-release', () => {
  it('--dry-run says what it would push and create, and changes nothing', async () => {
    const r = await run(['1.3', '--push', '--github-release', '--dry-run']);
    expect(r.stderr).not.toMatch(/error|fatal/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('would push release/1.3, v1.3.0 to origin (one atomic push)\n');
    expect(r.stdout).toContain('would create GitHub release v1.3.0, latest: true\n');
    expect(server.state.releases).toEqual([]);
  });

  it('the newest line: branch and tag pushed together, the release created as latest with the notes', async () => {
    const r = await run(['1.3', '--push', '--github-release']);
    expect(r.stderr).not.toMatch(/error|fatal/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('pushed release/1.3, v1.3.0 to origin (one atomic push)\n');
    expect(await p.git(p.origin, 'rev-parse', 'v1.3.0^{commit}')).toBe(await p.git(p.origin, 'rev-parse', 'release/1.3'));
    const rel = server.state.releases.find((x) => x.tag_name === 'v1.3.0');
    expect(rel).toMatchObject({ name: '1.3.0', draft: false, prerelease: false, make_latest: 'true' });
    expect(rel?.body).toMatch(/^### Fixed\n\n- correct conf and line nine \(#1\)/m);
    for (const out of [r.stdout, r.stderr]) expect(out).not.toContain(TOKEN);
  });

  it('a maintenance release of an older line after it is not marked latest', async () => {
    const r = await run(['1.2', '--push', '--github-release', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { publish: { pushed: string[]; release: { makeLatest: string; outcome: string } } };
    expect(out.publish.pushed).toEqual(['refs/heads/release/1.2', 'refs/tags/v1.2.0']);
    expect(out.publish.release).toMatchObject({ tag: 'v1.2.0', makeLatest: 'false', outcome: 'created' });
    expect(server.state.releases.find((x) => x.tag_name === 'v1.2.0')?.make_latest).toBe('false');
  });

  it('a release candidate as a draft pre-release, never latest', async () => {
    const r = await run(['1.1', '--pre', 'rc', '--push', '--github-release', '--draft']);
    expect(r.stderr).not.toMatch(/error|fatal/);
    expect(r.code).toBe(0);
    const rel = server.state.releases.find((x) => x.tag_name.startsWith('v1.1.0-rc'));
    expect(rel).toMatchObject({ draft: true, prerelease: true, make_latest: 'false' });
  });

  it('refuses --github-release without a token or without --push (exit 2, one line)', async () => {
    const tags = await p.git(p.workspace, 'tag', '--list');
    expect(await run(['1.2', '--push', '--github-release'], { GITHUB_TOKEN: '', GH_TOKEN: '' })).toMatchObject({
      code: 2,
      stderr: 'trellis: --github-release needs a GitHub token in GITHUB_TOKEN (or GH_TOKEN)\n',
    });
    expect((await run(['1.2', '--github-release'])).stderr).toBe(
      'trellis: --github-release needs --push (GitHub releases a tag the remote has)\n',
    );
    expect(await p.git(p.workspace, 'tag', '--list')).toBe(tags);
  });
});
