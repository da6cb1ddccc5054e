/**
 * One merged pull request backported to five release lines on GitHub, end to end against the
 * test GitHub (test/helpers/github-server.ts, a local server that validates every request and
 * response against GitHub's OpenAPI description) and a local bare origin: fetch, policy from the
 * base branch, picks without a work tree, one atomic push of five branches, five pull requests
 * (labels, reviewer, status each) and the summary comment. Then the same run again, which finds
 * and updates everything. Reports the time and the number of API requests of each (the goal:
 * one request per created object plus a constant). Each figure is one run (a run creates objects).
 */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { githubBackport, openRepo } from '../src/app/index.js';
import { startGitHub } from '../test/helpers/github-server.js';
import { makeRepo } from '../test/helpers/repo.js';
import type { BenchResult } from './run.js';

export const name = 'github';

const exec = promisify(execFile);
const LINES = ['1.0', '1.1', '1.2', '1.3', '1.4'];

export async function run(): Promise<BenchResult[]> {
  const server = await startGitHub();
  const r = await makeRepo();
  const lines = LINES.map((l) => `    "${l}": { support: bugfix }`).join('\n');
  await r.commit('chore: start', { files: { 'a.txt': 'a\n', '.trellis.yml': `support:\n  lines:\n${lines}\n` }, date: '2025-01-01' });
  for (const [i, l] of LINES.entries()) {
    await r.branch(`release/${l}`);
    await r.commit(`feat: ${l}`, { files: { [`f${i}.txt`]: `${l}\n` }, date: `2025-0${i + 2}-01` });
  }
  const fix = await r.commit('fix: the bug (#1)', { files: { 'a.txt': 'fixed\n' }, date: '2025-08-01' });
  const parent = await mkdtemp(join(tmpdir(), 'trellis-bench-gh-'));
  const origin = join(parent, 'origin.git');
  const ws = join(parent, 'ws');
  await exec('git', ['init', '-q', '--bare', origin], { env: r.env });
  await exec('git', ['push', '-q', origin, 'refs/heads/*:refs/heads/*'], { cwd: r.dir, env: r.env });
  await exec('git', ['clone', '-q', origin, ws], { env: r.env });
  server.addPull({
    title: 'Fix the bug',
    head: { ref: 'fix', sha: fix },
    base: { ref: 'main', sha: fix },
    user: { login: 'fay', id: 3 },
    merge_commit_sha: fix,
    labels: ['backport all-supported'],
    commits: [fix],
  });
  const out: BenchResult[] = [];
  for (const label of ['5 lines: push 5 branches, open 5 pull requests, comment', 'the same again (finds and updates)']) {
    const ctx = await openRepo({ cwd: ws, env: r.env, clock: { now: () => new Date('2026-01-10T00:00:00Z') } });
    const t0 = performance.now();
    const res = await githubBackport(
      ctx,
      { apiUrl: server.url, owner: 'acme', repo: 'widget', token: 'ghs_bench' },
      { pull: 1, asks: null, labelPattern: 'backport {line}', conflicts: 'draft', remote: 'origin', dryRun: false },
    );
    const ms = performance.now() - t0;
    const opened = res.rows.filter((x) => x.outcome === 'opened').length;
    out.push({ label, ms, note: `${res.requests} API requests, ${opened} pull requests, ${res.pushed.length} branches pushed` });
  }
  if (server.failures.length > 0) throw new Error(`the test GitHub refused requests: ${server.failures.join('; ')}`);
  await server.close();
  await r.cleanup();
  return out;
}
