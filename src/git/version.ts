/** The version of the git executable, parsed once per executable and compared by feature. */
import { TrellisError } from '../core/errors.js';
import type { GitRunner } from './run.js';

/** A parsed `git version` (`2.39.5`, `2.43.0.windows.1` → 2, 43, 0). */
export interface GitVersion {
  major: number;
  minor: number;
  patch: number;
  /** The full text after `git version `. */
  raw: string;
}

/** Features whose minimum version Trellis checks, with the version that introduced them. */
export const GIT_FEATURES = {
  /** `rev-parse --path-format=absolute`; the baseline for opening a repository. */
  baseline: '2.31.0',
  /** `merge-tree --write-tree`: cherry-picks without a work tree. */
  mergeTreeWriteTree: '2.38.0',
  /** `merge-tree --stdin`: many merges through one process. */
  mergeTreeStdin: '2.39.0',
  /** `merge-tree --merge-base`: picks without temporary commits. */
  mergeTreeMergeBase: '2.40.0',
  /** `worktree list --porcelain -z`. */
  worktreeListZ: '2.36.0',
} as const;

export type GitFeature = keyof typeof GIT_FEATURES;

/** Parses the output of `git version`. */
export function parseGitVersion(text: string): GitVersion {
  const m = /git version (\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) throw new TrellisError('git', `cannot understand git's version: ${text.trim()}`, 2);
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: Number(m[3] ?? 0),
    raw: text.trim().replace(/^git version /, ''),
  };
}

/** Compares two versions; negative when `a < b`. */
export function compareGitVersions(a: GitVersion, b: GitVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** True when `v` is at least `min` (`'2.38.0'`). */
export function gitAtLeast(v: GitVersion, min: string): boolean {
  return compareGitVersions(v, parseGitVersion(`git version ${min}`)) >= 0;
}

/** Throws `git-too-old` naming the version needed when `v` lacks `feature`. */
export function requireGit(v: GitVersion, feature: GitFeature, what: string): void {
  const min = GIT_FEATURES[feature];
  if (!gitAtLeast(v, min)) {
    throw new TrellisError('git-too-old', `${what} needs git ${min.replace(/\.0$/, '')} or newer; this is git ${v.raw}`, 2);
  }
}

const cache = new Map<string, Promise<GitVersion>>();

/** The version of the runner's git executable, asked once per executable path per process. */
export function gitVersion(runner: GitRunner): Promise<GitVersion> {
  let p = cache.get(runner.gitPath);
  if (!p) {
    p = runner.text(['version']).then(parseGitVersion);
    cache.set(runner.gitPath, p);
    p.catch(() => cache.delete(runner.gitPath));
  }
  return p;
}
