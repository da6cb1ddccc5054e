/**
 * `backport --push` interrupted after its local transaction (before the push), and the GitHub
 * flow (`backport --pr N --push`) interrupted after its push (before the pull request): the
 * re-run pushes the branch the killed run wrote, or reuses the pushed one, and opens the pull
 * request once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepo } from '../../src/app/context.js';
import { githubBackport } from '../../src/app/github-backport.js';
import { trellis } from '../helpers/cli.js';
import { startGitHub, type GitHubServer } from '../helpers/github-server.js';
import { ghProject, type GhProject } from './fixture.js';

let server: GitHubServer;
let p: GhProject;

beforeAll(async () => {
  server = await startGitHub();
  p = await ghProject(server);
});
afterAll(() => server.close());

const cli = (args: string[]) => trellis(args, { cwd: p.workspace, env: { ...p.r.env }, now: '2026-01-10T00:00:00Z' });
const originRef = (ref: string) => p.git(p.origin, 'rev-parse', '--verify', '--quiet', ref).catch(() => '');

describe('backport --push, run again after an interruption', () => {
  it('killed before the push: the re-run pushes the backport branch the killed run wrote; a third run sends nothing', async () => {
    expect((await cli(['backport', p.fix, '--to', '1.2'])).code).toBe(0);
    const branch = `backport/1.2/${p.fix.slice(0, 10)}`;
    const local = await p.git(p.workspace, 'rev-parse', branch);
    expect(await originRef(branch)).toBe('');
    const again = await cli(['backport', p.fix, '--to', '1.2', '--push']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`pushed to origin: ${branch}\n`);
    expect(await originRef(branch)).toBe(local);
    const third = await cli(['backport', p.fix, '--to', '1.2', '--push']);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toContain(`already on origin: ${branch} (pushed by an earlier run)\n`);
    expect(third.stdout).not.toContain('pushed to origin');
    expect(await originRef(branch)).toBe(local);
  });

  it('the GitHub flow killed after its push, before the pull request: the re-run reuses the pushed branch and opens the pull request once', async () => {
    const ctx = await openRepo({ cwd: p.workspace, env: p.r.env, clock: { now: () => new Date('2026-01-10T00:00:00Z') } });
    const access = { apiUrl: server.url, owner: 'acme', repo: 'widget', token: 'ghs_RESUMEtoken' };
    const req = { pull: 1, asks: ['1.2'], labelPattern: 'never {line}', conflicts: 'draft' as const, remote: 'origin', dryRun: false };
    const first = await githubBackport(ctx, access, req);
    expect(first.rows.map((r) => [r.line, r.outcome])).toEqual([['1.2', 'opened']]);
    const pushed = await originRef('backport/1.2/1');
    expect(pushed).not.toBe('');
    // The kill: the branch is on the remote, the pull request was never opened.
    for (const [n, pr] of server.state.pulls) if (pr.head.ref === 'backport/1.2/1') server.state.pulls.delete(n);
    const before = server.state.pulls.size;
    const second = await githubBackport(ctx, access, req);
    expect(server.failures).toEqual([]);
    expect(second.rows.map((r) => [r.line, r.outcome])).toEqual([['1.2', 'opened']]);
    expect(second.pushed).toEqual([]);
    expect(await originRef('backport/1.2/1')).toBe(pushed);
    expect(server.state.pulls.size).toBe(before + 1);
    // And once more: found, not opened again.
    const third = await githubBackport(ctx, access, req);
    expect(third.rows[0]).toMatchObject({ outcome: 'opened', existing: true });
    expect(server.state.pulls.size).toBe(before + 1);
  });
});
