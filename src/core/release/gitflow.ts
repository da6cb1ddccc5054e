/**
 * Git-flow releases and hotfixes (seed 002, VMPilot): pure planning over facts read by
 * src/apply/release/gitflow.ts.
 *
 * - Release: preparation checks (on the develop branch, clean tree, not behind the upstream, the
 *   test command passes, draft notes), then `develop` merged into `main` with a real merge commit
 *   and the release tagged on it: one ref transaction.
 * - Hotfix start: `hotfix/X.Y.Z` from main's latest release, where X.Y.Z is its next patch.
 * - Hotfix finish: the hotfix branch merged into `main` and `develop`, the patch release tagged on
 *   main's merge, the hotfix branch deleted: one ref transaction.
 *
 * Nothing here runs git or reads the clock: the plan says which merges to make and which refs to
 * change; apply makes the merge trees, commits and tag objects and runs the transaction.
 */
import { parseConventional } from '../changes/index.js';
import { buildChangelog, renderChangelogMarkdown, renderTagMessage, type Changelog } from './changelog.js';
import { TrellisError } from '../errors.js';
import type { Policy } from '../policy/schema.js';
import { matchTemplate, renderTemplate } from '../policy/template.js';
import { bumpFromChanges, getScheme, nextVersion } from '../version/index.js';
import type { ParsedVersion, VersionScheme } from '../version/types.js';

/** The outcome of one preparation check. */
export type CheckStatus = 'ok' | 'fail' | 'skip';

/** Which check. */
export type CheckId = 'develop-branch' | 'clean-tree' | 'up-to-date' | 'tests' | 'milestone' | 'worktrees' | 'merge' | 'notes';

/** One preparation check, printed as `ok`/`fail`/`skip` with a one-line message. */
export interface PrepareCheck {
  id: CheckId;
  status: CheckStatus;
  message: string;
}

/** A commit as the plans read it. */
export interface CommitFact {
  oid: string;
  parents: string[];
  subject: string;
  message: string;
}

/** A release tag (stable versions only). */
export interface ReleaseTag {
  tag: string;
  version: string;
  commit: string;
}

/** A branch and the commit it points at. */
export interface BranchFact {
  name: string;
  commit: string;
}

/** A worktree that has a branch this run would move or delete checked out. */
export interface BusyBranch {
  branch: string;
  path: string;
  /** Tracked files with uncommitted changes there (`git status --porcelain` lines). */
  dirty: string[];
}

/** The upstream of a branch and how far the branch is behind it. */
export interface UpstreamFact {
  branch: string;
  /** Full upstream ref (`refs/remotes/origin/dev`), or null when none is configured. */
  upstream: string | null;
  /** Commits the upstream has that the branch lacks; null when the upstream ref is not present locally. */
  behind: number | null;
}

/** The work tree Trellis runs in, when there is one. */
export interface WorkTreeFact {
  path: string;
  /** Short name of the checked-out branch, or null when HEAD is detached. */
  branch: string | null;
  /** Tracked files with uncommitted changes (`git status --porcelain --untracked-files=no`). */
  dirty: string[];
}

/** What a test command did. */
export interface TestRun {
  argv: string[];
  /** Exit code, or null when it could not start or was killed. */
  exitCode: number | null;
  /** Why it could not start (`ENOENT`), or the signal that ended it. */
  error: string | null;
  /** The last lines of its output (stdout and stderr), for a failure report. */
  tail: string[];
}

// ---- shared helpers ----------------------------------------------------------------------------

/** The policy's version scheme with its pre-release labels. */
export function policyScheme(policy: Policy): VersionScheme {
  return getScheme(policy.versioning.scheme, { prereleaseLabels: policy.versioning.prerelease.labels });
}

/** The name of the tag for `version` (first tag template). */
export function releaseTagName(policy: Policy, version: string): string {
  return renderTemplate(policy.versioning.tag[0] ?? 'v{version}', { version });
}

/** The version a tag names under any tag template of the policy, or null. */
export function versionOfTag(policy: Policy, tag: string): ParsedVersion | null {
  const scheme = policyScheme(policy);
  for (const t of policy.versioning.tag) {
    const m = matchTemplate(t, tag);
    if (m?.version === undefined) continue;
    const v = scheme.tryParse(m.version);
    if (v) return v;
  }
  return null;
}

