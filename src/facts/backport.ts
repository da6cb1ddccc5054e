/**
 * The facts a backport is planned from, read through the git adapter in batches: the commits
 * to carry, every branch tip (local, or origin's where the clone has no local branch), today's
 * release lines, which line branches contain a commit, and the backport branches that exist already.
 */
import type { BackportPlan, ExistingBranch, RemoteBase, RevisionArg } from '../core/backport/index.js';
import { TrellisError } from '../core/errors.js';
import { discoverLines, linesToday, type LineToday, type RefFact } from '../core/lines/index.js';
import { renderTemplate } from '../core/policy/template.js';
import type { Policy } from '../core/policy/schema.js';
import { commitsInRange, originsOf, refsContaining, type CommitObject, type Git } from '../git/index.js';
import { branchFacts } from './repository.js';

/** Reads the commits of checked revision arguments, ranges oldest first, each commit once; exit 2 when a range is empty. */
export async function readSourceCommits(git: Git, args: readonly RevisionArg[]): Promise<CommitObject[]> {
  const oids: string[] = [];
  for (const arg of args) {
    if ('range' in arg) {
      const ends = await git.revParse([arg.from, arg.to], { peel: 'commit' });
      const inRange = await commitsInRange(git, ends.get(arg.from) as string, ends.get(arg.to) as string);
      if (inRange.length === 0) throw new TrellisError('bad-input', `range '${arg.range}' has no commits`, 2);
      oids.push(...inRange);
    } else {
      oids.push((await git.revParse([arg.rev], { peel: 'commit' })).get(arg.rev) as string);
    }
  }
  return git.readCommits([...new Set(oids)]);
}

/**
 * The branches a backport reads and writes, from one `for-each-ref` of the local and the
 * remote-tracking branches and the tags. A plain `git clone` has the release branches only as
 * `origin/*`: those count as the project's branches wherever no local branch of the name exists,
 * and where both exist the newer tip is read (see facts/repository.ts).
 */
export interface Branches {
  /** The refs as line discovery reads them. */
  facts: RefFact[];
  /** Branch (short name) → the tip read. */
  tips: Map<string, string>;
  /** Branch → the full ref its tip was read from (`refs/heads/X` or `refs/remotes/origin/X`). */
  refOf: Map<string, string>;
  /** Local branch (short name) → its tip. */
  local: Map<string, string>;
  /** Where a local branch is behind its remote-tracking branch, which was read. */
  notes: string[];
}

/** Reads {@link Branches}: one `for-each-ref`. */
export async function readBranches(git: Git): Promise<Branches> {
  const refs = await git.refs({ remotes: true });
  const { facts, notes } = branchFacts(refs);
  const local = new Map<string, string>();
  for (const r of refs) if (r.kind === 'branch' && r.commit) local.set(r.shortName, r.commit);
  const tips = new Map<string, string>();
  const refOf = new Map<string, string>();
  for (const f of facts) {
    if (f.kind !== 'branch' || !f.commit) continue;
    tips.set(f.name, f.commit);
    refOf.set(f.name, f.remote ? `refs/remotes/${f.remote}/${f.name}` : `refs/heads/${f.name}`);
  }
  return { facts, tips, refOf, local, notes };
}

/** Today's lines with their support status: discovered from the branches' refs by the policy's templates, support computed for `date`. */
export function linesTodayOf(branches: Branches, policy: Policy, date: string): LineToday[] {
  return linesToday(discoverLines(branches.facts, policy), policy, date);
}

/**
 * The branches among `names` that were read from a remote-tracking branch, with the local
 * branch (if any), and those of them whose local branch has commits the remote lacks (one
 * `merge-base --is-ancestor` per local branch that is behind or diverged).
 */
export async function readRemoteBases(
  git: Git,
  branches: Branches,
  names: readonly string[],
): Promise<{ bases: Map<string, RemoteBase>; diverged: Set<string> }> {
  const bases = new Map<string, RemoteBase>();
  const diverged = new Set<string>();
  for (const name of names) {
    const ref = branches.refOf.get(name);
    if (!ref?.startsWith('refs/remotes/')) continue;
    const local = branches.local.get(name) ?? null;
    bases.set(name, { ref, local });
    if (local && !(await git.isAncestor(local, branches.tips.get(name) as string))) diverged.add(name);
  }
  return { bases, diverged };
}

/**
 * The backport branches of `plan` that exist already (branch mode): for each such target, the
 * branch's commits beyond the line's tip with the origins they record (one `git log` each).
 */
export async function readExistingBackports(git: Git, plan: BackportPlan, branches: Branches): Promise<Map<number, ExistingBranch>> {
  const out = new Map<number, ExistingBranch>();
  if (plan.options.mode === 'direct') return out;
  const trailer = plan.options.origin.trailer;
  for (const [i, t] of plan.targets.entries()) {
    const name = t.resultRef.slice('refs/heads/'.length);
    const tip = branches.tips.get(name);
    if (!tip) continue;
    const ref = branches.refOf.get(name) as string;
    const log = await git.log([tip, `^${t.base}`]);
    out.set(i, {
      name: ref.replace(/^refs\/(heads|remotes)\//, ''),
      tip,
      commits: log.map((c) => ({ oid: c.oid, origins: originsOf(c.message, trailer) })),
    });
  }
  return out;
}

/** `--introduced REV|VERSION`: a revision, or a version rendered through the tag templates. */
export async function resolveIntroduced(git: Git, policy: Policy, value: string): Promise<string> {
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

/**
 * The keys of the lines whose branch contains one of `commits` (revisions, resolved first; exit
 * 2 naming the first the repository does not have). `lines` with a branch that exists only.
 */
export async function linesContainingAny(
  git: Git,
  commits: readonly string[],
  lines: ReadonlyArray<{ key: string; branch: string | null }>,
  branches: Branches,
): Promise<Set<string>> {
  const resolved = await git.revParse(commits, { peel: 'commit', allowMissing: true });
  const missing = commits.filter((i) => !resolved.has(i));
  if (missing.length > 0)
    throw new TrellisError(
      'bad-input',
      `Fixes: names commit '${missing[0]}', which this repository does not have; say where the bug came from with --introduced REV|VERSION`,
      2,
    );
  const out = new Set<string>();
  for (const oid of resolved.values()) for (const key of await linesContaining(git, oid, lines, branches)) out.add(key);
  return out;
}

/** The keys of the lines whose branch (local, or read from the remote) contains `commit`: one `for-each-ref --contains`. */
export async function linesContaining(
  git: Git,
  commit: string,
  lines: ReadonlyArray<{ key: string; branch: string | null }>,
  branches: Branches,
): Promise<Set<string>> {
  const refOf = (l: { branch: string | null }) => (l.branch ? branches.refOf.get(l.branch) : undefined);
  const has = await refsContaining(
    git,
    commit,
    lines.flatMap((l) => refOf(l) ?? []),
  );
  return new Set(lines.filter((l) => has.has(refOf(l) ?? '')).map((l) => l.key));
}
