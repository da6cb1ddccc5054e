/** Counting the commits of a range whose message matches a pattern. */
import type { GitBase as Git } from './base.js';

/**
 * How many commits `tip` has that `base` has not and whose message has a line matching the
 * extended regular expression `pattern` (`git rev-list --count -E --grep`). Both ends are
 * commit ids.
 */
export async function countMatching(git: Git, base: string, tip: string, pattern: string): Promise<number> {
  for (const rev of [base, tip]) if (!/^[0-9a-f]{40,64}$/.test(rev)) throw new Error(`internal: '${rev}' is not a commit id`);
  const out = await git.text(['rev-list', '--count', '-E', `--grep=${pattern}`, tip, `^${base}`]);
  return Number(out.trim());
}
