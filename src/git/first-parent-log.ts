/** The first-parent chains of some commits as one graph: one `git log --first-parent`. */
import { TrellisError } from '../core/errors.js';
import { GRAPH_LOG_FORMAT, parseCommitGraph, type CommitGraph } from '../core/lines/graph.js';
import type { GitBase } from './base.js';

const CHAIN_FORMAT = GRAPH_LOG_FORMAT.slice(0, GRAPH_LOG_FORMAT.indexOf('%cI') + 3);

/**
 * The first-parent chains of `tips` (full commit ids), without the history of `exclude`, in one
 * process: each commit's first parent only, so the walk covers a branch's own line of commits
 * and not what its merges brought. Read as bounded: `cut` marks every commit with a parent left
 * out (a merge's other parents, or history below `exclude`), `true` where the first parent is
 * one. In topological order, as the graph's walks expect.
 */
export async function readFirstParentChains(git: GitBase, tips: readonly string[], exclude: readonly string[] = []): Promise<CommitGraph> {
  for (const t of [...tips, ...exclude]) {
    if (!/^[0-9a-f]{40,64}$/.test(t)) throw new TrellisError('bad-input', `not a commit id: '${t}'`, 2);
  }
  const input = [...tips, ...exclude.map((e) => `^${e}`)].join('\n') + '\n';
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
  if (!/^[0-9a-f]{40,64}$/.test(tip)) throw new TrellisError('bad-input', `not a commit id: '${tip}'`, 2);
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
