/**
 * Use case `checklistGitHub`: `trellis checklist` with its milestone items ticked from GitHub
 * when a token is available (VMPilot-style "No open issues left in the milestone", "Milestone
 * closed"); without access, the checklist as the repository shows it (those items manual).
 */
import { findMilestone, tickMilestoneItems, type MilestoneFact } from '../core/github/milestone.js';
import type { ChecklistReport } from '../core/release/checklist.js';
import { TrellisError } from '../core/errors.js';
import { allMilestones } from '../github/index.js';
import { checklist, type ChecklistRequest } from './checklist.js';
import type { AppContext } from './context.js';
import { connect, type GitHubAccess } from './github-access.js';

export async function checklistGitHub(
  ctx: AppContext,
  req: ChecklistRequest & { access?: GitHubAccess | undefined },
): Promise<ChecklistReport> {
  const report = await checklist(ctx, req);
  if (!req.access) return report;
  const all = await allMilestones(await connect(req.access));
  let milestone: MilestoneFact | null = null;
  try {
    milestone = findMilestone(all, req.version);
  } catch (e) {
    if (!(e instanceof TrellisError)) throw e;
  }
  return tickMilestoneItems(report, milestone, req.version);
}
