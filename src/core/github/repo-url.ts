/** `owner/repo` from the ways a GitHub repository is named: a remote URL or `GITHUB_REPOSITORY`. */

/** `owner/repo` of `https://host/owner/repo(.git)`, `git@host:owner/repo(.git)` or `ssh://git@host/owner/repo(.git)`; null otherwise. */
export function repoOfUrl(url: string): { owner: string; repo: string } | null {
  const m =
    /^(?:https?:\/\/(?:[^@/]+@)?[^/]+\/|ssh:\/\/(?:[^@/]+@)?[^/]+\/|[^@/\s]+@[^:/\s]+:)([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(
      url.trim(),
    );
  return m ? { owner: m[1] as string, repo: m[2] as string } : null;
}

/** `owner/repo` of a `GITHUB_REPOSITORY` value; null when it is not one. */
export function repoOfName(name: string): { owner: string; repo: string } | null {
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(name.trim());
  return m ? { owner: m[1] as string, repo: m[2] as string } : null;
}
