/**
 * Git-flow (VMPilot-style: an integration branch merged into main to release, hotfix branches
 * from main's latest release): the facts the plans read, and what the release and the hotfixes
 * share (tag names, release tags, merge messages, the changes as notes and tag messages, the
 * worktree check). Pure.
 */
import { isIgnoredTag } from '../lines/tag-names.js';
import { compileChangeRules } from '../changes/rules.js';
import { buildChangelog, renderChangelogMarkdown, renderTagMessage, type Changelog, type ChangelogOptions } from './changelog.js';
import { TrellisError } from '../errors.js';
import type { Policy } from '../policy/schema.js';
import { matchTemplate } from '../policy/template.js';
import type { ParsedVersion, VersionScheme } from '../version/types.js';
import { tagNameFor } from './plan.js';
import { releaseScheme } from './version.js';

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

// ---- shared helpers ----------------------------------------------------------------------------

/** The policy's version scheme with its pre-release labels (the same as the trunk flow's). */
export function policyScheme(policy: Policy): VersionScheme {
  return releaseScheme(policy);
}

/** The name of the tag for `version` (first tag template). */
export function releaseTagName(policy: Policy, version: string): string {
  return tagNameFor(policy, version);
}

/** The version a tag names under any tag template of the policy, or null. */
export function versionOfTag(policy: Policy, tag: string): ParsedVersion | null {
  if (isIgnoredTag(policy, tag)) return null;
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

/**
 * True when `trellis release` merges the develop branch into main (`flow.model: gitflow`, which
 * the policy check requires to name `branches.develop`). Not the same question as
 * `isGitflow(policy)` (core/policy/flow.ts), which is also true for a trunk policy that names a
 * develop branch: such a policy's lines are discovered from develop, but it still releases lines
 * with `trellis release LINE`, as it always has.
 */
export function releaseMergesDevelop(policy: Policy): boolean {
  return policy.flow.model === 'gitflow';
}

/** The develop and main branch names of a git-flow policy; a usage error for other policies. */
export function gitflowBranches(policy: Policy): { main: string; develop: string } {
  const develop = policy.branches.develop;
  if (!releaseMergesDevelop(policy) || develop === undefined) {
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

/** Changed paths of the changes whose kind a rule on paths can change (read by facts/changelog-range.ts `changelogPaths`). */
export type ChangePaths = ReadonlyMap<string, readonly string[]>;

/** How a git-flow release's changes are listed and classified: the origin trailer and the policy's change rules. */
export function changelogRulesOf(policy: Policy): Pick<ChangelogOptions, 'originTrailer' | 'rules'> {
  return {
    originTrailer: policy.backport.origin === 'trailer' ? policy.backport.originTrailer : undefined,
    rules: compileChangeRules(policy.changes),
  };
}

/** The changes since the previous release as a Keep a Changelog section (`trellis changelog`'s renderer). */
export function releaseChangelog(
  policy: Policy,
  version: string,
  previous: ReleaseTag | null,
  changes: readonly CommitFact[],
  at: { date: string | null; to: string; paths?: ChangePaths | undefined; advisoryIds?: AdvisoryIds | undefined },
): Changelog {
  return buildChangelog(changes, {
    version,
    date: at.date,
    from: previous?.tag ?? null,
    to: at.to,
    ...changelogRulesOf(policy),
    ...(at.paths ? { paths: at.paths } : {}),
    ...(at.advisoryIds ? { advisoryIds: at.advisoryIds } : {}),
  });
}

/** The public ids of the disclosed advisories naming a change as a fix (as `trellis changelog` and a trunk release list them). */
export type AdvisoryIds = NonNullable<ChangelogOptions['advisoryIds']>;

/** The annotated tag message (`release.tagMessage`: plain `Release X`, or the changes since the previous release). */
export function tagMessage(
  policy: Policy,
  version: string,
  previous: ReleaseTag | null,
  changes: readonly CommitFact[],
  paths?: ChangePaths,
  advisoryIds?: AdvisoryIds,
): string {
  const log = releaseChangelog(policy, version, previous, changes, { date: null, to: version, paths, advisoryIds });
  return renderTagMessage(version, log, policy.release.tagMessage, false);
}

/**
 * Draft release notes (VMPilot-style "Generate draft release notes for review"): a heading, then the
 * changelog section of the changes since the previous release, from the same renderer as
 * `trellis changelog`. The one function to change for another notes format.
 */
export function draftReleaseNotes(input: {
  policy: Policy;
  version: string;
  previous: ReleaseTag | null;
  changes: readonly CommitFact[];
  /** Changed paths of the changes whose kind they can change. */
  paths?: ChangePaths | undefined;
  advisoryIds?: AdvisoryIds | undefined;
  date: string;
  to: string;
}): string {
  const { policy, version, previous } = input;
  const title = `${policy.project.name ? `${policy.project.name} ` : ''}${version}`;
  const intro = previous
    ? `Draft release notes: changes since ${previous.tag}. Edit before publishing.`
    : 'Draft release notes for the first release. Edit before publishing.';
  const log = releaseChangelog(policy, version, previous, input.changes, {
    date: input.date,
    to: input.to,
    paths: input.paths,
    advisoryIds: input.advisoryIds,
  });
  const section = renderChangelogMarkdown(log);
  return `# ${title}\n\n${intro}\n\n${section}`;
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
