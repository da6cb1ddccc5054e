/**
 * `git describe --long` output: the tag it found, the distance to it, the abbreviated commit id
 * and the dirty mark. The package versions derived from it are in describe-forms.ts.
 *
 * Input: `TAG-N-g<hash>[-dirty]`, where TAG is read by a {@link TagReader}:
 * - by default the Tarantool-style series' tags: `[v]X.Y.Z`, `X.Y.Z-alphaN`, `-betaN`, `-rcN`
 *   and entrypoint tags `X.Y.Z-entrypoint` (`3.1.0-entrypoint` starts a feature set on master,
 *   `3.7.2-entrypoint` the next patch on `release/3.7`);
 * - with a version scheme ({@link schemeTagReader}): any release or pre-release of that scheme
 *   (`v1.3.0rc1`, `0.4.3.1` and `v0.1` in PEP 440; `1.0.0-alpha.1` in semver), and entrypoints;
 * - with a policy, the tag templates decide (core/lines/tag-names.ts).
 *
 * `version convert` also takes a bare tag (what `git describe` prints on a tagged commit without
 * `--long`) as distance 0: {@link tryParseDescribeOrTag}.
 */
import { TrellisError } from '../errors.js';
import type { VersionScheme } from './types.js';

/** A pre-release label as the tag writes it (`alpha`, `rc`, PEP 440 `a`), or `entrypoint`. */
export type DescribeLabel = string;

/** The version a tag names, as the derived forms need it. */
export interface TagVersion {
  /** True when the tag starts with `v`. */
  vPrefix: boolean;
  /** The release numbers (`[3, 0, 0]`; `[0, 4, 3, 1]` for `0.4.3.1`). */
  release: number[];
  /** The pre-release or entrypoint mark; number is null for `entrypoint` (and a bare `-rc`). */
  pre: { label: DescribeLabel; number: number | null } | null;
}

/** Reads a tag's version, or says why it is not one. */
export type TagReader = (tag: string) => TagVersion | string;

export interface Describe extends TagVersion {
  raw: string;
  /** The tag as written, e.g. `v3.0.0-rc1`. */
  tag: string;
  /** Commits since the tag (0: the tagged commit itself). */
  distance: number;
  /** Abbreviated commit id without the `g`; null for a bare tag (convert only). */
  hash: string | null;
  dirty: boolean;
}

const DESCRIBE = /^(.+)-(0|[1-9][0-9]*)-g([0-9a-f]{4,64})(-dirty)?$/;
const NUM = '(0|[1-9][0-9]*)';
const TAG = new RegExp(`^(v?)${NUM}\\.${NUM}\\.${NUM}(?:-(?:(alpha|beta|rc)${NUM}|(entrypoint)))?$`);

/** The tags of the Tarantool-style series: `[v]X.Y.Z[-alphaN|-betaN|-rcN|-entrypoint]`. */
export function tarantoolTag(tag: string): TagVersion | string {
  const t = TAG.exec(tag);
  if (!t) return `tag '${tag}' is not X.Y.Z, X.Y.Z-alphaN, X.Y.Z-betaN, X.Y.Z-rcN or X.Y.Z-entrypoint`;
  const release = [Number(t[2]), Number(t[3]), Number(t[4])];
  if (!release.every(Number.isSafeInteger)) return 'version number is too large';
  const pre = t[7] !== undefined ? { label: 'entrypoint', number: null } : t[5] ? { label: t[5], number: Number(t[6]) } : null;
  return { vPrefix: t[1] === 'v', release, pre };
}

/** An entrypoint tag `[v]X.Y.Z-entrypoint` (any scheme), or null. */
function entrypointTag(tag: string): TagVersion | null {
  const t = tarantoolTag(tag);
  return typeof t !== 'string' && t.pre?.label === 'entrypoint' ? t : null;
}

/**
 * Tags of a version scheme: `[v]VERSION` where VERSION is a release or pre-release of `scheme`
 * (not a post, dev or local version: those name builds, not the releases describe counts from),
 * and entrypoint tags.
 */
