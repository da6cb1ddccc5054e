/**
 * Use case `version describe`: `git describe` of a revision (or of the work tree) and every
 * package version derived from it (rpm, deb, tarball, PEP 440). Reads git through the adapter:
 * one `rev-parse` to open the repository, one `describe`.
 */
import { resolve } from 'node:path';
import { TrellisError, isTrellisError } from '../core/errors.js';
import { deriveAll, tryParseDescribe, type DerivedForm, type Describe } from '../core/version/index.js';
import { describeRevision } from '../git/index.js';
import { openRepo, type RepoContext, type Workspace } from './context.js';

export interface VersionDescribeRequest {
  /** The repository (relative to the workspace's directory); default: the workspace's directory. */
  repo?: string | undefined;
  /** The revision; default: the work tree, marked dirty when modified. */
  rev?: string | undefined;
}

export interface VersionDescribeResult {
  /** `git describe --long` as git printed it. */
  describe: string;
  tag: string;
  /** `[X, Y, Z]` of the tag. */
  release: Describe['release'];
  /** The tag's pre-release or entrypoint mark. */
  pre: Describe['pre'];
  distance: number;
  hash: string;
  dirty: boolean;
  forms: Record<DerivedForm, string>;
}

export async function versionDescribe(ws: Workspace, req: VersionDescribeRequest = {}): Promise<VersionDescribeResult> {
  const repo = resolve(ws.cwd, req.repo ?? '.');
  const ctx = await openRepo(ws, repo).catch((e: unknown) => {
    throw openFailure(e, repo);
  });
  const text = await describeIn(ctx, repo, req.rev);
  const d = tryParseDescribe(text);
  if (typeof d === 'string')
    throw new TrellisError('bad-version', `cannot derive versions from '${text}' (${req.rev ?? 'HEAD'} in ${repo}): ${d}`);
  return {
    describe: text,
    tag: d.tag,
    release: d.release,
    pre: d.pre,
    distance: d.distance,
    hash: d.hash,
    dirty: d.dirty,
    forms: deriveAll(d),
  };
}

async function describeIn(ctx: RepoContext, repo: string, rev: string | undefined): Promise<string> {
  try {
    return await describeRevision(ctx.git, rev);
  } catch (e) {
    if (!isTrellisError(e)) throw e;
    if (e.code === 'unknown-revision') throw new TrellisError('unknown-revision', `unknown revision '${rev}' in ${repo}`);
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
