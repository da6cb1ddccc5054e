/**
 * The branches a release command reads or moves, as the one branch reader (./branches.ts) read
 * them: the local branch, or its remote-tracking ref (`refs/remotes/origin/X`) where there is no
 * local branch (a plain `git clone`, a CI checkout) or the local one is behind. A command that
 * moves such a branch starts from the remote's tip and writes the LOCAL branch in its one ref
 * transaction (created there, or fast-forwarded, with the local value as the expected old value);
 * nothing is pushed. These are the planners' views of those tips; nothing here reads git but
 * {@link readAllBranchTips} and {@link branchRevisions}, through the one reader.
 */
import { TrellisError } from '../core/errors.js';
import type { Policy } from '../core/policy/schema.js';
import type { RemoteStart, RemoteTips } from '../core/release/types.js';
import type { Git } from '../git/index.js';
import { readProjectBranches, tipOf, type BranchReadOptions, type BranchTip, type BranchTips, type ProjectBranches } from './branches.js';

export type { BranchTip, BranchTips };

/** Every branch, local or the remote's (one `for-each-ref` where they agree): what `hotfix` and git-flow releases read. */
export async function readAllBranchTips(git: Git, policy: Policy, opts: BranchReadOptions = {}): Promise<BranchTips> {
  return (await readProjectBranches(git, policy, opts)).tips;
}

/** The tips of `names` among the branches read (a missing branch: commit null). */
export function branchTipsOf(branches: ProjectBranches, names: readonly string[]): BranchTips {
  return new Map([...new Set(names)].map((n) => [n, tipOf(branches.tips, n)]));
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
 * the remote's tip lacks (the two have diverged, as the reader found): writing the local branch
 * would drop them.
 */
export function refuseDiverged(starts: readonly RemoteStart[] | undefined, tips: ReadonlyMap<string, BranchTip>): void {
  for (const s of starts ?? []) {
    if (tips.get(s.branch)?.relation !== 'diverged') continue;
    throw new TrellisError(
      'refused',
      `local branch ${s.branch} has commits that ${s.remote}/${s.branch} does not (they have diverged): push or rebase them first (nothing was changed)`,
      2,
    );
  }
}

/**
 * Branch names among `names` resolved as the commands read branches (the remote's tip where there
 * is no local branch or it is behind); other names (tags, commit ids, `HEAD~2`) and a name that
 * is also a tag are left to git (null).
 */
export async function branchRevisions(
  git: Git,
  policy: Policy,
  names: readonly string[],
  opts: BranchReadOptions = {},
): Promise<Map<string, string | null>> {
  const { refs, tips } = await readProjectBranches(git, policy, opts);
  const tags = new Set(refs.filter((r) => r.kind === 'tag').map((r) => r.shortName));
  return new Map(names.map((n) => [n, tags.has(n) ? null : (tips.get(n)?.commit ?? null)]));
}
