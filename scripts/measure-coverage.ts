/**
 * Measures coverage's equivalence on a real repository (not a test; nothing from the measured
 * repository is kept): counts the backports that release lines DECLARE and how many of them
 * `trellis missing` reports present on that line, and how many patch-id alone would find.
 *
 * A line's own commits (since it left main; merges included) declare a main change C by:
 * - `trailer`: an origin (`(cherry picked from commit X)`) that is C, or the merge that brought
 *   C into main (a `-m 1` pick of a pull request's merge, as cherry_picker does);
 * - `pull-request`: a pull-request number the commit (or its merge on the line) backports
 *   ("backport #N", "Cherry-pick of #N", "Backport PR #N" in a line merge's subject) that is
 *   C's own or that of the merge that brought C into main.
 *
 *   npx tsx scripts/measure-coverage.ts --repo /path/to/repo.git --policy /tmp/policy.yml \
 *     [--line 3.7]... [--date 2026-01-15] [--flow main-first] [--before before.json]
 *
 * `--before FILE` also tallies a saved `trellis missing --json` of another build (the same
 * repository, lines and date) against the same declarations. Runs without the caches.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CommitFacts } from '../src/core/coverage/commit-facts.js';
import type { CoverageFlow } from '../src/core/coverage/flow.js';
import { landingMerges } from '../src/core/coverage/graph.js';
import type { CoverageReport } from '../src/core/coverage/types.js';
import { loadPolicy } from '../src/core/policy/load.js';
import { coverageLines, readCommitFacts, runCoverage } from '../src/facts/coverage/index.js';
import { Git } from '../src/git/git.js';
import { octopusMergeBase, readRangeGraph } from '../src/git/range.js';

interface Declared {
  line: string;
  carrier: string;
  change: string;
  by: 'trailer' | 'pull-request';
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      repo: { type: 'string' },
      policy: { type: 'string' },
      line: { type: 'string', multiple: true, default: [] },
      date: { type: 'string', default: new Date().toISOString().slice(0, 10) },
      flow: { type: 'string' },
      before: { type: 'string' },
    },
  });
  if (!values.repo || !values.policy) {
    console.error('usage: measure-coverage --repo PATH --policy FILE [--line L]... [--date YYYY-MM-DD] [--flow F] [--before FILE]');
    return 2;
  }
  const policy = loadPolicy(readFileSync(values.policy, 'utf8'), values.policy);
  const git = await Git.open(values.repo);
  const lines = await coverageLines(git, policy, values.date as string, values.line as string[]);
  const flow = values.flow as CoverageFlow | undefined;
  const t0 = performance.now();
  const { report, stats } = await runCoverage(git, {
    policy,
    lines: lines.columns,
    refs: lines.refs,
    cache: false,
    ...(flow ? { flow } : {}),
  });
  const ms = performance.now() - t0;
  const declared = await declarations(git, policy, lines.columns, report, lines.refs);
  const pids = await git.patchIds([...new Set(declared.flatMap((d) => [d.change, d.carrier]))]);
  const tally = (r: CoverageReport, by: Declared['by'] | 'all') => {
    const rows = new Map(r.changes.map((c) => [c.commit, c]));
    const set = declared.filter((d) => by === 'all' || d.by === by);
    const state = (d: Declared) => rows.get(d.change)?.states[d.line]?.state;
    const pct = (n: number) => (set.length === 0 ? '-' : `${((100 * n) / set.length).toFixed(1)}%`);
    const found = set.filter((d) => state(d) === 'present').length;
    const pid = set.filter((d) => pids.get(d.change) !== undefined && pids.get(d.change) === pids.get(d.carrier)).length;
    return {
      declared: set.length,
      found,
      foundPct: pct(found),
      missing: set.filter((d) => state(d) === 'missing').length,
      probable: set.filter((d) => state(d) === 'probable').length,
      patchIdAlone: pid,
    };
  };
  const out: Record<string, unknown> = {
    repo: values.repo,
    flow: flow ?? '(policy)',
    lines: lines.columns.map((l) => `${l.key} (${l.branch}, ${l.status})`),
    since: report.since,
    rangeCommits: stats.commits,
    changes: report.changes.length,
    missingCells: report.changes.reduce((n, c) => n + Object.values(c.states).filter((s) => s.state === 'missing').length, 0),
    coverageMs: Math.round(ms),
    byTrailer: tally(report, 'trailer'),
    byPullRequest: tally(report, 'pull-request'),
    all: tally(report, 'all'),
  };
  if (values.before) {
    const before = JSON.parse(readFileSync(values.before, 'utf8')) as CoverageReport;
    out.before = {
      changes: before.changes.length,
      missingCells: before.changes.reduce((n, c) => n + Object.values(c.states).filter((s) => s.state === 'missing').length, 0),
      all: tally(before, 'all'),
    };
  }
  console.log(JSON.stringify(out, null, 2));
  const rows = new Map(report.changes.map((c) => [c.commit, c]));
  for (const d of declared.filter((x) => rows.get(x.change)?.states[x.line]?.state !== 'present').slice(0, 10)) {
    const s = rows.get(d.change)?.states[d.line];
    console.log(`not found: ${d.line} ${d.carrier.slice(0, 10)} -> ${d.change.slice(0, 10)} (${d.by}): ${s?.state} ${s?.reason ?? ''}`);
  }
  return 0;
}

/** The backports the lines' own commits declare, against the report's main rows. */
async function declarations(
  git: Git,
  policy: ReturnType<typeof loadPolicy>,
  columns: Awaited<ReturnType<typeof coverageLines>>['columns'],
  report: CoverageReport,
  refs: Awaited<ReturnType<typeof coverageLines>>['refs'],
): Promise<Declared[]> {
  const params = { originTrailer: policy.backport.originTrailer, optOutTrailer: policy.backport.optOutTrailer };
  const tipOf = new Map<string, string>();
  for (const r of refs)
    if (r.commit && (r.kind === 'branch' || r.kind === 'remote')) tipOf.set(r.shortName.replace(/^origin\//, ''), r.commit);
  const mainTip = tipOf.get(policy.branches.develop ?? policy.branches.main) as string;
  // Main's changes: by id, by own pull request, and by the merge that brought them.
  const base = await octopusMergeBase(git, [mainTip, ...columns.map((l) => l.anchor ?? (tipOf.get(l.branch) as string))]);
  const graph = await readRangeGraph(git, { tips: [mainTip], exclude: base ? [base] : [] });
  const landing = landingMerges(graph, [graph.index.get(mainTip) ?? -1]);
  const facts = new Map<string, CommitFacts>();
  await readCommitFacts(git, graph.oids, params, (f) => facts.set(f.oid, f), { paths: false });
  const rows = new Set(report.changes.map((c) => c.commit));
  const byMerge = new Map<string, string[]>();
  const byPr = new Map<number, string[]>();
  const push = <K>(m: Map<K, string[]>, k: K, v: string) => (m.get(k) ?? m.set(k, []).get(k)!).push(v);
  graph.oids.forEach((oid, i) => {
    if (!rows.has(oid)) return;
    const m = landing[i] as number;
    const own = facts.get(oid)?.ownPr;
    if (own !== null && own !== undefined) push(byPr, own, oid);
    if (m >= 0) {
      const mo = graph.oids[m] as string;
      push(byMerge, mo, oid);
      const pr = facts.get(mo)?.ownPr;
      if (pr !== null && pr !== undefined) push(byPr, pr, oid);
    }
  });
  const resolve = (id: string): string[] => {
    const exact = [...rows].filter((r) => r.startsWith(id));
    const merge = [...byMerge.keys()].filter((m) => m.startsWith(id)).flatMap((m) => byMerge.get(m) ?? []);
    return [...new Set([...exact, ...merge])];
  };
  const out: Declared[] = [];
  for (const l of columns) {
    const tip = tipOf.get(l.branch) as string;
    const fork = await octopusMergeBase(git, [mainTip, l.anchor ?? tip]);
    const own = await readRangeGraph(git, { tips: [tip], exclude: fork ? [fork] : [] });
    const lineLanding = landingMerges(own, [own.index.get(tip) ?? -1]);
    const lf = new Map<string, CommitFacts>();
    await readCommitFacts(git, own.oids, params, (f) => lf.set(f.oid, f), { paths: false });
    const seen = new Set<string>();
    own.oids.forEach((oid, i) => {
      const f = lf.get(oid);
      if (!f) return;
      const add = (change: string, by: Declared['by']) => {
        if (seen.has(`${change}`)) return;
        seen.add(change);
        out.push({ line: l.key, carrier: oid, change, by });
      };
      for (const o of f.origins) for (const c of resolve(o)) add(c, 'trailer');
      const m = lineLanding[i] as number;
      const prs = [...f.backportOf, ...(m >= 0 ? (lf.get(own.oids[m] as string)?.backportOf ?? []) : [])];
      for (const p of prs) for (const c of byPr.get(p) ?? []) add(c, 'pull-request');
    });
  }
  return out;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
