/**
 * Carrying out backports through the git adapter: facts are read in batches, every pick is a
 * three-way merge without a work tree (`Git.pickCommit`) followed by `commit-tree`, and all ref
 * changes of a run go into one `update-ref --stdin` transaction with expected old values. The
 * work tree, the index and the stash are never touched. A state file under the common git dir is
 * written before refs move, so `--continue` and `--abort` can finish any interrupted run.
 */
import {
  autoTargets,
  buildPlan,
  chainSources,
  changeKind,
  conflictMarkerLines,
  conflictsCommitMessage,
  decideLanding,
  fixesOf,
  outcomeOf,
  resolveTargets,
  stepHead,
  type BackportOptions,
  type BackportPlan,
  type BackportTarget,
  type ConflictMode,
  type Landing,
  type LineView,
  type PickStep,
  type PlannedRefUpdate,
  type ResultMode,
  type SkippedLine,
  type SourceCommit,
  type TargetPlan,
  type TargetResult,
} from '../core/backport/index.js';
import type { ChangeKind } from '../core/changes/index.js';
import { TrellisError } from '../core/errors.js';
import { renderTemplate } from '../core/policy/template.js';
import type { Policy } from '../core/policy/schema.js';
import {
  cherryPickedFrom,
  cherryPickMessage,
  hasTrailerBlock,
  parseIdentLine,
  subjectOf,
  type CommitObject,
  type Git,
  type PickResult,
} from '../git/index.js';
import { clearState, readState, statePath, writeState, type BackportState } from './state.js';

/** Today's release lines, as the release-lines module reports them (`null`: not known). */
export type LineSource = () => Promise<LineView[] | null>;

/** What the user asked for. */
export interface BackportRequest {
  /** Commits and ranges (`A..B`), in the order given. */
  revisions: string[];
  /** `--to LINE|BRANCH` values. */
  to: string[];
  auto: boolean;
  kind: ChangeKind | null;
  /** `--introduced REV|VERSION`. */
  introduced: string | null;
  /** Default: the policy's `backport.mode`. */
  mode?: ResultMode;
  /** Default: the policy's `backport.conflicts`. */
  conflicts?: ConflictMode;
  /** Default: the policy's `backport.chain`. */
  chain?: boolean;
  keepGoing: boolean;
  mainline: number | null;
  forceEol: boolean;
  reason: string | null;
  dryRun: boolean;
}

/** Where and how a backport runs. */
export interface BackportContext {
  git: Git;
  policy: Policy;
  lines: LineSource;
  /**
   * Test hook: `after-state` throws right after the state file is written and before the ref
   * transaction, as if the process were killed there.
   */
  fault?: 'after-state' | null;
}

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
}

const EOL_TRAILER = 'Backport-EOL-Reason';

// ---- facts ------------------------------------------------------------------------------------

/** Resolves commits and `A..B` ranges (oldest first within a range); exit 2 on bad input. */
export async function resolveCommits(git: Git, revisions: readonly string[]): Promise<CommitObject[]> {
  if (revisions.length === 0) throw new TrellisError('usage', 'name at least one commit or range to backport', 2);
  const oids: string[] = [];
  for (const rev of revisions) {
    if (rev.startsWith('-')) throw new TrellisError('bad-input', `invalid revision '${rev}'`, 2);
    if (rev.includes('...')) throw new TrellisError('bad-input', `'${rev}': use A..B (commits in B not in A), not A...B`, 2);
    const dots = rev.indexOf('..');
    if (dots >= 0) {
      const from = rev.slice(0, dots);
      const to = rev.slice(dots + 2);
      if (from === '' || to === '') throw new TrellisError('bad-input', `'${rev}': a range needs both ends (A..B)`, 2);
      const ends = await git.revParse([from, to], { peel: 'commit' });
      const list = await git.text(['rev-list', '--reverse', '--topo-order', `${ends.get(from)}..${ends.get(to)}`]);
      const inRange = list.split('\n').filter((l) => l !== '');
      if (inRange.length === 0) throw new TrellisError('bad-input', `range '${rev}' has no commits`, 2);
      oids.push(...inRange);
    } else {
      oids.push((await git.revParse([rev], { peel: 'commit' })).get(rev) as string);
    }
  }
  const unique = [...new Set(oids)];
  return git.readCommits(unique);
}

