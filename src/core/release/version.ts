/**
 * Which version a release makes, and whether it may: the next version of a line from the
 * conventional commits since its latest tag (or the version asked for), pre-release numbering
 * in the policy's own format (`0.5.0rc2`, `3.2.0-rc2`, `1.3.0-rc.2`), and the refusals (exists,
 * another line, backwards, end of life). Pure: the facts come in as data.
 */
import { parseConventional } from '../changes/conventional.js';
import { TrellisError } from '../errors.js';
import type { Policy } from '../policy/schema.js';
import type { TemplateValues } from '../policy/template.js';
import { bumpFromChanges } from '../version/bump.js';
import { getScheme, nextVersion } from '../version/index.js';
import { isDevelopmentMarker } from '../version/markers.js';
import type { ParsedVersion, VersionScheme } from '../version/types.js';
import type { ReleaseLineFacts, LineTagFact } from './types.js';

/** The policy's scheme with its pre-release labels (rc10 after rc2). */
export function releaseScheme(policy: Policy): VersionScheme {
  return getScheme(policy.versioning.scheme, { prereleaseLabels: policy.versioning.prerelease.labels });
}

/** The line key of a version (`X.Y`, or `X` when lines are majors). */
export function lineOfVersion(v: ParsedVersion, policy: Policy): string {
  const major = v.release[0] ?? 0;
  return policy.versioning.line === 'major' ? `${major}` : `${major}.${v.release[1] ?? 0}`;
}

const PEP_ALIASES: Record<string, string> = { alpha: 'a', a: 'a', beta: 'b', b: 'b', c: 'rc', rc: 'rc', pre: 'rc', preview: 'rc' };

/** The policy's label for `--pre alpha|beta|rc` (PEP 440 writes alpha as `a`). */
export function prereleaseLabel(policy: Policy, asked: string): string {
  const labels = policy.versioning.prerelease.labels;
  if (labels.includes(asked)) return asked;
  if (policy.versioning.scheme === 'pep440') {
    const l = PEP_ALIASES[asked.toLowerCase()];
    if (l !== undefined && labels.includes(l)) return l;
  } else {
    const alias = Object.entries({ a: 'alpha', b: 'beta', c: 'rc' }).find(([k]) => k === asked)?.[1];
    if (alias !== undefined && labels.includes(alias)) return alias;
  }
  throw new TrellisError('usage', `--pre ${asked}: the policy's pre-release labels are ${labels.join(', ')}`, 2);
}

/** `base` with a pre-release label and number in the policy's format (`{label}{n}` / `-{label}.{n}`). */
export function formatPrerelease(policy: Policy, base: string, label: string, n: number): string {
  return `${base}${policy.versioning.prerelease.format.replace('{label}', label).replace('{n}', String(n))}`;
}

/** `X.Y.Z` of a version (its first three release numbers). */
export function baseOf(v: ParsedVersion): string {
  const r = v.release.slice(0, 3);
  while (r.length < 3) r.push(0);
  return r.join('.');
}

function parseTag(scheme: VersionScheme, t: LineTagFact): ParsedVersion | null {
  return scheme.tryParse(t.version);
}

/** The next number of `label` for pre-releases of `base` among the line's tags. */
function nextPreNumber(scheme: VersionScheme, tags: readonly LineTagFact[], base: string, label: string): number {
  let max = 0;
  for (const t of tags) {
    const p = parseTag(scheme, t);
    if (p && p.pre && baseOf(p) === base && p.pre.label === label) max = Math.max(max, p.pre.number ?? 0);
  }
  return max + 1;
}

/** What the user asked for. */
export interface VersionRequest {
  /** `--version V`. */
  version?: string;
  /** `--pre alpha|beta|rc` (any label of the policy). */
  pre?: string;
}

/** A commit as far as the version choice cares. */
export interface VersionChange {
  message: string;
}

/** The chosen version and why. */
export interface VersionChoice {
  version: string;
  /** The latest tag is this version and every step may already be done: plan what is left. */
  resume: boolean;
  /** How it was chosen, for people. */
  reason: string;
  warnings: string[];
}

/** The highest tag of a line (any kind), by the scheme's order. */
export function latestTagOf(scheme: VersionScheme, tags: readonly LineTagFact[]): LineTagFact | null {
  let best: { t: LineTagFact; p: ParsedVersion } | null = null;
  for (const t of tags) {
    const p = parseTag(scheme, t);
    if (p && (best === null || scheme.compare(p, best.p) > 0)) best = { t, p };
  }
  return best?.t ?? null;
}

/**
 * The highest tag of a line but its development markers (llama-stack's `v0.7.2-dev` on main is
 * where work starts, not a release or a pre-release to finish): what the next version counts
 * from.
 */
