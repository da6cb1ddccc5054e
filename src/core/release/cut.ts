/**
 * Which branch `trellis branch cut` makes: the line (named, or the next one), the branch name
 * from the release template, where it starts, the first version it releases, and the entrypoint
 * tag of the next line on the development branch (Tarantool-style). Pure: the refusals come
 * before anything is read beyond the lines.
 */
import { TrellisError } from '../errors.js';
import { compareLineKeys, nextLineKey } from '../lines/discover.js';
import type { Policy } from '../policy/schema.js';
import { matchTemplate, renderTemplate } from '../policy/template.js';
import { branchRef } from '../refname.js';
import type { ReleaseLineToday } from './lines.js';
import { releaseScheme } from './version.js';

/** What the command asks for. */
export interface CutRequest {
  line?: string | undefined;
  from?: string | undefined;
  /** A new release series: the development branch's entrypoint is `(X+1).0.0-entrypoint`, not `X.(Y+1).0-entrypoint`. */
  major?: boolean | undefined;
}

/** The branch to cut, decided from the policy and the lines. */
export interface CutChoice {
  /** The line (`X.Y` or `X`). */
  key: string;
  major: number;
  minor: number | undefined;
  /** The new branch. */
  branch: string;
  /** Where it starts (a revision name): `--from`, the development branch, or the line's latest per-release branch. */
  fromName: string;
  /** `{patch}` of the branch (per-release branches `release/X.Y.Z`), else 0. */
  patch: number;
  /** A per-release branch of an existing line (Lightspeed-style release/1.2.1 cut from release/1.2.0). */
  patchBranch: boolean;
}

/** The release branch template new branches are made from (the first one that is not end-of-life). */
function cutTemplate(policy: Policy): string {
  const template = policy.branches.release.find((t) => !t.eol)?.template ?? policy.branches.release[0]?.template;
  if (!template) throw new TrellisError('policy', 'the policy names no release branch template (branches.release)', 2);
  return template;
}

/** The line to cut: the one asked for, else the line tags name on the development branch, else the next after the newest. */
function lineToCut(lines: readonly ReleaseLineToday[], wanted: string | undefined): string {
  if (wanted !== undefined) {
    if (!/^(0|[1-9]\d*)(\.(0|[1-9]\d*))?$/.test(wanted))
      throw new TrellisError('usage', `'${wanted}' is not a line (write X.Y, e.g. 0.5)`, 2);
    return wanted;
  }
  // The line the development branch carries, when tags name it: its entrypoint or pre-releases,
  // or (Tarantool-style: X.Y.0 is released on master and X.Y is forked when X.(Y+1) starts) its
  // releases made there (see discoverLines).
  const devLine = lines.find((l) => l.kind === 'development');
  const settled = lines.filter((l) => l.kind === 'release' && (l.branch !== null || l.tags.length > 0));
  const newest = [...settled].sort((a, b) => compareLineKeys(b.key, a.key))[0];
  if (devLine && !devLine.source.keyProjected) return devLine.key;
  if (newest) return nextLineKey(newest.key);
  throw new TrellisError('usage', 'no release line exists yet: name the line to cut (trellis branch cut 0.1)', 2);
}

