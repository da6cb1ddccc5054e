/**
 * Debian version order, written by hand: no well-kept npm library implements dpkg's comparison
 * exactly, and packages must order exactly as `dpkg --compare-versions` orders them. Tests
 * compare this module with the real dpkg on thousands of generated versions.
 *
 * Syntax (dpkg's parseversion, with its warnings treated as errors as Debian policy requires):
 * `[epoch:]upstream[-revision]`; the epoch is a number up to 2^31-1; the upstream version starts
 * with a digit and has letters, digits and `.+~-:` (`-` only when there is a revision, `:` only
 * after an epoch); the revision has letters, digits and `.+~`.
 *
 * Order (dpkg's verrevcmp on upstream, then on revision, after the epoch): alternate runs of
 * non-digits and digits; non-digits compare character by character where `~` sorts before
 * everything (even the end), then the end, then letters, then every other character; digit runs
 * compare by value. A missing revision equals `0`.
 */
import { makeScheme } from './base.js';
import { ORDER_KEY, compareDigits, leadingNumbers, type ParseResult, type ParsedVersion, type VersionScheme } from './types.js';

const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** dpkg's per-character weight in non-digit runs (0 for the end of the string). */
function weight(c: number): number {
  if (isNaN(c) || isDigit(c)) return 0;
  if (isAlpha(c)) return c;
  if (c === 126) return -1; // '~'
  return c + 256;
}

/** dpkg's verrevcmp on one part (upstream version or revision): -1, 0 or 1. */
export function verrevcmp(a: string, b: string): -1 | 0 | 1 {
  let i = 0;
  let j = 0;
  const la = a.length;
  const lb = b.length;
  while (i < la || j < lb) {
    while ((i < la && !isDigit(a.charCodeAt(i))) || (j < lb && !isDigit(b.charCodeAt(j)))) {
      const wa = weight(a.charCodeAt(i));
      const wb = weight(b.charCodeAt(j));
      if (wa !== wb) return wa < wb ? -1 : 1;
      i++;
      j++;
    }
    let si = i;
    while (si < la && isDigit(a.charCodeAt(si))) si++;
    let sj = j;
    while (sj < lb && isDigit(b.charCodeAt(sj))) sj++;
    const c = compareDigits(i < si ? a.slice(i, si) : '0', j < sj ? b.slice(j, sj) : '0');
    if (c !== 0) return c < 0 ? -1 : 1;
    i = si;
    j = sj;
  }
  return 0;
}

export interface DebVersion {
  epoch: number;
  upstream: string;
  /** '' when absent (compares equal to '0') */
  revision: string;
}

export function compareDeb(a: DebVersion, b: DebVersion): -1 | 0 | 1 {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  return verrevcmp(a.upstream, b.upstream) || verrevcmp(a.revision, b.revision);
}

/** Reads a Debian version like dpkg's parseversion; returns the parts or a reason. */
export function parseDeb(raw: string): DebVersion | string {
  const text = raw.replace(/^[ \t]+|[ \t]+$/g, '');
  if (text === '') return 'version string is empty';
  if (/[ \t]/.test(text)) return 'version string has embedded spaces';
  let rest = text;
  let epoch = 0;
  const colon = text.indexOf(':');
  if (colon >= 0) {
    const e = text.slice(0, colon);
    if (e === '') return 'epoch in version is empty';
    if (!/^[0-9]+$/.test(e)) return 'epoch in version is not number';
    epoch = Number(e);
    if (epoch > 2147483647) return 'epoch in version is too big';
    rest = text.slice(colon + 1);
    if (rest === '') return 'nothing after colon in version number';
  }
  const hyphen = rest.lastIndexOf('-');
  const upstream = hyphen >= 0 ? rest.slice(0, hyphen) : rest;
  const revision = hyphen >= 0 ? rest.slice(hyphen + 1) : '';
  if (hyphen >= 0 && revision === '') return 'revision number is empty';
  if (upstream === '') return 'version number is empty';
  if (!isDigit(upstream.charCodeAt(0))) return 'version number does not start with digit';
  const badU = /[^A-Za-z0-9.+~:-]/.exec(upstream);
  if (badU) return `invalid character '${badU[0]}' in version number`;
  const badR = /[^A-Za-z0-9.+~]/.exec(revision);
  if (badR) return `invalid character '${badR[0]}' in revision number`;
  return { epoch, upstream, revision };
}

function read(raw: string): ParseResult {
  const v = parseDeb(raw);
  if (typeof v === 'string') return { ok: false, reason: v };
  const dev = /\.([0-9]+)\.dev$/.exec(v.upstream);
  const pre = /~([A-Za-z]+)([0-9]*)/.exec(v.upstream);
  const value: ParsedVersion = {
    scheme: 'deb',
    raw,
    normalized: raw.replace(/^[ \t]+|[ \t]+$/g, ''),
    epoch: v.epoch,
    release: leadingNumbers(v.upstream),
    pre: pre ? { label: pre[1] as string, number: pre[2] ? Number(pre[2]) : null } : null,
    post: null,
    dev: dev ? Number(dev[1]) : null,
    local: null,
    prerelease: [],
    build: [],
    revision: v.revision === '' ? null : v.revision,
    isPrerelease: v.upstream.includes('~'),
    [ORDER_KEY]: v,
  };
  return { ok: true, value };
}

const order = (a: ParsedVersion, b: ParsedVersion) => compareDeb(a[ORDER_KEY] as DebVersion, b[ORDER_KEY] as DebVersion);

/** The deb scheme: Debian package versions ordered exactly as dpkg orders them. */
export function debScheme(): VersionScheme {
  return makeScheme('deb', read, order);
}
