/**
 * Git-flow hotfixes, planned from facts (VMPilot-style):
 * - start: `hotfix/X.Y.Z` from main's latest release, where X.Y.Z is its next patch;
 * - finish: the hotfix branch merged into `main` and `develop`, the patch release tagged on
 *   main's merge, the hotfix branch deleted (one ref transaction, made by the apply layer).
 * Pure.
 */
import { TrellisError } from '../errors.js';
import type { Policy } from '../policy/schema.js';
import { matchTemplate, renderTemplate } from '../policy/template.js';
import { nextVersion } from '../version/index.js';
import {
  mergeMessage,
  policyScheme,
  releaseTagName,
  tagMessage,
  worktreeCheck,
  type AdvisoryIds,
  type BranchFact,
  type BusyBranch,
  type ChangePaths,
  type CommitFact,
  type MergeStep,
  type PrepareCheck,
  type ReleaseTag,
} from './gitflow-common.js';

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
  /** Changed paths of the changes whose kind a rule on paths can change (none read: classified without those rules). */
  changePaths?: ChangePaths;
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
export function planHotfixFinish(
  facts: HotfixFinishFacts,
  opts: { version?: string | null; sign?: boolean; advisoryIds?: AdvisoryIds | undefined },
): HotfixFinishPlan {
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
    tagMessage: tagMessage(policy, hotfix.version, previous, facts.changes, facts.changePaths, opts.advisoryIds),
    sign: opts.sign === true || policy.release.sign !== false,
    previous,
    changes: facts.changes,
    checks: [worktreeCheck(facts.busy, 'move or delete')],
  };
}