/** Decides the branch to cut; refuses a line that has its branch, is end-of-life, or needs a codename nobody gave. */
export function chooseCut(policy: Policy, lines: readonly ReleaseLineToday[], developmentBranch: string, req: CutRequest): CutChoice {
  const template = cutTemplate(policy);
  const perRelease =
    matchTemplate(template, renderTemplate(template, { major: 1, minor: 2, patch: 3, line: '1.2', codename: 'x' }))?.patch !== undefined;
  const key = lineToCut(lines, req.line);
  const [major, minor] = key.split('.').map(Number) as [number, number | undefined];
  if (policy.versioning.line === 'minor' && minor === undefined)
    throw new TrellisError('usage', `line '${key}' needs a minor version (X.Y)`, 2);
  // The line as it is now: a release line, or the development line when tags name it (a line
  // released on the development branch has no branch of its own yet).
  const existing = lines.find((l) => l.key === key && (l.kind === 'release' || !l.source.keyProjected));
  const ownBranch = existing?.source.branches[0]?.name ?? null;
  const codename = policy.branches.codenames[key] ?? existing?.source.codename ?? undefined;

  // Per-release branches (release/X.Y.Z): the next patch branch of an existing line.
  let patch = 0;
  let fromName = req.from ?? developmentBranch;
  const patchBranch = perRelease && ownBranch !== null;
  if (perRelease && existing && (existing.kind === 'release' || existing.source.releases.length > 0)) {
    const scheme = releaseScheme(policy);
    const branchPatches = existing.source.branches.map((b) => b.patch ?? -1);
    const tagPatches = existing.tags.map((t) => scheme.tryParse(t.version)?.release[2] ?? -1);
    patch = Math.max(-1, ...branchPatches, ...tagPatches) + 1;
    if (ownBranch !== null && req.from === undefined) fromName = ownBranch;
  }
  const values = { major, minor: minor ?? 0, patch, line: key, ...(codename ? { codename } : {}) };
  let branch: string;
  try {
    branch = renderTemplate(template, values);
  } catch (e) {
    if (e instanceof TrellisError && /codename/.test(e.message)) {
      throw new TrellisError('policy', `line ${key} needs a codename for '${template}': add it under branches.codenames`, 2);
    }
    throw e;
  }
  branchRef(branch);
  if (existing && ownBranch !== null && !existing.source.branches.some((b) => b.name === branch) && !perRelease) {
    throw new TrellisError('exists', `line ${key} already has branch ${ownBranch}`, 2);
  }
  if (existing?.status === 'end-of-life') throw new TrellisError('refused', `line ${key} is end-of-life; no new branch is cut for it`, 2);
  return { key, major, minor, branch, fromName, patch, patchBranch };
}

/**
 * The entrypoint tag of the next line on the development branch (`release.entrypoint`), or
 * null when the policy has none or the branch is a per-release one. `--major` needs both.
 */
export function cutEntrypoint(
  policy: Policy,
  cut: CutChoice,
  major: boolean | undefined,
  developmentBranch?: string,
): { name: string; line: string; onNewBranch?: boolean } | null {
  if (major && (policy.release.entrypoint === false || cut.patchBranch)) {
    throw new TrellisError(
      'usage',
      cut.patchBranch
        ? `--major does not apply to ${cut.branch}: a patch branch of line ${cut.key} starts no series`
        : '--major sets the next series’ entrypoint tag, but the policy has none (release.entrypoint)',
      2,
    );
  }
  if (policy.release.entrypoint === false || cut.patchBranch) return null;
  // A feature set of an older series (the RFC's "we should create the 2.13 branch, push a dummy
  // commit, set the entrypoint tag and cherry-pick the feature here"): cut from a series branch,
  // not the development branch, the new branch carries its OWN entrypoint and master is left alone.
  if (developmentBranch !== undefined && cut.fromName !== developmentBranch) {
    if (major)
      throw new TrellisError(
        'usage',
        `--major starts a series on ${developmentBranch}; it does not combine with --from ${cut.fromName}`,
        2,
      );
    const [m, n] = cut.key.split('.').map(Number) as [number, number | undefined];
    return {
      name: renderTemplate(policy.release.entrypoint, { major: m, minor: n ?? 0, patch: 0, line: cut.key }),
      line: cut.key,
      onNewBranch: true,
    };
  }
  const nextKey = major ? (cut.minor === undefined ? `${cut.major + 1}` : `${cut.major + 1}.0`) : nextLineKey(cut.key);
  const [nMajor, nMinor] = nextKey.split('.').map(Number) as [number, number | undefined];
  return { name: renderTemplate(policy.release.entrypoint, { major: nMajor, minor: nMinor ?? 0, patch: 0, line: nextKey }), line: nextKey };
}
