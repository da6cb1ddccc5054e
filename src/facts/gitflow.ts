/**
 * The facts of git-flow releases and hotfixes (VMPilot-style), read through the adapter for the
 * pure planners in core/release: branches, release tags, changes, the work tree, upstreams and
 * the worktrees holding a branch that would move. Nothing here writes.
 *
 * Branches are read as status reads them (./branch-tips.ts): in a plain clone main exists only
 * as `origin/main`, and a local branch behind its remote is read from the remote; the use cases
 * then write the local branch from that tip. One exception: the develop branch of a release is
 * where the release is prepared (checked out, tested), so its local branch is released when it
 * exists, and being behind its upstream fails the `up-to-date` check as before.
 */
import { stat } from 'node:fs/promises';
import { TrellisError } from '../core/errors.js';
import type { Policy } from '../core/policy/schema.js';
import { branchRef } from '../core/refname.js';
import {
  changelogRulesOf,
  findHotfixBranches,
  gitflowBranches,
  pickHotfix,
  releaseTags,
  type BusyBranch,
  type ChangePaths,
  type CommitFact,
  type GitflowReleaseFacts,
  type HotfixBranch,
  type HotfixFinishFacts,
  type HotfixStartFacts,
  type ReleaseTag,
  type WorkTreeFact,
} from '../core/release/gitflow.js';
import { changedFiles, checkedOutBranch, readUpstreams, tagCommits, type Git } from '../git/index.js';
import type { BranchReadOptions } from './branches.js';
import { changelogPaths } from './changelog-range.js';
import { commitsOf, existingCommits, readAllBranchTips, type BranchTip, type BranchTips } from './branch-tips.js';

/** The branch checked out where Trellis runs and its uncommitted tracked changes; null without a work tree. */
export async function readWorkTree(git: Git): Promise<WorkTreeFact | null> {
  if (git.workTree === null) return null;
  return { path: git.workTree, branch: await checkedOutBranch(git), dirty: await changedFiles(git, git.workTree) };
}

/** Every tag name, and the stable releases among the tags reachable from `from`, highest version last. */
export async function readReleases(git: Git, policy: Policy, from: string): Promise<{ tags: Set<string>; releases: ReleaseTag[] }> {
  const all = await tagCommits(git);
  const merged = await tagCommits(git, { merged: from });
  return { tags: new Set(all.map((t) => t.name)), releases: releaseTags(policy, merged) };
}

/**
 * Non-merge commits of `range`, newest first, and the changed paths of those whose kind (in the
 * notes and the tag message) a rule on paths of the policy's `changes:` can change.
 */
export async function changesOf(git: Git, policy: Policy, range: string[]): Promise<{ changes: CommitFact[]; changePaths: ChangePaths }> {
  const log = await git.log(range, { merges: false });
  const changes = log.map((c) => ({ oid: c.oid, parents: c.parents, subject: c.subject, message: c.message }));
  return { changes, changePaths: await changelogPaths(git, changes, changelogRulesOf(policy)) };
}

/** Worktrees that have one of `branches` checked out (or are rebasing/bisecting it), with their uncommitted files. */
export async function readBusy(git: Git, branches: readonly string[]): Promise<BusyBranch[]> {
  const trees = await git.worktrees();
  const busy: BusyBranch[] = [];
  for (const b of branches) {
    const ref = branchRef(b);
    for (const wt of trees) {
      if (wt.branch !== ref && !wt.busyBranches.includes(ref)) continue;
      busy.push({ branch: b, path: wt.path, dirty: wt.bare ? [] : await changedFiles(git, wt.path) });
    }
  }
  return busy;
}

/** The commit of a branch the process needs (`role`: main, develop); not-found when it exists neither locally nor on the remote. */
export function branchCommit(tips: BranchTips, name: string, role: string): string {
  const commit = tips.get(name)?.commit;
  if (!commit) throw new TrellisError('not-found', `the ${role} branch '${name}' does not exist`, 2);
  return commit;
}

/** The develop branch as a release reads it: the local branch (checked out, tested) when there is one, else the remote's. */
function developTip(tip: BranchTip | undefined): BranchTip | undefined {
  return tip && tip.local !== null ? { ...tip, commit: tip.local, remote: null } : tip;
}

/** True when a file (or anything) exists at `path` (the draft notes, never overwritten). */
export async function pathExists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** The facts of a git-flow command with the branch tips it read (which ones came from the remote). */
export type WithTips<F> = F & { tips: BranchTips };

