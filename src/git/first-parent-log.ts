/** The first-parent chains of some commits as one graph: one `git log --first-parent`. */
import { GRAPH_LOG_FORMAT, parseCommitGraph, type CommitGraph } from '../core/lines/graph.js';
import type { GitBase } from './base.js';
import { assertCommitIds, revisionsInput } from './graph-log.js';

const CHAIN_FORMAT = GRAPH_LOG_FORMAT.slice(0, GRAPH_LOG_FORMAT.indexOf('%cI') + 3);

/**
 * The first-parent chains of `tips` (full commit ids), without the history of `exclude`, in one
 * process: each commit's first parent only, so the walk covers a branch's own line of commits
 * and not what its merges brought. Read as bounded: `cut` marks every commit with a parent left
 * out (a merge's other parents, or history below `exclude`), `true` where the first parent is
 * one. In topological order, as the graph's walks expect.
 */
export async function readFirstParentChains(git: GitBase, tips: readonly string[], exclude: readonly string[] = []): Promise<CommitGraph> {
  const input = revisionsInput(tips, exclude);
  // Ids, parents and dates: the chains need no Trellis-Step trailers (counts are read elsewhere).
  const out = await git.text(['log', '--first-parent', '--topo-order', `--format=${CHAIN_FORMAT}`, '--no-color', '--stdin'], { input });
  return parseCommitGraph(out, { bounded: true });
}

/**
 * The newest `n` commits of `tip`'s first-parent chain, and how many of them are merges (one
 * `rev-list --first-parent --parents --max-count`): how a branch takes its changes, to choose
 * how to read its history.
 */
export async function firstParentMerges(git: GitBase, tip: string, n: number): Promise<{ commits: number; merges: number }> {
  assertCommitIds(tip);
  const out = await git.text(['rev-list', '--first-parent', '--parents', `--max-count=${n}`, tip, '--']);
  let commits = 0;
  let merges = 0;
  for (const line of out.split('\n')) {
    if (line === '') continue;
    commits++;
    // The commit, then its parents: three ids or more is a merge.
    if (line.split(' ').length > 2) merges++;
  }
  return { commits, merges };
}

/**
 * The commits of `to`'s first-parent chain newer than `from` (newest first, `to` included), when
 * `from` is on that chain within `limit` commits; null otherwise (a branch reset or rewritten, or
 * moved too far to be worth it). One `rev-list --first-parent --parents`.
 */
export async function firstParentAdvance(git: GitBase, from: string, to: string, limit: number): Promise<string[] | null> {
  assertCommitIds(from, to);
  if (from === to) return [];
  const out = await git.text(['rev-list', '--first-parent', '--parents', `--max-count=${limit + 1}`, to, `^${from}`, '--']);
  const lines = out.split('\n').filter((l) => l !== '');
  if (lines.length === 0 || lines.length > limit) return null;
  // The oldest listed commit's first parent is `from` exactly when the chain runs through it.
  const oldest = lines[lines.length - 1]!.split(' ');
  if (oldest[1] !== from) return null;
  return lines.map((l) => l.slice(0, l.indexOf(' ') < 0 ? l.length : l.indexOf(' ')));
}
