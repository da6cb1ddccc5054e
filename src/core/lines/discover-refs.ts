/**
 * The first pass of discovery: branches and tags by line key, as the policy's templates read
 * them (see discover.ts for the rules), and the lines they make before the development line is
 * chosen. Pure.
 */
import type { Policy } from '../policy/schema.js';
import { matchTemplate, parseTemplate, type Template } from '../policy/template.js';
import { tagMeaning } from './tag-names.js';
import type { ParsedVersion } from '../version/types.js';
import { isDevelopmentMarker } from '../version/markers.js';
import { compareLineKeys, dayOf, lineKeyOf, parseLineKey, schemeOf } from './keys.js';
import type { LineBranch, LineTag, RefFact, ReleaseLine } from './types.js';

export interface Draft {
  key: string;
  branches: LineBranch[];
  /** Rank of the branch's template (active templates first, in policy order). */
  ranks: Map<string, number>;
  tags: Array<LineTag & { parsed: ParsedVersion }>;
  entrypoint: { tag: string; commit: string | null } | null;
  explicitBranch: boolean;
}

function draft(map: Map<string, Draft>, key: string): Draft {
  let d = map.get(key);
  if (!d) {
    d = { key, branches: [], ranks: new Map(), tags: [], entrypoint: null, explicitBranch: false };
    map.set(key, d);
  }
  return d;
}

function safeTemplate(source: string): Template | null {
  try {
    return parseTemplate(source);
  } catch {
    // The loader validates templates; a policy built by hand may still hold a bad one.
    return null;
  }
}

/**
 * The branches and tags of every line, by key: branches that match a release template (or a
 * `support.lines` branch), tags that match a tag template (versions) or the entrypoint template.
 * Tags that match a template without being a version of the scheme are left out (the
 * repository checks of `policy check`, core/repo-checks, warn about them).
 */
export function draftsOf(refs: readonly RefFact[], policy: Policy, special: ReadonlySet<string>): Map<string, Draft> {
  const drafts = new Map<string, Draft>();
  readBranches(refs, policy, special, drafts);
  readTags(refs, policy, drafts);
  return drafts;
}

function readBranches(refs: readonly RefFact[], policy: Policy, special: ReadonlySet<string>, drafts: Map<string, Draft>): void {
  const by = policy.versioning.line;
  // Templates: active release templates first (in policy order), then end-of-life ones.
  const releaseTemplates = policy.branches.release
    .map((r, order) => ({ t: safeTemplate(r.template), source: r.template, eol: r.eol, order }))
    .filter((x): x is { t: Template; source: string; eol: boolean; order: number } => x.t !== null)
    .sort((a, b) => Number(a.eol) - Number(b.eol) || a.order - b.order);
  const notLines = [policy.branches.backport, policy.branches.hotfix].map(safeTemplate).filter((t): t is Template => t !== null);
  const explicitBranches = new Map<string, string>();
  for (const [key, entry] of Object.entries(policy.support.lines)) if (entry.branch) explicitBranches.set(entry.branch, key);

  for (const ref of refs) {
    if (ref.kind !== 'branch' || special.has(ref.name)) continue;
    const explicitKey = explicitBranches.get(ref.name);
    if (explicitKey !== undefined) {
      const d = draft(drafts, explicitKey);
      d.branches.push({ name: ref.name, commit: ref.commit, template: 'support.lines', eol: false, patch: null, codename: null });
      d.ranks.set(ref.name, -1);
      d.explicitBranch = true;
      continue;
    }
    if (notLines.some((t) => t.regex.test(ref.name))) continue;
    for (const [rank, rt] of releaseTemplates.entries()) {
      const m = matchTemplate(rt.t, ref.name);
      if (!m) continue;
      let key: string | null = null;
      if (m.line !== undefined) {
        const { major, minor } = parseLineKey(m.line);
        key = by === 'major' ? `${major}` : minor === null ? null : `${major}.${minor}`;
      } else if (m.major !== undefined) {
        key = by === 'major' ? `${Number(m.major)}` : m.minor !== undefined ? `${Number(m.major)}.${Number(m.minor)}` : null;
      }
      if (key === null) continue;
      const d = draft(drafts, key);
      d.branches.push({
        name: ref.name,
        commit: ref.commit,
        template: rt.source,
        eol: rt.eol,
        patch: m.patch !== undefined ? Number(m.patch) : null,
        codename: m.codename ?? null,
      });
      d.ranks.set(ref.name, rank);
      break;
    }
  }
}

