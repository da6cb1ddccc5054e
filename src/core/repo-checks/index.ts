/**
 * A policy checked against the repository it describes (`trellis policy check`, and warnings on
 * every command that reads the policy). Pure: the facts come in as data, in two steps — first
 * {@link versionFileReads} says which files to read at which branches, then
 * {@link repositoryFindings} judges what was read.
 *
 * - Version files must exist, and their key (pattern, marker, pinned package) must resolve, at
 *   the branches they are written on: `branch: main` / `develop` at that branch, `branch: line`
 *   at the branch of every line that still takes releases today (not end-of-life, not a line
 *   still in feature development). A release would stop on the first missing one; here they are
 *   problems, located at the version file's entry and naming the branches.
 * - Tags that match a tag template but are not versions of the scheme are warned about, with a
 *   few names: discovery ignores them, so their releases count for nothing.
 */
import type { Path } from '../policy/problems.js';
import type { Policy, VersionFile } from '../policy/schema.js';
import { parseTemplate, renderTemplate } from '../policy/template.js';
import { droppedTags, someNames } from '../lines/tag-names.js';
import type { LineToday } from '../lines/today.js';
import type { VersionFileSpec } from '../release/updaters/types.js';
import { getScheme } from '../version/schemes.js';
import { isTrellisError } from '../errors.js';

/** One finding: a problem (the policy cannot work as written) or a warning, at a place in the policy. */
export interface RepoFinding {
  severity: 'problem' | 'warning';
  path: Path;
  /** Point at the key rather than the value. */
  which?: 'key' | 'value';
  message: string;
}

/** A file to read at a branch's tip for the version file `index`. */
export interface VersionFileRead {
  index: number;
  branch: string;
  /** Why this branch: `line 1.2` or `branches.main`. */
  role: string;
  commit: string;
  path: string;
}

/** What the checks need besides the policy. */
export interface RepositoryFacts {
  /** Every line with its status today. */
  lines: readonly LineToday[];
  /** Branch names (local, or remote-tracking read as branches) with their tip commits. */
  branches: ReadonlyMap<string, string | null>;
  tags: readonly string[];
}

/** The statuses of lines that still take releases (their version files are written at release). */
const RELEASING = new Set(['prerelease', 'bugfix', 'security']);

/** True when the path template uses no placeholder but `allowed` ones. */
const usesOnly = (path: string, allowed: readonly string[]) => parseTemplate(path).placeholders.every((p) => allowed.includes(p));

/** True when a version file is written on line branches (then the lines of today are needed to know which). */
export function needsLines(policy: Policy): boolean {
  return policy.versionFiles.some((f) => f.branch === 'line' && usesOnly(f.path, ['line', 'major', 'minor']));
}

/** The files to read: every version file at every branch it is written on today (see the module comment). */
export function versionFileReads(policy: Policy, facts: RepositoryFacts): VersionFileRead[] {
  const out: VersionFileRead[] = [];
  policy.versionFiles.forEach((spec, index) => {
    for (const { branch, role, values } of targetsOf(policy, spec, facts.lines)) {
      const commit = facts.branches.get(branch);
      if (commit === undefined || commit === null) continue;
      out.push({ index, branch, role, commit, path: renderTemplate(spec.path, values) });
    }
  });
  return out;
}

function targetsOf(
  policy: Policy,
  spec: VersionFile,
  lines: readonly LineToday[],
): Array<{ branch: string; role: string; values: Record<string, string | number> }> {
  if (spec.branch === 'main' || spec.branch === 'develop') {
    const branch = spec.branch === 'main' ? policy.branches.main : policy.branches.develop;
    // A path that needs a version ({version}, {line}, ...) is known only at release.
    if (branch === undefined || !usesOnly(spec.path, [])) return [];
    return [{ branch, role: `branches.${spec.branch}`, values: {} }];
  }
  if (!usesOnly(spec.path, ['line', 'major', 'minor'])) return [];
  const seen = new Set<string>();
  return lines.flatMap((l) => {
    if (l.branch === null || !RELEASING.has(l.status) || seen.has(l.branch)) return [];
    seen.add(l.branch);
    const [major = '0', minor = '0'] = l.key.split('.');
    return [{ branch: l.branch, role: `line ${l.key}`, values: { line: l.key, major, minor } }];
  });
}