function latestReleaseTagOf(scheme: VersionScheme, tags: readonly LineTagFact[]): LineTagFact | null {
  return latestTagOf(
    scheme,
    tags.filter((t) => {
      const p = parseTag(scheme, t);
      return p === null || !isDevelopmentMarker(p);
    }),
  );
}

/** The version of a per-release branch (`release/X.Y.Z`): the branch names it; a pre-release of it, or the release to finish. */
function perReleaseVersion(
  policy: Policy,
  line: ReleaseLineFacts & { patch: number },
  label: string | null,
  changes: readonly VersionChange[],
  warnings: string[],
): VersionChoice {
  const scheme = releaseScheme(policy);
  const latest = latestReleaseTagOf(scheme, line.tags);
  const latestParsed = latest ? scheme.parse(latest.version) : null;
  const { major, minor } = splitKey(line.key);
  const base = `${major}.${minor ?? 0}.${line.patch}`;
  const released = line.tags.some((t) => {
    const p = parseTag(scheme, t);
    return p !== null && !p.isPrerelease && baseOf(p) === base;
  });
  if (
    released &&
    latest &&
    latestParsed &&
    baseOf(latestParsed) === base &&
    !latestParsed.isPrerelease &&
    changes.length === 0 &&
    label === null
  ) {
    return { version: latest.version, resume: true, reason: `${latest.tag} is the latest tag of ${line.branch}`, warnings };
  }
  if (released) {
    throw new TrellisError(
      'refused',
      `${base} is already released from ${line.branch}; cut the next patch branch first (trellis branch cut ${line.key})`,
      2,
    );
  }
  if (label === null) return { version: base, resume: false, reason: `the version of branch ${line.branch}`, warnings };
  if (latest && latestParsed?.pre?.label === label && baseOf(latestParsed) === base && changes.length === 0) {
    return { version: latest.version, resume: true, reason: `${latest.tag} is the latest tag of ${line.branch}`, warnings };
  }
  const n = nextPreNumber(scheme, line.tags, base, label);
  return { version: formatPrerelease(policy, base, label, n), resume: false, reason: `the next ${label} of ${base}`, warnings };
}

/** After a final release: the bump the commits call for, kept inside the line (a warning when they call for more). */
function nextInLine(
  policy: Policy,
  line: ReleaseLineFacts,
  latest: LineTagFact,
  latestParsed: ParsedVersion,
  label: string | null,
  changes: readonly VersionChange[],
  warnings: string[],
): VersionChoice {
  const scheme = releaseScheme(policy);
  const bump = bumpFromChanges(
    changes.map((c) => {
      const cc = parseConventional(c.message);
      return { type: cc?.type ?? null, breaking: cc?.breaking ?? false };
    }),
    { currentMajor: latestParsed.release[0] ?? 0, zeroMajor: policy.versioning.zeroMajor },
  );
  const allowed: 'patch' | 'minor' = policy.versioning.line === 'major' ? 'minor' : 'patch';
  let level: 'major' | 'minor' | 'patch' = bump ?? 'patch';
  if (level === 'major' || (level === 'minor' && allowed === 'patch')) {
    warnings.push(
      `the commits since ${latest.tag} call for a ${level} release, but a release of line ${line.key} stays in the line: ${allowed} release`,
    );
    level = allowed;
  }
  const next = nextVersion(policy.versioning.scheme, baseOf(latestParsed), level, {
    prereleaseLabels: policy.versioning.prerelease.labels,
  });
  const why =
    bump === null
      ? `commits since ${latest.tag} but none is a feat or fix: patch`
      : `${level} release from the commits since ${latest.tag}`;
  if (label === null) return { version: next, resume: false, reason: why, warnings };
  const n = nextPreNumber(scheme, line.tags, next, label);
  return { version: formatPrerelease(policy, next, label, n), resume: false, reason: `the next ${label} of ${next} (${why})`, warnings };
}

/**
 * The version a release of `line` makes. `changes` are the commits on the line's branch since
 * its latest tag (Trellis's own post-release commits for that tag already left out).
 */
