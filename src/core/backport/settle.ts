/**
 * Targets settled before any pick: refused (a branch in the way, a worktree, local commits a
 * `--direct` fast-forward would drop) or `pending` (an earlier run's backport branch holds the
 * change already, so a re-run changes nothing). Pure.
 */
import type { BackportPlan, PickStep, TargetPlan, TargetResult } from './types.js';

/** A worktree as the refusals need it: where it is and the branches it has checked out or is busy with (full refs). */
export interface WorktreeUse {
  path: string;
  branch: string | null;
  busyBranches: readonly string[];
}

/** A target's backport branch that exists already, as read. */
export interface ExistingBranch {
  /** How to name it (`backport/1.2/28ec934c77`, `origin/backport/1.2/28ec934c77` when only the remote has it). */
  name: string;
  tip: string;
  /** Its commits that are not on the line's branch, with the origins their messages record. */
  commits: ReadonlyArray<{ oid: string; origins: readonly string[] }>;
}

/** What the targets are settled by before picking. */
export interface BeforePicking {
  /** Branch (short name) → tip, for every branch (local, or read from the remote). */
  tips: ReadonlyMap<string, string>;
  /** The worktrees (read with `--direct` only). */
  worktrees: readonly WorktreeUse[];
  /** Target index → its result branch, where that exists already (branch mode). */
  existing: ReadonlyMap<number, ExistingBranch>;
  /** Line branches whose local branch has commits their remote-tracking branch lacks. */
  diverged: ReadonlySet<string>;
}

const short = (ref: string): string => ref.slice('refs/heads/'.length);

/**
 * Targets settled before picking (index → result): with `--direct`, branches checked out (or
 * rebased, bisected) in a worktree and local branches a fast-forward from their remote would
 * lose commits of are refused; else a backport branch that exists already makes the target
 * `pending` when it carries every commit of the plan, and refused when it holds something else;
 * with `--conflicts branch`, `-conflicts` branches that exist already are refused.
 */
export function settleBeforePicking(plan: BackportPlan, facts: BeforePicking): Map<number, TargetResult> {
  const out = new Map<number, TargetResult>();
  const refuse = (i: number, t: TargetPlan, reason: string) => out.set(i, { outcome: 'refused', steps: [], head: t.base, reason });
  plan.targets.forEach((t, i) => {
    if (plan.options.mode === 'direct') {
      const wt = facts.worktrees.find((w) => w.branch === t.baseRef || w.busyBranches.includes(t.baseRef));
      if (wt)
        refuse(
          i,
          t,
          `branch ${t.target.branch} is checked out in the worktree at ${wt.path}; --direct would change it under that work tree (use a backport branch, or switch that worktree away)`,
        );
      else if (t.remoteBase && facts.diverged.has(t.target.branch))
        refuse(
          i,
          t,
          `branch ${t.target.branch} has commits that ${t.remoteBase.ref.replace(/^refs\/remotes\//, '')} lacks; --direct would drop them (push or rebase them first, or use a backport branch)`,
        );
      return;
    }
    const existing = facts.existing.get(i);
    if (existing) {
      const pending = pendingResult(plan, t, existing);
      if (pending) out.set(i, pending);
      else
        refuse(
          i,
          t,
          `branch ${existing.name} already exists and holds something else (delete it, or pick a different backport branch template)`,
        );
    } else if (facts.tips.has(short(t.resultRef))) {
      refuse(i, t, `branch ${short(t.resultRef)} already exists (delete it, or pick a different backport branch template)`);
    }
  });
  plan.targets.forEach((t, i) => {
    const name = short(t.conflictsRef);
    if (plan.options.conflicts === 'branch' && facts.tips.has(name) && !out.has(i)) {
      refuse(i, t, `branch ${name} already exists (left by an earlier run? delete it first)`);
    }
  });
  return out;
}

/** An origin recorded in a message (7 or more hex digits) names `oid` when it is a prefix of it. */
function names(origin: string, oid: string): boolean {
  return origin.length >= 7 && oid.startsWith(origin.toLowerCase());
}

/**
 * The `pending` result of a target whose backport branch exists already: every commit of the
 * plan is carried by one of the branch's own commits (one recording it as its origin, as every
 * backport commit does), else `null`. Each step names that carrier, so a chain picks from it.
 */
export function pendingResult(plan: BackportPlan, t: TargetPlan, existing: ExistingBranch): TargetResult | null {
  const steps: PickStep[] = [];
  for (const c of plan.commits) {
    const carrier = existing.commits.find((x) => x.origins.some((o) => names(o, c.oid)));
    if (!carrier) return null;
    steps.push({ commit: c.oid, source: c.oid, status: 'already-present', carrier: carrier.oid, evidence: 'backport-branch' });
  }
  return {
    outcome: 'pending',
    steps,
    head: existing.tip,
    reason: `${existing.name} holds this backport already and is not merged into ${t.target.branch} yet`,
  };
}
