/**
 * A git-flow release, planned from facts (VMPilot-style): preparation checks (on the develop
 * branch, clean tree, not behind the upstream, worktrees, the test command), then `develop`
 * merged into `main` with a real merge commit and the release tagged on it, with draft notes.
 * Pure: the app layer reads the facts, runs the test command and makes the merge.
 */
import { parseConventional } from '../changes/index.js';
import { TrellisError } from '../errors.js';
import type { Policy } from '../policy/schema.js';
import { renderTemplate } from '../policy/template.js';
import { bumpFromChanges, nextVersion } from '../version/index.js';
import {
  draftReleaseNotes,
  type AdvisoryIds,
  gitflowBranches,
  mergeMessage,
  policyScheme,
  releaseTagName,
  tagMessage,
  worktreeCheck,
  type BranchFact,
  type BusyBranch,
  type CommitFact,
  type MergeStep,
  type PrepareCheck,
  type ReleaseTag,
  type ChangePaths,
  type TestRun,
  type UpstreamFact,
  type WorkTreeFact,
} from './gitflow-common.js';

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
  /** Changed paths of the changes whose kind a rule on paths can change (none read: classified without those rules). */
  changePaths?: ChangePaths;
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
  /** The public ids of the disclosed advisories naming a change as a fix: listed with its entry, under Security. */
  advisoryIds?: AdvisoryIds | undefined;
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
    tagMessage: tagMessage(policy, chosen.version, previous, facts.changes, facts.changePaths, opts.advisoryIds),
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
            paths: facts.changePaths,
            advisoryIds: opts.advisoryIds,
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