export function chooseLineVersion(
  policy: Policy,
  line: ReleaseLineFacts,
  request: VersionRequest,
  changes: readonly VersionChange[],
): VersionChoice {
  const scheme = releaseScheme(policy);
  const warnings: string[] = [];
  const label = request.pre !== undefined ? prereleaseLabel(policy, request.pre) : null;
  if (request.version !== undefined) {
    let text = request.version.trim();
    if (/^v\d/.test(text) && scheme.tryParse(text.slice(1))) text = text.slice(1);
    const v = scheme.parse(text);
    if (label !== null && v.pre?.label !== label) {
      throw new TrellisError('usage', `--version ${request.version} is not a ${label} pre-release; give --version or --pre, not both`, 2);
    }
    return { version: v.normalized, resume: false, reason: 'asked for with --version', warnings };
  }
  const latest = latestReleaseTagOf(scheme, line.tags);
  const latestParsed = latest ? scheme.parse(latest.version) : null;
  const { major, minor } = splitKey(line.key);
  const lineBase = policy.versioning.line === 'major' ? `${major}.0.0` : `${major}.${minor ?? 0}.0`;

  // Per-release branches (release/X.Y.Z): the branch names the version.
  if (line.patch !== null) return perReleaseVersion(policy, { ...line, patch: line.patch }, label, changes, warnings);

  if (!latest || !latestParsed) {
    // The first version of the line.
    if (label === null) return { version: lineBase, resume: false, reason: `the first release of line ${line.key}`, warnings };
    const n = nextPreNumber(scheme, line.tags, lineBase, label);
    return { version: formatPrerelease(policy, lineBase, label, n), resume: false, reason: `the first ${label} of ${lineBase}`, warnings };
  }

  if (changes.length === 0) {
    if (label === null && !latestParsed.isPrerelease) {
      return { version: latest.version, resume: true, reason: `${latest.tag} is the latest tag and nothing was committed since`, warnings };
    }
    if (label !== null && latestParsed.pre?.label === label) {
      return { version: latest.version, resume: true, reason: `${latest.tag} is the latest tag and nothing was committed since`, warnings };
    }
    if (label !== null && !latestParsed.isPrerelease) {
      throw new TrellisError('refused', `nothing to release on line ${line.key}: no commits since ${latest.tag}`, 2);
    }
  }

  if (latestParsed.isPrerelease) {
    const base = baseOf(latestParsed);
    if (label === null)
      return { version: base, resume: false, reason: `finishes the pre-releases of ${base} (latest ${latest.tag})`, warnings };
    const n = nextPreNumber(scheme, line.tags, base, label);
    const candidate = formatPrerelease(policy, base, label, n);
    return { version: candidate, resume: false, reason: `the next ${label} of ${base} (latest ${latest.tag})`, warnings };
  }

  return nextInLine(policy, line, latest, latestParsed, label, changes, warnings);
}

function splitKey(key: string): { major: number; minor: number | null } {
  const [a, b] = key.split('.');
  return { major: Number(a), minor: b === undefined ? null : Number(b) };
}

/** Everything that may refuse a version; throws a one-line `refused`/`exists` TrellisError (exit 2). */
export function checkReleaseVersion(
  policy: Policy,
  line: ReleaseLineFacts,
  version: string,
  opts: { resume: boolean; otherTags: ReadonlyMap<string, string> },
): ParsedVersion {
  const scheme = releaseScheme(policy);
  const v = scheme.parse(version);
  if (line.status === 'end-of-life') {
    throw new TrellisError('refused', `line ${line.key} is end-of-life; it takes no more releases`, 2);
  }
  const owner = lineOfVersion(v, policy);
  if (owner !== line.key) {
    throw new TrellisError('refused', `version ${version} belongs to line ${owner}, not to line ${line.key}`, 2);
  }
  const same = line.tags.find((t) => {
    const p = parseTag(scheme, t);
    return p !== null && scheme.compare(p, v) === 0;
  });
  if (same && !opts.resume) {
    throw new TrellisError('exists', `version ${version} already exists (tag ${same.tag})`, 2);
  }
  if (!same) {
    const elsewhere = opts.otherTags.get(v.normalized) ?? opts.otherTags.get(version);
    if (elsewhere !== undefined) throw new TrellisError('exists', `version ${version} already exists (tag ${elsewhere})`, 2);
  }
  const latest = latestTagOf(scheme, line.tags);
  if (latest && !(opts.resume && same)) {
    const lp = scheme.parse(latest.version);
    if (scheme.compare(v, lp) <= 0) {
      throw new TrellisError(
        'refused',
        `version ${version} goes backwards: line ${line.key} is already at ${latest.version} (tag ${latest.tag})`,
        2,
      );
    }
  }
  return v;
}

/** Values for version-file templates: `{version}` `{nextDev}` `{nextPatch}` `{nextMinor}` `{major}` ... */
export function templateValues(policy: Policy, version: string, line: string): TemplateValues {
  const scheme = policy.versioning.scheme;
  const v = releaseScheme(policy).parse(version);
  const opts = { prereleaseLabels: policy.versioning.prerelease.labels };
  const nextPatch = nextVersion(scheme, baseOf(v), 'patch', opts);
  const nextMinor = nextVersion(scheme, baseOf(v), 'minor', opts);
  const nextDev = scheme === 'pep440' ? nextVersion(scheme, v.isPrerelease ? baseOf(v) : version, 'dev', opts) : `${nextPatch}-dev.0`;
  return {
    version,
    major: v.release[0] ?? 0,
    minor: v.release[1] ?? 0,
    patch: v.release[2] ?? 0,
    line,
    nextPatch,
    nextMinor,
    nextDev,
  };
}
