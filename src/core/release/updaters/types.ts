/**
 * Shared types of the version-file updaters. Every updater is a pure function from the text of one
 * file to its new text: no I/O, so callers read every file first, plan every edit, and write only
 * when every file and key was found.
 */

export type VersionFileKind = 'json' | 'toml' | 'yaml' | 'regex' | 'pin';

/** One version file as a policy names it. */
export interface VersionFileSpec {
  /** Path of the file, relative to the repository root. */
  path: string;
  kind: VersionFileKind;
  /**
   * Key path for json/toml/yaml (see `key-path.ts` for the syntax): `project.version`,
   * `tool.setuptools_scm.fallback_version`, `packages."".version`. For `pin` it narrows where
   * the pins are looked for (default: the usual dependency sections of the file's format).
   */
  key?: string;
  /** `regex`: a regular expression (JavaScript syntax, no delimiters) with one capture group. */
  pattern?: string;
  /** `regex`: a marker text; only lines carrying it (or between `<marker>-start`/`-end`) are edited. */
  marker?: string;
  /** `pin`: the dependency whose pinned version is bumped, e.g. `llama-stack-client`. */
  package?: string;
}

export interface VersionFileContext {
  /** The file's name as shown in messages (usually `spec.path`). */
  file: string;
}

/** One edited place. `before`/`after` are the whole line (without its line ending). */
export interface VersionChange {
  /** 1-based line number; edits never add or remove lines, so it is valid before and after. */
  line: number;
  before: string;
  after: string;
  /** The version text that was there, and what replaced it. */
  oldValue: string;
  newValue: string;
}

export interface VersionFileUpdate {
  text: string;
  /** Places whose text changed (empty when the file already had the new value: idempotent). */
  changes: VersionChange[];
  /** How many places hold the version, changed or not (Llama Stack-style client pin: 2). */
  occurrences: number;
}

/** A place holding a version, as found by `readVersionFile`. */
export interface VersionOccurrence {
  /** 1-based line number. */
  line: number;
  value: string;
}

/**
 * What a locator finds: the exact source range of one version value and how to spell a new
 * value there in the same style (same quotes, same escaping, same operator).
 */
export interface VersionSlot {
  /** Offsets into the text given to the locator, end exclusive. */
  start: number;
  end: number;
  /** The current value, decoded (no quotes). */
  value: string;
  /** The source text that replaces [start, end) to hold `newValue`. */
  encode(newValue: string): string;
}
