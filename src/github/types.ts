/** GitHub's objects as Trellis uses them: plain data, independent of Octokit's types. */

/** The repository a client talks to. */
export interface RepoId {
  owner: string;
  repo: string;
}

/** A pull request, as much of it as backporting reads. */
export interface PullInfo {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  draft: boolean;
  merged: boolean;
  mergeCommit: string | null;
  headRef: string;
  headSha: string;
  baseRef: string;
  author: string;
  labels: string[];
  milestone: number | null;
  /** Number of commits on the pull request. */
  commits: number;
  url: string;
}

/** What opening a pull request needs. */
export interface NewPull {
  title: string;
  body: string;
  head: string;
  base: string;
  draft: boolean;
}

/** An issue or pull request comment. */
export interface CommentInfo {
  id: number;
  body: string;
  author: string;
}

/** A collaborator's permission on the repository (`none` for strangers). */
export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

/** A commit status to set. */
export interface CommitStatus {
  sha: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  context: string;
  description: string;
}
