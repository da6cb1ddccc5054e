/** Listing the commits of a range with `git rev-list`. */
import type { GitBase } from './base.js';

/**
 * The commits reachable from `to` and not from `from` (`from..to`), oldest first in topological
 * order (`rev-list --reverse --topo-order`): one process. Both ends must be resolved commit ids.
 */
export async function commitsInRange(git: GitBase, from: string, to: string): Promise<string[]> {
  const list = await git.text(['rev-list', '--reverse', '--topo-order', `${from}..${to}`]);
  return list.split('\n').filter((l) => l !== '');
}