export function schemeTagReader(scheme: VersionScheme, opts: { stripV?: boolean } = {}): TagReader {
  return (tag) => {
    const entry = entrypointTag(tag);
    if (entry) return entry;
    const vPrefix = /^v[0-9]/.test(tag);
    const text = vPrefix && opts.stripV !== false ? tag.slice(1) : tag;
    // A two-component tag (`v0.5`) is the release X.Y.0 under semver, as in the policy's reading (core/lines/tag-names.ts).
    const v =
      scheme.tryParse(text) ??
      (scheme.name === 'semver' && /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/.test(text) ? scheme.tryParse(`${text}.0`) : null);
    if (!v) return `tag '${tag}' is not a ${scheme.name} version: ${scheme.validate(text) ?? 'invalid'}`;
    // A development tag (`v0.8.1-dev`, PEP 440 `0.8.1.dev0`, as Llama Stack tags main after a
    // release branch is cut) marks where development of that version starts: read as an
    // entrypoint, which is what git describe and setuptools-scm count from there.
    if (v.dev !== null && v.post === null && v.local === null && v.epoch === 0 && v.pre === null && v.build.length === 0) {
      return { vPrefix, release: [...v.release], pre: { label: 'entrypoint', number: null } };
    }
    if (v.post !== null || v.dev !== null || v.local !== null || v.epoch !== 0 || v.build.length > 0) {
      return `tag '${tag}' names a build (post, dev, local or epoch part), not a release or pre-release`;
    }
    if (v.prerelease.length > 0 && (v.pre === null || v.pre.label === '')) {
      return `tag '${tag}' has a pre-release part without a label`;
    }
    const pre = v.pre ? { label: v.pre.label.toLowerCase(), number: v.pre.number } : null;
    return { vPrefix, release: [...v.release], pre };
  };
}

/** Why `text` is not `git describe --long` output of a version tag. */
function explain(text: string, readTag: TagReader): string {
  if (text === '') return 'empty';
  if (/^[0-9a-f]{4,64}(-dirty)?$/.test(text)) return 'a bare commit id: no tag is reachable (git describe --always)';
  const m = DESCRIBE.exec(text);
  if (!m) return 'expected TAG-N-gHASH as printed by git describe --long';
  const t = readTag(m[1] as string);
  return typeof t === 'string' ? t : 'invalid';
}

/** Parses `git describe --long` output; returns the reason when it does not fit. */
export function tryParseDescribe(raw: string, readTag: TagReader = tarantoolTag): Describe | string {
  const text = raw.trim();
  const m = DESCRIBE.exec(text);
  const t = m ? readTag(m[1] as string) : null;
  if (!m || t === null || typeof t === 'string') return explain(text, readTag);
  return {
    raw,
    tag: m[1] as string,
    vPrefix: t.vPrefix,
    release: t.release,
    pre: t.pre,
    distance: Number(m[2]),
    hash: m[3] as string,
    dirty: m[4] !== undefined,
  };
}

/**
 * Like {@link tryParseDescribe}, and a bare tag (`0.4.0-rc1`, as `git describe` prints a tagged
 * commit without `--long`) is read as that tag at distance 0.
 */
export function tryParseDescribeOrTag(raw: string, readTag: TagReader = tarantoolTag): Describe | string {
  const d = tryParseDescribe(raw, readTag);
  if (typeof d !== 'string') return d;
  const text = raw.trim();
  // Describe output with a tag the reader refuses, a bare commit id, nothing: the describe reason.
  if (text === '' || DESCRIBE.test(text) || /^[0-9a-f]{4,64}(-dirty)?$/.test(text)) return d;
  const t = readTag(text);
  if (typeof t === 'string') return `expected TAG-N-gHASH as printed by git describe --long, or a version tag: ${t}`;
  return { raw, tag: text, vPrefix: t.vPrefix, release: t.release, pre: t.pre, distance: 0, hash: null, dirty: false };
}

/** Parses `git describe --long` output or throws `TrellisError('bad-version')`. */
export function parseDescribe(raw: string, readTag?: TagReader): Describe {
  const d = tryParseDescribe(raw, readTag);
  if (typeof d === 'string')
    throw new TrellisError('bad-version', `not a git describe version '${raw}': ${d}`, 2, { text: raw, reason: d });
  return d;
}
