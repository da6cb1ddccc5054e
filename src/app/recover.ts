/**
 * Before a command changes refs: finish what a killed Trellis run left (its journal, git's
 * stale locks, a work tree left behind its moved branch) and remove its temporary files. See
 * apply/journal.ts. Returns the journal of the run it finished (null: none) and the report of
 * what it did, which the use case puts on its result as `recovered` ({@link withRecovered}).
 */
import { recoverInterrupted, type Recovery } from '../apply/journal.js';
import type { Recoverable } from '../core/recovery.js';
import type { RepoContext } from './context.js';

export async function recoverBeforeWriting(ctx: RepoContext): Promise<Recovery> {
  return recoverInterrupted(ctx.git, ctx.notice);
}

/** `result` with `recovered` set when the recovery before it did anything (the field is absent otherwise). */
export function withRecovered<T extends object>(result: T, recovery: Recovery | null): T & Recoverable {
  return recovery?.report ? { ...result, recovered: recovery.report } : result;
}
