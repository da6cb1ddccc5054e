/**
 * Carries out release plans (src/core/release) through the git adapter, without a work tree:
 * facts are read in batches (refs and line history through src/facts, files at revisions through
 * one cat-file session), each planned commit is a tree built from its parent's tree plus the new
 * file texts (`updateTree` on a private index) and `commit-tree`, tags are annotated tag objects
 * (signed by git itself when asked), and every branch and tag changes in ONE
 * `update-ref --stdin` transaction with expected old values: all or nothing.
 *
 * Worktrees: a branch the plan moves may be checked out somewhere. When that worktree is clean
 * (no staged or unstaged changes to tracked files, no rebase or bisect, nothing untracked where a
 * new file goes), the branch moves and that worktree is brought along with
 * `git read-tree -m -u <old> <new>`, which only rewrites the files the release changed. When it is
 * not clean, the run is refused before anything is written. Uncommitted work is never touched.
 */
import { parentPaths } from '../../core/repo-path.js';
import { TrellisError } from '../../core/errors.js';
import { compareLineKeys, nextLineKey } from '../../core/lines/discover.js';
import { supportFacts, supportOf } from '../../core/lines/support.js';
import type { LineDiscovery, ReleaseLine } from '../../core/lines/types.js';
import type { Policy } from '../../core/policy/schema.js';
import { buildChangelog, isTrellisCommit, originOf, type Changelog, type ChangelogCommit } from '../../core/release/changelog.js';
import { planBranchCut, planRelease, tagNameFor, versionFileTargets, type FileReader } from '../../core/release/plan.js';
import type { BranchCutPlan, CommitRef, ReleaseLineFacts, PlannedCommit, ReleasePlan, RepoPlan } from '../../core/release/types.js';
import {
  checkReleaseVersion,
  chooseLineVersion,
  latestTagOf,
  lineOfVersion,
  releaseScheme,
  templateValues,
  type VersionRequest,
} from '../../core/release/version.js';
import { matchTemplate, renderTemplate } from '../../core/policy/template.js';
import { readLineFacts } from '../../facts/repository.js';
import { parseIdentLine, type CommitInfo, type Git, type RefUpdate, type Signature } from '../../git/index.js';
import { branchRef, tagRef } from '../../core/refname.js';
import { writeTagObject } from './gitflow.js';

/** Where and how a release command runs. */
export interface ReleaseContext {
  git: Git;
  policy: Policy;
  /** Today, `YYYY-MM-DD` (changelog dates, support status). */
  today: string;
  /**
   * Test hook: `before-refs` stops after every object is written and before the ref
   * transaction; `after-refs` stops right after it (before worktrees are brought along), as if
   * the process were killed there.
   */
  fault?: 'before-refs' | 'after-refs' | null;
}

// ---- facts ---------------------------------------------------------------------------------------

/** Lines as the release planners see them, newest first, with today's support status. */
export function releaseLines(discovery: LineDiscovery, policy: Policy, today: string): Array<ReleaseLineFacts & { source: ReleaseLine }> {
  const supports = supportOf(discovery.lines.map(supportFacts), policy.support, today);
  const settled = discovery.lines.filter((l) => l.kind === 'release' && (l.branch !== null || l.releases.length > 0));
  return discovery.lines.map((l, i) => {
    const head = l.branches.find((b) => b.name === l.branch) ?? null;
    return {
      key: l.key,
      kind: l.kind,
      branch: l.branch,
      patch: head?.patch ?? null,
      tags: [...l.releases, ...l.prereleases].map((t) => ({ tag: t.tag, version: t.version, commit: t.commit })),
      entrypoint: l.entrypoint,
      status: supports[i]?.status ?? null,
      newest: l.kind === 'development' || !settled.some((o) => compareLineKeys(o.key, l.key) > 0),
      source: l,
    };
  });
}