function sourceOf(c: CommitObject): SourceCommit {
  return { oid: c.oid, subject: subjectOf(c.message), parents: c.parents };
}

/** Branch (short name) → tip, for every local branch: one `for-each-ref`. */
async function branchTips(git: Git): Promise<Map<string, string>> {
  const refs = await git.refs({ patterns: ['refs/heads'] });
  return new Map(refs.filter((r) => r.commit).map((r) => [r.shortName, r.commit as string]));
}

/** Which of `branches` contain `commit`: one `for-each-ref --contains`. */
async function branchesContaining(git: Git, commit: string, branches: readonly string[]): Promise<Set<string>> {
  if (branches.length === 0) return new Set();
  const out = await git.text([
    'for-each-ref',
    '--format=%(refname:strip=2)',
    `--contains=${commit}`,
    '--',
    ...branches.map((b) => `refs/heads/${b}`),
  ]);
  return new Set(out.split('\n').filter((l) => l !== ''));
}

/** `--introduced REV|VERSION`: a revision, or a version rendered through the tag template. */
async function resolveIntroduced(git: Git, policy: Policy, value: string): Promise<string> {
  if (value.startsWith('-')) throw new TrellisError('bad-input', `invalid --introduced '${value}'`, 2);
  const found = await git.revParse([value], { peel: 'commit', allowMissing: true });
  const direct = found.get(value);
  if (direct) return direct;
  const tags = policy.versioning.tag.map((t) => renderTemplate(t, { version: value }));
  const viaTag = await git.revParse(
    tags.map((t) => `refs/tags/${t}`),
    { peel: 'commit', allowMissing: true },
  );
  for (const t of tags) {
    const c = viaTag.get(`refs/tags/${t}`);
    if (c) return c;
  }
  throw new TrellisError(
    'bad-input',
    `--introduced '${value}' is neither a commit nor a released version (no tag ${tags.join(' or ')})`,
    2,
  );
}

const severity: Record<ChangeKind, number> = { security: 3, bugfix: 2, feature: 1, other: 0 };

// ---- picking ------------------------------------------------------------------------------------

/** Appends a trailer line the way git does: in the trailer block if there is one, else after a blank line. */
export function appendTrailer(message: string, line: string): string {
  let msg = message;
  if (msg.length > 0 && !msg.endsWith('\n')) msg += '\n';
  if (!hasTrailerBlock(msg)) msg += '\n';
  return `${msg}${line}\n`;
}

/** The message of a backport commit of `source` (whose message is `original`). */
export function backportMessage(original: string, source: string, options: BackportOptions): string {
  let msg =
    options.origin.style === 'x'
      ? cherryPickMessage(original, source)
      : appendTrailer(original.replace(/^(\s*\n)+/, ''), `${options.origin.trailer}: ${source}`);
  if (options.eolReason) msg = appendTrailer(msg, `${EOL_TRAILER}: ${options.eolReason.replace(/\s+/g, ' ').trim()}`);
  return msg;
}

/** Commits already read, by id. */
class CommitCache {
  private readonly map = new Map<string, CommitObject>();
  constructor(private readonly git: Git) {}
  add(c: CommitObject): void {
    this.map.set(c.oid, c);
  }
  async get(oid: string): Promise<CommitObject> {
    let c = this.map.get(oid);
    if (!c) {
      [c] = await this.git.readCommits([oid]);
      if (!c) throw new Error(`cannot read commit ${oid}`);
      this.map.set(oid, c);
    }
    return c;
  }
}

/** Origins recorded in a message: `(cherry picked from commit X)` lines and the origin trailer. */
function originsOf(message: string, trailer: string): string[] {
  const out = cherryPickedFrom(message);
  const re = new RegExp(`^${trailer.replace(/[-]/g, '\\-')}:\\s*([0-9a-f]{7,64})\\s*$`, 'gim');
  for (let m = re.exec(message); m; m = re.exec(message)) out.push((m[1] ?? '').toLowerCase());
  return out;
}

