/**
 * Milestones as release gates (VMPilot-style: the milestone's title is the version, "check if
 * there are any open issues in the milestone", "ensure the milestone was closed"; Llama
 * Stack-style: what is still open moves to the next milestone with the rationale recorded).
 * Pure: the listing comes from the adapter.
 */
import { TrellisError } from '../errors.js';

export interface MilestoneFact {
  number: number;
  title: string;
  state: string;
  openIssues: number;
}

/** The milestone `ref` names: its number (`12`, `#12`) or its title (`v1.2.0` and `1.2.0` name the same). */
export function findMilestone(milestones: readonly MilestoneFact[], ref: string): MilestoneFact {
  const n = /^#?(\d+)$/.exec(ref.trim());
  const bare = (t: string) => t.trim().replace(/^v(?=\d)/i, '');
  const found = n
    ? milestones.find((m) => m.number === Number(n[1]))
    : (milestones.find((m) => m.title === ref) ?? milestones.find((m) => bare(m.title) === bare(ref)));
  if (!found) {
    const open = milestones.filter((m) => m.state === 'open').map((m) => m.title);
    throw new TrellisError('usage', `no milestone '${ref}' (open: ${open.length > 0 ? open.join(', ') : 'none'})`, 2);
  }
  return found;
}

/** The version a milestone's title names: `v1.2.0` and `1.2.0` are 1.2.0. */
export function versionOfMilestone(title: string): string {
  return title.trim().replace(/^v(?=\d)/i, '');
}

/** The comment left on an issue moved to the next milestone: where from, where to, and why. */
export function movedComment(from: string, to: string, reason: string): string {
  return `Moved from milestone **${from}** to **${to}** before releasing ${from}: ${reason}\n\n<!-- trellis:milestone-move -->`;
}

/** The milestone items of a checklist: manual items that mention the milestone. */
const MILESTONE_ITEM = /\bmilestone\b/i;

/**
 * A checklist with its milestone items ticked from GitHub (VMPilot-style "No open issues left in
 * the milestone", "Milestone closed"): an item about open issues is done when the milestone has
 * none, an item about closing it when it is closed; `milestone` null means none is titled by the
 * version. Items Trellis checks itself are left alone.
 */
export function tickMilestoneItems<R extends ChecklistLike>(report: R, milestone: MilestoneFact | null, version: string): R {
  const items = report.items.map((item) => {
    if (item.check !== null || !MILESTONE_ITEM.test(item.text)) return item;
    if (!milestone) return { ...item, status: 'todo' as const, detail: `no milestone titled ${version} on GitHub` };
    const open = `milestone ${milestone.title}: ${milestone.openIssues} open issue${milestone.openIssues === 1 ? '' : 's'}, ${milestone.state}`;
    const done = /open issues?/i.test(item.text)
      ? milestone.openIssues === 0
      : /clos/i.test(item.text)
        ? milestone.state === 'closed'
        : null;
    if (done === null) return { ...item, detail: open };
    return { ...item, status: done ? ('done' as const) : ('todo' as const), detail: open };
  });
  return { ...report, items, done: items.filter((i) => i.status === 'done').length };
}

interface ChecklistLike {
  items: Array<{ text: string; check: string | null; status: 'done' | 'todo' | 'manual' | 'unknown'; detail: string }>;
  done: number;
}
