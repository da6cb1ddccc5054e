/** The facts and guesses of reading a repository's release process (detect.ts). */

/** What the repository shows, as read by facts/repository-shape.ts. */
export interface RepoShape {
  /** Branch names without their namespace (`main`, `release/1.2`), local and the remote's, without duplicates. */
  branches: readonly string[];
  tags: readonly string[];
  /** The branch the remote's HEAD names, or the checked-out one. */
  head: { branch: string; source: string } | null;
  /** Files (paths from the root) at the development branch, for version files. */
  files: readonly string[];
  /** The text of the few files read for keys and names (package.json, pyproject.toml, Cargo.toml, version.py files). */
  texts: Readonly<Record<string, string>>;
  /** The folder's name, when nothing names the project. */
  folder: string;
  /** Each tag's date as recorded (`YYYY-MM-DD`: the tagger's for an annotated tag, else the commit's); absent when not read. */
  tagDates?: Readonly<Record<string, string>>;
}

/** A guess and why. */
export interface Guess<T> {
  value: T;
  evidence: string;
}

export interface ReleaseTemplateGuess extends Guess<string> {
  eol: boolean;
}

export interface VersionFileGuess {
  path: string;
  kind: 'json' | 'toml' | 'regex';
  key?: string;
  pattern?: string;
  evidence: string;
}

export interface RepoReading {
  name: Guess<string>;
  packages: Array<{ ecosystem: string; name: string; evidence: string }>;
  main: Guess<string>;
  develop: Guess<string> | null;
  release: ReleaseTemplateGuess[];
  /** Branches that end in a version but were not taken as release lines, each with why. */
  releaseLeftOut: string[];
  tag: Guess<string[]>;
  scheme: Guess<'semver' | 'pep440'>;
  prerelease: Guess<{ labels: string[]; format: string }> | null;
  versionFiles: VersionFileGuess[];
  hotfix: Guess<string> | null;
  /** The entrypoint tag template (Tarantool-style series), when such tags exist. */
  entrypoint: Guess<string> | null;
  /**
   * The lines the tags show patched lately, newest first: the newest released line and the older
   * ones with a release after a newer one was out (see detect.ts); what the history shows of the
   * support rule, which it cannot decide (null without dated releases).
   */
  recentLines: Guess<string[]> | null;
  /** A few tags a tag template matches that the scheme cannot read (`versioning.ignoreTags`), or null. */
  strayTags: Guess<string[]> | null;
}