const sameCommit = (a: string, b: string): boolean => a.length >= 7 && b.length >= 7 && (a.startsWith(b) || b.startsWith(a));

/** Commits on a target that do not come before the sources: the only ones that can carry them. */
interface Candidates {
  list: Array<{ oid: string; origins: string[]; merge: boolean }>;
}

async function candidatesOn(git: Git, base: string, sources: readonly string[], trailer: string): Promise<Candidates> {
  const log = await git.log([base, ...sources.map((s) => `^${s}`)]);
  return { list: log.map((c) => ({ oid: c.oid, origins: originsOf(c.message, trailer), merge: c.parents.length > 1 })) };
}

/**
 * Picks `sources` (one per commit of the plan, from `startAt`) onto `onto` for target `ti`.
 * Stops at the first conflict. Writes commits (objects only), never refs.
 */
async function pickSeries(
  git: Git,
  plan: BackportPlan,
  cache: CommitCache,
  opts: {
    sources: string[];
    onto: string;
    startAt: number;
    writeMarkers: boolean;
    ti: number;
    /** Carrier candidates already read for this target. */
    cands?: Candidates;
    /** The merge of the first step, already made (a batch of picks over all targets). */
    firstPick?: PickResult;
  },
): Promise<{ steps: PickStep[]; head: string; markers?: string }> {
  const t = plan.targets[opts.ti] as TargetPlan;
  const trailer = plan.options.origin.trailer;
  const cands = opts.cands ?? (await candidatesOn(git, t.base, opts.sources.slice(opts.startAt), trailer));
  const steps: PickStep[] = [];
  let onto = opts.onto;
  for (let k = opts.startAt; k < plan.commits.length; k++) {
    const commit = (plan.commits[k] as SourceCommit).oid;
    const source = opts.sources[k] as string;
    const src = await cache.get(source);
    const byOrigin = carrierByOrigin(cands, src, trailer);
    if (byOrigin) {
      steps.push({ commit, source, status: 'already-present', carrier: byOrigin, evidence: 'origin' });
      continue;
    }
    const pre = k === opts.startAt ? opts.firstPick : undefined;
    const res =
      pre && pre.commit === source && pre.onto === onto
        ? pre
        : await git.pickCommit({ commit: source, onto, mainline: mainlineFor(src, plan) });
    if (res.status === 'conflict') {
      const conflicts = res.conflicts.map((c) => ({ path: c.path, kind: c.kind, messages: c.messages }));
      steps.push({ commit, source, status: 'conflict', onto, tree: res.tree, conflicts });
      let markers: string | undefined;
      if (opts.writeMarkers) {
        markers = await git.commitTree({
          tree: res.tree,
          parents: [onto],
          message: conflictsCommitMessage({ commit: plan.commits[k] as SourceCommit, target: t, conflicts }),
          author: parseIdentLine(src.authorLine),
        });
      }
      return { steps, head: onto, markers };
    }
    if (res.status === 'empty') {
      steps.push({ commit, source, ...(await carrierOfEmpty(git, source, t.base, cands)) });
      continue;
    }
    const result = await git.commitTree({
      tree: res.tree,
      parents: [onto],
      message: backportMessage(src.message, source, plan.options),
      author: parseIdentLine(src.authorLine),
    });
    steps.push({ commit, source, status: 'clean', result });
    onto = result;
  }
  return { steps, head: onto };
}

function mainlineFor(c: CommitObject, plan: BackportPlan): number | undefined {
  return c.parents.length > 1 ? (plan.options.mainline ?? undefined) : undefined;
}

/** The candidate that records one of `source`'s origins, if any. */
function carrierByOrigin(cands: Candidates, source: CommitObject, trailer: string): string | null {
  const wanted = [source.oid, ...originsOf(source.message, trailer)];
  return cands.list.find((c) => c.origins.some((o) => wanted.some((w) => sameCommit(o, w))))?.oid ?? null;
}

