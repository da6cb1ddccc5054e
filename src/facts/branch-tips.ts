/**
 * Where the branches a release command reads or moves stand, read as the read commands read them
 * (facts/repository.ts): the local branch, or its remote-tracking ref (`refs/remotes/origin/X`)
 * where there is no local branch (a plain `git clone`, a CI checkout) or where the remote's tip is
 * newer (the local branch is behind). A command that moves such a branch starts from the remote's
 * tip and writes the LOCAL branch in its one ref transaction (created there, or fast-forwarded,
 * with the local value as the expected old value); nothing is pushed.
 */
import { TrellisError } from '../core/errors.js';
import type { RefFact } from '../core/lines/index.js';
import type { RemoteStart, RemoteTips } from '../core/release/types.js';
import { branchTips, type Git, type RefInfo } from '../git/index.js';
import { branchFacts, DEFAULT_REMOTE } from './repository.js';

/** A branch as a release command starts from it. */
export interface BranchTip {
  name: string;
  /** The commit the command starts from; null when the branch exists neither locally nor on the remote. */
  commit: string | null;
  /** The local branch's commit now; null when there is no local branch. */
  local: string | null;
  /** The remote `commit` was read from (`origin`), or null when it is the local branch. */
  remote: string | null;
}

/** Branch tips by name. */
export type BranchTips = Map<string, BranchTip>;

function tipOf(fact: RefFact | undefined, name: string, local: string | null): BranchTip {
  if (!fact) return { name, commit: null, local, remote: null };
  return { name, commit: fact.commit, local, remote: fact.remote ?? null };
}

/** Every branch (local, and the remote's where no local one is newer) from one read of the refs. */
function tipsFromRefs(refs: readonly RefInfo[]): BranchTips {
  const locals = new Map(refs.filter((r) => r.kind === 'branch').map((r) => [r.shortName, r.oid]));
  const out: BranchTips = new Map();
  for (const f of branchFacts(refs, { remote: DEFAULT_REMOTE }).facts) {
    if (f.kind === 'branch') out.set(f.name, tipOf(f, f.name, locals.get(f.name) ?? null));
  }
  return out;
}

/** Every branch, local or the remote's (one `for-each-ref`): what `hotfix` and git-flow releases read. */
export async function readAllBranchTips(git: Git): Promise<BranchTips> {
  return tipsFromRefs(await git.refs({ remotes: true }));
}

/**
 * The tips of `names`. With `refs` (the branch facts a command read already, facts/repository.ts)
 * only the local values of branches read from the remote are read (one `rev-parse`, none when
 * every branch is local); without, one `for-each-ref`.
 */
export async function readBranchTips(git: Git, names: readonly string[], refs?: readonly RefFact[]): Promise<BranchTips> {
  const unique = [...new Set(names)];
  if (!refs) {
    const all = await readAllBranchTips(git);
    return new Map(unique.map((n) => [n, all.get(n) ?? tipOf(undefined, n, null)]));
  }
  const facts = new Map(refs.filter((r) => r.kind === 'branch').map((r) => [r.name, r]));
  const fromRemote = unique.filter((n) => facts.get(n)?.remote !== undefined);
  const locals = fromRemote.length > 0 ? await branchTips(git, fromRemote) : new Map<string, string | null>();
  return new Map(
    unique.map((n) => {
      const f = facts.get(n);
      return [n, tipOf(f, n, f?.remote !== undefined ? (locals.get(n) ?? null) : (f?.commit ?? null))];
    }),
  );
}

/** name → the commit a command starts from (null: missing), as the planners take it. */
export function commitsOf(tips: ReadonlyMap<string, BranchTip>): Map<string, string | null> {
  return new Map([...tips].map(([n, t]) => [n, t.commit]));
}

/** The branches that exist (name → commit), from name → commit or null. */
export function existingCommits(tips: ReadonlyMap<string, string | null>): Map<string, string> {
  return new Map([...tips].filter((e): e is [string, string] => e[1] !== null));
}

/** The branches read from their remote, with the local branch's commit now, as the planners take them. */
export function remotesOf(tips: ReadonlyMap<string, BranchTip>): RemoteTips {
  const out = new Map<string, { remote: string; local: string | null }>();
  for (const [n, t] of tips) if (t.remote !== null) out.set(n, { remote: t.remote, local: t.local });
  return out;
}

/** The remote start of one branch a command moves or deletes, or null when it is the local branch. */
export function remoteStartOf(tip: BranchTip | undefined): RemoteStart | null {
  if (!tip?.remote || tip.commit === null) return null;
  return { branch: tip.name, remote: tip.remote, tip: tip.commit, local: tip.local };
}

/**
 * Refuses when a branch the command moves starts from its remote but the local branch has commits
 * the remote's tip lacks (the two have diverged): writing the local branch would drop them.
 */
export async function refuseDiverged(git: Git, starts: readonly RemoteStart[] | undefined): Promise<void> {
  for (const s of starts ?? []) {
    if (s.local === null || s.local === s.tip || (await git.isAncestor(s.local, s.tip))) continue;
    throw new TrellisError(
      'refused',
      `local branch ${s.branch} has commits that ${s.remote}/${s.branch} does not (they have diverged): push or rebase them first (nothing was changed)`,
      2,
    );
  }
}

/**
 * Branch names among `names` resolved as the release commands read branches (the remote's tip
 * where there is no local branch or it is newer); other names (tags, commit ids, `HEAD~2`) and a
 * name that is also a tag are left to git (null).
 */
export async function branchRevisions(git: Git, names: readonly string[]): Promise<Map<string, string | null>> {
  const refs = await git.refs({ remotes: true });
  const tags = new Set(refs.filter((r) => r.kind === 'tag').map((r) => r.shortName));
  const tips = tipsFromRefs(refs);
  return new Map(names.map((n) => [n, tags.has(n) ? null : (tips.get(n)?.commit ?? null)]));
}
