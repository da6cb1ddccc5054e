/**
 * One run, one repository open and one policy check (app/session.ts): the CLI's command and the
 * policy warnings beside it share what they read.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp, openRepo } from '../../src/app/context.js';
import { RunSession } from '../../src/app/session.js';
import { runCli } from '../../src/cli/main.js';
import { trellis } from '../helpers/cli.js';
import { NOW, POLICY, policyRepo, workspaceIn } from './fixture.js';

/** The git commands a run started, from git's own trace (GIT_TRACE2_EVENT). */
function gitCommands(trace: string): string[][] {
  return readFileSync(trace, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"event":"start"'))
    .map((l) => (JSON.parse(l) as { argv: string[] }).argv.slice(1))
    .map((argv) => {
      // without the options before the command (`-C PATH`, `-c key=value`)
      let i = 0;
      while (argv[i] === '-C' || argv[i] === '-c') i += 2;
      return argv.slice(i);
    });
}

describe('a run session', () => {
  it('opens a repository once per path and checks a policy once per text; without one, each call is its own', async () => {
    const r = await policyRepo();
    const ws = workspaceIn(r);
    const session = new RunSession();
    const [a, b] = await Promise.all([openApp({ ...ws, session }), openApp({ ...ws, session })]);
    expect(a.git).toBe(b.git);
    expect(a.policy).toBe(b.policy);
    expect((await openRepo({ ...ws, session }, '.')).git).toBe(a.git);
    const [c, d] = await Promise.all([openApp(ws), openApp(ws)]);
    expect(c.git).not.toBe(d.git);
    expect(c.policy).not.toBe(d.policy);
    expect(c.policy).toEqual(a.policy);
  });

  it('two CLI runs with the same io do not share a session: the second reads the edited policy', async () => {
    const r = await policyRepo(POLICY, { released: true });
    let out = '';
    const io = {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: () => true },
      readStdin: async () => '',
      cwd: r.dir,
      env: r.env,
      clock: { now: () => new Date(NOW) },
    };
    expect(await runCli(['status', '--json'], io)).toBe(0);
    expect(out).toContain('release/0.1');
    writeFileSync(join(r.dir, '.trellis.yml'), POLICY.replace('release/{major}.{minor}', 'stable/{major}.{minor}'));
    out = '';
    expect(await runCli(['status', '--json'], io)).toBe(0);
    expect(out).not.toContain('release/0.1');
  });

  it('a CLI command and its policy warnings: one rev-parse of the layout, one read of the policy from HEAD (a bare repository)', async () => {
    const r = await policyRepo(POLICY, { released: true });
    const bare = join(mkdtempSync(join(tmpdir(), 'trellis-session-')), 'repo.git');
    await r.git('clone', '-q', '--bare', '--', r.dir, bare);
    const trace = join(bare, '..', 'trace');
    const res = await trellis(['status', '--repo', bare], {
      cwd: r.dir,
      env: { ...r.env, GIT_TRACE2_EVENT: trace },
      now: NOW,
    });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('0.1');
    const cmds = gitCommands(trace);
    expect(cmds.filter((c) => c[0] === 'rev-parse' && c.includes('--show-cdup'))).toHaveLength(1);
    // HEAD:.trellis.yml read once (each reader used to open the repository and a cat-file of its own)
    expect(cmds.filter((c) => c[0] === 'cat-file')).toHaveLength(1);
  });
});
