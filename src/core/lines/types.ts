/**
 * Release lines: the plain data `discoverLines` produces from ref facts and a policy, and that
 * `supportOf` and the commands (`status`, later `schedule` and `target`) read. No I/O here.
 */

/** A branch or tag as the facts layer reads it (one `for-each-ref`). */
export interface RefFact {
  /** Short name: `release-0.4.x`, `v0.4.1`. */
  name: string;
  kind: 'branch' | 'tag';
  /** The commit the ref finally points at; null when it is not a commit. */
  commit: string | null;
  /**
   * ISO 8601 with offset: the tagger date of an annotated tag, the committer date of the commit
   * otherwise (lightweight tags, branches). Null when git has none.
   */
  date: string | null;
  /**
   * For a branch read from a remote-tracking ref (`refs/remotes/origin/release-1.2.x`, what a
   * plain clone has): the remote's name. Absent for local branches and tags.
   */
  remote?: string;
}

/** A tag that names a version of a line. */
export interface LineTag {
  tag: string;
  /** The version as written in the tag (`0.4.0rc1`, `3.0.0-alpha1`). */
  version: string;
  commit: string | null;
  /** The tag's calendar date as recorded (`YYYY-MM-DD`, in the tagger's own offset), or null. */
  date: string | null;
  prerelease: boolean;
}

/** A branch that belongs to a line. */
export interface LineBranch {
  name: string;
  commit: string | null;
  /** The policy template that matched (`release-{major}.{minor}.x`), or `support.lines` for an explicit branch. */
  template: string;
  /** True when the template marks its lines end-of-life (`archive/{major}.{minor}`). */
  eol: boolean;
  /** `{patch}` of per-release branches (`release/0.6.1`), else null. */
  patch: number | null;
  codename: string | null;
}

/** Where a line's branch left the development branch. */
export interface ForkPoint {
  commit: string;
  /** Committer date of that commit, `YYYY-MM-DD`. */
  date: string | null;
}

/** One release line (or the development line) with its facts. */
export interface ReleaseLine {
  /** `X.Y` (or `X` when lines are majors). For a development line whose next version is not known yet, a projection (see `keyProjected`). */
  key: string;
  major: number;
  /** Null when lines are keyed by major. */
  minor: number | null;
  /** `development`: the line that lives on the development branch (main, or develop in git-flow). */
  kind: 'release' | 'development';
  /** True when the development line's key is a guess (the next minor after the newest line). */
  keyProjected: boolean;
  /** The branch fixes for this line go to, or null (tags only). */
  branch: string | null;
  branchCommit: string | null;
  /** Every branch of the line, the heading one first (per-release branches `release/0.6.0`, `release/0.6.1`, ...). */
  branches: LineBranch[];
  codename: string | null;
  /** False when the line has no branch: nothing can be backported to it. */
  maintainable: boolean;
  /** The line's branch matches an end-of-life template (tarantool's `archive/X.Y`). */
  eolByTemplate: boolean;
  /** Stable releases, oldest version first. */
  releases: LineTag[];
  /** Pre-releases (`rcN`, `-alphaN`, `.devN`), oldest version first. */
  prereleases: LineTag[];
  firstRelease: LineTag | null;
  latestRelease: LineTag | null;
  /** The base for unreleased commits: the highest-version tag of the line (stable or not) but a development marker (`v0.7.2-dev`, core/version/markers.ts), which is taken only when the line has no other tag. */
  latestTag: LineTag | null;
  /** Entrypoint tag of the line (Tarantool-style `X.Y.0-entrypoint`); never a release. */
  entrypoint: { tag: string; commit: string | null } | null;
  /** Filled when a commit graph is given to `discoverLines`. */
  forkPoint: ForkPoint | null;
  /** Commits on the branch that its latest tag (or entrypoint) does not contain; null when unknown or without branch. */
  unreleasedCommits: number | null;
  /** Facts worth telling the reader (no branch, archived, template conflicts). */
  notes: string[];
}

/** The result of discovery. */
export interface LineDiscovery {
  /** The development line first (when its branch exists), then release lines, newest first. */
  lines: ReleaseLine[];
  /** The development branch (`branches.develop` in git-flow, else `branches.main`). */
  developmentBranch: string;
  /** Things that are not about one line (development branch missing, tags that do not parse). */
  warnings: string[];
}
