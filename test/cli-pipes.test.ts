/**
 * The CLI as a real process writing into a pipe (`trellis status | head`): a reader that goes
 * away ends any command quietly, exit 141 as `git log | head` (no `Error: write EPIPE` stack
 * trace, no result-cache file left half written), and a slow reader gets every byte (missing
 * writes a chunk only after the pipe took the last one).
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { trellis } from './helpers/cli.js';
import { makeRepo, type FixtureRepo } from './helpers/repo.js';

const ROOT = join(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const BIN = join(ROOT, 'src', 'cli', 'bin.ts');
const NOW = '2026-01-15T12:00:00Z';
const POLICY = `versioning:
  tag: "v{version}"
branches:
  main: main
  release: "release-{major}.{minor}.x"
support:
  lines:
    "0.2": { support: full }
`;

/** A history whose `missing --json` (about 220 KB) is far more than a pipe holds (64 KiB). */
async function longHistory(): Promise<FixtureRepo> {
  const r = await makeRepo();
  await r.commit('chore: initial', { files: { '.trellis.yml': POLICY, 'a.txt': 'a\n' } });
  await r.branch('release-0.2.x');
  await r.tag('v0.2.0', { message: 'Release 0.2.0', target: 'release-0.2.x' });
  const parent = await r.rev('main');
  const commits: string[] = [];
  for (let i = 0; i < 600; i++) {
    const msg = `fix: bug number ${i} in the parser of long configuration files\n`;
    const data = `fix ${i}\n`;
    commits.push(
      `commit refs/heads/main\ncommitter Cy <cy@example.com> ${1736000000 + i * 60} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}` +
        `${i === 0 ? `from ${parent}\n` : ''}M 100644 inline f${i}.txt\ndata ${Buffer.byteLength(data)}\n${data}\n`,
    );
  }
  await r.fastImport(commits.join(''));
  await r.git('reset', '-q', '--hard', 'main');
  return r;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in a child process; `reader` decides how its stdout is read. */
function run(r: FixtureRepo, argv: string[], reader: 'closed' | 'first-chunk' | 'slow'): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [BIN, ...argv], { cwd: r.dir, env: { ...r.env, TRELLIS_NOW: NOW }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    if (reader === 'closed') child.stdout.destroy();
    else if (reader === 'first-chunk') child.stdout.once('data', () => child.stdout.destroy());
    else {
      // Reads a chunk, then waits before the next: the writer has to wait for the pipe.
      child.stdout.on('data', (b: Buffer) => {
        stdout += b.toString('utf8');
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), 5);
      });
    }
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the CLI writing into a pipe', () => {
  let r: FixtureRepo;
  beforeAll(async () => {
    r = await longHistory();
  }, 60_000);

  it.each([[['status']], [['missing', '--json', '--no-cache']], [['schedule', '--json']]])(
    'a reader that closed the pipe before anything was written: %j ends quietly with 141',
    async (argv) => {
      const res = await run(r, argv, 'closed');
      expect(res.stderr).toBe('');
      expect(res.code).toBe(141);
    },
    30_000,
  );

  it('a reader that goes away after the first chunk of a long output: quiet, and no half-written result cache', async () => {
    const res = await run(r, ['missing', '--json'], 'first-chunk');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(141);
    const left = await readdir(join(r.dir, '.git', 'trellis')).catch(() => [] as string[]);
    expect(left.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(left).not.toContain('result');
  }, 30_000);

  it('a slow reader gets every byte and the exit code of the command', async () => {
    const inProcess = await trellis(['missing', '--json', '--no-cache'], { cwd: r.dir, env: r.env, now: NOW });
    expect(inProcess.stdout.length).toBeGreaterThan(128 * 1024);
    const res = await run(r, ['missing', '--json', '--no-cache'], 'slow');
    expect(res.stderr).toBe('');
    expect(res.stdout).toBe(inProcess.stdout);
    expect(res.code).toBe(inProcess.code);
  }, 60_000);
});
