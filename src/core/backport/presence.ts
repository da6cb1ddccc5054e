/**
 * "Already present" as the plan records it: the answers of the shared equivalence (the one
 * `trellis missing` asks, core/coverage/equivalence.ts through src/facts/coverage/presence.ts),
 * turned into the backport's evidence names and put on the plan's targets before picking. Pure.
 */
import type { Evidence } from '../coverage/equivalence.js';
import type { BackportPlan, PresentCommit } from './types.js';

/** The coverage evidence names → the backport's (`reachable` is `ancestor`, `trailer` is `origin`, as backport has always said). */
const EVIDENCE: Partial<Record<Evidence['via'], PresentCommit['evidence']>> = {
  reachable: 'ancestor',
  trailer: 'origin',
  'pull-request': 'pull-request',
  merge: 'merge',
  'patch-id': 'patch-id',
};

/** A commit of the plan present on a line by `ev`, or null for evidence that is not presence (a subject match, a backport branch). */
export function presentCommit(commit: string, ev: Evidence | null): PresentCommit | null {
  const evidence = ev ? EVIDENCE[ev.via] : undefined;
  if (!ev || !evidence) return null;
  return { commit, evidence, carrier: ev.commit, ...(ev.merge ? { merge: ev.merge } : {}) };
}

/** The plan with each target's present commits (target index → them); targets with none are left as they are. */
export function withPresence(plan: BackportPlan, present: ReadonlyMap<number, readonly PresentCommit[]>): BackportPlan {
  return {
    ...plan,
    targets: plan.targets.map((t, i) => {
      const found = present.get(i) ?? [];
      return found.length > 0 ? { ...t, present: [...found] } : t;
    }),
  };
}

/** What the plan says target `ti` carries of `commit` already, if anything. */
export function presentOn(plan: BackportPlan, ti: number, commit: string): PresentCommit | null {
  return plan.targets[ti]?.present?.find((p) => p.commit === commit) ?? null;
}
