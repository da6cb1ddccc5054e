/**
 * Measures coverage's equivalence on a real repository (not a test; nothing from the measured
 * repository is kept): counts the backports that release-line commits DECLARE — by an origin
 * trailer (`(cherry picked from commit X)`) or by a pull-request reference to a main change
 * (`(backport #N)`, "automatic backport of pull request #N", a kept `(#N)`) — and how many of
 * them `trellis missing` reports present on that line, and how many patch-id alone would find.
 *
 *   npx tsx scripts/measure-coverage.ts --repo /path/to/repo.git --policy /tmp/policy.yml \
 *     [--line 3.7]... [--date 2026-01-15]
 *
 * Runs without the caches (nothing is written into the measured repository).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CommitFacts } from '../src/core/coverage/commit-facts.js';
import { loadPolicy } from '../src/core/policy/load.js';
import { coverageLines, readCommitFacts, runCoverage } from '../src/facts/coverage/index.js';
import { Git } from '../src/git/git.js';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      repo: { type: 'string' },
      policy: { type: 'string' },
      line: { type: 'string', multiple: true, default: [] },
      date: { type: 'string', default: new Date().toISOString().slice(0, 10) },
    },
  });
  if (!values.repo || !values.policy) {
    console.error('usage: measure-coverage --repo PATH --policy FILE [--line L]... [--date YYYY-MM-DD]');
    return 2;
  }
  const policy = loadPolicy(readFileSync(values.policy, 'utf8'), values.policy);
  const git = await Git.open(values.repo);
  const lines = await coverageLines(git, policy, values.date as string, values.line as string[]);
  const mainBranch = policy.branches.develop ?? policy.branches.main;
  const t0 = performance.now();
  const { report, stats } = await runCoverage(git, { policy, lines: lines.columns, refs: lines.refs, cache: false });
  const ms = performance.now() - t0;
  const params = { originTrailer: policy.backport.originTrailer, optOutTrailer: policy.backport.optOutTrailer };

  const changes = new Map(report.changes.map((c) => [c.commit, c]));
  const changeIds = [...changes.keys()].sort();
  const resolve = (id: string): string | null => {
    if (changes.has(id)) return id;
    const hit = changeIds.filter((c) => c.startsWith(id));
    return hit.length === 1 ? (hit[0] as string) : null;
  };
  // The main changes' own pull-request numbers.
  const mainFacts = new Map<string, CommitFacts>();
  await readCommitFacts(git, [...changes.keys()], params, (f) => mainFacts.set(f.oid, f));
  const byPr = new Map<number, string>();
  for (const f of mainFacts.values()) if (f.ownPr !== null) byPr.set(f.ownPr, f.oid);

  interface Declared {
    line: string;
    carrier: string;
    change: string;
    by: 'trailer' | 'pull-request';
  }
  const declared: Declared[] = [];
  let trailerCommits = 0;
  let prCommits = 0;
  let outsideRange = 0;
  for (const l of lines.columns) {
    const ids = (await git.text(['rev-list', l.branch, `^${mainBranch}`])).split('\n').filter(Boolean);
    const facts: CommitFacts[] = [];
    await readCommitFacts(git, ids, params, (f) => facts.push(f));
    for (const f of facts) {
      if (f.parents > 1) continue;
      if (f.origins.length > 0) {
        trailerCommits++;
        const c = f.origins.map(resolve).find((x): x is string => x !== null);
        if (c) declared.push({ line: l.key, carrier: f.oid, change: c, by: 'trailer' });
        else outsideRange++;
        continue;
      }
      const refs = [...f.backportOf, ...f.prRefs.filter((p) => p !== f.ownPr)];
      if (refs.length === 0) continue;
      const c = refs.map((p) => byPr.get(p)).find((x): x is string => x !== undefined);
      prCommits++;
      if (c) declared.push({ line: l.key, carrier: f.oid, change: c, by: 'pull-request' });
      else outsideRange++;
    }
  }
  const pids = await git.patchIds([...new Set(declared.flatMap((d) => [d.change, d.carrier]))]);
  const tally = (by: Declared['by'] | 'all') => {
    const set = declared.filter((d) => by === 'all' || d.by === by);
    const found = set.filter((d) => changes.get(d.change)?.states[d.line]?.state === 'present');
    const probable = set.filter((d) => changes.get(d.change)?.states[d.line]?.state === 'probable');
    const pid = set.filter((d) => {
      const a = pids.get(d.change);
      return a !== undefined && a === pids.get(d.carrier);
    });
    const pct = (n: number) => (set.length === 0 ? '-' : `${((100 * n) / set.length).toFixed(1)}%`);
    return {
      declared: set.length,
      found: found.length,
      foundPct: pct(found.length),
      probable: probable.length,
      patchIdAlone: pid.length,
      patchIdPct: pct(pid.length),
    };
  };
  const out = {
    repo: values.repo,
    lines: lines.columns.map((l) => `${l.key} (${l.branch}, ${l.status})`),
    since: report.since,
    rangeCommits: stats.commits,
    changes: report.changes.length,
    coverageMs: Math.round(ms),
    patchIdsComputed: stats.patchIdsComputed,
    lineCommitsWithTrailer: trailerCommits,
    lineCommitsWithPrReference: prCommits,
    declaredWithOriginOutsideRange: outsideRange,
    byTrailer: tally('trailer'),
    byPullRequest: tally('pull-request'),
    all: tally('all'),
  };
  console.log(JSON.stringify(out, null, 2));
  const missed = declared.filter((d) => changes.get(d.change)?.states[d.line]?.state !== 'present').slice(0, 10);
  for (const d of missed) {
    const s = changes.get(d.change)?.states[d.line];
    console.log(`not found: ${d.line} ${d.carrier.slice(0, 10)} -> ${d.change.slice(0, 10)} (${d.by}): ${s?.state} ${s?.reason ?? ''}`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
