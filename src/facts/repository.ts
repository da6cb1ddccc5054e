/**
 * Facts about a repository for the pure core: refs, the commit graph of the release lines, and
 * the policy file. This is the glue between the git adapter and `src/core/lines`; it reads in a
 * constant number of git processes however many tags and lines there are:
 *
 * - `Git.open`: `git version` (once per process) and one `rev-parse`;
 * - one `for-each-ref` for every branch, remote-tracking branch and tag with dates;
 * - one `git log --topo-order --stdin` for the history of all line branches, their latest tags
 *   and the development branch (bounded below; a second, whole one when the bound was too high),
 *   from which fork points and unreleased commits are computed in memory (see
 *   src/core/lines/graph.ts); none when the answers kept from an earlier run hold (see
 *   facts/line-history.ts);
 * - the policy file (facts/policy-file.ts) from the work tree (no git), or, in a bare repository, one `cat-file`.
 */
import { resolve } from 'node:path';
import { TrellisError } from '../core/errors.js';
import type { CommitGraph, LineDiscovery, RefFact } from '../core/lines/index.js';
import { discoverWithHistory, type LineHistoryOptions } from './line-history.js';
import { POLICY_FILE, readPolicy as readPolicyFile, type LoadedPolicy } from './policy-file.js';
import type { Policy } from '../core/policy/schema.js';
import { Git, isShallow, readCommitGraph, type GitStats, type RefInfo } from '../git/index.js';

/** Where branches are read from besides the local ones. */
export interface RefReadOptions {
  /** The remote whose remote-tracking branches count as the project's branches (default `origin`); null: local branches only. */
  remote?: string | null;
}

/** The remote read when none is named: `origin`, as `git clone` and `actions/checkout` name it. */
export const DEFAULT_REMOTE = 'origin';

/**
 * Branches and tags as the core reads them. A plain `git clone` (and every CI checkout) has the
 * release branches only as `refs/remotes/origin/*`: those count as the project's branches, under
 * their short names, wherever no local branch of the same name exists. Where both exist and point
 * at different commits, the one with the newer commit wins and a note says which was read.
 */
export function refFacts(refs: readonly RefInfo[], opts: RefReadOptions = {}): RefFact[] {
  return branchFacts(refs, opts).facts;
}

/** {@link refFacts} with the notes about local branches and their remote counterparts. */
export function branchFacts(refs: readonly RefInfo[], opts: RefReadOptions = {}): { facts: RefFact[]; notes: string[] } {
  const remote = opts.remote === undefined ? DEFAULT_REMOTE : opts.remote;
  const out: RefFact[] = [];
  const local = new Map<string, RefFact>();
  for (const r of refs) {
    if (r.kind !== 'branch' && r.kind !== 'tag') continue;
    const fact: RefFact = { name: r.shortName, kind: r.kind, commit: r.commit, date: r.date };
    if (r.kind === 'branch') local.set(r.shortName, fact);
    out.push(fact);
  }
  const notes: string[] = [];
  if (remote === null) return { facts: out, notes };
  const prefix = `refs/remotes/${remote}/`;
  for (const r of refs) {
    if (r.kind !== 'remote' || !r.name.startsWith(prefix)) continue;
    const name = r.name.slice(prefix.length);
    if (name === 'HEAD' || r.commit === null) continue;
    const mine = local.get(name);
    if (!mine) {
      out.push({ name, kind: 'branch', commit: r.commit, date: r.date, remote });
    } else if (mine.commit !== r.commit && (r.date ?? '') > (mine.date ?? '')) {
      // The remote's tip is newer: the local branch is behind (or has diverged and is older).
      Object.assign(mine, { commit: r.commit, date: r.date, remote });
      notes.push(`${name}: read ${remote}/${name} (its tip is newer than the local branch's; 'git pull' to update it)`);
    }
  }
  return { facts: out, notes };
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
  refs: RefFact[];
  /**
   * The history read for the answers (see facts/line-history.ts): empty when they were all kept
   * from an earlier run, bounded below when the bound sufficed; `readGraph` reads a whole one.
   */
  graph: CommitGraph;
  discovery: LineDiscovery;
}

/**
 * Reads the refs (one `for-each-ref`) and discovers the release lines with their fork points
 * and unreleased commits: answered from `.git/trellis/line-history` when nothing moved, else
 * from one bounded `git log` (two when the bound was too high; see facts/line-history.ts).
 */
export async function readLineFacts(git: Git, policy: Policy, opts: RefReadOptions & LineHistoryOptions = {}): Promise<LineFacts> {
  await refuseShallow(git);
  const { facts: refs, notes } = branchFacts(await git.refs({ remotes: opts.remote !== null }), opts);
  const { graph, discovery } = await discoverWithHistory(git, refs, policy, opts);
  discovery.warnings.push(...notes);
  return { refs, graph, discovery };
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
