/**
 * Next versions.
 *
 * - `major`, `minor`, `patch`: the next release of that level. A pre-release of exactly that
 *   release is finished instead (`2.0.0-rc1` major -> `2.0.0`, `1.3.0rc2` minor -> `1.3.0`), as
 *   node-semver's `inc` does; build metadata, post, dev and local parts are dropped.
 * - `pre`: the next pre-release. On a pre-release with the same label the number goes up
 *   (`rc1` -> `rc2`, `rc.1` -> `rc.2`); with a later label it starts at 1 (`beta3` -> `rc1`);
 *   an earlier label is refused. On a final version `pre` starts a pre-release of the next
 *   MINOR version (`1.2.3` -> `1.3.0-rc1` / `1.3.0rc1`): new pre-releases usually open a
 *   feature release. Use `prepatch`, `preminor` or `premajor` to choose the level explicitly.
 * - `dev` (pep440 only): the next development version, `0.4.5` -> `0.4.6.dev0` (the last
 *   release segment goes up), `0.4.6.dev0` -> `0.4.6.dev1`, `1.0rc1` -> `1.0rc2.dev0`.
 *
 * Pre-release numbers start at 1 (`rc1`), as the Llama Stack-style and Tarantool-style processes
 * write them. SemVer pre-releases are written `-<label><N>` (Tarantool-style) unless the current
 * version uses `-<label>.<N>`.
 */
import { TrellisError, usageError } from '../errors.js';
import type { ParsedVersion, SchemeName, SchemeOptions } from './types.js';
import { getScheme } from './schemes.js';

export type BumpLevel = 'major' | 'minor' | 'patch' | 'pre' | 'premajor' | 'preminor' | 'prepatch' | 'dev';
export const BUMP_LEVELS: readonly BumpLevel[] = ['major', 'minor', 'patch', 'pre', 'premajor', 'preminor', 'prepatch', 'dev'];

export interface NextOptions extends SchemeOptions {
  /** label for `pre*` bumps; default: the current label, else the first declared label, else `rc` */
  preLabel?: string;
}

const PEP_LABELS: Record<string, string> = { a: 'a', alpha: 'a', b: 'b', beta: 'b', c: 'rc', rc: 'rc', pre: 'rc', preview: 'rc' };
const PEP_RANK: Record<string, number> = { a: 0, b: 1, rc: 2 };

function refuse(message: string): TrellisError {
  return new TrellisError('bad-input', message, 2);
}

/** Bumps [X, Y, Z, ...] at level 0, 1 or 2 and zeroes what follows (length kept, at least 3). */
function bumpRelease(release: readonly number[], level: 0 | 1 | 2): number[] {
  const r = release.slice();
  while (r.length < 3) r.push(0);
  r[level] = (r[level] as number) + 1;
  for (let i = level + 1; i < r.length; i++) r[i] = 0;
  return r;
}

/** Level of a final release whose pre-release `v` is (patch when Z>0, minor when Y>0, ...). */
function finishes(v: ParsedVersion, level: 0 | 1 | 2): boolean {
  const r = v.release;
  for (let i = level + 1; i < r.length; i++) if (r[i] !== 0) return false;
  return true;
}

function nextRelease(v: ParsedVersion, level: 0 | 1 | 2): number[] {
  const r = v.release.slice();
  while (r.length < 3) r.push(0);
  if (v.isPrerelease && finishes(v, level)) return r;
  return bumpRelease(r, level);
}

const LEVEL: Record<'major' | 'minor' | 'patch', 0 | 1 | 2> = { major: 0, minor: 1, patch: 2 };

function nextSemver(v: ParsedVersion, bump: BumpLevel, opts: NextOptions): string {
  if (bump === 'dev') throw refuse(`semver has no development versions; use --bump pre (or git describe forms for builds)`);
  if (bump === 'major' || bump === 'minor' || bump === 'patch') return nextRelease(v, LEVEL[bump]).join('.');
  const labels = opts.prereleaseLabels ?? [];
  const current = v.pre;
  const label = opts.preLabel ?? (v.isPrerelease && current?.label ? current.label : (labels[0] ?? 'rc'));
  if (!/^[A-Za-z-]+$/.test(label)) throw usageError(`pre-release label '${label}' must be letters or hyphens only`);
  const dotted = v.prerelease.length >= 2 && typeof v.prerelease[1] === 'number';
  if (bump === 'pre' && v.isPrerelease) {
    const base = v.release.join('.');
    if (current && current.label === label && current.number !== null) {
      return dotted ? `${base}-${label}.${current.number + 1}` : `${base}-${label}${current.number + 1}`;
    }
    const candidate = dotted ? `${base}-${label}.1` : `${base}-${label}1`;
    if (getScheme('semver', opts).compare(candidate, v) <= 0) {
      throw refuse(`cannot go from pre-release '${v.prerelease.join('.')}' to '${label}': ${candidate} would not be newer than ${v.raw}`);
    }
    return candidate;
  }
  const level: 0 | 1 | 2 = bump === 'premajor' ? 0 : bump === 'prepatch' ? 2 : 1;
  return `${bumpRelease(v.release, level).join('.')}-${label}1`;
}

function pepString(epoch: number, release: readonly number[], tail = ''): string {
  return `${epoch !== 0 ? `${epoch}!` : ''}${release.join('.')}${tail}`;
}

