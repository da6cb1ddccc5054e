/** `trellis backport … --push [--pr N]`: what the Action does, from a maintainer's terminal. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { trellis } from '../helpers/cli.js';
import { startGitHub, type GitHubServer } from '../helpers/github-server.js';
import { ghProject, type GhProject } from './fixture.js';

let server: GitHubServer;
let p: GhProject;
const TOKEN = 'ghp_CLIsecret4455';

beforeAll(async () => {
  server = await startGitHub();
  p = await ghProject(server);
  // --to adds to what the labels ask: without backport labels, exactly the lines given
  server.state.pulls.get(1)!.labels = ['bug'];
});
afterAll(() => server.close());
afterEach(() => expect(server.failures).toEqual([]));

const env = () => ({ ...p.r.env, GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: 'acme/widget', GITHUB_API_URL: server.url });
const run = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
  trellis(['backport', ...args], { cwd: p.workspace, env: { ...env(), ...extra }, now: '2026-01-10T00:00:00Z' });

describe('trellis backport --push --pr', () => {
  it('--pr N --dry-run says what it would do and changes nothing', async () => {
    const r = await run(['--pr', '1', '--to', '1.2', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'backport of #1 (dry run: nothing pushed or opened):\n  1.2      would open a pull request\nwould push: backport/1.2/1\n',
    );
    expect(server.state.pulls.size).toBe(1);
  });

  it('--pr N --push opens the pull request of each line asked, as the Action does', async () => {
    const r = await run(['--pr', '1', '--to', '1.2', '--push']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('backport of #1:\n  1.2      opened #2\npushed: backport/1.2/1\n');
    expect(server.state.pulls.get(2)?.title).toBe('[1.2] Correct conf and line nine (backport #1)');
    for (const out of [r.stdout, r.stderr]) expect(out).not.toContain(TOKEN);
  });

  it('--push after a local backport pushes the branch it wrote', async () => {
    const r = await run([p.fix, '--to', '1.3', '--to', '1.2', '--push'], { GITHUB_TOKEN: '' });
    expect(r.code).toBe(0);
    const branch = `backport/1.2/${p.fix.slice(0, 10)}`;
    expect(r.stdout).toContain(`done: 1 ref(s) changed in one transaction\npushed to origin: ${branch}\n`);
    expect(await p.git(p.origin, 'rev-parse', branch)).toBe(await p.git(p.workspace, 'rev-parse', branch));
  });

  it('refuses --pr without a token, without --push, or with commits (exit 2, one line)', async () => {
    expect(await run(['--pr', '1', '--push'], { GITHUB_TOKEN: '', GH_TOKEN: '' })).toMatchObject({
      code: 2,
      stderr: 'trellis: --pr needs a GitHub token in GITHUB_TOKEN (or GH_TOKEN)\n',
    });
    expect((await run(['--pr', '1'])).stderr).toBe(
      'trellis: --pr pushes and opens pull requests: add --push (or --dry-run to see what it would do)\n',
    );
    expect((await run(['--pr', '1', '--push', p.fix])).code).toBe(2);
  });
});
