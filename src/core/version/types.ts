import { TrellisError } from '../errors.js';

/** The version schemes a policy can name. */
export type SchemeName = 'semver' | 'pep440' | 'rpm' | 'deb';

export const SCHEME_NAMES: readonly SchemeName[] = ['semver', 'pep440', 'rpm', 'deb'];

/** Options that change how a scheme reads and orders versions. */
export interface SchemeOptions {
  /**
   * semver only: numbered pre-release labels in rank order, e.g. `['alpha', 'beta', 'rc']`.
   * With them, `3.0.0-rc10` > `3.0.0-rc2` > `3.0.0-beta2` (label rank, then number) instead of
   * plain SemVer precedence (where `rc10` < `rc2`). Ignored by the other schemes.
   */
  prereleaseLabels?: readonly string[];
}

/** A pre-release marker: `rc1` is `{ label: 'rc', number: 1 }`; a bare `rc` has `number: null`. */
export interface PreRelease {
  label: string;
  number: number | null;
}

/**
 * Opaque, scheme-specific comparison key. It lives under a symbol so that it never shows up in
 * JSON output; only the scheme that made it can read it.
 */
export const ORDER_KEY: unique symbol = Symbol('trellis.version.orderKey');

/**
 * A version read by one scheme. Plain data (plus a hidden order key), safe to print as JSON.
 *
 * `release` holds the numeric release components: `[major, minor, patch]` for semver, every
 * release segment for PEP 440 (`1.2.3.4` gives four), and the leading numeric dot-separated
 * components of the version (rpm) or upstream version (deb). Later code uses `release[0..2]`
 * as release-line keys (`3.1` of `3.1.2`); missing components read as absent, not 0.
 */
export interface ParsedVersion {
  readonly scheme: SchemeName;
  /** The text as given. */
  readonly raw: string;
  /** Normal form: PEP 440 normalisation for pep440; the text as written for the others. */
  readonly normalized: string;
  /** PEP 440 epoch (`1!2.0`), rpm/deb epoch (`1:2.0`); 0 when absent and for semver. */
  readonly epoch: number;
  readonly release: readonly number[];
  readonly pre: PreRelease | null;
  /** PEP 440 post-release number; null elsewhere. */
  readonly post: number | null;
  /** PEP 440 dev-release number; for rpm/deb the commit count of a `.N.dev` build; else null. */
  readonly dev: number | null;
  /** PEP 440 local label (`+ubuntu.1`, normalised); null elsewhere. */
  readonly local: string | null;
  /** SemVer pre-release identifiers (numbers for numeric ones); empty elsewhere. */
  readonly prerelease: readonly (string | number)[];
  /** SemVer build metadata identifiers (ignored for precedence); empty elsewhere. */
  readonly build: readonly string[];
  /** rpm release / deb revision (`1.el9`, `0ubuntu1`); null when absent or not applicable. */
  readonly revision: string | null;
  /** True for pre-releases and development versions (SemVer `-x`, PEP 440 a/b/rc/dev, `~`). */
  readonly isPrerelease: boolean;
  /** @internal */
  readonly [ORDER_KEY]: unknown;
}

/** The uniform interface every scheme implements. */
export interface VersionScheme {
  readonly name: SchemeName;
  /** Reads `text` or throws `TrellisError('bad-version')` whose message gives the reason. */
  parse(text: string): ParsedVersion;
  /** Like `parse` but returns null for invalid input. */
  tryParse(text: string): ParsedVersion | null;
  /** null when `text` is valid, else a short reason (`leading zero in minor version`). */
  validate(text: string): string | null;
  /** -1, 0 or 1. Strings are parsed first (and throw when invalid). */
  compare(a: string | ParsedVersion, b: string | ParsedVersion): -1 | 0 | 1;
  /** The normal form (see `ParsedVersion.normalized`); throws when invalid. */
  normalize(text: string): string;
  /** Sorted ascending (or descending with `reverse`); equal versions keep their input order. */
  sort(list: readonly string[], opts?: { reverse?: boolean }): string[];
}

/** Result of the one function each scheme file provides. */
export type ParseResult = { ok: true; value: ParsedVersion } | { ok: false; reason: string };

export function badVersion(scheme: SchemeName, text: string, reason: string): TrellisError {
  return new TrellisError('bad-version', `not a valid ${scheme} version '${text}': ${reason}`, 2, { scheme, text, reason });
}

export function sign(n: number): -1 | 0 | 1 {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Compares two strings of ASCII digits as unbounded integers (leading zeros ignored). */
export function compareDigits(a: string, b: string): number {
  let i = 0;
  while (i < a.length - 1 && a.charCodeAt(i) === 48) i++;
  let j = 0;
  while (j < b.length - 1 && b.charCodeAt(j) === 48) j++;
  const la = a.length - i;
  const lb = b.length - j;
  if (la !== lb) return la < lb ? -1 : 1;
  for (; i < a.length; i++, j++) {
    const d = a.charCodeAt(i) - b.charCodeAt(j);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** The leading numeric dot-separated components (`3.1.0~rc1` gives [3, 1, 0]). */
export function leadingNumbers(text: string): number[] {
  const out: number[] = [];
  const m = /^\d+(?:\.\d+)*/.exec(text);
  if (!m) return out;
  for (const part of m[0].split('.')) {
    const n = Number(part);
    if (!Number.isSafeInteger(n)) break;
    out.push(n);
  }
  return out;
}
