/**
 * What a tag name means under a policy: an entrypoint tag (`release.entrypoint`), a version of
 * the scheme (`versioning.tag` templates), a name that matches a tag template without being a
 * version of the scheme (dropped: `0.4.3.1` under semver), or nothing the policy names. One
 * reading for discovery, `version describe` (which tags it may count from) and the repository
 * checks of `policy check`. Pure.
 */
import type { Policy } from '../policy/schema.js';
import { escapeRegExp } from '../regex.js';
import { matchTemplate, parseTemplate, type Template } from '../policy/template.js';
import { schemeTagReader, type TagReader } from '../version/describe.js';
import type { ParsedVersion, VersionScheme } from '../version/types.js';
import { parseLineKey, schemeOf } from './keys.js';

export type TagMeaning =
  /** `key` is the line (null when the template gives none); `release` is [X, Y, Z] (Z is 0 without {patch}). */
  | { kind: 'entrypoint'; key: string | null; release: number[] }
  /**
   * `short`: a two-component tag (`v0.5`) read as its release `X.Y.0` under semver (the version
   * is then `X.Y.0`); where the full tag (`v0.5.0`) exists too, that one names the release.
   */
  | { kind: 'version'; version: string; parsed: ParsedVersion; short?: true }
  | { kind: 'dropped' }
  /** Named by `versioning.ignoreTags`: not a release, and no warning. */
  | { kind: 'ignored' }
  | { kind: 'other' };

function safeTemplate(source: string): Template | null {
  try {
    return parseTemplate(source);
  } catch {
    // The loader validates templates; a policy built by hand may still hold a bad one.
    return null;
  }
}

/** The reader of tag names under `policy`. */
export function tagMeaning(policy: Policy): (name: string) => TagMeaning {
  const scheme = schemeOf(policy);
  const by = policy.versioning.line;
  const tagTemplates = policy.versioning.tag.map(safeTemplate).filter((t): t is Template => t !== null);
  const entrypoint = policy.release.entrypoint === false ? null : safeTemplate(policy.release.entrypoint);
  const ignored = ignoredTags(policy.versioning.ignoreTags);
  return (name) => {
    if (ignored(name)) return { kind: 'ignored' };
    const e = entrypoint ? matchTemplate(entrypoint, name) : null;
    if (e) {
      const line = e.line !== undefined ? parseLineKey(e.line) : null;
      const major = e.major !== undefined ? Number(e.major) : (line?.major ?? null);
      const minor = e.minor !== undefined ? Number(e.minor) : (line?.minor ?? null);
      const key = major === null ? null : by === 'major' || minor === null ? `${major}` : `${major}.${minor}`;
      return { kind: 'entrypoint', key, release: [major ?? 0, minor ?? 0, e.patch !== undefined ? Number(e.patch) : 0] };
    }
    let matched = false;
    for (const t of tagTemplates) {
      const m = matchTemplate(t, name);
      if (!m || m.version === undefined) continue;
      matched = true;
      const parsed = scheme.tryParse(m.version);
      if (parsed) return { kind: 'version', version: m.version, parsed };
      const short = shortRelease(scheme, m.version);
      if (short) return short;
    }
    return { kind: matched ? 'dropped' : 'other' };
  };
}

const MAJOR_MINOR = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;

/**
 * A two-component version (`0.5` of the tag `v0.5`) read as the release `0.5.0` under semver,
 * as projects tag some releases (VMPilot-style git-flow: `v0.5`, `v0.6` among `v0.3.1`) and as
 * `git describe --tags` counts from them. Only when reading tags: versions users type are
 * validated strictly, and tags Trellis writes carry the full version. Other schemes read such a
 * version themselves (PEP 440) or not at all.
 */
function shortRelease(scheme: VersionScheme, version: string): TagMeaning | null {
  if (scheme.name !== 'semver' || !MAJOR_MINOR.test(version)) return null;
  const full = `${version}.0`;
  const parsed = scheme.tryParse(full);
  return parsed ? { kind: 'version', version: full, parsed, short: true } : null;
}

/** True when `versioning.ignoreTags` names `tag`. */
export function isIgnoredTag(policy: Policy, tag: string): boolean {
  return ignoredTags(policy.versioning.ignoreTags)(tag);
}

/** The compiled test of each `versioning.ignoreTags` list (a policy's list is read once, not once per tag). */
const ignoredMemo = new WeakMap<readonly string[], (name: string) => boolean>();

/**
 * `versioning.ignoreTags` as a test: exact names, or patterns where `*` stands for any
 * characters, `/` included (not core/changes/glob.ts, whose `*` stops at a path's `/`).
 */
function ignoredTags(patterns: readonly string[] | undefined): (name: string) => boolean {
  if (!patterns || patterns.length === 0) return () => false;
  let test = ignoredMemo.get(patterns);
  if (!test) {
    const exact = new Set(patterns.filter((p) => !p.includes('*')));
    const globs = patterns.filter((p) => p.includes('*')).map((p) => new RegExp(`^${p.split('*').map(escapeRegExp).join('.*')}$`));
    test = (name) => exact.has(name) || globs.some((g) => g.test(name));
    ignoredMemo.set(patterns, test);
  }
  return test;
}

/** Tags that match a tag template but are not versions of the scheme (ignored by discovery). */
export function droppedTags(policy: Policy, names: Iterable<string>): string[] {
  const meaning = tagMeaning(policy);
  return [...names].filter((n) => meaning(n).kind === 'dropped');
}

/** `'a', 'b', 'c', ...`: the first `max` names, quoted. */
export function someNames(names: readonly string[], max = 3): string {
  const list = names
    .slice(0, max)
    .map((t) => `'${t}'`)
    .join(', ');
  return `${list}${names.length > max ? ', ...' : ''}`;
}

/**
 * The tags `version describe` counts from under `policy`: entrypoint tags, and releases and
 * pre-releases of the scheme named by a tag template (not post, dev or local builds).
 */
export function policyTagReader(policy: Policy): TagReader {
  const meaning = tagMeaning(policy);
  const scheme = schemeOf(policy);
  const read = schemeTagReader(scheme, { stripV: false });
  const templates = policy.versioning.tag.join(', ');
  return (tag) => {
    const vPrefix = /^v[0-9]/.test(tag);
    const m = meaning(tag);
    switch (m.kind) {
      case 'entrypoint':
        return { vPrefix, release: m.release, pre: { label: 'entrypoint', number: null } };
      case 'version': {
        const t = read(m.version);
        return typeof t === 'string' ? t : { ...t, vPrefix };
      }
      case 'dropped':
        return `tag '${tag}' matches the tag template but is not a ${scheme.name} version`;
      case 'ignored':
        return `tag '${tag}' is named by versioning.ignoreTags`;
      case 'other':
        return `tag '${tag}' is not named by the policy's tag templates (${templates})`;
    }
  };
}
