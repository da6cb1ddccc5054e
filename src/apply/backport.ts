/**
 * Carrying out backport plans through the git adapter. The use cases (src/app/backport*.ts)
 * read the facts, check the request and make the plan; this module only carries it out: the
 * picks (src/apply/backport-pick.ts, objects only), the landing the core decides on
 * (`decideLanding`), and the one ref transaction behind the state file
 * (src/apply/backport-land.ts, src/apply/state.ts). The work tree, the index and the stash are
 * never touched.
 */
import {
  chainSources,
  decideLanding,
  outcomeOf,
  reflogMessage,
  stepHead,
  type BackportPlan,
  type Landing,
  type PendingStatus,
  type PickStep,
  type PlannedRefUpdate,
  type TargetPlan,
  type TargetResult,
} from '../core/backport/index.js';
import { parseIdentLine, type CommitObject, type Git } from '../git/index.js';
import { landWithState, transact, type BackportFault } from './backport-land.js';
import { backportMessage } from './backport-message.js';
import { CommitCache, pickSeries, runTargets } from './backport-pick.js';
import { clearState, statePath, writeState, type BackportState } from './state.js';

export { appendTrailer, backportMessage } from './backport-message.js';
export type { BackportFault } from './backport-land.js';

/** What a plan was carried out to: the results, the landing decided on them, and where things stand after it. */
export interface CarriedOut {
  results: TargetResult[];
  landing: Landing;
  /** Targets landed and waiting after the step (in a dry run: as decided). */
  landed: number[];
  waiting: number[];
  /** The state file, when the backport waits for `--continue`. */
  statePath?: string | undefined;
}

/** How to carry out a new plan. */
export interface CarryOutOptions {
  /** The plan's commits as already read. */
  commits: readonly CommitObject[];
  /** Targets settled before picking (refused, or pending on an existing backport branch): index → result. */
  settled: ReadonlyMap<number, TargetResult>;
  /** Pick (objects only) but move no ref and write no state. */
  dryRun: boolean;
  fault?: BackportFault;
}

/** Picks every target of `plan` not settled before, then (unless a dry run) lands what the core decides in one transaction. */
export async function carryOutBackport(git: Git, plan: BackportPlan, opts: CarryOutOptions): Promise<CarriedOut> {
  const cache = new CommitCache(git);
  opts.commits.forEach((c) => cache.add(c));
  const results: Array<TargetResult | null> = plan.targets.map((_, i) => opts.settled.get(i) ?? null);
  const writeMarkers = !opts.dryRun && plan.options.conflicts === 'branch';
  const done = await runTargets(git, plan, cache, results, writeMarkers);
  const landing = decideLanding(plan, done);
  const decided: CarriedOut = { results: done, landing, landed: landing.landed, waiting: landing.waiting };
  if (opts.dryRun || (landing.updates.length === 0 && landing.waiting.length === 0)) return decided;
  const state: BackportState = { version: 1, plan, results: done, pending: null, landed: [], waiting: [] };
  const after = await landWithState(git, state, landing, reflogMessage(plan), opts.fault);
  return { ...decided, ...stand(git, after) };
}

function stand(git: Git, after: BackportState): Pick<CarriedOut, 'landed' | 'waiting' | 'statePath'> {
  return { landed: after.landed, waiting: after.waiting, statePath: after.waiting.length > 0 ? statePath(git) : undefined };
}

/**
 * Finishes the transaction a killed run left pending, given whether it happened (`status`,
 * read by the caller; `mixed` is refused there), and records it as done.
 */
export async function settlePending(git: Git, state: BackportState, status: PendingStatus | null): Promise<BackportState> {
  if (!state.pending || state.pending.length === 0) return { ...state, pending: null };
  if (status === 'none') await transact(git, state.pending, reflogMessage(state.plan));
  const next = { ...state, pending: null };
  await writeState(git, next);
  return next;
}

/** The conflict step of a waiting target. */
export type ConflictStep = Extract<PickStep, { status: 'conflict' }>;

/** A waiting target whose `-conflicts` branch now holds a resolution (`head`) of step `index`. */
export interface Resolution {
  head: string;
  step: ConflictStep;
  index: number;
}