/** Names the commit that already carries an empty pick: the source itself, or one with the same patch-id. */
async function carrierOfEmpty(
  git: Git,
  source: string,
  base: string,
  cands: Candidates,
): Promise<{ status: 'already-present'; carrier: string | null; evidence: 'ancestor' | 'patch-id' | 'empty' }> {
  if (await git.isAncestor(source, base)) return { status: 'already-present', carrier: source, evidence: 'ancestor' };
  const others = cands.list.filter((c) => !c.merge).map((c) => c.oid);
  if (others.length > 0) {
    const ids = await git.patchIds([source, ...others]);
    const mine = ids.get(source);
    const match = mine ? others.find((o) => ids.get(o) === mine) : undefined;
    if (match) return { status: 'already-present', carrier: match, evidence: 'patch-id' };
  }
  return { status: 'already-present', carrier: null, evidence: 'empty' };
}

/** Runs one target from scratch. */
async function runTarget(
  git: Git,
  plan: BackportPlan,
  cache: CommitCache,
  ti: number,
  sources: string[],
  writeMarkers: boolean,
  pre: { cands?: Candidates; firstPick?: PickResult } = {},
): Promise<TargetResult> {
  const t = plan.targets[ti] as TargetPlan;
  const r = await pickSeries(git, plan, cache, { sources, onto: t.base, startAt: 0, writeMarkers, ti, ...pre });
  return { outcome: outcomeOf(r.steps), steps: r.steps, head: r.head, ...(r.markers ? { markers: r.markers } : {}) };
}

/**
 * Runs every target not in `skip` (already finished): in parallel, or one after the other
 * along a chain, where a target after a conflict is `blocked`.
 */
async function runTargets(
  git: Git,
  plan: BackportPlan,
  cache: CommitCache,
  results: Array<TargetResult | null>,
  writeMarkers: boolean,
): Promise<TargetResult[]> {
  const original = plan.commits.map((c) => c.oid);
  if (!plan.options.chain) {
    // Independent targets: read their carrier candidates in parallel, make the first merge of
    // every target in one batch (`Git.pickCommits`), then finish each target in parallel.
    const todo = results.flatMap((r, i) => (r ? [] : [i]));
    const trailer = plan.options.origin.trailer;
    const cands = await Promise.all(todo.map((i) => candidatesOn(git, (plan.targets[i] as TargetPlan).base, original, trailer)));
    const first = await cache.get(original[0] as string);
    const batch = todo.filter((_, j) => !carrierByOrigin(cands[j] as Candidates, first, trailer));
    const picks = await git.pickCommits(
      batch.map((i) => ({ commit: first.oid, onto: (plan.targets[i] as TargetPlan).base, mainline: mainlineFor(first, plan) })),
    );
    await Promise.all(
      todo.map(async (i, j) => {
        const firstPick = picks[batch.indexOf(i)];
        results[i] = await runTarget(git, plan, cache, i, original, writeMarkers, { cands: cands[j], firstPick });
      }),
    );
  } else {
    for (let i = 0; i < results.length; i++) {
      if (results[i]) continue;
      const from = plan.targets[i]?.from ?? null;
      const prev = from === null ? null : results[from];
      if (prev && (prev.outcome === 'conflict' || prev.outcome === 'blocked' || prev.outcome === 'refused')) {
        results[i] = {
          outcome: 'blocked',
          steps: [],
          head: plan.targets[i]?.base ?? '',
          reason: `waits for ${plan.targets[from ?? 0]?.target.name}`,
        };
        continue;
      }
      const sources = prev ? chainSources(prev, plan) : original;
      results[i] = await runTarget(git, plan, cache, i, sources, writeMarkers);
    }
  }
  return results as TargetResult[];
}

// ---- refs -------------------------------------------------------------------------------------

/** Applies planned ref changes in one transaction. */
async function transact(git: Git, updates: readonly PlannedRefUpdate[], message: string): Promise<void> {
  await git.updateRefs(
    updates.map((u) => ({ ref: u.ref, newOid: u.newOid, oldOid: u.oldOid })),
    { message },
  );
}

/** Where each ref of `updates` is now (missing refs absent). */
async function refValues(git: Git, refs: readonly string[]): Promise<Map<string, string>> {
  if (refs.length === 0) return new Map();
  const out = await git.text(['for-each-ref', '--format=%(refname) %(objectname)', '--', ...refs]);
  const m = new Map<string, string>();
  for (const line of out.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp > 0 && refs.includes(line.slice(0, sp))) m.set(line.slice(0, sp), line.slice(sp + 1));
  }
  return m;
}

