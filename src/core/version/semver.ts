/**
 * SemVer 2.0.0 on the `semver` library (strict mode): the library decides validity and reads
 * the parts; precedence (spec item 11) is evaluated here on the parsed parts so that a sort
 * parses each version once and never re-parses inside the comparator. Build metadata is
 * ignored for precedence. Tests check this order against `semver.compare` on generated input.
 *
 * With `prereleaseLabels` (e.g. alpha, beta, rc) pre-releases written `-rc10` or `-rc.10`
 * order by label rank and then number, so `3.0.0-rc10` > `3.0.0-rc2` > `3.0.0-beta2`.
 */
import semver from 'semver';
import { usageError } from '../errors.js';
import { makeScheme } from './base.js';
import {
  ORDER_KEY,
  compareDigits,
  type ParseResult,
  type ParsedVersion,
  type PreRelease,
  type SchemeOptions,
  type VersionScheme,
} from './types.js';

type Ident = string | number;

interface Labelled {
  rank: number;
  /** digits of the number, null for a bare label (`-rc` sorts before `-rc0`) */
  num: string | null;
  rest: Ident[];
}

interface SemverKey {
  major: number;
  minor: number;
  patch: number;
  pre: Ident[];
  /** set only when labels are declared and the first identifier is one of them */
  labelled: Labelled | null;
}

const DIGITS = /^[0-9]+$/;
const LABEL = /^[A-Za-z-]+$/;