/** What a git-flow release is planned from: main and develop, releases, changes since the latest, the work tree, upstreams, worktrees. */
export async function readGitflowReleaseFacts(
  git: Git,
  policy: Policy,
  opts: BranchReadOptions = {},
): Promise<WithTips<GitflowReleaseFacts>> {
  const names = gitflowBranches(policy);
  const all = await readAllBranchTips(git, policy, opts);
  const main = all.get(names.main);
  const develop = developTip(all.get(names.develop));
  const tips: BranchTips = new Map([...(main ? [main] : []), ...(develop ? [develop] : [])].map((t) => [t.name, t]));
  const [mainCommit, devCommit] = [branchCommit(tips, names.main, 'main'), branchCommit(tips, names.develop, 'develop')];
  const { tags, releases } = await readReleases(git, policy, mainCommit);
  const latest = releases[releases.length - 1];
  const { changes, changePaths } = await changesOf(git, policy, latest ? [devCommit, `^${latest.commit}`] : [devCommit]);
  // main read from its remote is as new as the remote: counted from there, it is not behind.
  const at = new Map(main?.remote ? [[names.main, mainCommit]] : []);
  return {
    policy,
    main: { name: names.main, commit: mainCommit },
    develop: { name: names.develop, commit: devCommit },
    workTree: await readWorkTree(git),
    upstreams: await readUpstreams(git, [names.develop, names.main], { at }),
    releases,
    tags,
    changes,
    changePaths,
    busy: await readBusy(git, [names.main]),
    developMerged: await git.isAncestor(devCommit, mainCommit),
    tips,
  };
}

/** What `hotfix start` is planned from: main, its releases, every branch (local or the remote's). */
export async function readHotfixStartFacts(git: Git, policy: Policy, opts: BranchReadOptions = {}): Promise<HotfixStartFacts> {
  const main = policy.branches.main;
  const all = await readAllBranchTips(git, policy, opts);
  const mainCommit = branchCommit(all, main, 'main');
  const { releases } = await readReleases(git, policy, mainCommit);
  const branches = existingCommits(commitsOf(all));
  return { policy, main: { name: main, commit: mainCommit }, releases, branches };
}

/**
 * What `hotfix finish [VERSION]` is planned from: the hotfix branches (VERSION picks one), the
 * branches it merges into (`flow.hotfix.mergeInto`) and whether they have it, releases, the
 * hotfix's changes since the release it started from, the worktrees involved; and the hotfix picked.
 */
export async function readHotfixFinishFacts(
  git: Git,
  policy: Policy,
  version: string | null | undefined,
  opts: BranchReadOptions = {},
): Promise<WithTips<HotfixFinishFacts & { hotfix: HotfixBranch }>> {
  const all = await readAllBranchTips(git, policy, opts);
  const hotfixes = findHotfixBranches(policy, existingCommits(commitsOf(all)));
  const roles = policy.flow.hotfix.mergeInto;
  const targets: HotfixFinishFacts['targets'] = [];
  for (const role of ['main', 'develop'] as const) {
    if (!roles.includes(role)) continue;
    const name = role === 'main' ? policy.branches.main : policy.branches.develop;
    if (name === undefined) throw new TrellisError('policy', 'flow.hotfix.mergeInto names develop but branches.develop is not set', 2);
    targets.push({ name, commit: branchCommit(all, name, role), role });
  }
  const mainTarget = targets.find((t) => t.role === 'main');
  const { tags, releases } = await readReleases(git, policy, mainTarget?.commit ?? targets[0]?.commit ?? 'HEAD');
  const hotfix = pickHotfix(policy, hotfixes, version);
  const contains = new Map<string, boolean>();
  for (const t of targets) contains.set(t.name, await git.isAncestor(hotfix.commit, t.commit));
  // The hotfix's changes: its commits since the release it started from (even when a target
  // already took them through a pull request).
  const started = (await readReleases(git, policy, hotfix.commit)).releases.at(-1);
  const { changes, changePaths } = await changesOf(git, policy, started ? [hotfix.commit, `^${started.commit}`] : [hotfix.commit]);
  const busy = await readBusy(git, [...targets.map((t) => t.name), hotfix.name]);
  return { policy, hotfixes, targets, contains, releases, tags, changes, changePaths, busy, hotfix, tips: all };
}