/** Stable release tags among `tags` (name and commit), highest version last. */
export function releaseTags(policy: Policy, tags: ReadonlyArray<{ name: string; commit: string | null }>): ReleaseTag[] {
  const scheme = policyScheme(policy);
  const out: Array<ReleaseTag & { parsed: ParsedVersion }> = [];
  for (const t of tags) {
    if (t.commit === null) continue;
    const v = versionOfTag(policy, t.name);
    if (!v || v.isPrerelease) continue;
    out.push({ tag: t.name, version: v.raw, commit: t.commit, parsed: v });
  }
  out.sort((a, b) => scheme.compare(a.parsed, b.parsed));
  return out.map(({ parsed: _p, ...t }) => t);
}

/** The develop and main branch names of a git-flow policy; a usage error for other policies. */
export function gitflowBranches(policy: Policy): { main: string; develop: string } {
  const develop = policy.branches.develop;
  if (policy.flow.model !== 'gitflow' || develop === undefined) {
    throw new TrellisError(
      'policy',
      "this needs a git-flow policy (flow.model: gitflow with branches.develop); see 'trellis init --preset vmpilot'",
      2,
    );
  }
  return { main: policy.branches.main, develop };
}

/** `Merge branch 'dev' into main`, as `git merge` writes it. */
export function mergeMessage(from: string, into: string): string {
  return `Merge branch '${from}' into ${into}\n`;
}

/** The changes since the previous release as a Keep a Changelog section (`trellis changelog`'s renderer). */
export function releaseChangelog(
  policy: Policy,
  version: string,
  previous: ReleaseTag | null,
  changes: readonly CommitFact[],
  date: string | null,
  to: string,
): Changelog {
  return buildChangelog(changes, {
    version,
    date,
    from: previous?.tag ?? null,
    to,
    originTrailer: policy.backport.origin === 'trailer' ? policy.backport.originTrailer : undefined,
  });
}

/** The annotated tag message (`release.tagMessage`: plain `Release X`, or the changes since the previous release). */
export function tagMessage(policy: Policy, version: string, previous: ReleaseTag | null, changes: readonly CommitFact[]): string {
  return renderTagMessage(version, releaseChangelog(policy, version, previous, changes, null, version), policy.release.tagMessage, false);
}

/**
 * Draft release notes (seed 002's "Generate draft release notes for review"): a heading, then the
 * changelog section of the changes since the previous release, from the same renderer as
 * `trellis changelog`. The one function to change for another notes format.
 */
export function draftReleaseNotes(input: {
  policy: Policy;
  version: string;
  previous: ReleaseTag | null;
  changes: readonly CommitFact[];
  date: string;
  to: string;
}): string {
  const { policy, version, previous } = input;
  const title = `${policy.project.name ? `${policy.project.name} ` : ''}${version}`;
  const intro = previous
    ? `Draft release notes: changes since ${previous.tag}. Edit before publishing.`
    : 'Draft release notes for the first release. Edit before publishing.';
  const section = renderChangelogMarkdown(releaseChangelog(policy, version, previous, input.changes, input.date, input.to));
  return `# ${title}\n\n${intro}\n\n${section}`;
}

// ---- release -----------------------------------------------------------------------------------

/** Everything a git-flow release plan is computed from. */
export interface GitflowReleaseFacts {
  policy: Policy;
  main: BranchFact;
  develop: BranchFact;
  /** The work tree Trellis runs in, or null (bare repository). */
  workTree: WorkTreeFact | null;
  upstreams: UpstreamFact[];
  /** Stable release tags reachable from main, highest version last. */
  releases: ReleaseTag[];
  /** Every tag name in the repository. */
  tags: ReadonlySet<string>;
  /** Non-merge commits on develop since the latest release, newest first. */
  changes: CommitFact[];
  /** Worktrees that have main checked out. */
  busy: BusyBranch[];
  /** True when main already contains develop's tip (merged by a pull request, or a run that stopped before tagging). */
  developMerged?: boolean;
}