/** `applied` when every pending change is in place, `none` when none is, else `mixed`. */
async function pendingStatus(git: Git, pending: readonly PlannedRefUpdate[]): Promise<'applied' | 'none' | 'mixed'> {
  const now = await refValues(
    git,
    pending.map((u) => u.ref),
  );
  const at = (u: PlannedRefUpdate, v: string | null) => (now.get(u.ref) ?? null) === v;
  if (pending.every((u) => at(u, u.newOid))) return 'applied';
  if (pending.every((u) => at(u, u.oldOid))) return 'none';
  return 'mixed';
}

/**
 * Writes the state (refs not yet moved), runs the transaction, then records it as done. A
 * failed transaction changes nothing; the state then goes back to what it was.
 */
async function landWithState(ctx: BackportContext, state: BackportState, landing: Landing, message: string): Promise<BackportState> {
  const before: BackportState = { ...state };
  const next: BackportState = {
    ...state,
    pending: landing.updates,
    landed: [...new Set([...state.landed, ...landing.landed])].sort((a, b) => a - b),
    waiting: landing.waiting,
  };
  await writeState(ctx.git, next);
  if (ctx.fault === 'after-state') throw new Error('injected fault: stopped after writing the backport state');
  try {
    await transact(ctx.git, landing.updates, message);
  } catch (e) {
    if (before.waiting.length > 0 || before.pending) await writeState(ctx.git, before);
    else await clearState(ctx.git);
    throw e;
  }
  const done: BackportState = { ...next, pending: null };
  if (done.waiting.length > 0) await writeState(ctx.git, done);
  else await clearState(ctx.git);
  return done;
}

/** Refusals found before picking: checked-out branches (`--direct`) and names already taken. */
async function refusals(git: Git, plan: BackportPlan, tips: ReadonlyMap<string, string>): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (plan.options.mode === 'direct') {
    const trees = await git.worktrees();
    plan.targets.forEach((t, i) => {
      const wt = trees.find((w) => w.branch === t.baseRef || w.busyBranches.includes(t.baseRef));
      if (wt)
        out.set(
          i,
          `branch ${t.target.branch} is checked out in the worktree at ${wt.path}; --direct would change it under that work tree (use a backport branch, or switch that worktree away)`,
        );
    });
  } else {
    plan.targets.forEach((t, i) => {
      const name = t.resultRef.slice('refs/heads/'.length);
      if (tips.has(name)) out.set(i, `branch ${name} already exists (delete it, or pick a different backport branch template)`);
    });
  }
  plan.targets.forEach((t, i) => {
    const name = t.conflictsRef.slice('refs/heads/'.length);
    if (plan.options.conflicts === 'branch' && tips.has(name) && !out.has(i)) {
      out.set(i, `branch ${name} already exists (left by an earlier run? delete it first)`);
    }
  });
  return out;
}

function reflogMessage(plan: BackportPlan): string {
  const c = plan.commits;
  const what = c.length === 1 ? (c[0] as SourceCommit).oid.slice(0, 12) : `${c.length} commits`;
  return `trellis backport ${what} to ${plan.targets.map((t) => t.target.name).join(', ')}`;
}

// ---- the commands ---------------------------------------------------------------------------------

