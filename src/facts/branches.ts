/**
 * The project's branches, local or from the remote: the ONE reader of branch tips. Status,
 * schedule, target, missing, backport and the release commands all read their branches here, so
 * they read the same tips the same way.
 *
 * A plain `git clone` (and `actions/checkout` with `fetch-depth: 0`) has the release branches only
 * as remote-tracking refs (`refs/remotes/origin/*`); a mirror (`git clone --mirror`) has them as
 * local branches and no remote-tracking refs. Both must give the answers the repository itself
 * gives, so a branch is:
 *
 * - the local branch where there is no remote-tracking one, or where both point at one commit;
 * - the remote's where there is no local branch;
 * - where both exist and differ, the one that contains the other (the local branch behind: the
 *   remote's; ahead: the local one), and for branches that have diverged, the one whose commit is
 *   newer. Each such branch gets a note saying which was read.
 *
 * Which remote is read: `--remote NAME` (the workspace's `remote`), else the policy's
 * `branches.remote` (null or false: local branches only), else the remote the development
 * branch's upstream is on (`branch.<name>.remote`), else `origin`. A remote named by the option or
 * the policy must exist (exit 2 otherwise); the default may be absent (then only local branches).
 *
 * Cost: one `for-each-ref` (branches, tags, remote-tracking refs, each branch's upstream remote).
 * Only where a local branch and the remote's differ, one `rev-list --left-right --count` per such
 * branch (run together); and `git remote` only when a named remote has no remote-tracking refs.
 */
import { TrellisError } from '../core/errors.js';
import type { RefFact } from '../core/lines/index.js';
import { developmentBranchOf } from '../core/policy/flow.js';
import type { Policy } from '../core/policy/schema.js';
import { aheadBehind, remoteNames, type AheadBehind, type Git, type RefInfo } from '../git/index.js';

/** The remote read when neither the caller, the policy nor the development branch's upstream names one. */
export const DEFAULT_REMOTE = 'origin';

/** The caller's choice of remote (the CLI's `--remote`). */
export interface BranchReadOptions {
  /** The remote whose branches count as the project's, overriding the policy; null: local branches only. Default: the policy's choice. */
  remote?: string | null | undefined;
}

/**
 * How a branch was read: only local (`local`), only on the remote (`remote`), both at one commit
 * (`same`), or both, the local branch `behind` the remote's, `ahead` of it, or `diverged` from it.
 */
export type TipRelation = 'local' | 'remote' | 'same' | 'behind' | 'ahead' | 'diverged';

/** A branch as the commands read it. */
export interface BranchTip {
  name: string;
  /** The commit read; null when the branch exists neither locally nor on the remote. */
  commit: string | null;
  /** The local branch's commit now; null when there is no local branch. */
  local: string | null;
  /** The remote `commit` was read from, or null when it is the local branch. */
  remote: string | null;
  /** The full ref `commit` was read from (`refs/heads/X`, `refs/remotes/origin/X`); null when missing. */
  ref: string | null;
  relation: TipRelation | null;
}

/** Branch tips by short name. */
export type BranchTips = Map<string, BranchTip>;

/** The branches and tags as read. */
export interface ProjectBranches {
  /** The remote whose branches were read; null: local branches only. */
  remote: string | null;
  /** Every ref read (`for-each-ref`), local, remote-tracking and tags. */
  refs: RefInfo[];
  /** Branches (as read) and tags, as line discovery takes them. */
  facts: RefFact[];
  /** Every branch, local or the remote's. */
  tips: BranchTips;
  /** One line per branch whose local and remote tips differ: which was read and why. */
  notes: string[];
}

/** The remote chosen, and who named it (a named remote must exist). */
interface RemoteChoice {
  name: string | null;
  namedBy: '--remote' | 'branches.remote' | null;
}

/** The remote to read (see the module's comment), from the refs' upstream remotes; no process. */
export function chooseRemote(policy: Policy, requested: string | null | undefined, refs: readonly RefInfo[]): RemoteChoice {
  if (requested !== undefined) return { name: requested, namedBy: requested === null ? null : '--remote' };
  const key = policy.branches.remote;
  if (key === null || key === false) return { name: null, namedBy: null };
  if (typeof key === 'string') return { name: key, namedBy: 'branches.remote' };
  for (const branch of [developmentBranchOf(policy), policy.branches.main]) {
    const upstream = refs.find((r) => r.kind === 'branch' && r.shortName === branch)?.upstreamRemote;
    // `.` is an upstream in this repository itself, no remote.
    if (upstream && upstream !== '.') return { name: upstream, namedBy: null };
  }
  return { name: DEFAULT_REMOTE, namedBy: null };
}

/** Exit 2 when a remote named by `--remote` or the policy is not configured (checked only when it has no refs). */
async function checkRemote(git: Git, choice: RemoteChoice, refs: readonly RefInfo[]): Promise<void> {
  const { name, namedBy } = choice;
  if (name === null || namedBy === null) return;
  if (refs.some((r) => r.kind === 'remote' && r.name.startsWith(`refs/remotes/${name}/`))) return;
  const known = await remoteNames(git);
  if (known.includes(name)) return;
  const here = known.length > 0 ? `the remotes here are ${known.join(', ')}` : 'this repository has no remotes';
  throw new TrellisError('bad-input', `unknown remote '${name}' (named by ${namedBy}): ${here}`, 2);
}

