/** The history of the release lines as one graph: one `git log --topo-order` over every tip. */
import { TrellisError } from '../core/errors.js';
import { GRAPH_LOG_FORMAT, parseCommitGraph, type CommitGraph } from '../core/lines/graph.js';
import type { GitBase } from './base.js';

/** Throws `bad-input` unless every one of `ids` is a full commit id (they reach git as revisions). */
export function assertCommitIds(...ids: readonly string[]): void {
  for (const id of ids) {
    if (!/^[0-9a-f]{40,64}$/.test(id)) throw new TrellisError('bad-input', `not a commit id: '${id}'`, 2);
  }
}

/**
 * `tips` and, as `^commit`, `exclude` (all full commit ids, checked) for a `--stdin` read:
 * revisions on stdin have no argument-length limit however many there are.
 */
export function revisionsInput(tips: readonly string[], exclude: readonly string[]): string {
  assertCommitIds(...tips, ...exclude);
  return [...tips, ...exclude.map((e) => `^${e}`)].join('\n') + '\n';
}

/**
 * The history of `tips` (full commit ids) in topological order, in one process. With `exclude`,
 * without the history of those commits (`^commit`): a bounded graph, whose cut answers that need
 * more refuse to guess (see `CommitGraph.cut`).
 */
export async function readCommitGraph(
  git: GitBase,
  tips: readonly string[],
  exclude: readonly string[] = [],
  opts: { dates?: boolean } = {},
): Promise<CommitGraph> {
  const input = revisionsInput(tips, exclude);
  // Without dates (`dates: false`, every date null) git formats less: for reads that only count.
  const format = opts.dates === false ? GRAPH_LOG_FORMAT.replace('%cI', '') : GRAPH_LOG_FORMAT;
  const out = await git.text(['log', '--topo-order', `--format=${format}`, '--no-color', '--stdin'], { input });
  return parseCommitGraph(out, { bounded: exclude.length > 0 });
}
