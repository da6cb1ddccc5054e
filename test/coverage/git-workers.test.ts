/**
 * A long coverage read split across git processes (the paths read ahead, the patch-id
 * pipelines; `gitWorkers`, two by default where there are two CPUs): any number of them gives
 * the same report, on a history long enough that each of four pipelines gets its own slice.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/core/policy/load.js';
import { coverageLines, defaultGitWorkers, gitWorkersOf, runCoverage } from '../../src/facts/coverage/index.js';
import { Git } from '../../src/git/git.js';
import { makeRepo, type FixtureRepo } from '../helpers/repo.js';

const POLICY = `versioning:
  tag: "v{version}"
branches:
  main: main
  release: "release-{major}.{minor}.x"
support:
  lines:
    "0.1": { support: full }
`;

const FIXES = 1_100;
/** Every n-th fix of main is picked to the line by hand: the same hunk, no trailer, no pull-request number (only a patch-id finds it). */
const PICKED_EVERY = 2;

function blob(text: string): string {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

function commit(ref: string, at: number, msg: string, file: string, text: string, from?: string): string {
  return (
    `commit ${ref}\ncommitter Cy <cy@example.com> ${1736000000 + at * 60} +0000\n${blob(msg)}` +
    `${from ? `from ${from}\n` : ''}M 100644 inline ${file}\n${blob(text)}`
  );
}

async function history(): Promise<FixtureRepo> {
  const r = await makeRepo();
  await r.commit('chore: initial', { files: { '.trellis.yml': POLICY, README: 'readme\n' } });
  await r.branch('release-0.1.x');
  await r.tag('v0.1.0', { message: 'Release 0.1.0', target: 'release-0.1.x' });
  const base = await r.rev('main');
  const stream: string[] = [];
  let at = 0;
  for (let i = 0; i < FIXES; i++) {
    const file = `src/f${i % 400}.c`;
    stream.push(commit('refs/heads/main', at++, `fix: bug ${i} in the parser\n`, file, `value ${i}\n`, i === 0 ? base : undefined));
    if (i % PICKED_EVERY === 0) {
      const msg = `Fix bug ${i} in the parser (by hand)\n`;
      stream.push(commit('refs/heads/release-0.1.x', at++, msg, file, `value ${i}\n`, i === 0 ? base : undefined));
    }
  }
  await r.fastImport(stream.join(''));
  return r;
}

describe('git workers for a long coverage read', () => {
  let r: FixtureRepo;
  beforeAll(async () => {
    r = await history();
  }, 120_000);

  it('one, two, three or four processes side by side (or a NaN asked for): the same report, the same patch-ids', async () => {
    const git = await Git.open(r.dir, { env: r.env });
    const policy = loadPolicy(POLICY);
    const lines = await coverageLines(git, policy, '2026-01-15');
    const opts = { policy, lines: lines.columns, refs: lines.refs, cache: false, readAheadMin: 1 };
    const one = await runCoverage(git, { ...opts, gitWorkers: 1 });
    const report = one.report;
    // The patch-ids matter here, and there are enough of them for four pipelines of 256.
    expect(one.stats.patchIdsComputed).toBeGreaterThan(4 * 256);
    const viaPatchId = report.changes.filter((c) => c.states['0.1']?.via === 'patch-id').length;
    expect(viaPatchId).toBeGreaterThan(FIXES / PICKED_EVERY / 2);
    for (const gitWorkers of [2, 3, 4, Number.NaN]) {
      const other = await runCoverage(git, { ...opts, gitWorkers });
      expect(other.report).toEqual(report);
      expect(other.stats.patchIdsComputed).toBe(one.stats.patchIdsComputed);
      expect(other.stats.pathsRead).toBe(one.stats.pathsRead);
    }
  }, 120_000);

  it('the default: two where there are two CPUs or more (measured), one on one; asked for: 1 to 8, the default for NaN or Infinity', () => {
    expect([1, 2, 3, 4, 64].map((cpus) => defaultGitWorkers(cpus))).toEqual([1, 2, 2, 2, 2]);
    expect([0, 1.5, 3, 8, 9, 1e9, -2].map((n) => gitWorkersOf(n))).toEqual([1, 1, 3, 8, 8, 8, 1]);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, undefined]) expect(gitWorkersOf(bad)).toBe(defaultGitWorkers());
  });
});
