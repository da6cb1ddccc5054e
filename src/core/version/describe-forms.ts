/**
 * Package versions derived from `git describe --long` (the tables of the Tarantool-style series),
 * and the version setuptools-scm would give the same commit.
 *
 * | describe                     | rpm                    | deb                     | tarball                | pep440                   |
 * | ---------------------------- | ---------------------- | ----------------------- | ---------------------- | ------------------------ |
 * | `X.Y.Z-0-g<h>`               | `X.Y.Z`                | `X.Y.Z`                 | `X.Y.Z`                | `X.Y.Z`                  |
 * | `X.Y.Z-N-g<h>`               | `X.Y.Z.N`              | `X.Y.Z.N.g<h>`          | `X.Y.Z.N`              | `X.Y.Z.postN+g<h>`       |
 * | `X.Y.Z-rcK-0-g<h>`           | `X.Y.Z~rcK`            | `X.Y.Z~rcK`             | `X.Y.Z-rcK`            | `X.Y.ZrcK`               |
 * | `X.Y.Z-rcK-N-g<h>`           | `X.Y.Z~rcK.N.dev`      | `X.Y.Z~rcK.N.dev`       | `X.Y.Z-rcK.N.dev`      | `X.Y.ZrcK.postN+g<h>`    |
 * | `X.Y.Z-entrypoint-0-g<h>`    | `X.Y.Z~~entrypoint`    | `X.Y.Z~~entrypoint`     | `X.Y.Z-entrypoint`     | `X.Y.Z.dev0`             |
 * | `X.Y.Z-entrypoint-N-g<h>`    | `X.Y.Z~~entrypoint.N.dev` | `X.Y.Z~~entrypoint.N.dev` | `X.Y.Z-entrypoint.N.dev` | `X.Y.Z.devN+g<h>`  |
 *
 * (alphaK and betaK like rcK; pep440 writes them aK and bK. A PEP 440 tag such as `v1.3.0rc1`
 * keeps its own spelling: `1.3.0~rc1`; `0.4.3.1` and `0.1` keep their number of components.)
 *
 * Entrypoint tags mark the start of a feature set on a dummy commit: every commit after
 * `3.1.0-entrypoint` comes after all of 3.0.x and before `3.1.0-alpha1`. The Tarantool-style
 * series writes the mark like a pre-release, but `~entrypoint` would sort after `~alpha1` (letters
 * compare by byte), so the rpm and deb forms use a double tilde: `~~` sorts before any `~label`,
 * which places entrypoint builds below alpha under both rpm and dpkg. PEP 440 has the same notion
 * built in: a dev release of X.Y.Z sorts before its alphas. A patch entrypoint (`3.7.2-entrypoint`
 * on `release/3.7`, set after 3.7.1) reads the same way: builds after it are 3.7.2 dev builds.
 *
 * `-dirty` is kept in the parse result and in the PEP 440 local label only; package versions
 * should not be built from a dirty tree, and rpm/deb have no place for it that sorts well.
 *
 * setuptools-scm (its default `guess-next-dev` version scheme and `node-and-date` local scheme):
 * on the tag itself (distance 0, clean) the tag's version; else the next version guessed from the
 * tag (the last number bumped: `0.4.0` → `0.4.1`, `1.3.0rc1` → `1.3.0rc2`; an entrypoint gives its
 * own X.Y.Z), then `.devN+g<hash>`, with `.dYYYYMMDD` (the day) when the tree is dirty.
 */
import { TrellisError } from '../errors.js';
import { parseDescribe, type Describe } from './describe.js';

export type DerivedForm = 'rpm' | 'deb' | 'tarball' | 'pep440';
export const DERIVED_FORMS: readonly DerivedForm[] = ['rpm', 'deb', 'tarball', 'pep440'];

/** What `version convert --to` writes: the derived forms and setuptools-scm's version. */
export type ConvertForm = DerivedForm | 'setuptools-scm';
export const CONVERT_FORMS: readonly ConvertForm[] = [...DERIVED_FORMS, 'setuptools-scm'];

/** PEP 440's spelling of the pre-release labels it knows (PEP 440 normalisation). */
const PEP_LABEL: Record<string, string> = { alpha: 'a', a: 'a', beta: 'b', b: 'b', rc: 'rc', c: 'rc', pre: 'rc', preview: 'rc' };

function pepMark(pre: NonNullable<Describe['pre']>): string {
  const label = Object.hasOwn(PEP_LABEL, pre.label) ? PEP_LABEL[pre.label] : undefined;
  if (label === undefined) {
    throw new TrellisError('bad-version', `pre-release label '${pre.label}' has no PEP 440 spelling (a, b or rc)`, 2, { label: pre.label });
  }
  return `${label}${pre.number ?? 0}`;
}

const isEntrypoint = (d: Describe) => d.pre?.label === 'entrypoint';

/** The version in one derived form (see the table at the top of this file). */
export function convertDescribe(input: Describe | string, to: DerivedForm): string {
  const d = typeof input === 'string' ? parseDescribe(input) : input;
  const base = d.release.join('.');
  const n = d.distance;
  const pre = d.pre;
  if (to === 'pep440') {
    const local = n > 0 || d.dirty ? `+g${d.hash ?? ''}${d.dirty ? '.dirty' : ''}` : '';
    if (pre !== null && isEntrypoint(d)) return `${base}.dev${n}${local}`;
    const p = pre ? pepMark(pre) : '';
    return `${base}${p}${n > 0 ? `.post${n}` : ''}${local}`;
  }
  if (pre === null) {
    if (n === 0) return base;
    return to === 'deb' ? `${base}.${n}.g${d.hash ?? ''}` : `${base}.${n}`;
  }
  const entry = isEntrypoint(d);
  const mark = entry ? 'entrypoint' : `${pre.label}${pre.number ?? ''}`;
  const head = to === 'tarball' ? `${base}-${mark}` : `${base}${entry ? '~~' : '~'}${mark}`;
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

/**
 * The version setuptools-scm gives the commit (see the module comment); `day` (`YYYY-MM-DD`) is
 * the date of a dirty build (setuptools-scm's `.dYYYYMMDD`; left out when not given).
 */
export function setuptoolsScmVersion(input: Describe | string, day?: string): string {
  const d = typeof input === 'string' ? parseDescribe(input) : input;
  const base = d.release.join('.');
  const pre = d.pre;
  const entry = isEntrypoint(d);
  if (d.distance === 0 && !d.dirty) return entry ? `${base}.dev0` : `${base}${pre ? pepMark(pre) : ''}`;
  let guessed: string;
  if (pre !== null && entry) guessed = base;
  else if (pre !== null) guessed = `${base}${pepMark({ label: pre.label, number: (pre.number ?? 0) + 1 })}`;
  else guessed = [...d.release.slice(0, -1), (d.release[d.release.length - 1] ?? 0) + 1].join('.');
  const date = d.dirty && day !== undefined ? `.d${day.replaceAll('-', '')}` : '';
  const local = d.hash !== null ? `+g${d.hash}${date}` : date !== '' ? `+${date.slice(1)}` : '';
  return `${guessed}.dev${d.distance}${local}`;
}

/** The version in any form `version convert` writes. */
export function convertTo(input: Describe, to: ConvertForm, day?: string): string {
  return to === 'setuptools-scm' ? setuptoolsScmVersion(input, day) : convertDescribe(input, to);
}
