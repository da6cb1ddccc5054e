/**
 * Use case `version describe`: `git describe --tags` of a revision (or of the work tree) and every
 * package version derived from it (rpm, deb, tarball, PEP 440, setuptools-scm). Reads git through
 * the adapter: `rev-parse` to open the repository, the policy when there is one, one
 * `for-each-ref` of the tags (with a policy or a scheme), one `describe`.
 *
 * Which tag: the one `git describe --tags` finds (lightweight or annotated). With a policy, only
 * the tags it names count (its tag templates with versions of its scheme, and its entrypoint
 * tags); the others are passed to git as `--exclude` (or the few allowed ones as `--match`), so
 * git's own choice among the rest is kept.
 */
import { resolve } from 'node:path';
import { TrellisError, isTrellisError } from '../core/errors.js';
import { policyTagReader } from '../core/lines/tag-names.js';
import type { Policy } from '../core/policy/schema.js';
import {
  DERIVED_FORMS,
  convertDescribe,
  getScheme,
  schemeTagReader,
  setuptoolsScmVersion,
  tarantoolTag,
  tryParseDescribe,
  type DerivedForm,
  type Describe,
  type SchemeName,
  type TagReader,
} from '../core/version/index.js';
import { readPolicy } from '../facts/policy-file.js';
import { describeRevision, headIsUnborn, tagCommits, type DescribeOptions } from '../git/index.js';
import { openRepo, type RepoContext, type Workspace } from './context.js';

export interface VersionDescribeRequest {
  /** The repository (relative to the workspace's directory); default: the workspace's directory. */
  repo?: string | undefined;
  /** The revision; default: the work tree, marked dirty when modified. */
  rev?: string | undefined;
  /** The policy file (relative to the workspace's directory); default: `.trellis.yml` when there is one. */
  policy?: string | undefined;
  /** Without a policy: read tags as versions of this scheme (and count only those). */
  scheme?: SchemeName | undefined;
}

export interface VersionDescribeResult {
  /** `git describe --tags --long` as git printed it. */
  describe: string;
  tag: string;
  /** The release numbers of the tag (`[X, Y, Z]`; PEP 440 tags may have more or fewer). */
  release: number[];
  /** The tag's pre-release or entrypoint mark. */
  pre: Describe['pre'];
  distance: number;
  hash: string;
  dirty: boolean;
  /** Each derived form; null when the tag cannot be written in it (a label PEP 440 does not know). */
  forms: Record<DerivedForm, string | null>;
  /** The version setuptools-scm's default schemes give this commit (a dirty tree adds today's date). */
  setuptoolsScm: string | null;
}

export async function versionDescribe(ws: Workspace, req: VersionDescribeRequest = {}): Promise<VersionDescribeResult> {
  const repo = resolve(ws.cwd, req.repo ?? '.');
  const ctx = await openRepo(ws, repo).catch((e: unknown) => {
    throw openFailure(e, repo);
  });
  const policy = await policyOf(ctx, req.policy);
  const reader: TagReader = policy ? policyTagReader(policy) : req.scheme ? schemeTagReader(getScheme(req.scheme)) : tarantoolTag;
  const restrict = policy !== null || req.scheme !== undefined ? await restriction(ctx, reader) : {};
  if (restrict === null) {
    if (await headIsUnborn(ctx.git)) throw noCommits(repo);
    throw new TrellisError('not-found', `no version tag in ${repo}: none is a release, pre-release or entrypoint tag of the policy`, 2);
  }
  const text = await describeIn(ctx, repo, req.rev, restrict);
  const d = tryParseDescribe(text, reader);
  if (typeof d === 'string') {
    const hint =
      reader === tarantoolTag && /^tag '/.test(d) ? " (a policy, or --scheme pep440 or semver, reads the project's own tags)" : '';
    throw new TrellisError('bad-version', `cannot derive versions from '${text}' (${req.rev ?? 'HEAD'} in ${repo}): ${d}${hint}`);
  }
  const forms = Object.fromEntries(DERIVED_FORMS.map((f) => [f, orNull(() => convertDescribe(d, f))])) as Record<
    DerivedForm,
    string | null
  >;
  return {
    describe: text,
    tag: d.tag,
    release: d.release,
    pre: d.pre,
    distance: d.distance,
    hash: d.hash ?? '',
    dirty: d.dirty,
    forms,
    setuptoolsScm: orNull(() => setuptoolsScmVersion(d, ctx.today)),
  };
}

function orNull(f: () => string): string | null {
  try {
    return f();
  } catch (e) {
    if (isTrellisError(e) && e.code === 'bad-version') return null;
    throw e;
  }
}

/** The policy asked for, or the repository's when it has one (none is no restriction). */
async function policyOf(ctx: RepoContext, file: string | undefined): Promise<Policy | null> {
  try {
    return (await readPolicy({ git: ctx.git, cwd: ctx.cwd, file })).policy;
  } catch (e) {
    if (file === undefined && isTrellisError(e) && e.code === 'not-found') return null;
    throw e;
  }
}

/** The tags git may name: the ones `reader` accepts, as the shorter of a match or an exclude list (null: none). */
async function restriction(ctx: RepoContext, reader: TagReader): Promise<DescribeOptions | null> {
  const allowed: string[] = [];
  const excluded: string[] = [];
  for (const t of await tagCommits(ctx.git)) (typeof reader(t.name) === 'string' ? excluded : allowed).push(t.name);
  if (allowed.length === 0) return null;
  return allowed.length < excluded.length ? { match: allowed } : { exclude: excluded };
}

function noCommits(repo: string): TrellisError {
  return new TrellisError('not-found', `nothing to describe: ${repo} has no commits yet`, 2);
}

async function describeIn(ctx: RepoContext, repo: string, rev: string | undefined, opts: DescribeOptions): Promise<string> {
  try {
    return await describeRevision(ctx.git, rev, opts);
  } catch (e) {
    if (!isTrellisError(e)) throw e;
    if (rev === undefined && (await headIsUnborn(ctx.git))) throw noCommits(repo);
    if (e.code === 'unknown-revision') throw new TrellisError('unknown-revision', `unknown revision '${rev ?? 'HEAD'}' in ${repo}`);
    if (e.code === 'git') throw new TrellisError('git', `git describe failed in ${repo}: ${e.message.replace(/^git describe: /, '')}`);
    throw e;
  }
}

/** The repository could not be opened: no such folder (or no git), or no repository there. */
function openFailure(e: unknown, repo: string): unknown {
  if (!isTrellisError(e)) return e;
  const noFolder = e.code === 'not-a-repository' && / is not a directory$/.test(e.message);
  const noGit = e.code === 'git' && /not installed/.test(e.message);
  if (noFolder || noGit) {
    return new TrellisError('not-found', `cannot run git in '${repo}' (no such directory, or git is not installed)`);
  }
  if (e.code === 'not-a-repository') return new TrellisError('not-a-repository', `not a git repository: ${repo}`);
  return e;
}