/** `trellis backport <commits>...`: plans, picks, and (unless a dry run) lands the results. */
export async function backport(ctx: BackportContext, req: BackportRequest): Promise<BackportReport> {
  const { git, policy } = ctx;
  if (req.to.length === 0 && !req.auto)
    throw new TrellisError('usage', 'say where to backport: --to LINE|BRANCH (repeatable) or --auto', 2);
  if (req.forceEol && !req.reason?.trim())
    throw new TrellisError('usage', '--force-eol needs --reason TEXT (it is recorded in each commit)', 2);
  if (req.reason && !req.forceEol) throw new TrellisError('usage', '--reason goes with --force-eol', 2);
  if (req.mainline !== null && (!Number.isInteger(req.mainline) || req.mainline < 1)) {
    throw new TrellisError('usage', `--mainline must be a parent number (1, 2, ...), got '${req.mainline}'`, 2);
  }
  if (!req.dryRun && (await readState(git))) {
    throw new TrellisError(
      'refused',
      `a backport is in progress (${statePath(git)}); finish it with --continue or drop it with --abort`,
      2,
    );
  }
  const commits = await resolveCommits(git, req.revisions);
  const cache = new CommitCache(git);
  commits.forEach((c) => cache.add(c));
  for (const c of commits) {
    if (c.parents.length > 1 && req.mainline === null) {
      throw new TrellisError('bad-input', `commit ${c.oid.slice(0, 12)} is a merge; say which parent is the mainline (--mainline N)`, 2);
    }
    if (req.mainline !== null && c.parents.length > 1 && req.mainline > c.parents.length) {
      throw new TrellisError('bad-input', `commit ${c.oid.slice(0, 12)} has no parent number ${req.mainline}`, 2);
    }
  }
  if (req.mainline !== null && req.mainline > 1 && commits.every((c) => c.parents.length <= 1)) {
    throw new TrellisError('bad-input', '--mainline applies only to merge commits, and none was given', 2);
  }
  const tips = await branchTips(git);
  const branches = new Set(tips.keys());
  let lines: LineView[] | null = null;
  if (req.auto || req.to.length > 0) lines = await ctx.lines();
  const targets: BackportTarget[] = resolveTargets(req.to, { lines: lines ?? [], branches, policy, forceEol: req.forceEol });
  let skipped: SkippedLine[] = [];
  let kind: ChangeKind | null = null;
  if (req.auto) {
    if (!lines || lines.every((l) => l.status === 'unknown')) {
      throw new TrellisError(
        'usage',
        '--auto needs the release lines and their support status, which are not available here; use --to LINE',
        2,
      );
    }
    kind = commits.map((c) => changeKind(c.message, req.kind)).reduce((a, b) => (severity[b] > severity[a] ? b : a));
    const lineBranches = lines.filter((l) => l.branch && branches.has(l.branch)).map((l) => l.branch as string);
    const introducers = req.introduced
      ? [await resolveIntroduced(git, policy, req.introduced)]
      : [...new Set(commits.flatMap((c) => fixesOf(c.message)))];
    let introducedIn: Set<string> | null = null;
    if (introducers.length > 0) {
      const resolved = await git.revParse(introducers, { peel: 'commit', allowMissing: true });
      const missing = introducers.filter((i) => !resolved.has(i));
      if (missing.length > 0)
        throw new TrellisError(
          'bad-input',
          `Fixes: names commit '${missing[0]}', which this repository does not have; say where the bug came from with --introduced REV|VERSION`,
          2,
        );
      introducedIn = new Set();
      for (const oid of resolved.values()) {
        const has = await branchesContaining(git, oid, lineBranches);
        for (const l of lines) if (l.branch && has.has(l.branch)) introducedIn.add(l.key);
      }
    }
    const last = commits[commits.length - 1] as CommitObject;
    const holding = await branchesContaining(git, last.oid, lineBranches);
    const exclude = new Set(lines.filter((l) => l.branch && holding.has(l.branch)).map((l) => l.key));
    const auto = autoTargets({ lines, kind, policy, branches, introducedIn, exclude, forceEol: req.forceEol });
    skipped = auto.skipped;
    for (const t of auto.targets) if (!targets.some((x) => x.branch === t.branch)) targets.push(t);
  }
  const options: BackportOptions = {
    mode: req.mode ?? policy.backport.mode,
    conflicts: req.conflicts ?? policy.backport.conflicts,
    chain: req.chain ?? policy.backport.chain,
    keepGoing: req.keepGoing,
    mainline: req.mainline,
    origin: { style: policy.backport.origin, trailer: policy.backport.originTrailer },
    eolReason: req.forceEol ? (req.reason ?? '').trim() : null,
  };
  const empty: BackportReport = {
    action: 'run',
    dryRun: req.dryRun,
    plan: null,
    results: [],
    updates: [],
    landed: [],
    waiting: [],
    skipped,
    kind,
    exitCode: 0,
  };
  if (targets.length === 0) return empty;
  const plan = buildPlan({ policy, commits: commits.map(sourceOf), targets, tips, options });
  const refused = await refusals(git, plan, tips);
  const results: Array<TargetResult | null> = plan.targets.map((t, i) =>
    refused.has(i) ? { outcome: 'refused', steps: [], head: t.base, reason: refused.get(i) as string } : null,
  );
  const writeMarkers = !req.dryRun && options.conflicts === 'branch';
  const done = await runTargets(git, plan, cache, results, writeMarkers);
  const landing = decideLanding(plan, done);
  const report: BackportReport = {
    ...empty,
    plan,
    results: done,
    updates: landing.updates,
    landed: landing.landed,
    waiting: landing.waiting,
    exitCode: landing.findings || landing.waiting.length > 0 ? 1 : 0,
  };
  if (req.dryRun || (landing.updates.length === 0 && landing.waiting.length === 0)) return report;
  const state: BackportState = { version: 1, plan, results: done, pending: null, landed: [], waiting: [] };
  const after = await landWithState(ctx, state, landing, reflogMessage(plan));
  return { ...report, landed: after.landed, waiting: after.waiting, statePath: after.waiting.length > 0 ? statePath(git) : undefined };
}

