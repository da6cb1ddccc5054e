/** Use case `advisory show ID`: one advisory (by id or alias) with its state on every line. */
import { findView, loadAdvisoryWorld, type AdvisoryView } from './advisory-shared.js';
import type { AppContext } from './context.js';

export interface AdvisoryShowRequest {
  id: string;
  date?: string | undefined;
}

export interface AdvisoryShowResult {
  asOf: string;
  advisory: AdvisoryView;
}

export async function advisoryShow(ctx: AppContext, req: AdvisoryShowRequest): Promise<AdvisoryShowResult> {
  const asOf = req.date ?? ctx.today;
  const world = await loadAdvisoryWorld(ctx, asOf);
  return { asOf, advisory: findView(world.views, req.id) };
}
