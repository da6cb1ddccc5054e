/**
 * How a use case reaches GitHub: plain data a front end fills from its environment (the
 * Action's inputs, the CLI's GITHUB_TOKEN), opened here so front ends never import the adapter.
 */
import { openGitHub, type GitHub } from '../github/index.js';

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
