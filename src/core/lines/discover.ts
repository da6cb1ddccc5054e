/**
 * Release-line discovery: which lines exist, from the branch and tag names the policy's
 * templates describe. Pure: the refs (and, optionally, the commit graph) come in as data.
 *
 * - Every release-branch template (`branches.release`, several per project) maps branch names to
 *   line keys; templates marked `eol` (tarantool's `archive/{major}.{minor}`) mark their lines
 *   end-of-life. Branches matching the backport or hotfix template are never lines (tarantool's
 *   `backport/release/X.Y/<PR>`). A line with several branches (`release/0.6.0`,
 *   `release/0.6.1`, or llama-stack's old `release-0.2.10` beside `release-0.2.x`) is headed by
 *   the branch of the first active template, and among per-release branches by the highest patch.
 * - Every tag template (`versioning.tag`) maps tag names to versions of the policy's scheme;
 *   the version gives the line (`X.Y`, or `X`). Entrypoint tags (`release.entrypoint`) are
 *   never releases; they name the line the development branch works on.
 * - The development branch (`branches.main`, or `branches.develop` in git-flow) is the
 *   development line.
 * - One rule for released lines without a branch of their own: the newest released line lives on
 *   the branch its releases are made on (the "release home": the development branch in trunk flow,
 *   `main` in git-flow) when its releases are on that branch's first-parent history and nothing
 *   newer has started there. In trunk flow the home is the development branch, so that line IS
 *   the development line (Tarantool-style series: `3.1.0` tagged on master before `3.1` is forked); in git-flow
 *   it is the line on `main` beside the development line on `dev` (VMPilot-style git-flow). Other lines without
 *   a branch are kept (tags only) but are not maintainable.
 */
import { developmentBranchOf, isGitflow } from '../policy/flow.js';
import type { Policy } from '../policy/schema.js';
import { matchTemplate, parseTemplate, type Template } from '../policy/template.js';
import { getScheme } from '../version/index.js';
import type { ParsedVersion, VersionScheme } from '../version/types.js';
import { commitDate, countAhead, firstParentChain, forkPointOf, type CommitGraph } from './graph.js';
import type { LineBranch, LineDiscovery, LineTag, RefFact, ReleaseLine } from './types.js';

/** The policy's version scheme with its pre-release labels (rc10 after rc2). */
export function schemeOf(policy: Policy): VersionScheme {
  return getScheme(policy.versioning.scheme, { prereleaseLabels: policy.versioning.prerelease.labels });
}

/** `{ major, minor }` of a line key. */
export function parseLineKey(key: string): { major: number; minor: number | null } {
  const [a, b] = key.split('.');
  return { major: Number(a), minor: b === undefined ? null : Number(b) };
}

/** Orders line keys numerically (`0.10` after `0.9`). */
export function compareLineKeys(a: string, b: string): number {
  const x = parseLineKey(a);
  const y = parseLineKey(b);
  return x.major - y.major || (x.minor ?? -1) - (y.minor ?? -1);
}

/** The line key of a version: `X.Y` (minor lines) or `X` (major lines). */
export function lineKeyOf(v: ParsedVersion, by: 'minor' | 'major'): string {
  const major = v.release[0] ?? 0;
  return by === 'major' ? `${major}` : `${major}.${v.release[1] ?? 0}`;
}

/** The calendar date as recorded (`2025-03-01T23:30:00-05:00` gives 2025-03-01, like `git log --date=short`). */
export function dayOf(iso: string | null): string | null {
  return iso === null ? null : iso.slice(0, 10);
}