/** Options of a git-flow release. */
export interface GitflowReleaseOptions {
  /** The version to release; default: the next one from conventional commits. */
  version?: string | null;
  /** Sign the tag (also when the policy says so). */
  sign?: boolean;
  /** Where the draft notes go (from `--notes`, relative to the repository root or absolute), overriding the policy. */
  notes?: string | null;
  /** Today, `YYYY-MM-DD` (for the notes' heading). */
  date: string;
}

/** A merge to make without a work tree. */
export interface MergeStep {
  /** The branch that moves (`main`). */
  into: string;
  /** The branch merged into it (`dev`, `hotfix/1.0.1`). */
  from: string;
  /** Expected tips now (the first and second parents). */
  ours: string;
  theirs: string;
  message: string;
  /** True when `into` already contains `from`: no merge commit is made. */
  alreadyMerged: boolean;
}

/** The plan of a git-flow release. */
export interface GitflowReleasePlan {
  kind: 'gitflow-release';
  version: string;
  /** How the version was chosen. */
  versionFrom: 'option' | 'commits';
  bump: 'major' | 'minor' | 'patch' | null;
  previous: ReleaseTag | null;
  tag: string;
  tagMessage: string;
  sign: boolean;
  merge: MergeStep;
  /** Draft notes file (path as given or from the policy) and its text; null when none is configured. */
  notes: { path: string; text: string } | null;
  changes: CommitFact[];
  /** Checks decided from the facts alone (the test command and the merge are checked by apply). */
  checks: PrepareCheck[];
  /** What the policy asks that Trellis cannot see offline. */
  milestone: boolean;
}

/** The version to release: `requested` (validated) or the next one from the changes. */
export function chooseReleaseVersion(
  policy: Policy,
  opts: { requested?: string | null; previous: ReleaseTag | null; changes: readonly CommitFact[]; tags: ReadonlySet<string> },
): { version: string; from: 'option' | 'commits'; bump: 'major' | 'minor' | 'patch' | null } {
  const scheme = policyScheme(policy);
  const prev = opts.previous;
  let version: string;
  let from: 'option' | 'commits';
  let bump: 'major' | 'minor' | 'patch' | null = null;
  if (opts.requested) {
    const v = scheme.parse(opts.requested);
    if (v.isPrerelease) {
      throw new TrellisError('bad-input', `git-flow releases merge into ${policy.branches.main}: '${opts.requested}' is a pre-release`, 2);
    }
    version = v.raw;
    from = 'option';
  } else {
    const inputs = opts.changes.map((c) => {
      const cc = parseConventional(c.message);
      return { type: cc?.type ?? null, breaking: cc?.breaking ?? false };
    });
    const base = prev?.version ?? (policy.versioning.scheme === 'pep440' ? '0.0.0' : '0.0.0');
    const current = scheme.parse(base);
    bump = bumpFromChanges(inputs, { currentMajor: current.release[0] ?? 0, zeroMajor: policy.versioning.zeroMajor });
    if (bump === null) {
      const what = opts.changes.length === 0 ? 'no commits' : 'no feat, fix or breaking commits';
      throw new TrellisError(
        'bad-input',
        `nothing to release: ${what} since ${prev ? prev.tag : 'the start'}; pass --version to release anyway`,
        2,
      );
    }
    version = nextVersion(policy.versioning.scheme, base, bump, { prereleaseLabels: policy.versioning.prerelease.labels });
    from = 'commits';
  }
  const tag = releaseTagName(policy, version);
  if (opts.tags.has(tag)) throw new TrellisError('exists', `tag '${tag}' already exists: ${version} is released`, 2);
  if (prev && scheme.compare(version, prev.version) <= 0) {
    throw new TrellisError('bad-input', `${version} does not come after the latest release ${prev.version} (${prev.tag})`, 2);
  }
  return { version, from, bump };
}

/** `ok`/`fail` checks for worktrees holding branches that would move. */
export function worktreeCheck(busy: readonly BusyBranch[], verb: string): PrepareCheck {
  if (busy.length === 0) return { id: 'worktrees', status: 'ok', message: `no worktree has a branch to ${verb} checked out` };
  const parts = busy.map((b) =>
    b.dirty.length > 0
      ? `${b.branch} is checked out in ${b.path} with uncommitted changes (${b.dirty.length} file${b.dirty.length === 1 ? '' : 's'}: ${b.dirty.slice(0, 3).join(', ')}${b.dirty.length > 3 ? ', ...' : ''})`
      : `${b.branch} is checked out in ${b.path} (clean)`,
  );
  return {
    id: 'worktrees',
    status: 'fail',
    message: `${parts.join('; ')}; Trellis does not move a checked-out branch under its work tree: switch that worktree to another branch (git switch --detach) and run again`,
  };
}