/** What `--continue` carried out: the results, the ref changes made and where things stand. */
export interface Continued extends CarriedOut {
  updates: PlannedRefUpdate[];
}

/**
 * `--continue` once every resolution is checked: turns each resolved `-conflicts` branch into
 * the real backport commit, picks what follows it and the chain links blocked behind it, and
 * lands everything (the old `-conflicts` branches go) in one transaction.
 */
export async function continuePlan(
  git: Git,
  state: BackportState,
  resolved: ReadonlyMap<number, Resolution>,
  fault: BackportFault = null,
): Promise<Continued> {
  const plan = state.plan;
  const cache = new CommitCache(git);
  const results: Array<TargetResult | null> = [...state.results];
  const deletions: PlannedRefUpdate[] = [];
  for (const [i, res] of resolved) {
    results[i] = await resolvedTarget(git, plan, cache, results, i, res, state.results[i] as TargetResult);
    // the old -conflicts branch goes; a new conflict further on takes its place
    const ref = (plan.targets[i] as TargetPlan).conflictsRef;
    deletions.push({ ref, newOid: results[i]?.markers ?? null, oldOid: res.head, target: i, why: 'conflicts' });
  }
  // chain targets that were blocked run now
  const again = results.map((r) => (r && r.outcome === 'blocked' ? null : r));
  const finished = await runTargets(git, plan, cache, again, plan.options.conflicts === 'branch');
  const landing = decideLanding(plan, finished, state.landed);
  // a -conflicts ref rewritten above must not be created again
  const updates = [...deletions, ...landing.updates.filter((u) => !(u.why === 'conflicts' && deletions.some((d) => d.ref === u.ref)))];
  const next: BackportState = { ...state, results: finished };
  const after = await landWithState(git, next, { ...landing, updates }, `${reflogMessage(plan)} (continue)`, fault);
  return { results: finished, landing, updates, ...stand(git, after) };
}

/** A resolved target: the resolution as a backport commit (or nothing, when it changes nothing), then the commits after it. */
async function resolvedTarget(
  git: Git,
  plan: BackportPlan,
  cache: CommitCache,
  results: ReadonlyArray<TargetResult | null>,
  i: number,
  { head, step, index }: Resolution,
  before: TargetResult,
): Promise<TargetResult> {
  const t = plan.targets[i] as TargetPlan;
  const [tip] = await git.readCommits([head]);
  const src = await cache.get(step.source);
  const ontoTree = (await git.readCommits([step.onto]))[0]?.tree;
  let first: PickStep;
  let onto = step.onto;
  if (tip?.tree === ontoTree) {
    first = { commit: step.commit, source: step.source, status: 'already-present', carrier: null, evidence: 'empty' };
  } else {
    onto = await git.commitTree({
      tree: tip?.tree as string,
      parents: [step.onto],
      message: backportMessage(src.message, step.source, plan.options),
      author: parseIdentLine(src.authorLine),
    });
    first = { commit: step.commit, source: step.source, status: 'clean', result: onto };
  }
  // later commits: their sources are the plan's originals (or the chain's previous results)
  const all = t.from === null ? plan.commits.map((c) => c.oid) : chainSources(results[t.from] as TargetResult, plan);
  const rest = await pickSeries(git, plan, cache, {
    sources: all,
    onto,
    startAt: index + 1,
    writeMarkers: plan.options.conflicts === 'branch',
    ti: i,
  });
  const steps = [...before.steps.slice(0, index), first, ...rest.steps];
  return {
    outcome: outcomeOf(steps),
    steps,
    head: rest.steps.length > 0 ? rest.head : stepHead(first, step.onto),
    ...(rest.markers ? { markers: rest.markers } : {}),
  };
}

/** `--abort`: makes the given ref changes in one transaction and forgets the state. */
export async function abortPlan(git: Git, plan: BackportPlan, updates: readonly PlannedRefUpdate[]): Promise<void> {
  await transact(git, updates, `${reflogMessage(plan)} (abort)`);
  await clearState(git);
}
