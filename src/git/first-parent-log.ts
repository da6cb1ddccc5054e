/** The first-parent chains of some commits as one graph: one `git log --first-parent`. */
import { TrellisError } from '../core/errors.js';
import { GRAPH_LOG_FORMAT, parseCommitGraph, type CommitGraph } from '../core/lines/graph.js';
import type { GitBase } from './base.js';

/** First-parent chains read, and how many of their commits are merges. */
export interface FirstParentChains {
  /**
   * The chains in topological order, read as bounded: `cut` marks every commit with a parent
   * left out (a merge's other parents, or history below `exclude`), `true` where the first
   * parent is one. With no merge at all this is the whole history of the tips minus `exclude`'s.
   */
  graph: CommitGraph;
  /** Commits with more than one parent. */
  merges: number;
}

/**
 * The first-parent chains of `tips` (full commit ids), without the history of `exclude`, in one
 * process: each commit's first parent only, so the walk covers a branch's own line of commits
 * and not what its merges brought.
 */
export async function readFirstParentChains(
  git: GitBase,
  tips: readonly string[],
  exclude: readonly string[] = [],
): Promise<FirstParentChains> {
  for (const t of [...tips, ...exclude]) {
    if (!/^[0-9a-f]{40,64}$/.test(t)) throw new TrellisError('bad-input', `not a commit id: '${t}'`, 2);
  }
  const input = [...tips, ...exclude.map((e) => `^${e}`)].join('\n') + '\n';
  const out = await git.text(['log', '--first-parent', '--topo-order', `--format=${GRAPH_LOG_FORMAT}`, '--no-color', '--stdin'], { input });
  let merges = 0;
  // The second field is the parents, space-separated: a space in it is a merge.
  for (const m of out.matchAll(/^[0-9a-f]+\t[0-9a-f]+ /gm)) if (m) merges++;
  return { graph: parseCommitGraph(out, { bounded: true }), merges };
}
