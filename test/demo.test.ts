/**
 * `npm run demo`: the sample repository builder and the demo's commands, run in-process. Checks
 * the key lines each command prints (not timings), and that the history is reproducible.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoRepo, type DemoRepo } from '../scripts/demo/history.js';
import { DEMO_TODAY, renderDemo, runDemo, type DemoStep } from '../scripts/demo/run.js';

let repo: DemoRepo;
let steps: DemoStep[];
beforeAll(async () => {
  repo = await buildDemoRepo();
  steps = await runDemo(repo);
});
afterAll(async () => {
  if (repo) await rm(repo.root, { recursive: true, force: true });
});

const out = (argv0: string, ...rest: string[]) => {
  const s = steps.find((x) => x.argv[0] === argv0 && rest.every((r) => x.argv.includes(r)));
  expect(s, `${argv0} ${rest.join(' ')}`).toBeDefined();
  return s!;
};

describe('npm run demo', () => {
  it('builds a Llama Stack-like history: release-X.Y.x lines, rc and final tags, cherry-picks with -x', async () => {
    const branches = (await git(repo, 'for-each-ref', '--format=%(refname:short)', 'refs/heads')).split('\n');
    expect(branches).toEqual([
      'main',
      'release-0.2.x',
      'release-0.3.x',
      'release-0.4.x',
      'release-1.0.x',
      'release-1.1.x',
      'release-1.2.x',
      'release-1.3.x',
    ]);
    const tags = (await git(repo, 'tag', '--list')).split('\n');
    expect(tags).toContain('v1.2.0rc2');
    expect(tags).toContain('v1.3.0rc1');
    expect(tags).toHaveLength(24);
    const picked = await git(repo, 'log', '-1', '--format=%B', 'release-1.1.x');
    expect(picked).toMatch(/\(cherry picked from commit [0-9a-f]{40}\)/);
    expect(await git(repo, 'log', '-1', '--format=%ad %cd', '--date=short', 'v1.2.0')).toBe('2026-02-16 2026-02-16');
  });

  it('is the same repository on every run (fixed dates and identity)', async () => {
    const again = await buildDemoRepo();
    try {
      expect(again.commits).toEqual(repo.commits);
    } finally {
      await rm(again.root, { recursive: true, force: true });
    }
  });

  it('adopts the trunk-with-release-branches preset (Llama Stack-style)', () => {
    expect(out('init').stdout).toContain('wrote .trellis.yml (preset release-branches, after the Llama Stack release process');
  });

  it('status: 1.2 and 1.1 maintained, 1.3 in release candidates, 1.0 end-of-life', () => {
    const s = out('status');
    expect(s.code).toBe(0);
    const lines = s.stdout.split('\n');
    expect(lines[0]).toBe(`Release lines of llama-stack on ${DEMO_TODAY}`);
    const row = (key: string) => lines.find((l) => l.startsWith(`${key} `))?.split(/\s{2,}/);
    expect(row('1.4 (dev)')?.slice(0, 3)).toEqual(['1.4 (dev)', 'main', 'feature']);
    expect(row('1.3')?.slice(0, 3)).toEqual(['1.3', 'release-1.3.x', 'prerelease']);
    expect(row('1.2')?.slice(0, 3)).toEqual(['1.2', 'release-1.2.x', 'bugfix']);
    expect(row('1.1')?.slice(0, 3)).toEqual(['1.1', 'release-1.1.x', 'bugfix']);
    expect(row('1.0')?.slice(0, 3)).toEqual(['1.0', 'release-1.0.x', 'end-of-life']);
    expect(s.stdout).toContain('0.1: no branch: tags only');
  });

  it('schedule: 2.0.0 window, 1.3.0 next week, weekly 1.3.x patches, projected ends of 1.1 and 1.2', () => {
    const s = out('schedule');
    expect(s.code).toBe(0);
    const rows = s.stdout
      .split('\n')
      .filter((l) => /^\d{4}-/.test(l))
      .map((l) => l.split(/\s{2,}/).slice(0, 4));
    expect(rows).toEqual([
      ['2026-03-15', '2026-05-15', 'major', '2.0'],
      // At 80 columns (not a terminal) long events wrap onto the next lines.
      ['2026-03-15', 'end of life', '1.1', '1.1: end of life (last day of any'],
      ['2026-03-16', 'minor', '1.3', 'minor release 1.3.0 (1.3.0rc1 is out)'],
      ['2026-03-23', 'patch', '1.3', 'patch release 1.3.1 *'],
      ['2026-03-30', 'patch', '1.3', 'patch release 1.3.2 *'],
      ['2026-04-06', 'patch', '1.3', 'patch release 1.3.3 *'],
      ['2026-04-13', 'patch', '1.3', 'patch release 1.3.4 *'],
      ['2026-04-15', 'end of life', '1.2', '1.2: end of life (last day of any'],
    ]);
  });

  it('target: fixes go to main then 1.3, 1.2 and 1.1; features to main; 1.0 is refused', () => {
    const bug = out('target', 'bugfix').stdout;
    expect(bug).toContain('merge into: main   ships in 1.4.0');
    expect(bug).toMatch(/1\.3 +release-1\.3\.x +\[prerelease\]\n +1\.2 +release-1\.2\.x +\[bugfix\]\n +1\.1 +release-1\.1\.x +\[bugfix\]/);
    expect(bug).toContain('not to:     1.0, 0.4, 0.3, 0.2, 0.1 (end-of-life)');
    expect(out('target', 'feature').stdout).toContain('features go to main, the development line 1.4');
    const old = out('target', '--for').stdout;
    expect(old).toContain('not allowed as asked; instead:');
    expect(old).toContain('1.0 takes no bug fixes (end-of-life since 2026-02-15');
  });

  it('backport --dry-run plans the CVE fix for 1.3, 1.2 and 1.1; missing reports it (exit 1)', () => {
    const b = out('backport');
    expect(b.code).toBe(0);
    expect(b.stdout).toContain('change kind: security');
    expect(b.stdout).toContain('plan (dry run, no ref changes): 1 commit(s) to 3 target(s)');
    const m = out('missing');
    expect(m.code).toBe(1);
    // At 80 columns the subject is cut to what the row leaves.
    expect(m.stdout).toMatch(/security +MISSING +MISSING +MISSING +fix\(tools\): sanitize tool call…\n/);
  });

  it('trellis demo: the same steps from the CLI (the shipped demo), its folder removed unless --keep; a bad --today is exit 2', async () => {
    const { trellis } = await import('./helpers/cli.js');
    const r = await trellis(['demo', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { schemaVersion: number; today: string; repository: string; kept: boolean; steps: DemoStep[] };
    expect(doc).toMatchObject({ schemaVersion: 1, today: DEMO_TODAY, kept: false });
    expect(doc.steps.map((s) => [s.argv[0], s.code])).toEqual(steps.map((s) => [s.argv[0], s.code]));
    expect(doc.steps.find((s) => s.argv[0] === 'status')?.stdout).toBe(out('status').stdout);
    expect(existsSync(doc.repository)).toBe(false);
    const bad = await trellis(['demo', '--today', 'tomorrow']);
    expect(bad).toMatchObject({ code: 2, stderr: "trellis: --today must be YYYY-MM-DD, got 'tomorrow'\n" });
  });

  it('prints each command under a heading', () => {
    const text = renderDemo(steps);
    expect(text).toContain('── Which lines are supported today?\n$ trellis status\n');
    expect(text).toContain('$ trellis schedule --count 8\n');
    expect(text).toContain('(exit 1)');
  });
});

async function git(r: DemoRepo, ...args: string[]): Promise<string> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) =>
    execFile('git', args, { cwd: r.dir, env: r.env }, (err, stdout) => (err ? reject(err) : resolve(String(stdout).trim()))),
  );
}
