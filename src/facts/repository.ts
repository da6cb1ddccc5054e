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
 * - the policy file from the work tree (no git), or, in a bare repository, one `cat-file`.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
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
import { loadPolicy } from '../core/policy/load.js';
import type { Policy } from '../core/policy/schema.js';
import { Git, type GitStats, type RefInfo } from '../git/index.js';

/** The policy file's name at the repository root. */
export const POLICY_FILE = '.trellis.yml';

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

/** A loaded policy and where it came from (for messages). */
export interface LoadedPolicy {
  policy: Policy;
  /** The file as shown in messages: relative to `cwd` when inside it. */
  file: string;
}

/**
 * Reads and validates the policy: `file` (relative to `cwd`) when given, else `.trellis.yml` at
 * the root of the work tree, or in a bare repository the one committed on the development
 * branch. No policy is a `not-found` error (exit 2) that suggests `trellis init`.
 */
export async function readPolicy(git: Git, opts: { file?: string; cwd: string }): Promise<LoadedPolicy> {
  if (opts.file !== undefined) {
    const path = resolve(opts.cwd, opts.file);
    const text = await readText(path);
    if (text === null) throw new TrellisError('not-found', `policy file ${opts.file} not found`, 2);
    const shown = display(path, opts.cwd);
    return { policy: loadPolicy(text, shown), file: shown };
  }
  if (git.workTree !== null) {
    const path = join(git.workTree, POLICY_FILE);
    const text = await readText(path);
    const shown = display(path, opts.cwd);
    if (text !== null) return { policy: loadPolicy(text, shown), file: shown };
    throw noPolicy(git.workTree);
  }
  // A bare repository has no work tree: read the file committed on HEAD.
  const blob = await git.readFile('HEAD', POLICY_FILE).catch(() => null);
  if (blob === null) throw noPolicy(git.gitDir);
  const shown = `HEAD:${POLICY_FILE}`;
  return { policy: loadPolicy(blob.toString('utf8'), shown), file: shown };
}

function noPolicy(where: string): TrellisError {
  return new TrellisError(
    'not-found',
    `no policy file: ${POLICY_FILE} not found in ${where}; run 'trellis init' to write one (or pass --policy FILE)`,
    2,
  );
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    if (code === 'EISDIR') throw new TrellisError('bad-input', `${path} is a directory, not a policy file`, 2);
    throw new TrellisError('bad-input', `cannot read ${path}: ${(e as Error).message}`, 2);
  }
}

function display(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
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
