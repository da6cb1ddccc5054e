/**
 * PEP 440 on @renovatebot/pep440: the library decides validity and splits a version into
 * epoch, release, pre, post, dev and local (with PEP 440's spelling normalisation: `alpha` ->
 * `a`, `c`/`pre`/`preview` -> `rc`, `rev`/`r` -> `post`, implicit numbers, `-1` post form, a
 * leading `v`). Ordering follows PEP 440's sort key (the one `packaging` uses) and is computed
 * here on the parsed parts so a sort parses each version once.
 *
 * The local label is re-read from the text rather than taken from the library, which converts
 * its segments with JavaScript `Number()` and so misreads segments such as `1e5` or `0x10`;
 * PEP 440 says only all-digit segments are numbers. Numbers are limited to 2^53-1.
 */
import { parse as pepParse } from '@renovatebot/pep440';
import { makeScheme } from './base.js';
import { ORDER_KEY, compareDigits, type ParseResult, type ParsedVersion, type VersionScheme } from './types.js';

interface LocalSeg {
  /** digits when the segment is numeric (leading zeros removed), else null */
  num: string | null;
  text: string;
}

interface PepKey {
  epoch: number;
  /** release with trailing zeros removed: 1.0 == 1.0.0 */
  release: number[];
  /** -1: dev-only (before any pre), 0 a, 1 b, 2 rc, 3 none */
  preRank: number;
  preNum: number;
  /** -1 when absent */
  post: number;
  /** Infinity when absent */
  dev: number;
  local: LocalSeg[] | null;
}

const PRE_RANK: Record<string, number> = { a: 0, b: 1, rc: 2 };

function explainInvalid(text: string): string {
  if (text === '') return 'empty';
  if (/\s/.test(text)) return 'contains whitespace';
  const bad = /[^0-9A-Za-z.!+_-]/.exec(text);
  if (bad) return `invalid character '${bad[0]}'`;
  const plus = text.indexOf('+');
  if (plus >= 0 && !/^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$/.test(text.slice(plus + 1))) {
    return `invalid local version label '${text.slice(plus + 1)}'`;
  }
  const pub = plus >= 0 ? text.slice(0, plus) : text;
  if (!/^[vV]?(?:[0-9]+!)?[0-9]/.test(pub)) return 'must start with a release number such as 1.0';
  return 'not a PEP 440 version';
}

function compareLocal(a: LocalSeg[] | null, b: LocalSeg[] | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as LocalSeg;
    const y = b[i] as LocalSeg;
    if (x.num !== null && y.num !== null) {
      const c = compareDigits(x.num, y.num);
      if (c !== 0) return c;
    } else if (x.num !== null || y.num !== null) {
      return x.num !== null ? 1 : -1; // alphanumeric segments sort before numeric ones
    } else if (x.text !== y.text) {
      return x.text < y.text ? -1 : 1;
    }
  }
  return a.length - b.length;
}

function num(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function order(pa: ParsedVersion, pb: ParsedVersion): -1 | 0 | 1 {
  const a = pa[ORDER_KEY] as PepKey;
  const b = pb[ORDER_KEY] as PepKey;
  let c = num(a.epoch, b.epoch);
  if (c === 0) {
    const n = Math.min(a.release.length, b.release.length);
    for (let i = 0; i < n && c === 0; i++) c = num(a.release[i] as number, b.release[i] as number);
    if (c === 0) c = num(a.release.length, b.release.length);
  }
  if (c === 0) c = num(a.preRank, b.preRank) || num(a.preNum, b.preNum);
  if (c === 0) c = num(a.post, b.post) || num(a.dev, b.dev);
  if (c === 0) c = compareLocal(a.local, b.local);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

function read(raw: string): ParseResult {
  // PEP 440: leading and trailing whitespace is silently ignored.
  const text = raw.trim();
  const p = text === '' ? null : pepParse(text);
  if (!p) return { ok: false, reason: explainInvalid(text) };
  const plus = text.indexOf('+');
  const pub = plus >= 0 ? text.slice(0, plus) : text;
  for (const digits of pub.match(/[0-9]+/g) ?? []) {
    if (compareDigits(digits, String(Number.MAX_SAFE_INTEGER)) > 0) {
      return { ok: false, reason: `number ${digits} is too large (limit 2^53-1)` };
    }
  }
  let local: LocalSeg[] | null = null;
  if (plus >= 0) {
    local = text
      .slice(plus + 1)
      .toLowerCase()
      .split(/[-_.]/)
      .map((s) => (/^[0-9]+$/.test(s) ? { num: s.replace(/^0+(?=[0-9])/, ''), text: '' } : { num: null, text: s }));
    for (const s of local) if (s.num !== null) s.text = s.num;
  }
  const pre = p.pre as [string, number] | null;
  const post = p.post as [string, number] | null;
  const dev = p.dev as [string, number] | null;
  const release = p.release.slice();
  const trimmed = release.slice();
  while (trimmed.length > 0 && trimmed[trimmed.length - 1] === 0) trimmed.pop();
  const key: PepKey = {
    epoch: p.epoch,
    release: trimmed,
    preRank: pre ? (PRE_RANK[pre[0]] as number) : !post && dev ? -1 : 3,
    preNum: pre ? pre[1] : 0,
    post: post ? post[1] : -1,
    dev: dev ? dev[1] : Infinity,
    local,
  };
  const localText = local ? local.map((s) => s.text).join('.') : null;
  const normalized =
    (p.epoch !== 0 ? `${p.epoch}!` : '') +
    release.join('.') +
    (pre ? `${pre[0]}${pre[1]}` : '') +
    (post ? `.post${post[1]}` : '') +
    (dev ? `.dev${dev[1]}` : '') +
    (localText !== null ? `+${localText}` : '');
  const value: ParsedVersion = {
    scheme: 'pep440',
    raw,
    normalized,
    epoch: p.epoch,
    release,
    pre: pre ? { label: pre[0], number: pre[1] } : null,
    post: post ? post[1] : null,
    dev: dev ? dev[1] : null,
    local: localText,
    prerelease: [],
    build: [],
    revision: null,
    isPrerelease: Boolean(pre || dev),
    [ORDER_KEY]: key,
  };
  return { ok: true, value };
}

/** The pep440 scheme (PEP 440 has a fixed label set; no options). */
export function pep440Scheme(): VersionScheme {
  return makeScheme('pep440', read, order);
}