interface Draft {
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

/** The next line after `key` (`0.4` → `0.5`, `3` → `4`). */
export function nextLineKey(key: string): string {
  const { major, minor } = parseLineKey(key);
  return minor === null ? `${major + 1}` : `${major}.${minor + 1}`;
}

/**
 * Finds the release lines in `refs` as `policy` describes them. With `graph` (the history of
 * every line branch, tag and the development branch), fork points and unreleased commit
 * counts are filled in; without it they stay null. The `graphTips` of a first pass say which
 * commits the graph must contain.
 */
export function discoverLines(refs: readonly RefFact[], policy: Policy, graph?: CommitGraph): LineDiscovery {
  const scheme = schemeOf(policy);
  const by = policy.versioning.line;
  const warnings: string[] = [];
  const branchesByName = new Map(refs.filter((r) => r.kind === 'branch').map((r) => [r.name, r]));
  const gitflow = isGitflow(policy);
  const developmentBranch = developmentBranchOf(policy);
  const special = new Set([policy.branches.main, ...(policy.branches.develop ? [policy.branches.develop] : [])]);

  // Templates: active release templates first (in policy order), then end-of-life ones.
  const releaseTemplates = policy.branches.release
    .map((r, order) => ({ t: safeTemplate(r.template), source: r.template, eol: r.eol, order }))
    .filter((x): x is { t: Template; source: string; eol: boolean; order: number } => x.t !== null)
    .sort((a, b) => Number(a.eol) - Number(b.eol) || a.order - b.order);
  const notLines = [policy.branches.backport, policy.branches.hotfix].map(safeTemplate).filter((t): t is Template => t !== null);
  const tagTemplates = policy.versioning.tag.map(safeTemplate).filter((t): t is Template => t !== null);
  const entrypoint = policy.release.entrypoint === false ? null : safeTemplate(policy.release.entrypoint);

  const drafts = new Map<string, Draft>();
  const explicitBranches = new Map<string, string>();
  for (const [key, entry] of Object.entries(policy.support.lines)) if (entry.branch) explicitBranches.set(entry.branch, key);

  // Branches.
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

  // Tags.
  const unparsed: string[] = [];
  for (const ref of refs) {
    if (ref.kind !== 'tag') continue;
    if (entrypoint) {
      const m = matchTemplate(entrypoint, ref.name);
      if (m) {
        const key =
          m.line !== undefined
            ? m.line
            : m.major !== undefined
              ? by === 'major' || m.minor === undefined
                ? `${Number(m.major)}`
                : `${Number(m.major)}.${Number(m.minor)}`
              : null;
        if (key !== null) {
          const d = draft(drafts, by === 'major' ? `${parseLineKey(key).major}` : key);
          d.entrypoint = { tag: ref.name, commit: ref.commit };
        }
        continue;
      }
    }
    let parsed: ParsedVersion | null = null;
    let version = '';
    for (const t of tagTemplates) {
      const m = matchTemplate(t, ref.name);
      if (!m || m.version === undefined) continue;
      parsed = scheme.tryParse(m.version);
      if (parsed) {
        version = m.version;
        break;
      }
    }
    if (!parsed) {
      if (tagTemplates.some((t) => t.regex.test(ref.name))) unparsed.push(ref.name);
      continue;
    }
    draft(drafts, lineKeyOf(parsed, by)).tags.push({
      tag: ref.name,
      version,
      commit: ref.commit,
      date: dayOf(ref.date),
      prerelease: parsed.isPrerelease,
      parsed,
    });
  }
  if (unparsed.length > 0) {
    const list = unparsed
      .slice(0, 3)
      .map((t) => `'${t}'`)
      .join(', ');
    warnings.push(
      `${unparsed.length} tag${unparsed.length === 1 ? '' : 's'} match the tag template but are not ${policy.versioning.scheme} versions (${list}${unparsed.length > 3 ? ', ...' : ''}); ignored`,
    );
  }

  // Lines.
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
    const latestTag = d.tags.length > 0 ? strip(d.tags[d.tags.length - 1]!) : null;
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

  // Explicit lines that git knows nothing about still appear: the list is authoritative.
  for (const key of Object.keys(policy.support.lines)) {
    const k = by === 'major' ? `${parseLineKey(key).major}` : key;
    if (lines.some((l) => l.key === k)) continue;
    const { major, minor } = parseLineKey(k);
    lines.push(emptyLine(k, major, by === 'major' ? null : minor, ['listed in support.lines; no branch or tag found']));
  }
  lines.sort((a, b) => compareLineKeys(b.key, a.key));

  // The release home and the line living on it (see the module comment).
  const home = gitflow ? policy.branches.main : developmentBranch;
  const resident = residentLine(lines, branchesByName.get(home) ?? null, home === developmentBranch, graph);

  // The development line.
  const devRef = branchesByName.get(developmentBranch);
  let development: ReleaseLine | null = null;
  if (!devRef) {
    warnings.push(
      `the development branch '${developmentBranch}' does not exist (branches.${gitflow && policy.branches.develop ? 'develop' : 'main'} in the policy)`,
    );
  } else {
    if (resident && home === developmentBranch) {
      // Trunk flow: the released line on the development branch is the development line.
      development = resident;
      lines.splice(lines.indexOf(resident), 1);
      development.notes.push(
        `lives on ${developmentBranch}: its releases are tagged there and it has no branch of its own yet (trellis branch cut forks it)`,
      );
    } else {
      // A branchless line newer than every line with a branch or a release, with only pre-release
      // tags or an entrypoint, is what the development branch is working on (tarantool's master
      // with 3.0.0-alpha1, or 3.1.0-entrypoint).
      const settled = lines.filter((l) => l.branch !== null || l.releases.length > 0);
      const newestSettled = settled[0]?.key;
      const candidate = lines.find(
        (l) =>
          l.branch === null &&
          l.releases.length === 0 &&
          (l.prereleases.length > 0 || l.entrypoint !== null) &&
          (newestSettled === undefined || compareLineKeys(l.key, newestSettled) > 0),
      );
      if (candidate) {
        development = candidate;
        lines.splice(lines.indexOf(candidate), 1);
      } else {
        const key = newestSettled ? nextLineKey(newestSettled) : by === 'major' ? '1' : '0.1';
        // A line only listed in support.lines under the projected key is that same line (the
        // Lightspeed-style "0.6" listed while main works towards 0.6): one line, not two.
        const listed = lines.find((l) => l.key === key && l.branch === null && l.releases.length === 0 && l.prereleases.length === 0);
        if (listed) lines.splice(lines.indexOf(listed), 1);
        const { major, minor } = parseLineKey(key);
        development = listed ?? emptyLine(key, major, by === 'major' ? null : minor, []);
        development.keyProjected = true;
      }
    }
    development.kind = 'development';
    development.branch = developmentBranch;
    development.branchCommit = devRef.commit;
    development.maintainable = true;
    development.notes = development.notes.filter((n) => !n.startsWith('listed in support.lines'));
  }

  // git-flow: the released line on main, beside the development line on dev.
  if (resident && home !== developmentBranch) {
    resident.branch = home;
    resident.branchCommit = branchesByName.get(home)!.commit;
    resident.maintainable = true;
    resident.notes.push(`lives on ${home} (git-flow: releases are merged from ${developmentBranch} into ${home})`);
  }
  for (const l of lines) {
    if (l.branch === null && (l.releases.length > 0 || l.prereleases.length > 0)) {
      l.notes.unshift('no branch: tags only, so fixes cannot be carried to it (not maintainable)');
    }
  }

  const all = development ? [development, ...lines] : lines;
  if (graph) fillFromGraph(all, graph, devRef?.commit ?? null, special);
  return { lines: all, developmentBranch, warnings };
}

/**
 * The line that lives on the release home `homeRef` without a branch of its own: the newest line
 * with a release, when it has no branch, nothing newer has started on the home (in trunk flow,
 * where the home is the development branch: no newer line at all, whether branched, tagged,
 * given an entrypoint or listed; in git-flow: no newer release), and every release of it is on
 * the home's first-parent history. Without `graph` (callers that read refs only) that last
 * condition cannot be checked and is taken to hold.
 */
function residentLine(
  lines: readonly ReleaseLine[],
  homeRef: RefFact | null,
  trunk: boolean,
  graph: CommitGraph | undefined,
): ReleaseLine | null {
  if (!homeRef?.commit) return null;
  const newest = lines.find((l) => l.releases.length > 0);
  if (!newest || newest.branch !== null) return null;
  if (trunk && lines[0] !== newest) return null;
  if (graph) {
    const chain = firstParentChain(graph, homeRef.commit);
    const onChain = (commit: string | null) => {
      const i = commit === null ? undefined : graph.index.get(commit);
      return i !== undefined && chain.has(i);
    };
    if (!newest.releases.every((t) => onChain(t.commit))) return null;
  }
  return newest;
}

function emptyLine(key: string, major: number, minor: number | null, notes: string[]): ReleaseLine {
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

/** The base a line's unreleased commits are counted from: its latest tag, else its entrypoint. */
function unreleasedBase(l: ReleaseLine): string | null {
  return l.latestTag?.commit ?? l.entrypoint?.commit ?? null;
}

/** The commits a graph must contain for {@link discoverLines} to fill every line: branch tips, bases, the development branch. */
export function graphTips(d: LineDiscovery): string[] {
  const tips = new Set<string>();
  for (const l of d.lines) {
    if (l.branchCommit === null) continue;
    tips.add(l.branchCommit);
    const base = unreleasedBase(l);
    if (base) tips.add(base);
  }
  return [...tips];
}

function fillFromGraph(lines: ReleaseLine[], graph: CommitGraph, devCommit: string | null, special: ReadonlySet<string>): void {
  const chain = devCommit ? firstParentChain(graph, devCommit) : new Set<number>();
  for (const l of lines) {
    if (l.branchCommit === null) continue;
    const base = unreleasedBase(l);
    // Without any tag, a line's unreleased commits are those since it left the development branch.
    const onSpecial = l.kind === 'development' || (l.branch !== null && special.has(l.branch));
    const fork = onSpecial ? null : forkPointOf(graph, l.branchCommit, chain);
    if (fork) l.forkPoint = { commit: fork, date: commitDate(graph, fork) };
    if (base) l.unreleasedCommits = countAhead(graph, l.branchCommit, base);
    else if (fork) l.unreleasedCommits = countAhead(graph, l.branchCommit, fork);
  }
}
