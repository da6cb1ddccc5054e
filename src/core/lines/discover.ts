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
 *
 * Branches and tags are read by key in discover-refs.ts; line keys and the scheme are in keys.ts.
 */
import { developmentBranchOf, isGitflow } from '../policy/flow.js';
import type { Policy } from '../policy/schema.js';
import { draftsOf, emptyLine, linesOf } from './discover-refs.js';
import type { CommitGraph } from './graph.js';
import { historyOf, type LineHistory } from './history.js';
import { compareLineKeys, nextLineKey, parseLineKey } from './keys.js';
import type { LineDiscovery, RefFact, ReleaseLine } from './types.js';

export { compareLineKeys, dayOf, lineKeyOf, nextLineKey, parseLineKey, schemeOf } from './keys.js';

/**
 * Finds the release lines in `refs` as `policy` describes them. With `graph` (the history of
 * every line branch, tag and the development branch, or the answers to what discovery asks of
 * it, see history.ts), fork points and unreleased commit counts are filled in; without it they
 * stay null. The `graphTips` of a first pass say which commits the graph must contain.
 */
export function discoverLines(refs: readonly RefFact[], policy: Policy, graph?: CommitGraph | LineHistory): LineDiscovery {
  const history = graph === undefined ? undefined : historyOf(graph);
  const by = policy.versioning.line;
  const warnings: string[] = [];
  const branchesByName = new Map(refs.filter((r) => r.kind === 'branch').map((r) => [r.name, r]));
  const gitflow = isGitflow(policy);
  const developmentBranch = developmentBranchOf(policy);
  const special = new Set([policy.branches.main, ...(policy.branches.develop ? [policy.branches.develop] : [])]);
  const lines = linesOf(draftsOf(refs, policy, special), policy);

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
  const resident = residentLine(lines, branchesByName.get(home) ?? null, home === developmentBranch, history);

  // The development line.
  const devRef = branchesByName.get(developmentBranch);
  let development: ReleaseLine | null = null;
  if (!devRef) {
    warnings.push(
      `the development branch '${developmentBranch}' does not exist (branches.${gitflow && policy.branches.develop ? 'develop' : 'main'} in the policy)`,
    );
  } else {
    development = developmentLine(lines, resident && home === developmentBranch ? resident : null, developmentBranch, by);
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
  if (history) fillFromHistory(all, history, devRef?.commit ?? null, special);
  return { lines: all, developmentBranch, warnings };
}

/**
 * The line the development branch works on, taken out of `lines`: the released line living on
 * it (trunk flow), else the newest branchless line with only pre-releases or an entrypoint, else
 * a projected next line (the one listed in `support.lines` under that key, if any).
 */
function developmentLine(
  lines: ReleaseLine[],
  resident: ReleaseLine | null,
  developmentBranch: string,
  by: 'minor' | 'major',
): ReleaseLine {
  if (resident) {
    // Trunk flow: the released line on the development branch is the development line.
    lines.splice(lines.indexOf(resident), 1);
    resident.notes.push(
      `lives on ${developmentBranch}: its releases are tagged there and it has no branch of its own yet (trellis branch cut forks it)`,
    );
    return resident;
  }
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
    lines.splice(lines.indexOf(candidate), 1);
    return candidate;
  }
  const key = newestSettled ? nextLineKey(newestSettled) : by === 'major' ? '1' : '0.1';
  // A line only listed in support.lines under the projected key is that same line (the
  // Lightspeed-style "0.6" listed while main works towards 0.6): one line, not two.
  const listed = lines.find((l) => l.key === key && l.branch === null && l.releases.length === 0 && l.prereleases.length === 0);
  if (listed) lines.splice(lines.indexOf(listed), 1);
  const { major, minor } = parseLineKey(key);
  const development = listed ?? emptyLine(key, major, by === 'major' ? null : minor, []);
  development.keyProjected = true;
  return development;
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
  history: LineHistory | undefined,
): ReleaseLine | null {
  const home = homeRef?.commit;
  if (!home) return null;
  const newest = lines.find((l) => l.releases.length > 0);
  if (!newest || newest.branch !== null) return null;
  if (trunk && lines[0] !== newest) return null;
  if (history && !newest.releases.every((t) => t.commit !== null && history.onFirstParentChain(home, t.commit))) return null;
  return newest;
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

/**
 * Commits whose history no answer is expected to need, to bound the read of the graph
 * (`git log <tips> ^<commit>`): the newest tag of the newest line older than every line with a
 * branch. That line was released before the oldest branched line forked, so the fork points and
 * unreleased commits lie above it in the usual shapes (duckdb: `v1.0.0` below `v1.1-eatoni`
 * halves the walk). Where they do not, the bounded graph throws `HistoryCut` and the whole
 * history is read instead. Empty when no older tagged line exists.
 */
export function graphBoundary(d: LineDiscovery): string[] {
  let oldest: string | null = null;
  for (const l of d.lines) if (l.branchCommit !== null && (oldest === null || compareLineKeys(l.key, oldest) < 0)) oldest = l.key;
  if (oldest === null) return [];
  const key = oldest;
  const below = d.lines.find((l) => l.branchCommit === null && compareLineKeys(l.key, key) < 0 && unreleasedBase(l) !== null);
  return below ? [unreleasedBase(below)!] : [];
}

function fillFromHistory(lines: ReleaseLine[], history: LineHistory, devCommit: string | null, special: ReadonlySet<string>): void {
  for (const l of lines) {
    if (l.branchCommit === null) continue;
    const base = unreleasedBase(l);
    // Without any tag, a line's unreleased commits are those since it left the development branch.
    const onSpecial = l.kind === 'development' || (l.branch !== null && special.has(l.branch));
    const fork = onSpecial || devCommit === null ? null : history.forkPoint(l.branchCommit, devCommit);
    if (fork) l.forkPoint = fork;
    if (base) l.unreleasedCommits = history.countAhead(l.branchCommit, base);
    else if (fork) l.unreleasedCommits = history.countAhead(l.branchCommit, fork.commit);
  }
}
