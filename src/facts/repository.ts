/**
 * Facts about a repository for the pure core: refs, the commit graph of the release lines, and
 * the policy file. This is the glue between the git adapter and `src/core/lines`; it reads in a
 * constant number of git processes however many tags and lines there are:
 *
 * - `Git.open`: `git version` (once per process) and one `rev-parse`;
 * - one `for-each-ref` for every branch and tag with dates;
 * - one `git log --topo-order --stdin` for the history of all line branches, their latest tags
 *   and the development branch, from which fork points and unreleased commits are computed in
 *   memory (see src/core/lines/graph.ts);
 * - the policy file (facts/policy-file.ts) from the work tree (no git), or, in a bare repository, one `cat-file`.
 */
import { resolve } from 'node:path';
import { TrellisError } from '../core/errors.js';
import {
  GRAPH_LOG_FORMAT,
  discoverLines,
  emptyGraph,
  graphTips,
  parseCommitGraph,
  type CommitGraph,
  type LineDiscovery,
  type RefFact,
} from '../core/lines/index.js';
import { POLICY_FILE, readPolicy as readPolicyFile, type LoadedPolicy } from './policy-file.js';
import type { Policy } from '../core/policy/schema.js';
import { Git, type GitStats, type RefInfo } from '../git/index.js';

/** Branches and tags as the core reads them. */
export function refFacts(refs: readonly RefInfo[]): RefFact[] {
  const out: RefFact[] = [];
  for (const r of refs) {
    if (r.kind !== 'branch' && r.kind !== 'tag') continue;
    out.push({ name: r.shortName, kind: r.kind, commit: r.commit, date: r.date });
  }
  return out;
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
  graph: CommitGraph;
  discovery: LineDiscovery;
}

/**
 * Reads the refs (one `for-each-ref`) and the history of every line (one `git log`), and
 * discovers the release lines with their fork points and unreleased commits.
 */
export async function readLineFacts(git: Git, policy: Policy): Promise<LineFacts> {
  const refs = refFacts(await git.refs());
  const tips = graphTips(discoverLines(refs, policy));
  const graph = tips.length === 0 ? emptyGraph() : await readGraph(git, tips);
  return { refs, graph, discovery: discoverLines(refs, policy, graph) };
}

/** The history of `tips` (full commit ids) in topological order, in one process. */
export async function readGraph(git: Git, tips: readonly string[]): Promise<CommitGraph> {
  for (const t of tips) {
    if (!/^[0-9a-f]{40,64}$/.test(t)) throw new TrellisError('bad-input', `not a commit id: '${t}'`, 2);
  }
  // Revisions on stdin: no argument-length limit however many lines there are.
  const out = await git.text(['log', '--topo-order', `--format=${GRAPH_LOG_FORMAT}`, '--no-color', '--stdin'], {
    input: tips.join('\n') + '\n',
  });
  return parseCommitGraph(out);
}

export { POLICY_FILE, type LoadedPolicy };
