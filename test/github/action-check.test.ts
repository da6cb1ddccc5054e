/**
 * `check` in the Action: on a pull request event the pull request is checked (base = its base
 * branch, head = its head commit, read from `refs/pull/<n>/head` when the checkout lacks it,
 * never checked out); the findings become annotations, a summary table and the `findings` output.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startGitHub, type GitHubServer } from '../helpers/github-server.js';
import { runAction, seen, TOKEN } from './action-runner.js';
import { ghProject, pushPullRequest, type GhProject } from './fixture.js';

let server: GitHubServer;
let p: GhProject;

beforeAll(async () => {
  server = await startGitHub();
  p = await ghProject(server);
});
afterAll(() => server.close());
afterEach(() => expect(server.failures).toEqual([]));

const pullRequest = (n: number, base: string, subject: string): Promise<object> => pushPullRequest(p, n, base, subject);

describe('check in the Action', () => {
  it('a pull request merging a feature into a line that takes no features fails, with the annotation and the summary row', async () => {
    const event = await pullRequest(5, 'release/1.1', 'feat: a new knob');
    const r = await runAction(server, p, 'pull_request', event, { command: 'check' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error title=trellis check%3A feature-into-closed-line::.*"feat: a new knob".*release\/1\.1/m);
    expect(r.stdout).toContain("read #5's head");
    expect(r.stdout).toContain('::error::trellis check: 1 error');
    const findings = JSON.parse(r.outputs.findings ?? '') as Array<{ rule: string; severity: string }>;
    // the fixture's policy also draws a located warning (an LTS line without a longer support)
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([
      ['policy-valid', 'warning'],
      ['feature-into-closed-line', 'error'],
    ]);
    expect(r.stdout).toMatch(/^::warning file=\.trellis\.yml,line=6,col=36,title=trellis check%3A policy-valid::line 1\.1 is marked LTS/m);
    expect(r.summary).toContain('### Trellis check of pull request into `release/1.1`: failed');
    expect(r.summary).toMatch(/^\| error \| `feature-into-closed-line` \|/m);
    // read as objects only: nothing checked out, no branch made
    expect(await p.git(p.workspace, 'status', '--porcelain')).toBe('');
    expect(await p.git(p.workspace, 'branch', '--list')).toBe('* main');
  });

  it('a clean pull request passes (warnings only)', async () => {
    const event = await pullRequest(6, 'release/1.2', 'fix: a small fix');
    const r = await runAction(server, p, 'pull_request_target', event, { command: 'check' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('::error');
    expect(JSON.parse(r.outputs.findings ?? '').filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
    expect(r.summary).toContain('### Trellis check of pull request into `release/1.2`: passed');
  });

  it('on a push the repository state is checked; no API call, no token in any output', async () => {
    const before = server.requests.length;
    const r = await runAction(server, p, 'push', { ref: 'refs/heads/main' }, { command: 'check' });
    expect(r.summary).toContain('### Trellis check of the repository');
    expect(r.outputs.findings).toBeDefined();
    expect(server.requests.length).toBe(before);
    for (const text of seen) expect(text).not.toContain(TOKEN);
  });
});