/** Finds a line by key (`0.4`) or branch name (`release-0.4.x`); without one, the line of the checked-out branch. */
async function findLine(git: Git, lines: ReturnType<typeof releaseLines>, wanted: string | undefined): Promise<(typeof lines)[number]> {
  if (wanted !== undefined) {
    const l = lines.find((x) => x.key === wanted || x.branch === wanted || x.source.branches.some((b) => b.name === wanted));
    if (!l) {
      const known = lines.map((x) => x.key).join(', ');
      throw new TrellisError('not-found', `no release line '${wanted}'${known ? ` (lines: ${known})` : ''}`, 2);
    }
    return l;
  }
  const head = git.workTree === null ? null : await git.run(['symbolic-ref', '-q', '--short', 'HEAD'], { okExitCodes: [0, 1] });
  const current = head && head.exitCode === 0 ? head.stdout.toString('utf8').trim() : null;
  const l = current
    ? lines.find((x) => x.kind === 'release' && (x.branch === current || x.source.branches.some((b) => b.name === current)))
    : undefined;
  if (l) return l;
  // On the development branch, its line when tags name it (seed 003: master with 3.0.0-entrypoint
  // or 3.0.0-alpha1 releases 3.0.0-alpha2); a key Trellis only guessed is never released implicitly.
  const dev = current ? lines.find((x) => x.kind === 'development' && x.branch === current && !x.source.keyProjected) : undefined;
  if (dev) return dev;
  const known = lines.filter((x) => x.kind === 'release' && x.branch !== null).map((x) => x.key);
  throw new TrellisError('usage', `name the line to release${known.length > 0 ? ` (one of: ${known.join(', ')})` : ''}`, 2);
}

