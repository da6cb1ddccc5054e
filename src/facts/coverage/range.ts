/**
 * The range a coverage run reads, and what is known of it before any message is read: the
 * branches (local, or a clone's `origin/*`), where the range starts, the `rev-list` graph with
 * which branch reaches which commit, where each line left main (line-first flows), and which
 * merge brought each commit onto its branch (see core/coverage/graph.ts, `landingMerges`).
 */
import type { CoverageFlow } from '../../core/coverage/flow.js';
import { landingMerges, Reach, type RangeGraph } from '../../core/coverage/graph.js';
import { isSinceDate } from '../../core/coverage/since.js';
import type { CoverageLine } from '../../core/coverage/types.js';
import type { Git } from '../../git/git.js';
import { octopusMergeBase, readRangeGraph } from '../../git/range.js';
import type { RefInfo } from '../../git/refs.js';
import { refFacts } from '../repository.js';

/** Where a run's range starts: `since` as shown, commits excluded, or a date. */
export interface RangeStart {
  since: string;
  exclude: string[];
  sinceDate: string | null;
}

/** The range read: the graph, reachability, each line's fork tip (line-first) and each commit's landing merge. */
export interface RangeRead {
  graph: RangeGraph;
  /** Tip 0 the development branch, k+1 line k, then backport branches, then fork points. */
  reach: Reach;
  /** Line-first only: each line's fork point as a reach tip (-1: outside the range). */
  forkTips: number[];
  /** The merge that brought a commit onto its branch, or null. */
  mergeOf(oid: string): string | null;
}

/**
 * Reads the range from `tips` (development branch, lines in order, then backport branches) down
 * to `start`: one `rev-list`, plus one `merge-base` per line for line-first flows (all at once).
 */
export async function readRange(
  git: Git,
  r: { tips: readonly string[]; lines: readonly CoverageLine[]; start: RangeStart | Promise<RangeStart>; flow: CoverageFlow },
): Promise<RangeRead> {
  const { tips, lines, flow } = r;
  const lineTips = tips.slice(1, lines.length + 1);
  // Line-first: where each line left main, so a line merged back still has its own commits.
  // These merge-bases need neither the range's start nor its graph: they run beside both (on
  // duckdb each walks most of main's history, about 0.25 s; one after the other they were 0.8 s).
  const forksRead = flow === 'line-first' ? forkPoints(git, tips[0] as string, lines, lineTips) : Promise.resolve([]);
  forksRead.catch(() => undefined); // awaited below; no unhandled rejection if the start fails first
  const start = await r.start;
  const graph = await readRangeGraph(git, { tips, exclude: start.exclude, since: start.sinceDate });
  const forks = await forksRead;
  const reach = Reach.compute(graph, [...tips, ...forks]);
  const forkTips = forks.map((f, k) => (graph.index.has(f) ? tips.length + k : -1));
  // Which merge brought each commit: its branch's first; main's chain first, the lines' first
  // when fixes land on lines first (a line fix merged back keeps its line's pull request).
  const chains = tips.slice(0, lines.length + 1).map((t) => graph.index.get(t) ?? -1);
  const landing = landingMerges(graph, flow === 'line-first' ? [...chains.slice(1), chains[0] as number] : chains);
  return {
    graph,
    reach,
    forkTips,
    mergeOf: (oid) => {
      const i = graph.index.get(oid);
      const m = i === undefined ? -1 : (landing[i] as number);
      return m < 0 ? null : (graph.oids[m] as string);
    },
  };
}

/** Branch (short name) → tip, as line discovery reads branches (a clone's `origin/*` where no local branch exists). */
export function branchTips(refs: readonly RefInfo[]): Map<string, string> {
  const tips = new Map<string, string>();
  for (const f of refFacts(refs)) if (f.kind === 'branch' && f.commit) tips.set(f.name, f.commit);
  return tips;
}

/** Where each line left the development branch: from its oldest tag (see rangeStart), else its tip. */
async function forkPoints(git: Git, mainTip: string, lines: readonly CoverageLine[], lineTips: readonly string[]): Promise<string[]> {
  return Promise.all(lines.map(async (l, k) => (await octopusMergeBase(git, [mainTip, l.anchor ?? (lineTips[k] as string)])) ?? ''));
}

/** Where the range starts: a date, a revision, where the oldest line forked, or (no lines) the development branch's tip. */
export async function rangeStart(
  git: Git,
  since: string | undefined,
  r: { mainBranch: string; mainTip: string; lines: readonly CoverageLine[]; branches: ReadonlyMap<string, string> },
): Promise<RangeStart> {
  if (since && isSinceDate(since)) return { since, exclude: [], sinceDate: since };
  if (since) return { since, exclude: [await git.resolve(since, { peel: 'commit' })], sinceDate: null };
  if (r.lines.length === 0) return { since: r.mainBranch, exclude: [r.mainTip], sinceDate: null };
  // A line's oldest tag finds its fork point even when the branch was merged back into main.
  const starts = r.lines.map((l) => l.anchor ?? (r.branches.get(l.branch) as string));
  const base = await octopusMergeBase(git, [r.mainTip, ...starts]);
  return base === null ? { since: 'the first commit', exclude: [], sinceDate: null } : { since: base, exclude: [base], sinceDate: null };
}