/** Finishes a transaction a killed run left pending (or confirms it had finished). */
async function settlePending(git: Git, state: BackportState): Promise<BackportState> {
  if (!state.pending || state.pending.length === 0) return { ...state, pending: null };
  const status = await pendingStatus(git, state.pending);
  if (status === 'mixed') {
    throw new TrellisError(
      'refused',
      `refs of the interrupted backport were changed by someone else (${state.pending.map((u) => u.ref).join(', ')}); inspect them, then --abort`,
      2,
    );
  }
  if (status === 'none') await transact(git, state.pending, reflogMessage(state.plan));
  const next = { ...state, pending: null };
  await writeState(git, next);
  return next;
}

/**
 * `--continue`: finishes an interrupted transaction; turns each resolved `-conflicts` branch
 * into the real backport commit (refusing while conflict markers remain in the files that
 * conflicted), picks the rest, and lands everything in one transaction.
 */
export async function continueBackport(ctx: BackportContext): Promise<BackportReport> {
  const { git } = ctx;
  let state = await readState(git);
  if (!state) throw new TrellisError('not-found', 'no backport in progress (nothing to continue)', 2);
  state = await settlePending(git, state);
  const plan = state.plan;
  const cache = new CommitCache(git);
  const results: Array<TargetResult | null> = [...state.results];
  const conflictsNow = await refValues(
    git,
    plan.targets.map((t) => t.conflictsRef),
  );
  const deletions: PlannedRefUpdate[] = [];
  const remaining: string[] = [];
  // 1. check every resolution first: nothing changes unless all are resolved
  const resolved = new Map<number, { head: string; step: Extract<PickStep, { status: 'conflict' }>; index: number }>();
  for (const i of state.waiting) {
    const r = state.results[i] as TargetResult;
    if (r.outcome !== 'conflict' || !r.markers) continue;
    const t = plan.targets[i] as TargetPlan;
    const branch = t.conflictsRef.slice('refs/heads/'.length);
    const head = conflictsNow.get(t.conflictsRef);
    if (!head) throw new TrellisError('not-found', `branch ${branch} is gone; run 'trellis backport --abort'`, 2);
    const index = r.steps.findIndex((s) => s.status === 'conflict');
    const step = r.steps[index] as Extract<PickStep, { status: 'conflict' }>;
    if (head === r.markers) {
      remaining.push(...step.conflicts.map((c) => `${branch}: ${c.path} (not resolved yet: commit the resolution on ${branch})`));
      continue;
    }
    const files = await Promise.all(step.conflicts.map((c) => git.readFile(head, c.path)));
    step.conflicts.forEach((c, k) => {
      const text = files[k];
      if (!text) return;
      const at = conflictMarkerLines(text.toString('utf8'));
      if (at.length > 0) remaining.push(`${branch}: ${c.path}:${at[0]} (conflict marker)`);
    });
    resolved.set(i, { head, step, index });
  }
  if (remaining.length > 0) {
    return {
      action: 'continue',
      dryRun: false,
      plan,
      results: state.results,
      updates: [],
      landed: state.landed,
      waiting: state.waiting,
      skipped: [],
      kind: null,
      exitCode: 1,
      markers: remaining,
      statePath: statePath(git),
    };
  }
  // 2. turn resolutions into backport commits and pick what follows them
  for (const [i, { head, step, index }] of resolved) {
    const r = state.results[i] as TargetResult;
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
    const from = t.from;
    const all = from === null ? plan.commits.map((c) => c.oid) : chainSources(results[from] as TargetResult, plan);
    const rest = await pickSeries(git, plan, cache, {
      sources: all,
      onto,
      startAt: index + 1,
      writeMarkers: plan.options.conflicts === 'branch',
      ti: i,
    });
    const steps = [...r.steps.slice(0, index), first, ...rest.steps];
    results[i] = {
      outcome: outcomeOf(steps),
      steps,
      head: rest.steps.length > 0 ? rest.head : stepHead(first, step.onto),
      ...(rest.markers ? { markers: rest.markers } : {}),
    };
    // the old -conflicts branch goes; a new conflict further on takes its place
    deletions.push({ ref: t.conflictsRef, newOid: rest.markers ?? null, oldOid: head, target: i, why: 'conflicts' });
  }
  // 3. chain targets that were blocked run now
  const again = results.map((r) => (r && r.outcome === 'blocked' ? null : r));
  const finished = await runTargets(git, plan, cache, again, plan.options.conflicts === 'branch');
  const landing = decideLanding(plan, finished, state.landed);
  // a -conflicts ref rewritten above must not be created again
  const updates = [...deletions, ...landing.updates.filter((u) => !(u.why === 'conflicts' && deletions.some((d) => d.ref === u.ref)))];
  const next: BackportState = { ...state, results: finished };
  const after = await landWithState(ctx, next, { ...landing, updates }, `${reflogMessage(plan)} (continue)`);
  return {
    action: 'continue',
    dryRun: false,
    plan,
    results: finished,
    updates,
    landed: after.landed,
    waiting: after.waiting,
    skipped: [],
    kind: null,
    exitCode: landing.findings || after.waiting.length > 0 ? 1 : 0,
    statePath: after.waiting.length > 0 ? statePath(git) : undefined,
  };
}

