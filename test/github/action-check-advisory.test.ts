/**
 * `check` in the Action with advisory records (written by the real `trellis advisory add` in the
 * workspace): on a pull request into a line where a disclosed advisory's fix is overdue, a
 * warning annotation (the pull request passes) and nothing of an embargoed one; on a push, the
 * repository state fails with the overdue fixes, the embargoed advisory named without its summary.
 */
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { trellis } from '../helpers/cli.js';
import { startGitHub, type GitHubServer } from '../helpers/github-server.js';
import { runAction } from './action-runner.js';
import { ghProject, pushPullRequest, type GhProject } from './fixture.js';

let server: GitHubServer;
let p: GhProject;

/** `trellis ARGS` in the workspace on the Action's day. */
async function inWorkspace(...args: string[]): Promise<void> {
  const out = await trellis(args, { cwd: p.workspace, env: p.r.env, now: '2026-01-10T12:00:00Z' });
  // (the fixture's policy draws a warning: an LTS line without a longer support)
  expect(out.stderr).not.toMatch(/error/);
  expect(out.code).toBe(0);
}

beforeAll(async () => {
  server = await startGitHub();
  p = await ghProject(server);
  // A service level for high severities; the records are files in the workspace, as a checkout has them once committed.
  await appendFile(join(p.workspace, '.trellis.yml'), 'security:\n  sla:\n    high: { triage: 2 days, fix: 14 days }\n');
  await inWorkspace(
    'advisory',
    'add',
    'CVE-2025-0001',
    '--severity',
    'high',
    '--fix',
    p.fix,
    '--reported',
    '2025-07-01',
    '--summary',
    'Conf leak',
  );
  await inWorkspace(
    'advisory',
    'add',
    'ACME-2025-9',
    '--severity',
    'high',
    '--fix',
    p.fix,
    '--reported',
    '2025-07-01',
    '--embargo-until',
    '2026-06-01',
    '--summary',
    'Hidden thing',
  );
});
afterAll(() => server.close());
afterEach(() => expect(server.failures).toEqual([]));

const pullRequest = (n: number, base: string, subject: string): Promise<object> => pushPullRequest(p, n, base, subject);

describe('check in the Action with advisories', () => {
  it('a pull request into a line with an overdue fix gets a warning annotation and passes; the embargoed advisory is not shown', async () => {
    const event = await pullRequest(8, 'release/1.2', 'docs: a note');
    const r = await runAction(server, p, 'pull_request', event, { command: 'check' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^::warning title=trellis check%3A advisory-sla::advisory CVE-2025-0001 \(high\): the fix on line 1\.2 is overdue by 179 day\(s\) \(reported 2025-07-01, due 2025-07-15\): no fix on release\/1\.2: trellis backport [0-9a-f]{10} --to 1\.2$/m,
    );
    const findings = JSON.parse(r.outputs.findings ?? '') as Array<{ rule: string; line?: string }>;
    expect(findings.filter((f) => f.rule === 'advisory-sla').map((f) => f.line)).toEqual(['1.2']);
    for (const text of [r.stdout, r.summary, r.outputs.findings ?? '']) {
      expect(text).not.toContain('ACME-2025-9');
      expect(text).not.toContain('Hidden thing');
      expect(text).not.toContain('Conf leak');
    }
  });

  it('on a push the repository state fails on the overdue fixes; the embargoed one is named, marked, without its summary', async () => {
    const r = await runAction(server, p, 'push', { ref: 'refs/heads/main' }, { command: 'check' });
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.outputs.findings ?? '') as Array<{ rule: string; severity: string; message: string; line?: string }>;
    const sla = findings.filter((f) => f.rule === 'advisory-sla');
    // 1.3 has the fix (picked with -x) but no release of the line does yet; 1.1 and 1.2 lack it; 1.0 is end-of-life.
    expect(sla.filter((f) => f.message.startsWith('advisory CVE-2025-0001 (high)')).map((f) => f.line)).toEqual(['1.3', '1.2', '1.1']);
    expect(sla.filter((f) => f.message.startsWith('advisory ACME-2025-9 (embargoed until 2026-06-01)')).map((f) => f.line)).toEqual([
      '1.3',
      '1.2',
      '1.1',
    ]);
    expect(sla.every((f) => f.severity === 'error')).toBe(true);
    expect(r.stdout).toMatch(
      /^::error title=trellis check%3A advisory-sla::advisory CVE-2025-0001 \(high\): the fix on line 1\.3 is overdue/m,
    );
    expect(r.summary).toMatch(/^\| error \| `advisory-sla` \|/m);
    for (const text of [r.stdout, r.summary]) expect(text).not.toContain('Hidden thing');
  });
});
