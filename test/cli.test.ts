import { describe, expect, it } from 'vitest';
import { trellis } from './helpers/cli.js';

describe('trellis CLI frame', () => {
  it('prints help with exit 0', async () => {
    const r = await trellis(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: trellis');
  });
  it('rejects an unknown command with exit 2 and a hint', async () => {
    const r = await trellis(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'frobnicate'/);
  });
  it('rejects an unknown option with exit 2', async () => {
    const r = await trellis(['--frob']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--frob'/);
  });
});

describe('root options', () => {
  it('prints the Trellis version with --version before any command', async () => {
    const r = await trellis(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
  it('leaves --version after a command to that command (release --version V)', async () => {
    const r = await trellis(['release', '--help']);
    expect(r.stdout).toMatch(/--version <v>|--version <version>|--version/);
    const bad = await trellis(['status', '--version']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown option '--version'/);
  });
});

describe('commands load on demand', () => {
  it('lists every command in the root help, in workflow order', async () => {
    const r = await trellis(['--help']);
    const commands = r.stdout.slice(r.stdout.indexOf('Commands:'), r.stdout.indexOf('Examples:'));
    const names = [...commands.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]);
    expect(names).toEqual([
      'init',
      'policy',
      'status',
      'schedule',
      'target',
      'missing',
      'check',
      'advisory',
      'site',
      'extension',
      'backport',
      'branch',
      'release',
      'hotfix',
      'merge-back',
      'changelog',
      'checklist',
      'completion',
      'demo',
      'version',
      'help',
    ]);
  });
  it('--help and --version load no command module, and the root help names each command as its own help does', async () => {
    const { COMMAND_SUMMARIES } = await import('../src/cli/commands/index.js');
    const { buildProgram } = await import('../src/cli/main.js');
    const io = {
      stdout: { write: () => true },
      stderr: { write: () => true },
      readStdin: async () => '',
      cwd: process.cwd(),
      env: {},
      clock: { now: () => new Date() },
    };
    for (const argv of [['--help'], ['--version'], ['-V'], ['-C', '.', '--help']]) {
      const program = await buildProgram(io, argv);
      // Stubs only: no command has an option or a sub-command of its own.
      expect(program.commands.every((c) => c.options.length === 0 && c.commands.length === 0)).toBe(true);
    }
    const full = await buildProgram(io, []);
    for (const { name, summary } of COMMAND_SUMMARIES) expect(full.commands.find((c) => c.name() === name)?.description()).toBe(summary);
  });
  it('lists the exit codes and the environment in the root help; no commander internals in any help', async () => {
    const r = await trellis(['--help']);
    expect(r.stdout).toContain('Exit codes:\n  0   success\n  1   findings');
    expect(r.stdout).toMatch(/\n {2}70 {2}internal error/);
    expect(r.stdout).toMatch(/\n {2}141 the reader of the output went away/);
    expect(r.stdout).toContain('TRELLIS_DEBUG');
    for (const cmd of ['missing', 'backport', 'release', 'status', 'init']) {
      const help = (await trellis([cmd, '--help'])).stdout;
      expect(help).not.toContain('(default: [])');
      expect(help).toContain('Examples:\n  trellis ');
    }
  });
  it('the newer commands have examples too, with --json where they print JSON', async () => {
    const commands = [
      ['check'],
      ['advisory'],
      ['advisory', 'add'],
      ['advisory', 'fix'],
      ['advisory', 'list'],
      ['advisory', 'show'],
      ['advisory', 'export'],
      ['advisory', 'sla'],
      ['site'],
      ['extension'],
      ['extension', 'status'],
      ['extension', 'ships'],
      ['extension', 'switch'],
      ['merge-back'],
      ['version', 'for-build'],
    ];
    for (const cmd of commands) {
      const help = (await trellis([...cmd, '--help'])).stdout;
      expect(help, cmd.join(' ')).toContain(`Examples:\n  trellis ${cmd[0]}`);
      if (cmd.length > 1) expect(help, cmd.join(' ')).toMatch(new RegExp(`\\n  trellis ${cmd.join(' ')} .*--json`));
    }
    const backport = (await trellis(['backport', '--help'])).stdout;
    expect(backport).toContain('trellis backport 1a2b3c4 --to 1.2 --push');
    expect(backport).toContain('trellis backport --pr 1234 --push');
  });
  it('--debug prints the stack of an internal error; without it, one line and a hint', async () => {
    const { runCli } = await import('../src/cli/main.js');
    let err = '';
    const io = {
      stdout: { write: () => true },
      stderr: { write: (s: string) => ((err += s), true) },
      readStdin: async () => '',
      cwd: process.cwd(),
      env: {},
      clock: {
        now: (): Date => {
          throw new Error('clock broke');
        },
      },
    };
    expect(await runCli(['version', 'describe'], io)).toBe(70);
    expect(err).toBe('trellis: internal error: clock broke\ntrellis: run again with --debug for the stack trace, and report it\n');
    err = '';
    expect(await runCli(['--debug', 'version', 'describe'], io)).toBe(70);
    expect(err).toMatch(/^trellis: internal error: clock broke\nError: clock broke\n {4}at /);
  });
  it('runs a named command with only its own module and still suggests for a typo', async () => {
    const r = await trellis(['status', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: trellis status/);
    const typo = await trellis(['statu']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/Did you mean status\?/);
  });
});

describe('errors quote user input on one line', () => {
  it('escapes a newline, a carriage return and an escape sequence in what the message quotes', async () => {
    const r = await trellis(['version', 'next', '1.2\n3\r\u001b[2K', '--bump', 'patch', '--scheme', 'semver']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toHaveLength(2); // one line and its newline
    expect(r.stderr).toContain('1.2\\n3\\r\\x1b[2K');
    expect(r.stderr.includes('\r') || r.stderr.includes('\u001b')).toBe(false);
  });
});
