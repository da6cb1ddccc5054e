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
    const names = [...r.stdout.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]);
    expect(names).toEqual([
      'init',
      'policy',
      'status',
      'schedule',
      'target',
      'missing',
      'check',
      'site',
      'extension',
      'advisory',
      'backport',
      'branch',
      'release',
      'hotfix',
      'merge-back',
      'changelog',
      'checklist',
      'version',
      'help',
    ]);
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