/** Reads `paths` at each revision in one cat-file session: rev → path → text (null when absent). */
async function readFiles(git: Git, revs: readonly string[], paths: readonly string[]): Promise<Map<string, Map<string, string | null>>> {
  const out = new Map<string, Map<string, string | null>>();
  const names: string[] = [];
  const keys: Array<[string, string]> = [];
  // Each path and the folders above it: a plan may only write a file where a file (or nothing) is.
  const wanted = [...new Set(paths.flatMap((p) => [...parentPaths(p), p]))];
  for (const rev of new Set(revs)) {
    out.set(rev, new Map());
    for (const p of wanted) {
      names.push(`${rev}:${p}`);
      keys.push([rev, p]);
    }
  }
  if (names.length === 0) return out;
  const objs = await git.readObjects(names);
  const own = new Set(paths);
  objs.forEach((o, i) => {
    const [rev, path] = keys[i]!;
    const at = rev.replace(/^refs\/heads\//, '');
    if (own.has(path)) {
      if (o && o.type !== 'blob') {
        throw new TrellisError(
          'refused',
          `'${path}' is a ${o.type === 'tree' ? 'folder' : 'submodule'} on ${at}: the policy must name a file there, and a release never replaces a folder`,
          2,
        );
      }
      out.get(rev)!.set(path, o ? o.content.toString('utf8') : null);
    } else if (o && o.type !== 'tree') {
      const under = paths.find((p) => p.startsWith(`${path}/`));
      throw new TrellisError('refused', `'${under}' cannot be written on ${at}: '${path}' is a file there, not a folder`, 2);
    }
  });
  return out;
}

function reader(files: Map<string, Map<string, string | null>>): FileReader {
  return (rev, path) => files.get(rev)?.get(path);
}

function changelogCommits(commits: readonly CommitInfo[]): ChangelogCommit[] {
  return commits.map((c) => ({ oid: c.oid, parents: c.parents, message: c.message }));
}

/** How to sign tags: the `--sign` flag, else the policy. */
export function signMode(policy: Policy, flag: boolean | undefined): boolean | 'gpg' | 'ssh' {
  const p = policy.release.sign;
  if (flag === true) return p === 'gpg' || p === 'ssh' ? p : true;
  return p;
}

/**
 * Where the changes of a release (or of `trellis changelog`) are counted from: "since the
 * previous tag" (seed 003), always a revision that `target` contains.
 * 1. The line's latest tag below `version` (final releases only for the changelog file);
 * 2. else its entrypoint (seed 003's `X.Y.0-entrypoint`);
 * 3. else, for the first release of a line, the newest tag of an older line that `target`
 *    contains (the previous line's release made before the cut, or one merged back into main);
 * 4. else where the previous line left the development branch (its fork point, shown as a short
 *    commit id): the changes of this line since the previous one started.
 * An older line's tag that `target` does not contain (`v0.4.1` on release-0.4.x) is never a
 * base: the range would be everything since the lines parted. Changes whose copies were
 * released on an older line stay listed (seed 003 says only "since the previous tag").
 */
async function rangeBase(
  git: Git,
  policy: Policy,
  line: ReleaseLineFacts,
  lines: ReturnType<typeof releaseLines>,
  version: string | null,
  finalOnly: boolean,
  target: string,
): Promise<{ name: string; commit: string } | null> {
  const scheme = releaseScheme(policy);
  const v = version ? scheme.parse(version) : null;
  const newestTag = (tags: readonly ReleaseLineFacts['tags'][number][]) => {
    let best: { name: string; commit: string; p: ReturnType<typeof scheme.parse> } | null = null;
    for (const t of tags) {
      const p = scheme.tryParse(t.version);
      if (!p || !t.commit || (finalOnly && p.isPrerelease)) continue;
      if (v && scheme.compare(p, v) >= 0) continue;
      if (!best || scheme.compare(p, best.p) > 0) best = { name: t.tag, commit: t.commit, p };
    }
    return best;
  };
  const own = newestTag(line.tags);
  if (own) return { name: own.name, commit: own.commit };
  if (line.entrypoint?.commit) return { name: line.entrypoint.tag, commit: line.entrypoint.commit };
  const older = lines.filter((l) => compareLineKeys(l.key, line.key) < 0).sort((a, b) => compareLineKeys(b.key, a.key));
  const olderTags = older.flatMap((l) => l.tags);
  const forks = older.map((l) => l.source.forkPoint?.commit).filter((c): c is string => c !== undefined);
  const contained = await git.reachableFrom(target, [
    ...new Set([...olderTags.map((t) => t.commit).filter((c): c is string => c !== null), ...forks]),
  ]);
  const tag = newestTag(olderTags.filter((t) => t.commit !== null && contained.has(t.commit)));
  if (tag) return { name: tag.name, commit: tag.commit };
  const fork = forks.find((c) => contained.has(c));
  return fork ? { name: fork.slice(0, 10), commit: fork } : null;
}

/** Origins (full ids) of `commits` already in `base`'s history: backports released before the range. */
async function releasedOrigins(git: Git, base: string | null, commits: readonly CommitInfo[], originTrailer: string): Promise<Set<string>> {
  if (base === null) return new Set();
  const origins = commits
    .map((c) => originOf(c.message, originTrailer))
    .filter((o): o is string => o !== null && /^[0-9a-f]{40,64}$/.test(o));
  if (origins.length === 0) return new Set();
  const found = await git.reachableFrom(base, origins);
  // A backport of the same origin made before the range (origin recorded in an older commit).
  if (found.size < origins.length) {
    const older = await git.log([base], { maxCount: 5000 });
    for (const c of older) {
      const o = originOf(c.message, originTrailer);
      if (o && origins.includes(o)) found.add(o);
    }
  }
  return found;
}

/** Reads the changes of `base..to` and groups them. */
export async function readChangelog(
  git: Git,
  policy: Policy,
  base: { name: string; commit: string } | null,
  to: { name: string; commit: string },
  opts: { version?: string | null; date?: string | null } = {},
): Promise<Changelog> {
  const commits = await git.log(base ? [to.commit, `^${base.commit}`] : [to.commit]);
  const originTrailer = policy.backport.originTrailer;
  const released = await releasedOrigins(git, base?.commit ?? null, commits, originTrailer);
  return buildChangelog(changelogCommits(commits), {
    version: opts.version ?? null,
    date: opts.date ?? null,
    from: base?.name ?? null,
    to: to.name,
    originTrailer,
    released,
  });
}

// ---- release -------------------------------------------------------------------------------------

/** What `trellis release` asks for. */
export interface ReleaseRequest extends VersionRequest {
  line?: string;
  sign?: boolean;
  dryRun?: boolean;
}

/** The result of a run. */
export interface ApplyReport<P> {
  plan: P;
  dryRun: boolean;
  /** Commits written (plan index → id); empty in a dry run. */
  commits: string[];
  /** Tag objects written (tag name → id). */
  tags: Record<string, string>;
  /** Worktrees brought along with a moved branch. */
  worktrees: Array<{ path: string; branch: string }>;
}

/** Reads the facts and plans a release (no effects). */
export async function planLineRelease(ctx: ReleaseContext, req: ReleaseRequest): Promise<ReleasePlan> {
  const { git, policy } = ctx;
  const facts = await readLineFacts(git, policy);
  const lines = releaseLines(facts.discovery, policy, ctx.today);
  const line = await findLine(git, lines, req.line);
  if (line.branch === null || line.source.branchCommit === null) {
    throw new TrellisError('refused', `line ${line.key} has no branch to release from`, 2);
  }
  const branch = line.branch;
  const tip = line.source.branchCommit;
  const scheme = releaseScheme(policy);
  if (line.status === 'end-of-life') throw new TrellisError('refused', `line ${line.key} is end-of-life; it takes no more releases`, 2);

  // Commits since the latest tag decide the version (Trellis's own commits do not count).
  const latest = latestTagOf(scheme, line.tags);
  const since = latest?.commit ? await git.log([tip, `^${latest.commit}`]) : [];
  const changes = since.filter((c) => !isTrellisCommit(c.message)).map((c) => ({ message: c.message }));
  const choice = chooseLineVersion(policy, line, { version: req.version, pre: req.pre }, changes);
  const version = choice.version;
  const parsed = scheme.parse(version);

  // Versions of other lines (a version that exists anywhere is refused).
  const otherTags = new Map<string, string>();
  for (const l of lines) {
    if (l.key === line.key) continue;
    for (const t of l.tags) {
      const p = scheme.tryParse(t.version);
      if (p) otherTags.set(p.normalized, t.tag);
    }
  }
  const sameTag = line.tags.find((t) => {
    const p = scheme.tryParse(t.version);
    return p !== null && scheme.compare(p, parsed) === 0;
  });
  let existingTag: { name: string; commit: string; onBranch: boolean } | null = null;
  if (sameTag?.commit) {
    // The tag may stand on the branch tip, or under Trellis's own post-release commits.
    const after = await git.log([tip, `^${sameTag.commit}`]);
    const onBranch = (await git.isAncestor(sameTag.commit, tip)) && after.every((c) => isTrellisCommit(c.message));
    existingTag = { name: sameTag.tag, commit: sameTag.commit, onBranch };
  }
  checkReleaseVersion(policy, line, version, { resume: existingTag?.onBranch === true, otherTags });
  if (lineOfVersion(parsed, policy) !== line.key)
    throw new TrellisError('refused', `version ${version} does not belong to line ${line.key}`, 2);

  // Changes for the tag message (since the previous tag) and the changelog file (since the previous final release).
  const target = { name: existingTag ? existingTag.name : branch, commit: existingTag ? existingTag.commit : tip };
  const notesBase = await rangeBase(git, policy, line, lines, version, false, target.commit);
  const fileBase = await rangeBase(git, policy, line, lines, version, true, target.commit);
  const notes = await readChangelog(git, policy, notesBase, target, { version, date: ctx.today });
  const fileLog =
    fileBase?.commit === notesBase?.commit ? notes : await readChangelog(git, policy, fileBase, target, { version, date: ctx.today });

  // Files the plan may read, at every branch it may touch.
  const values = templateValues(policy, version, line.key);
  const paths = [
    ...(['release', 'prerelease', 'post-release'] as const).flatMap((m) => versionFileTargets(policy, m, values).map((t) => t.path)),
    ...(policy.release.changelog !== false ? [policy.release.changelog] : []),
  ];
  const branchNames = [branch, policy.branches.main, ...(policy.branches.develop ? [policy.branches.develop] : [])];
  const tipsByName = await branchTips(git, branchNames);
  const files = await readFiles(
    git,
    [...tipsByName.entries()].filter(([, c]) => c !== null).map(([n]) => `refs/heads/${n}`),
    paths,
  );
  const byBranch = new Map<string, Map<string, string | null>>();
  for (const [n] of tipsByName) {
    const m = files.get(`refs/heads/${n}`);
    if (m) byBranch.set(n, m);
  }
  return planRelease({
    policy,
    line: { ...line, branch },
    choice,
    version,
    prerelease: parsed.isPrerelease,
    tips: tipsByName,
    read: reader(byBranch),
    existingTag,
    notes,
    fileLog,
    sign: signMode(policy, req.sign),
  });
}

async function branchTips(git: Git, names: readonly string[]): Promise<Map<string, string | null>> {
  const unique = [...new Set(names)];
  const found = await git.revParse(
    unique.map((n) => `refs/heads/${n}`),
    { peel: 'commit', allowMissing: true },
  );
  return new Map(unique.map((n) => [n, found.get(`refs/heads/${n}`) ?? null]));
}

/** `trellis release` (trunk flow): plan, then apply unless a dry run. */
export async function release(ctx: ReleaseContext, req: ReleaseRequest): Promise<ApplyReport<ReleasePlan>> {
  const plan = await planLineRelease(ctx, req);
  if (req.dryRun || plan.nothingToDo) return { plan, dryRun: req.dryRun === true, commits: [], tags: {}, worktrees: [] };
  return { plan, dryRun: false, ...(await applyPlan(ctx, plan, `trellis: release ${plan.version}`)) };
}

// ---- branch cut ----------------------------------------------------------------------------------

/** What `trellis branch cut` asks for. */
export interface BranchCutRequest {
  line?: string;
  from?: string;
  sign?: boolean;
  dryRun?: boolean;
  /**
   * Seed 003 "Create a new release series": the development branch goes on to the next major,
   * so its entrypoint is `(X+1).0.0-entrypoint` instead of `X.(Y+1).0-entrypoint`.
   */
  major?: boolean;
}

/** Reads the facts and plans a branch cut (no effects). */
export async function planCut(ctx: BranchCutContext, req: BranchCutRequest): Promise<BranchCutPlan> {
  const { git, policy } = ctx;
  const facts = await readLineFacts(git, policy);
  const lines = releaseLines(facts.discovery, policy, ctx.today);
  const template = policy.branches.release.find((t) => !t.eol)?.template ?? policy.branches.release[0]?.template;
  if (!template) throw new TrellisError('policy', 'the policy names no release branch template (branches.release)', 2);
  const perRelease =
    matchTemplate(template, renderTemplate(template, { major: 1, minor: 2, patch: 3, line: '1.2', codename: 'x' }))?.patch !== undefined;
  const dev = facts.discovery.developmentBranch;

  let key: string;
  if (req.line !== undefined) {
    if (!/^(0|[1-9]\d*)(\.(0|[1-9]\d*))?$/.test(req.line))
      throw new TrellisError('usage', `'${req.line}' is not a line (write X.Y, e.g. 0.5)`, 2);
    key = req.line;
  } else {
    // The line the development branch carries, when tags name it: its entrypoint or pre-releases,
    // or (seed 003: X.Y.0 is released on master and X.Y is forked when X.(Y+1) starts) its
    // releases made there (see discoverLines).
    const devLine = lines.find((l) => l.kind === 'development');
    const settled = lines.filter((l) => l.kind === 'release' && (l.branch !== null || l.tags.length > 0));
    const newest = [...settled].sort((a, b) => compareLineKeys(b.key, a.key))[0];
    if (devLine && !devLine.source.keyProjected) key = devLine.key;
    else if (newest) key = nextLineKey(newest.key);
    else throw new TrellisError('usage', 'no release line exists yet: name the line to cut (trellis branch cut 0.1)', 2);
  }
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
  let fromName = req.from ?? dev;
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

  const fromCommit = (await git.revParse([fromName], { peel: 'commit' })).get(fromName)!;
  const scheme = releaseScheme(policy);
  const version = scheme.normalize(`${major}.${minor ?? 0}.${patch}`);

  // The entrypoint of the next line on the development branch (seed 003).
  let entrypoint: { name: string; exists: boolean; line: string } | null = null;
  if (req.major && (policy.release.entrypoint === false || patchBranch)) {
    throw new TrellisError(
      'usage',
      patchBranch
        ? `--major does not apply to ${branch}: a patch branch of line ${key} starts no series`
        : '--major sets the next series’ entrypoint tag, but the policy has none (release.entrypoint)',
      2,
    );
  }
  if (policy.release.entrypoint !== false && !patchBranch) {
    const nextKey = req.major ? (minor === undefined ? `${major + 1}` : `${major + 1}.0`) : nextLineKey(key);
    const [nMajor, nMinor] = nextKey.split('.').map(Number) as [number, number | undefined];
    const name = renderTemplate(policy.release.entrypoint, { major: nMajor, minor: nMinor ?? 0, line: nextKey });
    const has = await git.revParse([`refs/tags/${name}`], { allowMissing: true });
    entrypoint = { name, exists: has.has(`refs/tags/${name}`), line: nextKey };
  }

  const tips = await branchTips(git, [branch, policy.branches.main, ...(policy.branches.develop ? [policy.branches.develop] : [])]);
  const paths = versionFileTargets(policy, 'branch-cut', templateValues(policy, version, key)).map((t) => t.path);
  const revs = [fromCommit, ...[...tips.entries()].filter(([, c]) => c !== null).map(([n]) => `refs/heads/${n}`)];
  const files = await readFiles(git, revs, paths);
  const read: FileReader = (rev, path) => (files.get(rev) ?? files.get(`refs/heads/${rev}`))?.get(path);
  return planBranchCut({
    policy,
    line: key,
    branch,
    from: { name: fromName, commit: fromCommit },
    version,
    patchBranch,
    tips,
    read,
    entrypoint,
    sign: signMode(policy, req.sign),
  });
}

export type BranchCutContext = ReleaseContext;

/** `trellis branch cut`: plan, then apply unless a dry run. */
export async function branchCut(ctx: BranchCutContext, req: BranchCutRequest): Promise<ApplyReport<BranchCutPlan>> {
  const plan = await planCut(ctx, req);
  if (req.dryRun || plan.nothingToDo) return { plan, dryRun: req.dryRun === true, commits: [], tags: {}, worktrees: [] };
  return { plan, dryRun: false, ...(await applyPlan(ctx, plan, `trellis: branch cut ${plan.branch}`)) };
}

// ---- apply ---------------------------------------------------------------------------------------

async function identity(git: Git, who: 'AUTHOR' | 'COMMITTER'): Promise<Signature> {
  return parseIdentLine(await git.line(['var', `GIT_${who}_IDENT`]));
}

interface CheckedOut {
  path: string;
  branch: string;
  old: string;
}

/** Worktrees holding a branch the plan moves: refused unless clean; the clean ones are returned. */
async function checkWorktrees(git: Git, plan: RepoPlan): Promise<CheckedOut[]> {
  const moved = plan.branches.filter((b) => b.old !== null);
  if (moved.length === 0) return [];
  const trees = await git.worktrees();
  const out: CheckedOut[] = [];
  for (const m of moved) {
    const ref = branchRef(m.branch);
    for (const wt of trees) {
      if (wt.busyBranches.includes(ref)) {
        throw new TrellisError(
          'refused',
          `branch ${m.branch} is being rebased or bisected in ${wt.path}; finish that first (nothing was changed)`,
          2,
        );
      }
      if (wt.branch !== ref || wt.bare) continue;
      const status = await git.run(['status', '--porcelain=v1', '-z', '--untracked-files=no'], { cwd: wt.path });
      if (status.stdout.length > 0) {
        throw new TrellisError(
          'refused',
          `branch ${m.branch} is checked out in ${wt.path} with uncommitted changes; commit or stash them (or switch that worktree to another branch) and run again (nothing was changed)`,
          2,
        );
      }
      const added = plan.commits
        .filter((c) => c.branch === m.branch)
        .flatMap((c) => c.files.filter((f) => f.before === null).map((f) => f.path));
      if (added.length > 0) {
        const untracked = await git.run(['ls-files', '-z', '--others', '--', ...added], { cwd: wt.path });
        const names = untracked.stdout
          .toString('utf8')
          .split('\0')
          .filter((n) => n !== '');
        if (names.length > 0) {
          throw new TrellisError(
            'refused',
            `branch ${m.branch} is checked out in ${wt.path}, where untracked ${names.join(', ')} would be overwritten; move it away and run again (nothing was changed)`,
            2,
          );
        }
      }
      out.push({ path: wt.path, branch: m.branch, old: m.old! });
    }
  }
  return out;
}

/** Writes the plan's objects, then changes every ref in one transaction; returns what was written. */
export async function applyPlan(
  ctx: ReleaseContext,
  plan: RepoPlan,
  message: string,
): Promise<Omit<ApplyReport<RepoPlan>, 'plan' | 'dryRun'>> {
  const { git } = ctx;
  const checkedOut = await checkWorktrees(git, plan);
  const author = await identity(git, 'AUTHOR');
  const committer = await identity(git, 'COMMITTER');
  const written: string[] = [];
  const resolve = (r: CommitRef): string => ('commit' in r ? r.commit : written[r.planned]!);
  for (const c of plan.commits) written.push(await writeCommit(git, c, resolve(c.parent), author, committer));
  const tags: Record<string, string> = {};
  for (const t of plan.tags) {
    tags[t.name] = await writeTagObject(git, { name: t.name, target: resolve(t.target), message: t.message, sign: t.sign });
  }
  if (ctx.fault === 'before-refs') throw new Error('injected fault: stopped before the ref transaction');
  const updates: RefUpdate[] = [
    ...plan.branches.map((b) => ({ ref: branchRef(b.branch), newOid: resolve(b.to), oldOid: b.old })),
    ...plan.tags.map((t) => ({ ref: tagRef(t.name), newOid: tags[t.name]!, oldOid: null })),
  ];
  await git.updateRefs(updates, { message });
  if (ctx.fault === 'after-refs') throw new Error('injected fault: stopped after the ref transaction');
  const synced: Array<{ path: string; branch: string }> = [];
  for (const wt of checkedOut) {
    const to = resolve(plan.branches.find((b) => b.branch === wt.branch)!.to);
    await git.run(['read-tree', '-m', '-u', wt.old, to], { cwd: wt.path });
    synced.push({ path: wt.path, branch: wt.branch });
  }
  return { commits: written, tags, worktrees: synced };
}

async function writeCommit(git: Git, c: PlannedCommit, parent: string, author: Signature, committer: Signature): Promise<string> {
  const parentTree = await git.resolve(parent, { peel: 'tree' });
  let tree = parentTree;
  if (c.files.length > 0) {
    const modes = new Map((await git.listTree(parentTree, { paths: c.files.map((f) => f.path) })).map((e) => [e.path, e.mode]));
    tree = await git.updateTree(
      parentTree,
      c.files.map((f) => ({ path: f.path, content: f.after, mode: modes.get(f.path) === '100755' ? '100755' : '100644' })),
    );
  }
  return git.commitTree({ tree, parents: [parent], message: c.message, author, committer });
}

// ---- changelog -----------------------------------------------------------------------------------

/** What `trellis changelog` asks for. */
export interface ChangelogRequest {
  /** `FROM..TO`, or undefined for the line's last tag..its branch. */
  range?: string;
  line?: string;
}

/** `trellis changelog`: the changes of a range, grouped (read only). */
export async function changelog(ctx: ReleaseContext, req: ChangelogRequest): Promise<Changelog> {
  const { git, policy } = ctx;
  if (req.range !== undefined) {
    const m = /^(.*?)\.\.(.+)$/.exec(req.range);
    if (!m || req.range.includes('...')) throw new TrellisError('usage', `'${req.range}' is not a range: write FROM..TO`, 2);
    const from = m[1] ?? '';
    const to = m[2]!;
    const revs = await git.revParse(from === '' ? [to] : [from, to], { peel: 'commit' });
    return readChangelog(git, policy, from === '' ? null : { name: from, commit: revs.get(from)! }, { name: to, commit: revs.get(to)! });
  }
  const facts = await readLineFacts(git, policy);
  const lines = releaseLines(facts.discovery, policy, ctx.today);
  const line = await findLine(git, lines, req.line);
  if (line.branch === null || line.source.branchCommit === null) {
    throw new TrellisError('refused', `line ${line.key} has no branch; give a range FROM..TO`, 2);
  }
  const base = await rangeBase(git, policy, line, lines, null, false, line.source.branchCommit);
  return readChangelog(git, policy, base, { name: line.branch, commit: line.source.branchCommit });
}

/** The tag name the policy gives a version (for messages). */
export function releaseTagName(policy: Policy, version: string): string {
  return tagNameFor(policy, version);
}
