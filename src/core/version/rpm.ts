/**
 * RPM version order, written by hand: no well-kept npm library implements rpm's comparison
 * exactly (including `~`, `^` and epoch:version-release as rpm 4.16+ parses it), and packages
 * must order exactly as `rpm` orders them. Tests compare this module with the real `rpm`
 * (rpm.vercmp through `rpm --eval`) on thousands of generated versions.
 *
 * The algorithm (rpmvercmp): walk both strings; skip separators (anything not an ASCII letter,
 * digit, `~` or `^`); `~` sorts before everything, even the end of the string; `^` sorts after
 * the end of the string but before anything else; then compare the next run of digits or of
 * letters: digits by value, letters by byte, a digit run beats a letter run; when one string
 * runs out, the longer one wins unless only separators are left.
 */
import { makeScheme } from './base.js';
import { ORDER_KEY, leadingNumbers, type ParseResult, type ParsedVersion, type VersionScheme } from './types.js';

const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const TILDE = 126;
const CARET = 94;

/** rpm's rpmvercmp on one field (version or release): -1, 0 or 1. */
export function rpmvercmp(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  const la = a.length;
  const lb = b.length;
  while (i < la || j < lb) {
    while (i < la && !isAlpha(a.charCodeAt(i)) && !isDigit(a.charCodeAt(i)) && a.charCodeAt(i) !== TILDE && a.charCodeAt(i) !== CARET) i++;
    while (j < lb && !isAlpha(b.charCodeAt(j)) && !isDigit(b.charCodeAt(j)) && b.charCodeAt(j) !== TILDE && b.charCodeAt(j) !== CARET) j++;
    const ca = i < la ? a.charCodeAt(i) : 0;
    const cb = j < lb ? b.charCodeAt(j) : 0;
    if (ca === TILDE || cb === TILDE) {
      if (ca !== TILDE) return 1;
      if (cb !== TILDE) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === CARET || cb === CARET) {
      if (i >= la) return -1;
      if (j >= lb) return 1;
      if (ca !== CARET) return 1;
      if (cb !== CARET) return -1;
      i++;
      j++;
      continue;
    }
    if (i >= la || j >= lb) break;
    const numeric = isDigit(ca);
    const test = numeric ? isDigit : isAlpha;
    let ei = i;
    while (ei < la && test(a.charCodeAt(ei))) ei++;
    let ej = j;
    while (ej < lb && test(b.charCodeAt(ej))) ej++;
    // A digit run against a letter run: the digits are newer.
    if (ej === j) return numeric ? 1 : -1;
    if (numeric) {
      while (i < ei - 1 && a.charCodeAt(i) === 48) i++;
      while (j < ej - 1 && b.charCodeAt(j) === 48) j++;
      // All-zero runs leave one '0'; rpm strips every zero, which compares the same.
      const na = ei - i;
      const nb = ej - j;
      if (na !== nb) return na > nb ? 1 : -1;
    }
    const sa = a.slice(i, ei);
    const sb = b.slice(j, ej);
    if (sa !== sb) return sa < sb ? -1 : 1;
    i = ei;
    j = ej;
  }
  if (i >= la && j >= lb) return 0;
  return i >= la ? -1 : 1;
}

export interface Evr {
  /** null when the text has no `N:` prefix (compares as 0) */
  epoch: string | null;
  version: string;
  /** null when there is no `-`; a missing release sorts before any release */
  release: string | null;
}

/** Splits `[epoch:]version[-release]` the way rpm does: epoch only if all digits before `:`. */
export function splitEvr(text: string): Evr {
  let k = 0;
  while (k < text.length && isDigit(text.charCodeAt(k))) k++;
  const dash = text.lastIndexOf('-');
  const hasEpoch = text.charCodeAt(k) === 58; // ':'
  const vStart = hasEpoch ? k + 1 : 0;
  const split = dash >= vStart ? dash : -1;
  return {
    epoch: hasEpoch ? (k === 0 ? '0' : text.slice(0, k)) : null,
    version: text.slice(vStart, split >= 0 ? split : text.length),
    release: split >= 0 ? text.slice(split + 1) : null,
  };
}

/** rpm's comparison of two EVR strings (as `rpm.vercmp` in rpm 4.16+). */
export function rpmCompareEvr(a: Evr, b: Evr): -1 | 0 | 1 {
  const c = rpmvercmp(a.epoch ?? '0', b.epoch ?? '0') || rpmvercmp(a.version, b.version);
  if (c !== 0) return c;
  if (a.release === null || b.release === null) return a.release === b.release ? 0 : a.release === null ? -1 : 1;
  return rpmvercmp(a.release, b.release);
}

const FIELD = /^[A-Za-z0-9._+~^]+$/;

function explainField(what: string, s: string): string | null {
  if (s === '') return `empty ${what}`;
  const bad = /[^A-Za-z0-9._+~^]/.exec(s);
  if (bad) return `invalid character '${bad[0]}' in ${what}`;
  if (s.includes('..')) return `'..' in ${what}`;
  return null;
}

function read(text: string): ParseResult {
  if (text === '') return { ok: false, reason: 'empty' };
  if (/\s/.test(text)) return { ok: false, reason: 'contains whitespace' };
  const evr = splitEvr(text);
  if (evr.epoch === null && text.includes(':')) return { ok: false, reason: 'epoch before ":" must be a number' };
  if (evr.epoch !== null && !Number.isSafeInteger(Number(evr.epoch))) return { ok: false, reason: 'epoch is too large' };
  const why = explainField('version', evr.version) ?? (evr.release !== null ? explainField('release', evr.release) : null);
  if (why) return { ok: false, reason: why };
  if (!FIELD.test(evr.version)) return { ok: false, reason: 'not an rpm version' };
  const dev = /\.([0-9]+)\.dev$/.exec(evr.version);
  const pre = /~([A-Za-z]+)([0-9]*)/.exec(evr.version);
  const value: ParsedVersion = {
    scheme: 'rpm',
    raw: text,
    normalized: text,
    epoch: evr.epoch === null ? 0 : Number(evr.epoch),
    release: leadingNumbers(evr.version),
    pre: pre ? { label: pre[1] as string, number: pre[2] ? Number(pre[2]) : null } : null,
    post: null,
    dev: dev ? Number(dev[1]) : null,
    local: null,
    prerelease: [],
    build: [],
    revision: evr.release,
    isPrerelease: evr.version.includes('~'),
    [ORDER_KEY]: evr,
  };
  return { ok: true, value };
}

const order = (a: ParsedVersion, b: ParsedVersion) => rpmCompareEvr(a[ORDER_KEY] as Evr, b[ORDER_KEY] as Evr);

/**
 * The rpm scheme: `[epoch:]version[-release]` with rpm's characters (letters, digits, `._+~^`,
 * no `..`). Comparison is rpm's, where a missing release sorts before any release.
 */
export function rpmScheme(): VersionScheme {
  return makeScheme('rpm', read, order);
}
