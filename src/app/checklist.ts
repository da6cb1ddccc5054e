/**
 * Use case `checklist`: the policy's checklist for a release (by release type, Llama Stack-style,
 * with the testing window), ticking what the repository shows done: the line's branch, the
 * version files on it, the tag, the notes or changelog. A report, read only.
 */
import { buildChecklist, type ChecklistReport } from '../core/release/checklist.js';
import { readChecklistFacts } from '../facts/checklist.js';
import type { AppContext } from './context.js';

/** What `trellis checklist` asks for. */
export interface ChecklistRequest {
  /** The release (`0.5.0`, `1.3.0rc1`). */
  version: string;
}

/** `trellis checklist VERSION`: the checklist with what is done ticked. */
export async function checklist(ctx: AppContext, req: ChecklistRequest): Promise<ChecklistReport> {
  return buildChecklist(await readChecklistFacts(ctx.git, ctx.policy, req.version, { remote: ctx.remote }));
}