function nextPep440(v: ParsedVersion, bump: BumpLevel, opts: NextOptions): string {
  if (bump === 'major' || bump === 'minor' || bump === 'patch') return pepString(v.epoch, nextRelease(v, LEVEL[bump]));
  if (bump === 'dev') {
    if (v.dev !== null)
      return pepString(
        v.epoch,
        v.release,
        `${v.pre ? `${v.pre.label}${v.pre.number}` : ''}${v.post !== null ? `.post${v.post}` : ''}.dev${v.dev + 1}`,
      );
    if (v.pre) return pepString(v.epoch, v.release, `${v.pre.label}${(v.pre.number ?? 0) + 1}.dev0`);
    const r = v.release.slice();
    while (r.length < 3) r.push(0);
    r[r.length - 1] = (r[r.length - 1] as number) + 1;
    return pepString(v.epoch, r, '.dev0');
  }
  const asked = opts.preLabel ?? (v.pre ? v.pre.label : 'rc');
  const label = PEP_LABELS[asked.toLowerCase()];
  if (!label) throw usageError(`PEP 440 pre-release label must be a, b or rc (or alpha, beta, c, pre, preview), got '${asked}'`);
  if (bump === 'pre' && v.isPrerelease) {
    if (v.pre && v.pre.label === label && v.dev === null) return pepString(v.epoch, v.release, `${label}${(v.pre.number ?? 0) + 1}`);
    // 1.0rc2.dev3 -> 1.0rc2; 1.0.dev0 -> 1.0a1; 1.0b2 -> 1.0rc1
    if (v.pre && v.pre.label === label) return pepString(v.epoch, v.release, `${label}${v.pre.number}`);
    if (v.pre && (PEP_RANK[label] as number) < (PEP_RANK[v.pre.label] as number)) {
      throw refuse(`cannot go from pre-release '${v.pre.label}' to '${label}': it would not be newer than ${v.raw}`);
    }
    return pepString(v.epoch, v.release, `${label}1`);
  }
  const level: 0 | 1 | 2 = bump === 'premajor' ? 0 : bump === 'prepatch' ? 2 : 1;
  return pepString(v.epoch, bumpRelease(v.release, level), `${label}1`);
}

function nextPackage(v: ParsedVersion, bump: BumpLevel, opts: NextOptions): string {
  const epoch = v.epoch !== 0 || /^[0-9]*:/.test(v.raw.trim()) ? `${v.epoch}:` : '';
  if (bump === 'dev')
    throw refuse(`${v.scheme} has no development bump; derive build versions from git describe (trellis version convert)`);
  if (v.release.length === 0) throw refuse(`${v.raw} does not start with numeric components to bump`);
  if (bump === 'major' || bump === 'minor' || bump === 'patch') return `${epoch}${nextRelease(v, LEVEL[bump]).join('.')}`;
  const label = opts.preLabel ?? v.pre?.label ?? 'rc';
  if (!/^[A-Za-z]+$/.test(label)) throw usageError(`pre-release label '${label}' must be letters only`);
  if (bump === 'pre' && v.isPrerelease) {
    const base = v.release.join('.');
    const n = v.pre && v.pre.label === label && v.pre.number !== null ? v.pre.number + 1 : 1;
    const candidate = `${epoch}${base}~${label}${n}`;
    if (getScheme(v.scheme).compare(candidate, v) <= 0) throw refuse(`${candidate} would not be newer than ${v.raw}`);
    return candidate;
  }
  const level: 0 | 1 | 2 = bump === 'premajor' ? 0 : bump === 'prepatch' ? 2 : 1;
  return `${epoch}${bumpRelease(v.release, level).join('.')}~${label}1`;
}

/** The next version of `current` in `scheme`; throws TrellisError on invalid input. */
export function nextVersion(scheme: SchemeName, current: string, bump: BumpLevel, opts: NextOptions = {}): string {
  if (!BUMP_LEVELS.includes(bump)) throw usageError(`unknown bump '${bump}' (expected ${BUMP_LEVELS.join(', ')})`);
  const s = getScheme(scheme, opts);
  const v = s.parse(current);
  if (scheme === 'semver') return nextSemver(v, bump, opts);
  return scheme === 'pep440' ? nextPep440(v, bump, opts) : nextPackage(v, bump, opts);
}

/** What `bumpFromChanges` reads from a change: its conventional type and breaking flag. */
export interface BumpInput {
  /** conventional-commit type (`feat`, `fix`, ...); null for non-conventional messages */
  type: string | null;
  breaking: boolean;
}

export interface BumpFromChangesOptions {
  /** the current major version; 0 switches on the pre-1.0 rule */
  currentMajor?: number;
  /**
   * What a breaking change bumps while the major version is 0: `minor` (default; the usual
   * convention, since 0.x promises no stability) or `major` (go to 1.0.0).
   */
  zeroMajor?: 'minor' | 'major';
}

/**
 * The release level implied by conventional commits: breaking -> major, feat -> minor,
 * fix -> patch (the highest wins); other types bump nothing, so the result is null when no
 * change calls for a release. With `currentMajor: 0` and `zeroMajor: 'minor'` a breaking change
 * bumps the minor version.
 */
export function bumpFromChanges(changes: Iterable<BumpInput>, opts: BumpFromChangesOptions = {}): 'major' | 'minor' | 'patch' | null {
  let level = 0; // 0 none, 1 patch, 2 minor, 3 major
  for (const c of changes) {
    if (c.breaking) level = Math.max(level, 3);
    else if (c.type === 'feat') level = Math.max(level, 2);
    else if (c.type === 'fix') level = Math.max(level, 1);
  }
  if (level === 3 && opts.currentMajor === 0 && (opts.zeroMajor ?? 'minor') === 'minor') level = 2;
  return level === 3 ? 'major' : level === 2 ? 'minor' : level === 1 ? 'patch' : null;
}