/** Reads the project's branches: one `for-each-ref`, plus one `rev-list` per branch whose local and remote tips differ. */
export async function readProjectBranches(git: Git, policy: Policy, opts: BranchReadOptions = {}): Promise<ProjectBranches> {
  const localOnly =
    opts.remote === null || (opts.remote === undefined && (policy.branches.remote === null || policy.branches.remote === false));
  const refs = await git.refs({ remotes: !localOnly });
  const choice = chooseRemote(policy, opts.remote, refs);
  await checkRemote(git, choice, refs);
  const pairs = differing(refs, choice.name);
  const counts = await aheadBehind(git, pairs);
  return branchesFromRefs(refs, choice.name, new Map(pairs.map((p, i) => [p.name, counts[i] as AheadBehind])));
}

/** The branches whose local and remote tips differ, with both commits. */
function differing(refs: readonly RefInfo[], remote: string | null): Array<{ name: string; local: string; remote: string }> {
  if (remote === null) return [];
  const locals = new Map(refs.filter((r) => r.kind === 'branch' && r.commit).map((r) => [r.shortName, r.commit as string]));
  const out: Array<{ name: string; local: string; remote: string }> = [];
  for (const r of remoteRefs(refs, remote)) {
    const local = locals.get(r.branch);
    if (local !== undefined && local !== r.ref.commit) out.push({ name: r.branch, local, remote: r.ref.commit as string });
  }
  return out;
}

/** The remote-tracking refs of `remote` with the branch they stand for. */
function remoteRefs(refs: readonly RefInfo[], remote: string): Array<{ branch: string; ref: RefInfo }> {
  const prefix = `refs/remotes/${remote}/`;
  return refs
    .filter((r) => r.kind === 'remote' && r.name.startsWith(prefix) && r.commit !== null && r.name !== `${prefix}HEAD`)
    .map((ref) => ({ branch: ref.name.slice(prefix.length), ref }));
}

/**
 * The branches from refs already read, given how each differing pair stands (`counts`, by
 * branch; {@link readProjectBranches} reads them). A differing pair without counts is decided as
 * diverged branches are: by the newer commit.
 */
export function branchesFromRefs(
  refs: readonly RefInfo[],
  remote: string | null,
  counts: ReadonlyMap<string, AheadBehind> = new Map(),
): ProjectBranches {
  const facts: RefFact[] = [];
  const tips: BranchTips = new Map();
  const local = new Map<string, RefFact>();
  for (const r of refs) {
    if (r.kind !== 'branch' && r.kind !== 'tag') continue;
    const fact: RefFact = { name: r.shortName, kind: r.kind, commit: r.commit, date: r.date };
    facts.push(fact);
    if (r.kind !== 'branch') continue;
    local.set(r.shortName, fact);
    tips.set(r.shortName, { name: r.shortName, commit: r.commit, local: r.commit, remote: null, ref: r.name, relation: 'local' });
  }
  const notes: string[] = [];
  if (remote === null) return { remote, refs: [...refs], facts, tips, notes };
  for (const { branch: name, ref } of remoteRefs(refs, remote)) {
    const mine = local.get(name);
    const tip = tips.get(name);
    const fromRemote = { commit: ref.commit, remote, ref: ref.name };
    if (!mine || !tip) {
      facts.push({ name, kind: 'branch', commit: ref.commit, date: ref.date, remote });
      tips.set(name, { name, local: null, relation: 'remote', ...fromRemote });
      continue;
    }
    if (mine.commit === ref.commit) {
      tip.relation = 'same';
      continue;
    }
    const { relation, read, note } = compare(name, remote, counts.get(name), (ref.date ?? '') > (mine.date ?? ''));
    tip.relation = relation;
    notes.push(note);
    if (read === 'remote') {
      Object.assign(mine, { commit: ref.commit, date: ref.date, remote });
      Object.assign(tip, fromRemote);
    }
  }
  return { remote, refs: [...refs], facts, tips, notes };
}

/** Which of a differing pair is read, and the note saying so. */
function compare(
  name: string,
  remote: string,
  counts: AheadBehind | undefined,
  remoteNewer: boolean,
): { relation: TipRelation; read: 'local' | 'remote'; note: string } {
  const theirs = `${remote}/${name}`;
  if (counts && counts.ahead === 0) {
    return {
      relation: 'behind',
      read: 'remote',
      note: `${name}: read ${theirs} (its tip is newer than the local branch's; 'git pull' to update it)`,
    };
  }
  if (counts && counts.behind === 0) {
    const n = counts.ahead === 1 ? '1 commit' : `${counts.ahead} commits`;
    return {
      relation: 'ahead',
      read: 'local',
      note: `${name}: read the local branch (it has ${n} that ${theirs} does not; 'git push' to publish them)`,
    };
  }
  return remoteNewer
    ? {
        relation: 'diverged',
        read: 'remote',
        note: `${name}: read ${theirs} (the local branch has diverged from it, and ${theirs}'s tip is newer)`,
      }
    : {
        relation: 'diverged',
        read: 'local',
        note: `${name}: read the local branch (it has diverged from ${theirs}, and its tip is newer)`,
      };
}

/** The tip of a branch, or a missing one. */
export function tipOf(tips: ReadonlyMap<string, BranchTip>, name: string): BranchTip {
  return tips.get(name) ?? { name, commit: null, local: null, remote: null, ref: null, relation: null };
}
