/**
 * The outcome of `trellis backport`, `--continue` and `--abort` as plain data (what `--json`
 * prints), and the rules that decide what resuming or dropping an interrupted backport does to
 * refs. Pure.
 */
import type { ChangeKind } from '../changes/index.js';
import type { PlannedRefUpdate } from './plan.js';
import type { SkippedLine } from './targets.js';
import type { BackportPlan, SourceCommit } from './types.js';
import type { TargetResult } from './types.js';

/** The outcome of a run, `--continue` or `--abort`. */
export interface BackportReport {
  action: 'run' | 'continue' | 'abort';
  dryRun: boolean;
  plan: BackportPlan | null;
  results: TargetResult[];
  /** Ref changes made (or, in a dry run, that would be made). */
  updates: PlannedRefUpdate[];
  /** Targets that landed (now or earlier in the same backport). */
  landed: number[];
  /** Targets waiting for conflict resolution. */
  waiting: number[];
  /** Lines `--auto` looked at and left out. */
  skipped: SkippedLine[];
  /** The change kind `--auto` used. */
  kind: ChangeKind | null;
  /** 0 ok, 1 something conflicted, was refused or waits. */
  exitCode: 0 | 1;
  /** For `--continue` refusals: paths that still hold conflict markers (`path:line`). */
  markers?: string[];
  /** Where the state lives when the backport waits. */
  statePath?: string;
  /** Target branches read from their remote-tracking branch because the local one is behind (absent when none). */
  notes?: string[];
}

/** Whether the ref changes an interrupted run was about to make happened: all, none, or some (someone else moved refs). */
export type PendingStatus = 'applied' | 'none' | 'mixed';

/** `applied` when every pending change is in place (`now`: ref → value), `none` when none is, else `mixed`. */
export function pendingStatusOf(pending: readonly PlannedRefUpdate[], now: ReadonlyMap<string, string>): PendingStatus {
  const at = (u: PlannedRefUpdate, v: string | null) => (now.get(u.ref) ?? null) === v;
  if (pending.every((u) => at(u, u.newOid))) return 'applied';
  if (pending.every((u) => at(u, u.oldOid))) return 'none';
  return 'mixed';
}

/**
 * The ref changes of `--abort`: undo a pending transaction that was applied (inverted updates),
 * then delete every `-conflicts` branch that exists (`now`) and the pending changes did not touch.
 */
export function abortUpdates(
  plan: BackportPlan,
  pending: readonly PlannedRefUpdate[] | null,
  status: PendingStatus | null,
  now: ReadonlyMap<string, string>,
): PlannedRefUpdate[] {
  const updates: PlannedRefUpdate[] = [];
  const pendingRefs = new Set<string>();
  for (const u of pending ?? []) {
    if (status === 'applied') updates.push({ ...u, newOid: u.oldOid, oldOid: u.newOid });
    pendingRefs.add(u.ref);
  }
  for (const [i, t] of plan.targets.entries()) {
    const at = now.get(t.conflictsRef);
    if (at && !pendingRefs.has(t.conflictsRef))
      updates.push({ ref: t.conflictsRef, newOid: null, oldOid: at, target: i, why: 'conflicts' });
  }
  return updates;
}

/** The reflog message of a run's transaction. */
export function reflogMessage(plan: BackportPlan): string {
  const c = plan.commits;
  const what = c.length === 1 ? (c[0] as SourceCommit).oid.slice(0, 12) : `${c.length} commits`;
  return `trellis backport ${what} to ${plan.targets.map((t) => t.target.name).join(', ')}`;
}
