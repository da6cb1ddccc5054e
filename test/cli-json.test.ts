/**
 * `--json [style]`: compact JSON when standard output is not a terminal (a program reads it),
 * indented on a terminal; `--json=pretty` and `--json=compact` choose. A word after `--json` that
 * is not a style stays an operand.
 */
import { describe, expect, it } from 'vitest';
import { jsonChunks, type ChangeCoverage } from '../src/core/coverage/index.js';
import { runCli } from '../src/cli/main.js';
import { tarantoolRepo } from './lines/fixtures.js';
import { trellis } from './helpers/cli.js';

/** The CLI in-process with standard output a terminal or not. */
async function run(argv: string[], o: { tty: boolean; cwd?: string }): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s), isTTY: o.tty },
    stderr: { write: (s: string) => (stderr += s) },
    readStdin: async () => '',
    cwd: o.cwd ?? process.cwd(),
    env: process.env,
    clock: { now: () => new Date('2025-03-10T12:00:00Z') },
  });
  return { code, stdout, stderr };
}

const compact = (text: string): string => JSON.stringify(JSON.parse(text)) + '\n';
const pretty = (text: string): string => JSON.stringify(JSON.parse(text), null, 2) + '\n';

describe('--json', () => {
  it('is compact into a pipe or file, indented on a terminal, and as asked with --json=pretty or --json=compact', async () => {
    const fx = await tarantoolRepo();
    const opts = { cwd: fx.repo.dir };
    const piped = await run(['status', '--json'], { ...opts, tty: false });
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe(compact(piped.stdout));
    expect(piped.stdout.split('\n')).toHaveLength(2);
    const terminal = await run(['status', '--json'], { ...opts, tty: true });
    expect(terminal.stdout).toBe(pretty(piped.stdout));
    expect((await run(['status', '--json=pretty'], { ...opts, tty: false })).stdout).toBe(terminal.stdout);
    expect((await run(['status', '--json', 'pretty'], { ...opts, tty: false })).stdout).toBe(terminal.stdout);
    expect((await run(['status', '--json=compact'], { ...opts, tty: true })).stdout).toBe(piped.stdout);
    // Without a --json flag of its own, endoflife JSON follows the same rule.
    const eol = await run(['status', '--format', 'endoflife'], { ...opts, tty: false });
    expect(eol.stdout).toBe(compact(eol.stdout));
    expect((await run(['status', '--format', 'endoflife'], { ...opts, tty: true })).stdout).toBe(pretty(eol.stdout));
  });

  it('refuses a style it does not know, and leaves any other word after it an operand', async () => {
    const bad = await trellis(['version', 'sort', '--scheme', 'semver', '--json=tabs']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid --json style 'tabs' \(choices: pretty, compact\)/);
    const pair = await trellis(['version', 'compare', '--scheme', 'semver', '--json', '1.0.0', '1.2.0']);
    expect(pair.code).toBe(0);
    expect(JSON.parse(pair.stdout)).toMatchObject({ a: '1.0.0', b: '1.2.0', result: -1 });
    const converted = await trellis(['version', 'convert', '--to', 'rpm', '--json', '1.2.3-4-gabcdef0']);
    expect(converted.code).toBe(0);
    expect(JSON.parse(converted.stdout)).toHaveLength(1);
    // After `--`, `--json` is an operand like any other word.
    const literal = await trellis(['version', 'convert', '--to', 'rpm', '--', '--json']);
    expect(literal.code).not.toBe(0);
  });

  it('keeps the two styles of missing apart in its result cache', async () => {
    const fx = await tarantoolRepo();
    const opts = { cwd: fx.repo.dir };
    const first = await run(['missing', '--json'], { ...opts, tty: false });
    expect(first.stdout).toBe(compact(first.stdout));
    // A warm run in the other style replays nothing of the first.
    expect((await run(['missing', '--json'], { ...opts, tty: true })).stdout).toBe(pretty(first.stdout));
    expect((await run(['missing', '--json=pretty'], { ...opts, tty: false })).stdout).toBe(pretty(first.stdout));
    expect((await run(['missing', '--json'], { ...opts, tty: false })).stdout).toBe(first.stdout);
  });

  it('is the same document compact or pretty for missing (the streamed writer)', () => {
    const changes: ChangeCoverage[] = [
      {
        commit: 'a'.repeat(40),
        subject: 'fix: "quoted" \\ and ünïcode',
        kind: 'security',
        states: { '1.2': { state: 'missing', via: null, commit: null, reason: null } },
      } as unknown as ChangeCoverage,
      { commit: 'b'.repeat(40), subject: 'feat: x', kind: 'feature', states: {} } as unknown as ChangeCoverage,
    ];
    for (const report of [
      { since: 'v1.0.0', lines: ['1.2', '1.1'], changes },
      { since: 'v1.0.0', lines: [], changes: [] },
    ]) {
      const p = [...jsonChunks(report)].join('');
      const c = [...jsonChunks(report, 'compact')].join('');
      // What JSON.stringify writes of the report with the contract's version first.
      const doc = { schemaVersion: 1, ...report };
      expect(p).toBe(JSON.stringify(doc, null, 2) + '\n');
      expect(c).toBe(JSON.stringify(doc) + '\n');
    }
  });
});
