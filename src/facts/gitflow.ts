/**
 * The facts of git-flow releases and hotfixes (VMPilot-style), read through the adapter for the
 * pure planners in core/release: branches, release tags, changes, the work tree, upstreams and
 * the worktrees holding a branch that would move. Nothing here writes.
 */
import { stat } from 'node:fs/promises';
import { TrellisError } from '../core/errors.js';
import type { Policy } from '../core/policy/schema.js';
import { branchRef } from '../core/refname.js';
import {
  findHotfixBranches,
  gitflowBranches,
  pickHotfix,
  releaseTags,
  type BusyBranch,
  type CommitFact,
  type GitflowReleaseFacts,
  type HotfixBranch,
  type HotfixFinishFacts,
  type HotfixStartFacts,
  type ReleaseTag,
  type WorkTreeFact,
} from '../core/release/gitflow.js';
import { branchHeads, changedFiles, checkedOutBranch, readUpstreams, tagCommits, type Git } from '../git/index.js';

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

/** Non-merge commits of `range`, newest first. */
export async function changesOf(git: Git, range: string[]): Promise<CommitFact[]> {
  const log = await git.log(range, { merges: false });
  return log.map((c) => ({ oid: c.oid, parents: c.parents, subject: c.subject, message: c.message }));
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

/** The commit of a branch the process needs (`role`: main, develop); not-found when it does not exist. */
export async function branchCommit(git: Git, name: string, role: string): Promise<string> {
  const ref = branchRef(name);
  const found = await git.revParse([ref], { allowMissing: true });
  const oid = found.get(ref);
  if (!oid) throw new TrellisError('not-found', `the ${role} branch '${name}' does not exist`, 2);
  return oid;
}

/** True when a file (or anything) exists at `path` (the draft notes, never overwritten). */
export async function pathExists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** What a git-flow release is planned from: main and develop, releases, changes since the latest, the work tree, upstreams, worktrees. */
export async function readGitflowReleaseFacts(git: Git, policy: Policy): Promise<GitflowReleaseFacts> {
  const names = gitflowBranches(policy);
  const [mainCommit, devCommit] = [await branchCommit(git, names.main, 'main'), await branchCommit(git, names.develop, 'develop')];
  const { tags, releases } = await readReleases(git, policy, mainCommit);
  const latest = releases[releases.length - 1];
  const changes = await changesOf(git, latest ? [devCommit, `^${latest.commit}`] : [devCommit]);
  return {
    policy,
    main: { name: names.main, commit: mainCommit },
    develop: { name: names.develop, commit: devCommit },
    workTree: await readWorkTree(git),
    upstreams: await readUpstreams(git, [names.develop, names.main]),
    releases,
    tags,
    changes,
    busy: await readBusy(git, [names.main]),
    developMerged: await git.isAncestor(devCommit, mainCommit),
  };
}

/** What `hotfix start` is planned from: main, its releases, every branch. */
export async function readHotfixStartFacts(git: Git, policy: Policy): Promise<HotfixStartFacts> {
  const main = policy.branches.main;
  const mainCommit = await branchCommit(git, main, 'main');
  const { releases } = await readReleases(git, policy, mainCommit);
  return { policy, main: { name: main, commit: mainCommit }, releases, branches: await branchHeads(git) };
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
): Promise<HotfixFinishFacts & { hotfix: HotfixBranch }> {
  const hotfixes = findHotfixBranches(policy, await branchHeads(git));
  const roles = policy.flow.hotfix.mergeInto;
  const targets: HotfixFinishFacts['targets'] = [];
  for (const role of ['main', 'develop'] as const) {
    if (!roles.includes(role)) continue;
    const name = role === 'main' ? policy.branches.main : policy.branches.develop;
    if (name === undefined) throw new TrellisError('policy', 'flow.hotfix.mergeInto names develop but branches.develop is not set', 2);
    targets.push({ name, commit: await branchCommit(git, name, role), role });
  }
  const mainTarget = targets.find((t) => t.role === 'main');
  const { tags, releases } = await readReleases(git, policy, mainTarget?.commit ?? targets[0]?.commit ?? 'HEAD');
  const hotfix = pickHotfix(policy, hotfixes, version);
  const contains = new Map<string, boolean>();
  for (const t of targets) contains.set(t.name, await git.isAncestor(hotfix.commit, t.commit));
  // The hotfix's changes: its commits since the release it started from (even when a target
  // already took them through a pull request).
  const started = (await readReleases(git, policy, hotfix.commit)).releases.at(-1);
  const changes = await changesOf(git, started ? [hotfix.commit, `^${started.commit}`] : [hotfix.commit]);
  const busy = await readBusy(git, [...targets.map((t) => t.name), hotfix.name]);
  return { policy, hotfixes, targets, contains, releases, tags, changes, busy, hotfix };
}