/** SemVer identifier order: numeric < alphanumeric, numbers by value, text by ASCII. */
function compareIdent(a: Ident, b: Ident): number {
  const an = typeof a === 'number' || DIGITS.test(a);
  const bn = typeof b === 'number' || DIGITS.test(b);
  if (an && bn) {
    if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
    return compareDigits(String(a), String(b));
  }
  if (an) return -1;
  if (bn) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareIdents(a: readonly Ident[], b: readonly Ident[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareIdent(a[i] as Ident, b[i] as Ident);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function comparePre(a: SemverKey, b: SemverKey, labelsOn: boolean): number {
  if (a.pre.length === 0 || b.pre.length === 0) return b.pre.length - a.pre.length; // release > pre-release
  if (!labelsOn) return compareIdents(a.pre, b.pre);
  const la = a.labelled;
  const lb = b.labelled;
  // Pre-releases without a declared label (`-entrypoint`, `-dev.3`) order before declared ones.
  if (!la || !lb) return la ? 1 : lb ? -1 : compareIdents(a.pre, b.pre);
  if (la.rank !== lb.rank) return la.rank - lb.rank;
  if (la.num !== lb.num) {
    if (la.num === null) return -1;
    if (lb.num === null) return 1;
    const c = compareDigits(la.num, lb.num);
    if (c !== 0) return c;
  }
  return compareIdents(la.rest, lb.rest);
}

function keyOf(v: ParsedVersion): SemverKey {
  return v[ORDER_KEY] as SemverKey;
}

/** Why `text` is not SemVer 2.0.0; only called once the library has rejected it. */
export function explainInvalidSemver(text: string): string {
  if (text === '') return 'empty';
  if (/^\s|\s$/.test(text)) return 'leading or trailing whitespace';
  if (/^[vV=]/.test(text)) return `a leading '${text[0]}' is not part of SemVer 2.0.0 (strip the tag prefix)`;
  if (text.length > 256) return 'longer than 256 characters';
  const plus = text.indexOf('+');
  const main = plus < 0 ? text : text.slice(0, plus);
  if (plus >= 0) {
    const build = text.slice(plus + 1).split('.');
    if (build.some((b) => b === '')) return 'empty build metadata identifier';
    const badB = build.find((b) => !/^[0-9A-Za-z-]+$/.test(b));
    if (badB !== undefined) return `invalid character in build metadata '${badB}'`;
  }
  const dash = main.indexOf('-');
  const core = dash < 0 ? main : main.slice(0, dash);
  const parts = core.split('.');
  if (parts.length !== 3) return `expected MAJOR.MINOR.PATCH, got ${parts.length} component${parts.length === 1 ? '' : 's'} in '${core}'`;
  const names = ['major', 'minor', 'patch'];
  for (let i = 0; i < 3; i++) {
    const p = parts[i] as string;
    if (!DIGITS.test(p)) return `${names[i]} version '${p}' is not a number`;
    if (p.length > 1 && p.startsWith('0')) return `leading zero in ${names[i]} version '${p}'`;
    if (!Number.isSafeInteger(Number(p))) return `${names[i]} version '${p}' is too large`;
  }
  if (dash >= 0) {
    const ids = main.slice(dash + 1).split('.');
    if (ids.some((id) => id === '')) return 'empty pre-release identifier';
    const badP = ids.find((id) => !/^[0-9A-Za-z-]+$/.test(id));
    if (badP !== undefined) return `invalid character in pre-release identifier '${badP}'`;
    const zero = ids.find((id) => DIGITS.test(id) && id.length > 1 && id.startsWith('0'));
    if (zero !== undefined) return `leading zero in numeric pre-release identifier '${zero}'`;
  }
  return 'not a SemVer 2.0.0 version';
}

/** The descriptive `pre` of a pre-release: `alpha1`, `rc.2`, `beta` (label, then number). */
function describePre(ids: readonly Ident[]): PreRelease | null {
  if (ids.length === 0) return null;
  const first = ids[0] as Ident;
  if (typeof first === 'number') return { label: '', number: first };
  const m = /^(.*?)([0-9]*)$/.exec(first) as RegExpExecArray;
  const label = m[1] as string;
  const digits = m[2] as string;
  if (digits !== '' && label !== '') return { label, number: Number(digits) };
  if (DIGITS.test(first)) return { label: '', number: Number(first) };
  const next = ids[1];
  return { label: first, number: typeof next === 'number' ? next : null };
}

/** Builds the semver scheme; `prereleaseLabels` switches on numbered-label ordering. */
export function semverScheme(opts: SchemeOptions = {}): VersionScheme {
  const labels = opts.prereleaseLabels ?? [];
  const ranks = new Map<string, number>();
  labels.forEach((l, i) => {
    if (!LABEL.test(l)) throw usageError(`pre-release label '${l}' must be letters or hyphens only`);
    if (ranks.has(l)) throw usageError(`pre-release label '${l}' is listed twice`);
    ranks.set(l, i);
  });
  const labelsOn = ranks.size > 0;

  const labelOf = (ids: Ident[]): Labelled | null => {
    const first = ids[0];
    if (typeof first !== 'string') return null;
    const m = /^([A-Za-z-]*?)([0-9]*)$/.exec(first);
    if (!m) return null;
    const rank = ranks.get(m[1] as string);
    if (rank === undefined) return null;
    if (m[2] !== '') return { rank, num: m[2] as string, rest: ids.slice(1) };
    const next = ids[1];
    if (next !== undefined && (typeof next === 'number' || DIGITS.test(next))) {
      return { rank, num: String(next), rest: ids.slice(2) };
    }
    return { rank, num: null, rest: ids.slice(1) };
  };

  const read = (text: string): ParseResult => {
    // The library accepts a leading 'v' and surrounding blanks even in strict mode; SemVer does not.
    const v = /^[vV=\s]|\s$/.test(text) ? null : semver.parse(text, { loose: false });
    if (!v) return { ok: false, reason: explainInvalidSemver(text) };
    const pre = v.prerelease.slice() as Ident[];
    const labelled = labelsOn && pre.length > 0 ? labelOf(pre) : null;
    const key: SemverKey = { major: v.major, minor: v.minor, patch: v.patch, pre, labelled };
    const parsed: ParsedVersion = {
      scheme: 'semver',
      raw: text,
      normalized: text,
      epoch: 0,
      release: [v.major, v.minor, v.patch],
      pre: labelled
        ? { label: labels[labelled.rank] as string, number: labelled.num === null ? null : Number(labelled.num) }
        : describePre(pre),
      post: null,
      dev: null,
      local: null,
      prerelease: pre,
      build: v.build.slice(),
      revision: null,
      isPrerelease: pre.length > 0,
      [ORDER_KEY]: key,
    };
    return { ok: true, value: parsed };
  };

  const order = (pa: ParsedVersion, pb: ParsedVersion): -1 | 0 | 1 => {
    const a = keyOf(pa);
    const b = keyOf(pb);
    if (a.major !== b.major) return a.major < b.major ? -1 : 1;
    if (a.minor !== b.minor) return a.minor < b.minor ? -1 : 1;
    if (a.patch !== b.patch) return a.patch < b.patch ? -1 : 1;
    const c = comparePre(a, b, labelsOn);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  };

  return makeScheme('semver', read, order);
}