function readTags(refs: readonly RefFact[], policy: Policy, drafts: Map<string, Draft>): void {
  const by = policy.versioning.line;
  const meaning = tagMeaning(policy);
  // Per line, the entrypoint of the highest version (3.7.2-entrypoint after 3.7.0- and 3.7.1-entrypoint).
  const entryRelease = new Map<string, number[]>();
  // Two-component tags (`v0.5` read as 0.5.0, see tag-names.ts), kept until every full version is known.
  const short: Array<{ ref: RefFact; m: { version: string; parsed: ParsedVersion } }> = [];
  const full = new Set<string>();
  for (const ref of refs) {
    if (ref.kind !== 'tag') continue;
    const m = meaning(ref.name);
    if (m.kind === 'entrypoint') {
      if (m.key === null) continue;
      const key = by === 'major' ? `${parseLineKey(m.key).major}` : m.key;
      const seen = entryRelease.get(key);
      if (seen && compareReleases(seen, m.release) > 0) continue;
      entryRelease.set(key, m.release);
      draft(drafts, key).entrypoint = { tag: ref.name, commit: ref.commit };
      continue;
    }
    // Tags the scheme does not read are left out here; the repository checks warn about them.
    if (m.kind !== 'version') continue;
    if (m.short) short.push({ ref, m });
    else {
      full.add(m.version);
      addTag(drafts, lineKeyOf(m.parsed, by), ref, m);
    }
  }
  // `v0.5` beside `v0.5.0`: the full tag names the release (one release, not two).
  for (const { ref, m } of short) if (!full.has(m.version)) addTag(drafts, lineKeyOf(m.parsed, by), ref, m);
}

function addTag(drafts: Map<string, Draft>, key: string, ref: RefFact, m: { version: string; parsed: ParsedVersion }): void {
  draft(drafts, key).tags.push({
    tag: ref.name,
    version: m.version,
    commit: ref.commit,
    date: dayOf(ref.date),
    prerelease: m.parsed.isPrerelease,
    parsed: m.parsed,
  });
}

function compareReleases(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The lines the drafts make, newest first: releases and pre-releases in version order, the heading branch first. */
export function linesOf(drafts: ReadonlyMap<string, Draft>, policy: Policy): ReleaseLine[] {
  const scheme = schemeOf(policy);
  const by = policy.versioning.line;
  const lines: ReleaseLine[] = [];
  for (const d of drafts.values()) {
    const { major, minor } = parseLineKey(d.key);
    d.tags.sort((a, b) => scheme.compare(a.parsed, b.parsed));
    const strip = ({ parsed: _parsed, ...t }: LineTag & { parsed: ParsedVersion }): LineTag => t;
    const releases = d.tags.filter((t) => !t.prerelease).map(strip);
    const prereleases = d.tags.filter((t) => t.prerelease).map(strip);
    d.branches.sort(
      (a, b) => d.ranks.get(a.name)! - d.ranks.get(b.name)! || (b.patch ?? -1) - (a.patch ?? -1) || a.name.localeCompare(b.name),
    );
    const head = d.branches[0] ?? null;
    const eolBranch = d.branches.find((b) => b.eol);
    const notes: string[] = [];
    if (eolBranch) notes.push(`branch ${eolBranch.name} matches the end-of-life template '${eolBranch.template}'`);
    if (head && d.branches.length > 1) {
      notes.push(
        `also branches ${d.branches
          .slice(1)
          .map((b) => b.name)
          .join(', ')}`,
      );
    }
    // Unreleased commits count from the newest tag that is not a development marker (llama-stack's
    // `v0.7.2-dev` is on main, not on release-0.7.x: counted from it, 0.7 showed 8 unreleased
    // commits where 1 follows v0.7.1); from a marker only when the line has nothing else.
    const counted = d.tags.findLast((t) => !isDevelopmentMarker(t.parsed)) ?? d.tags[d.tags.length - 1];
    const latestTag = counted ? strip(counted) : null;
    lines.push({
      key: d.key,
      major,
      minor: by === 'major' ? null : minor,
      kind: 'release',
      keyProjected: false,
      branch: head?.name ?? null,
      branchCommit: head?.commit ?? null,
      branches: d.branches,
      codename: head?.codename ?? d.branches.find((b) => b.codename)?.codename ?? policy.branches.codenames[d.key] ?? null,
      maintainable: head !== null,
      eolByTemplate: eolBranch !== undefined,
      releases,
      prereleases,
      firstRelease: releases[0] ?? null,
      latestRelease: releases[releases.length - 1] ?? null,
      latestTag,
      entrypoint: d.entrypoint,
      forkPoint: null,
      unreleasedCommits: null,
      notes,
    });
  }
  lines.sort((a, b) => compareLineKeys(b.key, a.key));
  return lines;
}

export function emptyLine(key: string, major: number, minor: number | null, notes: string[]): ReleaseLine {
  return {
    key,
    major,
    minor,
    kind: 'release',
    keyProjected: false,
    branch: null,
    branchCommit: null,
    branches: [],
    codename: null,
    maintainable: false,
    eolByTemplate: false,
    releases: [],
    prereleases: [],
    firstRelease: null,
    latestRelease: null,
    latestTag: null,
    entrypoint: null,
    forkPoint: null,
    unreleasedCommits: null,
    notes,
  };
}