/** The checks that follow from the facts: develop branch, clean tree, upstreams, worktrees, milestone. */
export function releaseFactChecks(facts: GitflowReleaseFacts): PrepareCheck[] {
  const { policy, develop } = facts;
  const prepare = policy.flow.prepare;
  const checks: PrepareCheck[] = [];
  const wt = facts.workTree;
  if (!wt) {
    checks.push({ id: 'develop-branch', status: 'skip', message: 'no work tree (bare repository): nothing is checked out' });
  } else if (wt.branch === develop.name) {
    checks.push({ id: 'develop-branch', status: 'ok', message: `on ${develop.name}` });
  } else {
    checks.push({
      id: 'develop-branch',
      status: 'fail',
      message: `on ${wt.branch ?? 'a detached HEAD'}, not ${develop.name}: releases are prepared on ${develop.name} (git switch ${develop.name})`,
    });
  }
  if (!prepare.cleanTree) checks.push({ id: 'clean-tree', status: 'skip', message: 'flow.prepare.cleanTree is false' });
  else if (!wt) checks.push({ id: 'clean-tree', status: 'skip', message: 'no work tree' });
  else if (wt.dirty.length === 0) checks.push({ id: 'clean-tree', status: 'ok', message: 'no uncommitted changes' });
  else {
    const n = wt.dirty.length;
    checks.push({
      id: 'clean-tree',
      status: 'fail',
      message: `${n} file${n === 1 ? '' : 's'} with uncommitted changes: ${wt.dirty.slice(0, 5).join(', ')}${n > 5 ? ', ...' : ''}`,
    });
  }
  if (!prepare.upToDate) checks.push({ id: 'up-to-date', status: 'skip', message: 'flow.prepare.upToDate is false' });
  else {
    const behind = facts.upstreams.filter((u) => u.upstream !== null && u.behind !== null && u.behind > 0);
    const known = facts.upstreams.filter((u) => u.upstream !== null && u.behind !== null);
    const short = (r: string) => r.replace(/^refs\/remotes\//, '');
    if (behind.length > 0) {
      checks.push({
        id: 'up-to-date',
        status: 'fail',
        message: `${behind.map((u) => `${u.branch} is ${u.behind} commit${u.behind === 1 ? '' : 's'} behind ${short(u.upstream!)}`).join('; ')}: pull first`,
      });
    } else if (known.length === 0) {
      checks.push({ id: 'up-to-date', status: 'ok', message: 'no upstream configured (nothing to be behind)' });
    } else {
      checks.push({
        id: 'up-to-date',
        status: 'ok',
        message: known.map((u) => `${u.branch} is not behind ${short(u.upstream!)}`).join('; '),
      });
    }
  }
  checks.push(worktreeCheck(facts.busy, 'move'));
  if (prepare.milestone) {
    checks.push({
      id: 'milestone',
      status: 'skip',
      message: 'open milestone issues are not checked offline (GitHub); check them before releasing',
    });
  }
  return checks;
}

/** The check of a test command's run. */
export function testCheck(policy: Policy, run: TestRun | null, why?: string): PrepareCheck {
  const argv = policy.flow.prepare.test;
  if (!argv) return { id: 'tests', status: 'skip', message: 'no test command (flow.prepare.test)' };
  if (!run) return { id: 'tests', status: 'skip', message: why ?? 'not run' };
  const cmd = run.argv.join(' ');
  if (run.exitCode === 0) return { id: 'tests', status: 'ok', message: `${cmd} passed (exit 0)` };
  const how = run.error ? `could not run: ${run.error}` : `failed (exit ${run.exitCode ?? 'none'})`;
  const tail = run.tail.length > 0 ? `; last output: ${run.tail.join(' | ')}` : '';
  return { id: 'tests', status: 'fail', message: `${cmd} ${how}${tail}` };
}

/** Plans a git-flow release from facts. Bad input (version exists, goes backwards) throws exit 2. */
export function planGitflowRelease(facts: GitflowReleaseFacts, opts: GitflowReleaseOptions): GitflowReleasePlan {
  const { policy } = facts;
  gitflowBranches(policy);
  const previous = facts.releases[facts.releases.length - 1] ?? null;
  const chosen = chooseReleaseVersion(policy, { requested: opts.version, previous, changes: facts.changes, tags: facts.tags });
  const tag = releaseTagName(policy, chosen.version);
  const notesPath =
    opts.notes ?? (policy.flow.prepare.notes ? renderTemplate(policy.flow.prepare.notes, { version: chosen.version }) : null);
  const alreadyMerged = facts.developMerged ?? facts.develop.commit === facts.main.commit;
  return {
    kind: 'gitflow-release',
    version: chosen.version,
    versionFrom: chosen.from,
    bump: chosen.bump,
    previous,
    tag,
    tagMessage: tagMessage(policy, chosen.version, previous, facts.changes),
    sign: opts.sign === true || policy.release.sign !== false,
    merge: {
      into: facts.main.name,
      from: facts.develop.name,
      ours: facts.main.commit,
      theirs: facts.develop.commit,
      message: mergeMessage(facts.develop.name, facts.main.name),
      alreadyMerged,
    },
    notes: notesPath
      ? {
          path: notesPath,
          text: draftReleaseNotes({
            policy,
            version: chosen.version,
            previous,
            changes: facts.changes,
            date: opts.date,
            to: facts.develop.name,
          }),
        }
      : null,
    changes: facts.changes,
    checks: releaseFactChecks(facts),
    milestone: policy.flow.prepare.milestone,
  };
}

// ---- hotfix ------------------------------------------------------------------------------------

/** The hotfix branch name for a version (`branches.hotfix`). */
export function hotfixBranchName(policy: Policy, version: string, scheme = policyScheme(policy)): string {
  const v = scheme.parse(version);
  const [major = 0, minor = 0, patch = 0] = v.release;
  return renderTemplate(policy.branches.hotfix, { version: v.raw, major, minor, patch, line: `${major}.${minor}` });
}

/** Facts for `hotfix start`. */
export interface HotfixStartFacts {
  policy: Policy;
  main: BranchFact;
  /** Stable release tags reachable from main, highest version last. */
  releases: ReleaseTag[];
  /** Existing branches by short name. */
  branches: ReadonlyMap<string, string>;
}

/** The plan of `hotfix start`. */
export interface HotfixStartPlan {
  kind: 'hotfix-start';
  version: string;
  branch: string;
  /** The release the hotfix starts from. */
  base: ReleaseTag;
  /** Commits main has after that release (they are not in the hotfix). */
  mainAhead: boolean;
  /** The branch already exists at the base: nothing to do. */
  exists: boolean;
}

/** Plans `hotfix start VERSION`: VERSION must be the next patch of main's latest release. */
export function planHotfixStart(facts: HotfixStartFacts, version: string): HotfixStartPlan {
  const { policy } = facts;
  if (policy.flow.hotfix.from !== 'main') {
    throw new TrellisError(
      'policy',
      `flow.hotfix.from: ${policy.flow.hotfix.from} is not supported: hotfix branches start from ${policy.branches.main}'s latest release (use trellis backport for release lines)`,
      2,
    );
  }
  const scheme = policyScheme(policy);
  const v = scheme.parse(version);
  const latest = facts.releases[facts.releases.length - 1];
  if (!latest) {
    throw new TrellisError('bad-input', `${facts.main.name} has no release tag yet: a hotfix starts from a release`, 2);
  }
  const expected = nextVersion(policy.versioning.scheme, latest.version, 'patch', {
    prereleaseLabels: policy.versioning.prerelease.labels,
  });
  if (scheme.compare(v, expected) !== 0) {
    throw new TrellisError(
      'bad-input',
      `a hotfix of ${latest.version} (${latest.tag}, the latest release on ${facts.main.name}) is ${expected}, not ${version}`,
      2,
    );
  }
  const branch = hotfixBranchName(policy, expected, scheme);
  const at = facts.branches.get(branch);
  if (at !== undefined && at !== latest.commit) {
    throw new TrellisError('exists', `branch '${branch}' already exists (finish it with 'trellis hotfix finish ${expected}')`, 2);
  }
  return {
    kind: 'hotfix-start',
    version: expected,
    branch,
    base: latest,
    mainAhead: facts.main.commit !== latest.commit,
    exists: at !== undefined,
  };
}

/** A hotfix branch found by the policy's template. */
export interface HotfixBranch extends BranchFact {
  version: string;
}

/** Hotfix branches among `branches` (the template must name the version). */
export function findHotfixBranches(policy: Policy, branches: ReadonlyMap<string, string>): HotfixBranch[] {
  const scheme = policyScheme(policy);
  const out: HotfixBranch[] = [];
  for (const [name, commit] of branches) {
    const m = matchTemplate(policy.branches.hotfix, name);
    if (!m) continue;
    const version =
      m.version ?? (m.major !== undefined && m.minor !== undefined && m.patch !== undefined ? `${m.major}.${m.minor}.${m.patch}` : null);
    if (version === null || !scheme.tryParse(version)) continue;
    out.push({ name, commit, version });
  }
  return out.sort((a, b) => scheme.compare(a.version, b.version));
}

/** Facts for `hotfix finish`. */
export interface HotfixFinishFacts {
  policy: Policy;
  hotfixes: HotfixBranch[];
  /** The branches the hotfix is merged into (from `flow.hotfix.mergeInto`), main first. */
  targets: Array<BranchFact & { role: 'main' | 'develop' }>;
  /** For each target, whether it already contains the hotfix branch's tip. */
  contains: ReadonlyMap<string, boolean>;
  /** Stable release tags reachable from main, highest version last. */
  releases: ReleaseTag[];
  tags: ReadonlySet<string>;
  /** Commits on the hotfix branch since its release, newest first. */
  changes: CommitFact[];
  /** Worktrees holding a target or the hotfix branch. */
  busy: BusyBranch[];
}

/** The plan of `hotfix finish`. */
export interface HotfixFinishPlan {
  kind: 'hotfix-finish';
  version: string;
  hotfix: HotfixBranch;
  merges: MergeStep[];
  tag: string;
  tagMessage: string;
  sign: boolean;
  previous: ReleaseTag | null;
  changes: CommitFact[];
  checks: PrepareCheck[];
}

/** Which hotfix branch `hotfix finish [VERSION]` means. */
export function pickHotfix(policy: Policy, hotfixes: readonly HotfixBranch[], version?: string | null): HotfixBranch {
  if (version) {
    const scheme = policyScheme(policy);
    const v = scheme.parse(version);
    const found = hotfixes.find((h) => scheme.compare(h.version, v) === 0);
    if (!found) {
      throw new TrellisError(
        'not-found',
        `no hotfix branch for ${version} (expected ${hotfixBranchName(policy, version, scheme)}); start one with 'trellis hotfix start ${version}'`,
        2,
      );
    }
    return found;
  }
  if (hotfixes.length === 0)
    throw new TrellisError('not-found', "no hotfix branch to finish (start one with 'trellis hotfix start VERSION')", 2);
  if (hotfixes.length > 1) {
    throw new TrellisError('usage', `several hotfix branches (${hotfixes.map((h) => h.name).join(', ')}): name the version to finish`, 2);
  }
  return hotfixes[0]!;
}

/** Plans `hotfix finish`: merges into every target, the tag on main's merge, the branch deleted. */
export function planHotfixFinish(facts: HotfixFinishFacts, opts: { version?: string | null; sign?: boolean }): HotfixFinishPlan {
  const { policy } = facts;
  const scheme = policyScheme(policy);
  const hotfix = pickHotfix(policy, facts.hotfixes, opts.version);
  const tag = releaseTagName(policy, hotfix.version);
  if (facts.tags.has(tag)) throw new TrellisError('exists', `tag '${tag}' already exists: ${hotfix.version} is released`, 2);
  const main = facts.targets.find((t) => t.role === 'main');
  if (!main) throw new TrellisError('policy', 'flow.hotfix.mergeInto must include main: the patch release is tagged there', 2);
  const previous = [...facts.releases].reverse().find((r) => scheme.compare(r.version, hotfix.version) < 0) ?? null;
  if (facts.changes.length === 0) {
    throw new TrellisError('bad-input', `${hotfix.name} has no commits since ${previous?.tag ?? 'its release'}: nothing to finish`, 2);
  }
  const merges = facts.targets.map<MergeStep>((t) => ({
    into: t.name,
    from: hotfix.name,
    ours: t.commit,
    theirs: hotfix.commit,
    message: mergeMessage(hotfix.name, t.name),
    alreadyMerged: facts.contains.get(t.name) === true,
  }));
  return {
    kind: 'hotfix-finish',
    version: hotfix.version,
    hotfix,
    merges,
    tag,
    tagMessage: tagMessage(policy, hotfix.version, previous, facts.changes),
    sign: opts.sign === true || policy.release.sign !== false,
    previous,
    changes: facts.changes,
    checks: [worktreeCheck(facts.busy, 'move or delete')],
  };
}

// ---- reports -----------------------------------------------------------------------------------

/** A merge as made (or predicted) by apply. */
export interface MergeOutcome {
  into: string;
  from: string;
  status: 'merged' | 'already-merged' | 'conflict';
  /** The merge commit (null for already-merged, conflicts and dry runs). */
  commit: string | null;
  conflicts: Array<{ path: string; kind: string }>;
}

/** A ref change as reported. */
export interface RefChange {
  ref: string;
  action: 'create' | 'update' | 'delete';
  /** The value now (null when the ref does not exist yet). */
  old: string | null;
  /** The new value (null for a delete, and in a dry run for objects not made yet). */
  new: string | null;
  /** What the new value is: `merge of dev into main`, `annotated tag v1.1.0`, ... */
  what: string;
}

/** What a git-flow command did or would do. */
export interface GitflowReport {
  command: 'release' | 'hotfix start' | 'hotfix finish';
  dryRun: boolean;
  version: string;
  tag: string | null;
  branch: string | null;
  checks: PrepareCheck[];
  merges: MergeOutcome[];
  refs: RefChange[];
  notes: { path: string; written: boolean; kept: boolean } | null;
  /** 0 done (or the dry run would succeed), 1 a check failed or a merge conflicts. */
  exitCode: 0 | 1;
  /** One line saying what happened. */
  summary: string;
}

const short = (oid: string | null) => (oid ? oid.slice(0, 10) : '(none)');

/** The report as lines of text for people. */
export function formatGitflowReport(r: GitflowReport): string {
  const out: string[] = [];
  const title =
    r.command === 'hotfix start'
      ? `hotfix start ${r.version}`
      : r.command === 'hotfix finish'
        ? `hotfix finish ${r.version}`
        : `release ${r.version} (git-flow)`;
  out.push(`${title}${r.dryRun ? ' - dry run, nothing changed' : ''}`);
  if (r.checks.length > 0) {
    out.push('checks:');
    for (const c of r.checks) out.push(`  ${c.status.padEnd(4)} ${c.id}: ${c.message}`);
  }
  for (const m of r.merges) {
    if (m.status === 'conflict') {
      out.push(`merge ${m.from} into ${m.into}: CONFLICT in ${m.conflicts.map((c) => `${c.path} (${c.kind})`).join(', ')}`);
    } else if (m.status === 'already-merged') {
      out.push(`merge ${m.from} into ${m.into}: already merged`);
    } else {
      out.push(`merge ${m.from} into ${m.into}: ${m.commit ? `merge commit ${short(m.commit)}` : 'clean'}`);
    }
  }
  if (r.notes) {
    const how = r.notes.kept ? 'kept existing' : r.notes.written ? 'wrote' : r.dryRun ? 'would write' : 'not written';
    out.push(`notes: ${how} ${r.notes.path}`);
  }
  if (r.refs.length > 0) {
    out.push(
      r.exitCode !== 0 ? 'ref changes (not made):' : r.dryRun ? 'ref changes (one transaction):' : 'refs changed (one transaction):',
    );
    for (const u of r.refs) {
      const to = u.new ? short(u.new) : `(${u.what})`;
      const what =
        u.action === 'delete' ? `delete (was ${short(u.old)})` : u.action === 'create' ? `create ${to}` : `${short(u.old)} -> ${to}`;
      out.push(`  ${u.ref}: ${what}${u.new && u.action !== 'delete' ? `  ${u.what}` : ''}`);
    }
  }
  out.push(r.summary);
  return out.join('\n') + '\n';
}
