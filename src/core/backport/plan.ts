/**
 * Building a {@link BackportPlan} from resolved facts, judging pick outcomes, and deciding which
 * ref changes a run makes. Pure: no git, no clock.
 */
import type { Policy } from '../policy/schema.js';
import { backportBranchName, chainOrder } from './targets.js';
import type {
  BackportOptions,
  BackportPlan,
  BackportTarget,
  PickStep,
  PresentEvidence,
  RemoteBase,
  SourceCommit,
  TargetOutcome,
  TargetPlan,
  TargetResult,
} from './types.js';

/** Facts a plan is made from. */
export interface PlanInput {
  policy: Policy;
  commits: SourceCommit[];
  targets: BackportTarget[];
  /** Branch (short name) → its commit now. */
  tips: ReadonlyMap<string, string>;
  /**
   * Branches read from a remote-tracking branch (short name → that ref and the local branch,
   * if any): with `--direct` their local branch is created or fast-forwarded. Default: none.
   */
  remoteBases?: ReadonlyMap<string, RemoteBase>;
  options: BackportOptions;
  /** The pull request the commits name (`{pr}` in `branches.backport`), or null (default) when they name none. */
  pullRequest?: number | null;
}

/**
 * The plan: for each target its base (the branch tip now), the ref that receives the result
 * and the `-conflicts` ref; with `chain`, targets newest line first, each picking from the
 * previous one. A base read from a remote-tracking branch is recorded only with `--direct`,
 * where it changes what is written; otherwise the plan is the one the repository itself gets.
 */
export function buildPlan(input: PlanInput): BackportPlan {
  const first = input.commits[0];
  if (!first) throw new Error('a backport plan needs at least one commit');
  const ordered = input.options.chain ? chainOrder(input.targets) : input.targets;
  const targets: TargetPlan[] = ordered.map((target, i) => {
    const base = input.tips.get(target.branch);
    if (!base) throw new Error(`no tip for branch ${target.branch}`);
    const backportBranch = backportBranchName(input.policy, target, first.oid, input.pullRequest ?? null);
    const baseRef = `refs/heads/${target.branch}`;
    const remoteBase = input.options.mode === 'direct' ? input.remoteBases?.get(target.branch) : undefined;
    return {
      target,
      baseRef,
      base,
      resultRef: input.options.mode === 'direct' ? baseRef : `refs/heads/${backportBranch}`,
      conflictsRef: `refs/heads/${backportBranch}-conflicts`,
      from: input.options.chain && i > 0 ? i - 1 : null,
      ...(remoteBase ? { remoteBase } : {}),
    };
  });
  return { commits: input.commits, targets, options: input.options };
}

/** A target's outcome from its steps: any conflict wins; all already present; else clean. */
export function outcomeOf(steps: readonly PickStep[]): TargetOutcome {
  if (steps.some((s) => s.status === 'conflict')) return 'conflict';
  if (steps.every((s) => s.status === 'already-present')) return 'already-present';
  return 'clean';
}

/** The commit a step leaves the target at (`prev` when it wrote nothing). */
export function stepHead(step: PickStep, prev: string): string {
  return step.status === 'clean' ? step.result : prev;
}

/**
 * What the next link of a chain picks for each step of a finished target: the new commit, or
 * for an already-present change the commit that carries it on that line when that is a copy of
 * it alone (a recorded origin, the same patch-id, the backport branch's pick); else the original
 * (it is in the line's history, or came there with a pull request's merge or squashed copy).
 */
export function chainSources(result: TargetResult, plan: BackportPlan): string[] {
  return plan.commits.map((c, i) => {
    const s = result.steps[i];
    if (!s) return c.oid;
    if (s.status === 'clean') return s.result;
    if (s.status === 'already-present') return s.carrier && COPIES.has(s.evidence) ? s.carrier : s.source;
    return s.source;
  });
}

/** Evidence whose carrier is a copy of the one commit, which the next link of a chain can pick. */
const COPIES: ReadonlySet<PresentEvidence> = new Set<PresentEvidence>(['origin', 'patch-id', 'backport-branch', 'empty']);

/** One ref change with its expected old value (`null`: must not exist). */
export interface PlannedRefUpdate {
  ref: string;
  newOid: string | null;
  oldOid: string | null;
  /** The target it belongs to. */
  target: number;
  why: 'result' | 'conflicts';
}

/** What a run does with its results. */
export interface Landing {
  /** Ref changes to make in one transaction. */
  updates: PlannedRefUpdate[];
  /** Targets whose result lands. */
  landed: number[];
  /** Targets left waiting for conflict resolution (`--conflicts branch`). */
  waiting: number[];
  /** True when something failed or waits (exit 1). */
  findings: boolean;
}

