/**
 * The facts a backport is planned from, read through the git adapter in batches: the commits
 * to carry, every branch tip (./branches.ts: local, or the remote's where the clone has no local
 * branch or it is behind), today's release lines, which line branches contain a commit, and the
 * backport branches that exist already.
 */
import type { BackportPlan, ExistingBranch, RemoteBase, RevisionArg } from '../core/backport/index.js';
import { TrellisError } from '../core/errors.js';
import { discoverLines, linesToday, type LineToday, type RefFact } from '../core/lines/index.js';
import { renderTemplate } from '../core/policy/template.js';
import type { Policy } from '../core/policy/schema.js';
import { commitsInRange, originsOf, refsContaining, type CommitObject, type Git } from '../git/index.js';
import { readProjectBranches, type BranchReadOptions, type BranchTips } from './branches.js';

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
 * The branches a backport reads and writes, as the one branch reader reads them (./branches.ts):
 * a plain `git clone` has the release branches only as `origin/*`, which count as the project's
 * branches wherever no local branch of the name exists; where both exist and differ, the one that
 * contains the other is read (the newer commit where they have diverged).
 */
export interface Branches {
  /** The refs as line discovery reads them. */
  facts: RefFact[];
  /** Branch (short name) → the tip read. */
  tips: Map<string, string>;
  /** Branch → the full ref its tip was read from (`refs/heads/X` or `refs/remotes/origin/X`). */
  refOf: Map<string, string>;
  /** Every branch as read, with its local value and how it stands to the remote's. */
  read: BranchTips;
  /** Where a local branch and the remote's differ: which was read. */
  notes: string[];
}

/** Reads {@link Branches}: one `for-each-ref` where local and remote branches agree. */
export async function readBranches(git: Git, policy: Policy, opts: BranchReadOptions = {}): Promise<Branches> {
  const { facts, tips: read, notes } = await readProjectBranches(git, policy, opts);
  const tips = new Map<string, string>();
  const refOf = new Map<string, string>();
  for (const t of read.values()) {
    if (!t.commit || !t.ref) continue;
    tips.set(t.name, t.commit);
    refOf.set(t.name, t.ref);
  }
  return { facts, tips, refOf, read, notes };
}

/** Today's lines with their support status: discovered from the branches' refs by the policy's templates, support computed for `date`. */
export function linesTodayOf(branches: Branches, policy: Policy, date: string): LineToday[] {
  return linesToday(discoverLines(branches.facts, policy), policy, date);
}

/**
 * The branches among `names` that were read from a remote-tracking branch, with the local
 * branch (if any), and those of them whose local branch has commits the remote lacks (as the
 * reader found: no process).
 */
export function readRemoteBases(branches: Branches, names: readonly string[]): { bases: Map<string, RemoteBase>; diverged: Set<string> } {
  const bases = new Map<string, RemoteBase>();
  const diverged = new Set<string>();
  for (const name of names) {
    const tip = branches.read.get(name);
    if (!tip?.remote || !tip.ref) continue;
    bases.set(name, { ref: tip.ref, local: tip.local });
    if (tip.relation === 'diverged') diverged.add(name);
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
