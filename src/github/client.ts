/**
 * The GitHub adapter's client: Octokit with the retry and throttling plugins, authenticated by a
 * token or as a GitHub App installation (`@octokit/auth-app`). Every API call Trellis makes is a
 * named function in this folder taking a {@link GitHub}; nothing else talks to the API.
 */
import { createAppAuth } from '@octokit/auth-app';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { TrellisError } from '../core/errors.js';
import type { RepoId } from './types.js';

// The plugins add behaviour, not methods Trellis calls: the client keeps Octokit's type.
const Client: typeof Octokit = Octokit.plugin(retry, throttling);
type ClientInstance = Octokit;

/** A client bound to one repository, with a request counter (benchmarks). */
export interface GitHub extends RepoId {
  octokit: ClientInstance;
  /** Requests made so far. */
  stats: { requests: number };
}

/** How to reach and authenticate to GitHub. */
export interface GitHubOptions extends RepoId {
  /** `https://api.github.com`, or a GitHub Enterprise Server / test server URL. */
  apiUrl: string;
  token?: string | undefined;
  /** A GitHub App: its id and private key (PEM); the installation on `owner/repo` is looked up. */
  app?: { id: string; privateKey: string } | undefined;
  userAgent?: string;
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

function make(opts: GitHubOptions, auth: Record<string, unknown> | string | undefined, strategy?: typeof createAppAuth): ClientInstance {
  return new Client({
    baseUrl: opts.apiUrl.replace(/\/+$/, ''),
    userAgent: opts.userAgent ?? 'trellis',
    ...(strategy ? { authStrategy: strategy } : {}),
    ...(auth !== undefined ? { auth } : {}),
    // GitHub asks for a second between content-creating requests; a loopback server (the tests,
    // the benchmark) has no such limit, so the spacing is left out there.
    throttle: {
      enabled: !isLoopback(opts.apiUrl),
      onRateLimit: (_after: number, _o: unknown, _k: unknown, retryCount: number) => retryCount < 2,
      onSecondaryRateLimit: (_after: number, _o: unknown, _k: unknown, retryCount: number) => retryCount < 1,
    },
    retry: { doNotRetry: [400, 401, 403, 404, 409, 422, 451] },
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
}

/** Opens a client for `owner/repo`: with a token, or as the App's installation on the repository. */
export async function openGitHub(opts: GitHubOptions): Promise<GitHub> {
  let octokit: ClientInstance;
  if (opts.app) {
    const appAuth = { appId: opts.app.id, privateKey: opts.app.privateKey };
    const asApp = make(opts, appAuth, createAppAuth);
    const { data } = await asApp.rest.apps.getRepoInstallation({ owner: opts.owner, repo: opts.repo });
    octokit = make(opts, { ...appAuth, installationId: data.id }, createAppAuth);
  } else if (opts.token) {
    octokit = make(opts, opts.token);
  } else {
    throw new TrellisError('usage', 'no GitHub credentials: set GITHUB_TOKEN (or GH_TOKEN), or give a GitHub App id and private key', 2);
  }
  const stats = { requests: 0 };
  octokit.hook.before('request', () => {
    stats.requests += 1;
  });
  return { octokit, owner: opts.owner, repo: opts.repo, stats };
}

/** A GitHub API failure as one line (status and GitHub's message), never the request or its headers. */
export function apiFailure(e: unknown, what: string): TrellisError {
  const status = (e as { status?: number }).status;
  const message = (e as { response?: { data?: { message?: string } } }).response?.data?.message ?? (e as Error).message;
  return new TrellisError('github', `GitHub: ${what} failed${status ? ` (${status})` : ''}: ${message}`, 1);
}
