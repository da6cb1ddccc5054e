/** How a local branch stands to its remote-tracking branch: the commits each has that the other lacks. */
import { assertSafeRevision } from '../core/refname.js';
import type { GitBase } from './base.js';

/** Two commits compared: what the first has that the second lacks (ahead), and the reverse (behind). */
export interface AheadBehind {
  ahead: number;
  behind: number;
}

/**
 * For each pair, the commits `local` has that `remote` lacks and those it lacks from `remote`:
 * one `rev-list --left-right --count` per pair, the pairs' processes run together (none for no
 * pairs). Both ends are commit ids. Neither count is walked past where the two histories meet,
 * so a branch a few commits behind costs a few commits.
 */
export async function aheadBehind(git: GitBase, pairs: ReadonlyArray<{ local: string; remote: string }>): Promise<AheadBehind[]> {
  return Promise.all(
    pairs.map(async ({ local, remote }) => {
      assertSafeRevision(local);
      assertSafeRevision(remote);
      const out = await git.line(['rev-list', '--left-right', '--count', `${local}...${remote}`, '--']);
      const [ahead = '0', behind = '0'] = out.split(/\s+/);
      return { ahead: Number(ahead), behind: Number(behind) };
    }),
  );
}
