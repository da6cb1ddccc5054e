/**
 * `github.postRelease: pull-request` (Llama Stack's future improvement: the post-release `.dev0`
 * bump reviewed like any change): `trellis release --push` pushes the line's tag as usual, but
 * main's bump goes to trellis/post-release/<version> with a pull request into main; main on the
 * remote is left as it was.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { trellis } from '../helpers/cli.js';
import { startGitHub, type GitHubServer } from '../helpers/github-server.js';
import { ghProject, POLICY, type GhProject } from './fixture.js';

let server: GitHubServer;
let p: GhProject;
const TOKEN = 'ghp_POSTRELEASEsecret3344';

beforeAll(async () => {
  server = await startGitHub();
  p = await ghProject(server);
  const bump = `versionFiles:
  - path: version.json
    kind: json
    key: version
    value: "{nextDev}"
    when: [post-release]
    branch: main
github:
  postRelease: pull-request
`;
  await writeFile(join(p.workspace, '.trellis.yml'), `${POLICY}${bump}`);
  await writeFile(join(p.workspace, 'version.json'), '{ "version": "1.3.0-dev.0" }\n');
  await p.git(p.workspace, 'add', '.trellis.yml', 'version.json');
  await p.git(p.workspace, 'commit', '-qm', 'chore: bump main after each release, through a pull request');
  await p.git(p.workspace, 'push', '-q', 'origin', 'main');
});
afterAll(() => server.close());
afterEach(() => expect(server.failures).toEqual([]));

const env = () => ({ ...p.r.env, GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: 'acme/widget', GITHUB_API_URL: server.url });
const run = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
  trellis(['release', ...args], { cwd: p.workspace, env: { ...env(), ...extra }, now: '2026-01-10T00:00:00Z' });

describe('post-release pull request', () => {
  it('--dry-run names the branch it would propose instead of pushing main', async () => {
    const r = await run(['1.3', '--push', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('would open a pull request (trellis/post-release/1.3.0 into main) with the post-release steps');
    expect(r.stdout).toContain('would push trellis/post-release/1.3.0, v1.3.0 to origin');
  });

  it('refuses without a token before writing anything', async () => {
    const r = await run(['1.3', '--push'], { GITHUB_TOKEN: '', GH_TOKEN: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'trellis: github.postRelease: pull-request needs a GitHub token in GITHUB_TOKEN (or GH_TOKEN) to open the pull request\n',
    );
    expect(await p.git(p.workspace, 'tag', '--list', 'v1.3.0')).toBe('');
  });

  it('the .dev0 bump is proposed as a pull request; the tag is pushed; main on the remote does not move', async () => {
    const mainBefore = await p.git(p.origin, 'rev-parse', 'main');
    const r = await run(['1.3', '--push']);
    expect(r.stderr).not.toMatch(/error|fatal/);
    expect(r.code).toBe(0);
    const pr = [...server.state.pulls.values()].find((x) => x.head.ref === 'trellis/post-release/1.3.0');
    expect(pr).toMatchObject({ base: { ref: 'main' }, title: 'Post-release steps after 1.3.0', state: 'open' });
    expect(r.stdout).toContain(`opened #${pr?.number} (trellis/post-release/1.3.0 into main) with the post-release steps`);
    expect(await p.git(p.origin, 'rev-parse', 'main')).toBe(mainBefore);
    expect(await p.git(p.origin, 'show', 'trellis/post-release/1.3.0:version.json')).toContain('"1.3.1-dev.0"');
    expect(await p.git(p.origin, 'tag', '--list', 'v1.3.0')).toBe('v1.3.0');
    for (const out of [r.stdout, r.stderr]) expect(out).not.toContain(TOKEN);
  });

  it('interrupted after the push, before the pull request: the re-run opens it once, and a third run finds it', async () => {
    for (const [n, pr] of server.state.pulls) if (pr.head.ref === 'trellis/post-release/1.3.0') server.state.pulls.delete(n);
    const remote = await p.git(p.origin, 'for-each-ref');
    const r = await run(['1.3', '--push']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('already on origin: trellis/post-release/1.3.0, v1.3.0 (pushed by an earlier run)\n');
    const made = [...server.state.pulls.values()].filter((x) => x.head.ref === 'trellis/post-release/1.3.0');
    expect(made).toHaveLength(1);
    expect(r.stdout).toContain(`opened #${made[0]?.number} (trellis/post-release/1.3.0 into main)`);
    expect(await p.git(p.origin, 'for-each-ref')).toBe(remote);
    const again = await run(['1.3', '--push']);
    expect(again.stdout).toContain(`found #${made[0]?.number} (trellis/post-release/1.3.0 into main)`);
    expect([...server.state.pulls.values()].filter((x) => x.head.ref === 'trellis/post-release/1.3.0')).toHaveLength(1);
  });
});