/**
 * `--abort`: removes the `-conflicts` branches, undoes a transaction an interrupted run had
 * already made (only where refs still hold what it wrote), and forgets the state.
 */
export async function abortBackport(ctx: BackportContext): Promise<BackportReport> {
  const { git } = ctx;
  const state = await readState(git);
  if (!state) throw new TrellisError('not-found', 'no backport in progress (nothing to abort)', 2);
  const plan = state.plan;
  const updates: PlannedRefUpdate[] = [];
  const pendingRefs = new Set<string>();
  if (state.pending && state.pending.length > 0) {
    const status = await pendingStatus(git, state.pending);
    if (status === 'mixed') {
      throw new TrellisError(
        'refused',
        `refs of the interrupted backport were changed by someone else (${state.pending.map((u) => u.ref).join(', ')}); fix them by hand`,
        2,
      );
    }
    if (status === 'applied') {
      for (const u of state.pending) {
        updates.push({ ...u, newOid: u.oldOid, oldOid: u.newOid });
        pendingRefs.add(u.ref);
      }
    } else for (const u of state.pending) pendingRefs.add(u.ref);
  }
  const now = await refValues(
    git,
    plan.targets.map((t) => t.conflictsRef),
  );
  for (const [i, t] of plan.targets.entries()) {
    const at = now.get(t.conflictsRef);
    if (at && !pendingRefs.has(t.conflictsRef))
      updates.push({ ref: t.conflictsRef, newOid: null, oldOid: at, target: i, why: 'conflicts' });
  }
  await transact(git, updates, `${reflogMessage(plan)} (abort)`);
  await clearState(git);
  return {
    action: 'abort',
    dryRun: false,
    plan,
    results: state.results,
    updates,
    landed: state.landed,
    waiting: [],
    skipped: [],
    kind: null,
    exitCode: 0,
  };
}
