/**
 * `git describe --long` output and the package versions derived from it (the tables of the Tarantool-style series).
 *
 * Input: `[v]X.Y.Z[-alphaN|-betaN|-rcN|-entrypoint]-N-g<hash>[-dirty]`.
 *
 * | describe                     | rpm                    | deb                     | tarball                | pep440                   |
 * | ---------------------------- | ---------------------- | ----------------------- | ---------------------- | ------------------------ |
 * | `X.Y.Z-0-g<h>`               | `X.Y.Z`                | `X.Y.Z`                 | `X.Y.Z`                | `X.Y.Z`                  |
 * | `X.Y.Z-N-g<h>`               | `X.Y.Z.N`              | `X.Y.Z.N.g<h>`          | `X.Y.Z.N`              | `X.Y.Z.postN+g<h>`       |
 * | `X.Y.Z-rcK-0-g<h>`           | `X.Y.Z~rcK`            | `X.Y.Z~rcK`             | `X.Y.Z-rcK`            | `X.Y.ZrcK`               |
 * | `X.Y.Z-rcK-N-g<h>`           | `X.Y.Z~rcK.N.dev`      | `X.Y.Z~rcK.N.dev`       | `X.Y.Z-rcK.N.dev`      | `X.Y.ZrcK.postN+g<h>`    |
 * | `X.Y.0-entrypoint-0-g<h>`    | `X.Y.0~~entrypoint`    | `X.Y.0~~entrypoint`     | `X.Y.0-entrypoint`     | `X.Y.0.dev0`             |
 * | `X.Y.0-entrypoint-N-g<h>`    | `X.Y.0~~entrypoint.N.dev` | `X.Y.0~~entrypoint.N.dev` | `X.Y.0-entrypoint.N.dev` | `X.Y.0.devN+g<h>`  |
 *
 * (alphaK and betaK like rcK; pep440 writes them aK and bK.)
 *
 * Entrypoint tags mark the start of a feature set on a dummy commit: every commit after
 * `3.1.0-entrypoint` comes after all of 3.0.x and before `3.1.0-alpha1`. The Tarantool-style
 * series writes the mark like a pre-release, but `~entrypoint` would sort after `~alpha1` (letters compare by
 * byte), so the rpm and deb forms use a double tilde: `~~` sorts before any `~label`, which
 * places entrypoint builds below alpha under both rpm and dpkg. PEP 440 has the same notion
 * built in: a dev release of X.Y.0 sorts before its alphas.
 *
 * `-dirty` is kept in the parse result and in the PEP 440 local label only; package versions
 * should not be built from a dirty tree, and rpm/deb have no place for it that sorts well.
 */
import { TrellisError } from '../errors.js';

export type DescribeLabel = 'alpha' | 'beta' | 'rc' | 'entrypoint';

export interface Describe {
  raw: string;
  /** the tag as written, e.g. `v3.0.0-rc1` */
  tag: string;
  /** true when the tag starts with `v` */
  vPrefix: boolean;
  /** [X, Y, Z] */
  release: [number, number, number];
  /** pre-release or entrypoint mark of the tag; number is null for `entrypoint` */
  pre: { label: DescribeLabel; number: number | null } | null;
  /** commits since the tag (0: the tagged commit itself) */
  distance: number;
  /** abbreviated commit id without the `g` */
  hash: string;
  dirty: boolean;
}

export type DerivedForm = 'rpm' | 'deb' | 'tarball' | 'pep440';
export const DERIVED_FORMS: readonly DerivedForm[] = ['rpm', 'deb', 'tarball', 'pep440'];

const DESCRIBE = /^(.+)-(0|[1-9][0-9]*)-g([0-9a-f]{4,64})(-dirty)?$/;
const TAG = /^(v?)(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:-(?:(alpha|beta|rc)(0|[1-9][0-9]*)|(entrypoint)))?$/;

/** Why `text` is not `git describe --long` output of a version tag, or null when it is. */
function explain(text: string): string {
  if (text === '') return 'empty';
  if (/^[0-9a-f]{4,64}(-dirty)?$/.test(text)) return 'a bare commit id: no tag is reachable (git describe --always)';
  const m = DESCRIBE.exec(text);
  if (!m) return 'expected TAG-N-gHASH as printed by git describe --long';
  return `tag '${m[1]}' is not X.Y.Z, X.Y.Z-alphaN, X.Y.Z-betaN, X.Y.Z-rcN or X.Y.0-entrypoint`;
}

/** Parses `git describe --long` output; returns the reason when it does not fit. */
export function tryParseDescribe(raw: string): Describe | string {
  const text = raw.trim();
  const m = DESCRIBE.exec(text);
  const t = m ? TAG.exec(m[1] as string) : null;
  if (!m || !t) return explain(text);
  const release: [number, number, number] = [Number(t[2]), Number(t[3]), Number(t[4])];
  if (!release.every(Number.isSafeInteger)) return 'version number is too large';
  const entry = t[7] !== undefined;
  if (entry && release[2] !== 0) return `entrypoint tags are X.Y.0-entrypoint, got '${m[1]}'`;
  return {
    raw,
    tag: m[1] as string,
    vPrefix: t[1] === 'v',
    release,
    pre: entry ? { label: 'entrypoint', number: null } : t[5] ? { label: t[5] as DescribeLabel, number: Number(t[6]) } : null,
    distance: Number(m[2]),
    hash: m[3] as string,
    dirty: m[4] !== undefined,
  };
}

/** Parses `git describe --long` output or throws `TrellisError('bad-version')`. */
export function parseDescribe(raw: string): Describe {
  const d = tryParseDescribe(raw);
  if (typeof d === 'string')
    throw new TrellisError('bad-version', `not a git describe version '${raw}': ${d}`, 2, { text: raw, reason: d });
  return d;
}

const PEP_LABEL: Record<Exclude<DescribeLabel, 'entrypoint'>, string> = { alpha: 'a', beta: 'b', rc: 'rc' };

/** The version in one derived form (see the table at the top of this file). */
export function convertDescribe(input: Describe | string, to: DerivedForm): string {
  const d = typeof input === 'string' ? parseDescribe(input) : input;
  const base = d.release.join('.');
  const n = d.distance;
  const pre = d.pre;
  if (to === 'pep440') {
    const local = n > 0 || d.dirty ? `+g${d.hash}${d.dirty ? '.dirty' : ''}` : '';
    if (pre?.label === 'entrypoint') return `${base}.dev${n}${local}`;
    const p = pre ? `${PEP_LABEL[pre.label]}${pre.number}` : '';
    return `${base}${p}${n > 0 ? `.post${n}` : ''}${local}`;
  }
  if (pre === null) {
    if (n === 0) return base;
    return to === 'deb' ? `${base}.${n}.g${d.hash}` : `${base}.${n}`;
  }
  const mark = pre.label === 'entrypoint' ? 'entrypoint' : `${pre.label}${pre.number}`;
  const head = to === 'tarball' ? `${base}-${mark}` : `${base}${pre.label === 'entrypoint' ? '~~' : '~'}${mark}`;
  return n === 0 ? head : `${head}.${n}.dev`;
}

/** Every derived form at once, for `trellis version describe`. */
export function deriveAll(input: Describe | string): Record<DerivedForm, string> {
  const d = typeof input === 'string' ? parseDescribe(input) : input;
  return {
    rpm: convertDescribe(d, 'rpm'),
    deb: convertDescribe(d, 'deb'),
    tarball: convertDescribe(d, 'tarball'),
    pep440: convertDescribe(d, 'pep440'),
  };
}
