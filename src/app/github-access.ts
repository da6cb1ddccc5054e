/**
 * How a use case reaches GitHub: plain data a front end fills from its environment (the
 * Action's inputs, the CLI's GITHUB_TOKEN), opened here so front ends never import the adapter.
 */
import { TrellisError } from '../core/errors.js';
import { repoOfName, repoOfUrl } from '../core/github/repo-url.js';
import { remoteUrl } from '../git/index.js';
import { openGitHub, type GitHub } from '../github/index.js';
import type { RepoContext } from './context.js';

/** The repository on GitHub and the credentials to act on it. */
export interface GitHubAccess {
  /** `https://api.github.com` (GITHUB_API_URL). */
  apiUrl: string;
  owner: string;
  repo: string;
  token?: string | undefined;
  /** A GitHub App (its pull requests start CI, which those opened with GITHUB_TOKEN do not). */
  app?: { id: string; privateKey: string } | undefined;
}

/** Opens the client for `access`. */
export function connect(access: GitHubAccess): Promise<GitHub> {
  return openGitHub({ ...access, userAgent: 'trellis' });
}

/**
 * The GitHub repository a clone belongs to: `GITHUB_REPOSITORY` when set (the Actions
 * environment), else `remote`'s URL (`https://github.com/owner/repo.git`, `git@github.com:owner/repo`).
 */
export async function repoOfClone(ctx: RepoContext, remote: string): Promise<{ owner: string; repo: string }> {
  const named = ctx.env.GITHUB_REPOSITORY ? repoOfName(ctx.env.GITHUB_REPOSITORY) : null;
  if (named) return named;
  const url = await remoteUrl(ctx.git, remote);
  const fromUrl = url ? repoOfUrl(url) : null;
  if (fromUrl) return fromUrl;
  throw new TrellisError(
    'usage',
    `cannot tell the GitHub repository: set GITHUB_REPOSITORY=owner/repo (remote ${remote} is ${url ? 'not a GitHub URL' : 'not configured'})`,
    2,
  );
}
