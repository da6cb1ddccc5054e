/**
 * Facts about a repository for the pure core: refs, the commit graph of the release lines, and
 * the policy file. This is the glue between the git adapter and `src/core/lines`; it reads in a
 * constant number of git processes however many tags and lines there are:
 *
 * - `Git.open`: `git version` (once per process) and one `rev-parse`;
 * - one `for-each-ref` for every branch, remote-tracking branch and tag with dates (facts/branches.ts,
 *   plus one `rev-list` per branch whose local and remote tips differ);
 * - one small `rev-list` (a sample of the development branch's first-parent chain) and one `git
 *   log --topo-order --stdin` for the history of all line branches, their latest tags and the
 *   development branch (bounded below; a second, whole one when the bound was too high), from
 *   which fork points and unreleased commits are computed in memory (see
 *   src/core/lines/graph.ts); on a merge-heavy history, the first-parent chains and about one
 *   small read per line instead (facts/history-reads.ts); none when the answers kept from an
 *   earlier run hold (see facts/line-history.ts);
 * - the policy file (facts/policy-file.ts) from the work tree (no git), or, in a bare repository, one `cat-file`.
 */
import { resolve } from 'node:path';
import { TrellisError } from '../core/errors.js';
import type { CommitGraph, LineDiscovery, RefFact } from '../core/lines/index.js';
import { branchesFromRefs, DEFAULT_REMOTE, readProjectBranches, type BranchReadOptions, type ProjectBranches } from './branches.js';
import { discoverWithHistory, type LineHistoryOptions } from './line-history.js';
import { POLICY_FILE, readPolicy as readPolicyFile, type LoadedPolicy } from './policy-file.js';
import type { Policy } from '../core/policy/schema.js';
import { Git, isShallow, readCommitGraph, type GitStats, type RefInfo } from '../git/index.js';

/**
 * Branches and tags from refs already read, as line discovery takes them (a thin caller of
 * facts/branches.ts, the one branch reader, for refs read elsewhere: without git, a local branch
 * and the remote's that differ are decided by the newer commit; `readProjectBranches` decides by
 * ancestry and is what the commands use).
 */
export function refFacts(refs: readonly RefInfo[], opts: BranchReadOptions = {}): RefFact[] {
  return branchesFromRefs(refs, opts.remote === undefined ? DEFAULT_REMOTE : opts.remote).facts;
}

/** Opens the repository at `path` (relative to `cwd`), with the caller's environment (and process counters). */
export function openRepository(path: string | undefined, cwd: string, env: NodeJS.ProcessEnv, stats?: GitStats): Promise<Git> {
  return Git.open(resolve(cwd, path ?? '.'), { env, ...(stats ? { stats } : {}) });
}

/** Reads the policy (see facts/policy-file.ts, the one reader). */
export async function readPolicy(git: Git, opts: { file?: string | undefined; cwd: string }): Promise<LoadedPolicy> {
  return readPolicyFile({ git, cwd: opts.cwd, file: opts.file });
}

/** Everything status needs from git. */
export interface LineFacts {
  /** Branches (as read: local, or the remote's) and tags. */
  refs: RefFact[];
  /** The branches with where each was read from (facts/branches.ts). */
  branches: ProjectBranches;
  /**
   * The history read for the answers (see facts/line-history.ts): empty when they were all kept
   * from an earlier run, bounded below when the bound sufficed; `readGraph` reads a whole one.
   */
  graph: CommitGraph;
  discovery: LineDiscovery;
}

/**
 * Reads the branches (facts/branches.ts: one `for-each-ref` where local and remote agree) and
 * discovers the release lines with their fork points and unreleased commits: answered from
 * `.git/trellis/line-history` when nothing moved, else from one bounded `git log` (two when the
 * bound was too high; see facts/line-history.ts).
 */
export async function readLineFacts(git: Git, policy: Policy, opts: BranchReadOptions & LineHistoryOptions = {}): Promise<LineFacts> {
  await refuseShallow(git);
  const branches = await readProjectBranches(git, policy, opts);
  const refs = branches.facts;
  const { graph, discovery } = await discoverWithHistory(git, refs, policy, opts);
  discovery.warnings.push(...branches.notes);
  return { refs, branches, graph, discovery };
}

/**
 * A shallow clone (CI's default `fetch-depth: 1`) lacks the history that fork points, unreleased
 * commits and backports are computed from: refused with the command that fixes it.
 */
export async function refuseShallow(git: Git): Promise<void> {
  if (await isShallow(git)) {
    throw new TrellisError(
      'bad-input',
      `${git.workTree ?? git.gitDir} is a shallow clone: run 'git fetch --unshallow' (in GitHub Actions: actions/checkout with fetch-depth: 0)`,
      2,
    );
  }
}

/** The history of `tips` (full commit ids) in topological order, in one process (git/graph-log.ts). */
export function readGraph(git: Git, tips: readonly string[]): Promise<CommitGraph> {
  return readCommitGraph(git, tips);
}

export { POLICY_FILE, type LoadedPolicy };
