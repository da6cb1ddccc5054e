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
