/**
 * Before a command changes refs: finish what a killed Trellis run left (its journal, git's
 * stale locks, a work tree left behind its moved branch) and remove its temporary files. See
 * apply/journal.ts. Returns the journal of the run it finished (null: none).
 */
import { recoverInterrupted, type Recovered } from '../apply/journal.js';
import type { RepoContext } from './context.js';

export async function recoverBeforeWriting(ctx: RepoContext): Promise<Recovered | null> {
  return recoverInterrupted(ctx.git, ctx.notice);
}