/**
 * Decides the ref changes of a run: every clean target lands, all in one transaction, unless
 * some target failed (conflict, blocked, refused) — then none lands, except with `keepGoing`.
 * A `pending` target (its backport branch holds the change already) writes nothing and fails nothing.
 * With `--direct`, a line branch read from its remote-tracking branch is created (expected
 * absent) or fast-forwarded (expected at its old local commit).
 * With `--conflicts branch`, conflicting targets get their `-conflicts` branch in the same
 * transaction and wait for `--continue`; clean ones wait with them unless `keepGoing`.
 * `done` lists targets landed by an earlier step of the same run (never landed twice).
 */
export function decideLanding(plan: BackportPlan, results: readonly TargetResult[], done: readonly number[] = []): Landing {
  const ok = (r: TargetResult) => r.outcome === 'clean' || r.outcome === 'already-present' || r.outcome === 'pending';
  const failed = results.some((r, i) => !done.includes(i) && !ok(r));
  const keepGoing = plan.options.keepGoing;
  const updates: PlannedRefUpdate[] = [];
  const landed: number[] = [];
  const waiting: number[] = [];
  results.forEach((r, i) => {
    const t = plan.targets[i] as TargetPlan;
    if (done.includes(i)) return;
    if (r.outcome === 'clean' && (!failed || keepGoing)) {
      updates.push({
        ref: t.resultRef,
        newOid: r.head,
        oldOid: plan.options.mode === 'direct' ? (t.remoteBase ? t.remoteBase.local : t.base) : null,
        target: i,
        why: 'result',
      });
      landed.push(i);
    } else if (r.outcome === 'already-present' && (!failed || keepGoing)) {
      landed.push(i);
    } else if (r.outcome === 'conflict' && plan.options.conflicts === 'branch' && r.markers) {
      updates.push({ ref: t.conflictsRef, newOid: r.markers, oldOid: null, target: i, why: 'conflicts' });
      waiting.push(i);
    } else if (
      plan.options.conflicts === 'branch' &&
      (r.outcome === 'blocked' || r.outcome === 'clean' || r.outcome === 'already-present')
    ) {
      // held back until the conflicts are resolved
      if (results.some((x) => x.outcome === 'conflict' && x.markers)) waiting.push(i);
    }
  });
  return { updates, landed, waiting, findings: failed };
}

/** The message of the commit that holds conflict markers: it says plainly not to merge it. */
export function conflictsCommitMessage(opts: {
  commit: SourceCommit;
  target: TargetPlan;
  conflicts: ReadonlyArray<{ path: string; kind: string }>;
}): string {
  const short = opts.commit.oid.slice(0, 12);
  const lines = [
    `DO NOT MERGE: unresolved backport of ${short} to ${opts.target.target.branch}`,
    '',
    `This commit holds the conflict markers left by picking ${short} ("${opts.commit.subject}")`,
    `onto ${opts.target.target.branch}. It must not be merged or pushed as a fix.`,
    '',
    'Conflicting paths:',
    ...opts.conflicts.map((c) => `  ${c.path} (${c.kind})`),
    '',
    'Resolve the markers, commit on this branch, then run `trellis backport --continue`',
    '(or `trellis backport --abort` to give up).',
    '',
  ];
  return lines.join('\n');
}

/** The steps a person follows to resolve a `-conflicts` branch. */
export function resolutionSteps(conflictsBranch: string, paths: readonly string[]): string[] {
  return [
    `git switch ${conflictsBranch}`,
    `# edit ${paths.join(', ')}: remove every <<<<<<< ======= >>>>>>> block`,
    `git add -- ${paths.join(' ')} && git commit -m "Resolve backport conflicts"`,
    'trellis backport --continue',
  ];
}

/**
 * Lines that are conflict markers git writes (`<<<<<<< `, `=======`, `>>>>>>> `, and
 * `||||||| ` in diff3 style). A `=======` line counts only together with an opening or closing
 * marker, since it is common in text (reStructuredText headings).
 */
export function conflictMarkerLines(text: string): number[] {
  const found: number[] = [];
  const lines = text.split('\n');
  let open = false;
  lines.forEach((l, i) => {
    const line = l.replace(/\r$/, '');
    if (/^<{7}( |$)/.test(line) || /^>{7}( |$)/.test(line) || /^\|{7}( |$)/.test(line)) {
      found.push(i + 1);
      open = /^<{7}/.test(line) || /^\|{7}/.test(line);
    } else if (open && line === '=======') found.push(i + 1);
  });
  return found;
}