/** Where in a version file's entry a failing lookup points: its key, pattern, marker or package. */
function lookupField(spec: VersionFile): string {
  switch (spec.kind) {
    case 'pin':
      return 'package';
    case 'regex':
      return spec.pattern !== undefined ? 'pattern' : spec.marker !== undefined ? 'marker' : 'path';
    default:
      return 'key';
  }
}

/** `release-1.3.x (line 1.3), main (branches.main)` */
const where = (reads: readonly VersionFileRead[]) => reads.map((r) => `${r.branch} (${r.role})`).join(', ');

/** Reads a version file's value(s), throwing a TrellisError where the key or pattern finds none (release/updaters' readVersionFile). */
export type VersionFileReader = (text: string, spec: VersionFileSpec) => unknown;

/**
 * Judges the files read (`text` gives a read's content, undefined when the file is not there)
 * and the tags. Findings come in policy order: version files, then tags. `readFile` is given by
 * the caller so that a policy without version files never loads the file parsers (TOML, JSON,
 * YAML): every command runs these checks.
 */
export function repositoryFindings(
  policy: Policy,
  facts: RepositoryFacts,
  reads: readonly VersionFileRead[],
  text: (read: VersionFileRead) => string | undefined,
  readFile: VersionFileReader,
): RepoFinding[] {
  const findings: RepoFinding[] = [];
  policy.versionFiles.forEach((spec, index) => {
    const mine = reads.filter((r) => r.index === index);
    const missing = mine.filter((r) => text(r) === undefined);
    if (missing.length > 0) {
      const paths = [...new Set(missing.map((r) => r.path))].join(', ');
      findings.push({
        severity: 'problem',
        path: ['versionFiles', index, 'path'],
        message: `${paths} does not exist on ${where(missing)}, where this version file is written`,
      });
    }
    const failures = new Map<string, VersionFileRead[]>();
    for (const r of mine) {
      const t = text(r);
      if (t === undefined) continue;
      try {
        readFile(t, { ...spec, path: r.path });
      } catch (e) {
        if (!isTrellisError(e)) throw e;
        failures.set(e.message, [...(failures.get(e.message) ?? []), r]);
      }
    }
    for (const [message, at] of failures) {
      findings.push({ severity: 'problem', path: ['versionFiles', index, lookupField(spec)], message: `on ${where(at)}: ${message}` });
    }
  });
  const dropped = droppedTags(policy, facts.tags);
  if (dropped.length > 0) findings.push(droppedTagsFinding(policy, dropped));
  return findings;
}

function droppedTagsFinding(policy: Policy, dropped: readonly string[]): RepoFinding {
  const scheme = policy.versioning.scheme;
  const n = dropped.length;
  // A hint to switch schemes only when several tags say so (one stray old tag does not).
  const pep = scheme === 'semver' && n > 1 && dropped.every((t) => tagVersionIsPep440(policy, t));
  const hint = pep ? '; they are PEP 440 versions (versioning.scheme: pep440 reads them)' : '';
  return {
    severity: 'warning',
    path: ['versioning', 'tag'],
    message: `${n} tag${n === 1 ? ' matches' : 's match'} the tag template but ${n === 1 ? 'is not a' : 'are not'} ${scheme} version${n === 1 ? '' : 's'} (${someNames(dropped)}): ignored, as if never released${hint}`,
  };
}

function tagVersionIsPep440(policy: Policy, tag: string): boolean {
  const pep = getScheme('pep440');
  return policy.versioning.tag.some((t) => {
    try {
      const m = parseTemplate(t).regex.exec(tag);
      const v = m?.groups?.version;
      return v !== undefined && pep.tryParse(v) !== null;
    } catch {
      return false;
    }
  });
}
