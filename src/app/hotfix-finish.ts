/**
 * Use case `hotfixFinish` (VMPilot-style git-flow): `trellis hotfix finish [VERSION]` merges
 * the hotfix branch into every `flow.hotfix.mergeInto` branch (merge commits made without a
 * work tree), tags the patch release on main's merge and deletes the hotfix branch, in one
 * transaction. A conflict or a busy worktree: exit intent 1 and nothing changed.
 */
import { applyGitflowChange } from '../apply/release/gitflow.js';
import { branchRef } from '../core/refname.js';
import {
  anyFailed,
  failedIds,
  mergeCheck,
  mergeRefChanges,
  planHotfixFinish,
  tagRefChange,
  type GitflowReport,
} from '../core/release/gitflow.js';
import { signMode } from '../core/release/sign.js';
import { readHotfixFinishFacts } from '../facts/gitflow.js';
import { publicIdsNamingFixes } from './advisory-fixes.js';
import type { AppContext } from './context.js';
import type { BranchTip } from '../facts/branch-tips.js';
import { localRefChanges, predictMerges } from './gitflow-merges.js';
import { withScratchObjects } from '../git/index.js';
import { recoverBeforeWriting, withRecovered } from './recover.js';
import type { Recoverable } from '../core/recovery.js';
import type { Journal } from '../apply/journal.js';

/** What is said of a hotfix branch that exists only on the remote. */
function remoteOnlyNote(tip: BranchTip | undefined): string {
  const name = tip?.name ?? 'the hotfix branch';
  return `${name} exists only as ${tip?.remote ?? 'origin'}/${name}: delete it there when you push`;
}

/** What `hotfix finish` asks for. */
export interface HotfixFinishRequest {
  /** Which hotfix (default: the only hotfix branch). */
  version?: string | null | undefined;
  sign?: boolean | undefined;
  dryRun?: boolean | undefined;
}

/** `trellis hotfix finish [VERSION]`: merges, tag on main's merge, hotfix branch deleted; or the checks that failed. */
export async function hotfixFinish(ctx: AppContext, req: HotfixFinishRequest = {}): Promise<GitflowReport & Recoverable> {
  // A dry run's objects go to a scratch folder: a read never writes to .git/objects.
  if (req.dryRun === true) return withScratchObjects(ctx.git, (git) => hotfixFinishRun({ ...ctx, git }, req));
  const recovery = await recoverBeforeWriting(ctx);
  const killed = recovery.killed;
  const done = killed?.finished ? killedFinish(killed.journal, req.version) : null;
  return withRecovered(done ?? (await hotfixFinishRun(ctx, req)), recovery);
}

async function hotfixFinishRun(ctx: AppContext, req: HotfixFinishRequest): Promise<GitflowReport> {
  const facts = await readHotfixFinishFacts(ctx.git, ctx.policy, req.version, { remote: ctx.remote });
  const advisoryIds = await publicIdsNamingFixes(ctx, ctx.today);
  const plan = planHotfixFinish(facts, { version: facts.hotfix.version, sign: req.sign, advisoryIds });
  const dryRun = req.dryRun === true;
  const { outcomes: merges, trees } = await predictMerges(ctx.git, plan.merges);
  const checks = [...plan.checks, mergeCheck(merges)];
  const mainName = ctx.policy.branches.main;
  const local = localRefChanges(
    [
      ...mergeRefChanges(plan.merges, merges),
      tagRefChange(plan.tag, plan.sign, mainName),
      { ref: branchRef(plan.hotfix.name), action: 'delete' as const, old: plan.hotfix.commit, new: null, what: 'hotfix branch deleted' },
    ],
    facts.tips,
  );
  const refs = local.refs;
  const into = plan.merges.map((m) => m.into).join(' and ');
  const report: GitflowReport = {
    command: 'hotfix finish',
    dryRun,
    version: plan.version,
    tag: plan.tag,
    branch: plan.hotfix.name,
    checks,
    merges,
    refs,
    ...(local.fromRemote.length > 0 ? { fromRemote: local.fromRemote } : {}),
    notes: null,
    exitCode: 0,
    summary: '',
  };
  // A hotfix branch that exists only on the remote is not deleted (nothing is pushed or deleted there).
  const onRemote = local.remoteOnly.includes(plan.hotfix.name) ? remoteOnlyNote(facts.tips.get(plan.hotfix.name)) : null;
  if (anyFailed(checks)) {
    return { ...report, exitCode: 1, summary: `hotfix ${plan.version} not finished: ${failedIds(checks)} failed; nothing was changed` };
  }
  if (dryRun) {
    const del = onRemote ? `; ${onRemote}` : `, delete ${plan.hotfix.name}`;
    return { ...report, summary: `dry run: would merge ${plan.hotfix.name} into ${into}, tag ${plan.tag}${del}` };
  }
  const main = facts.targets.find((t) => t.role === 'main')!;
  const applied = await applyGitflowChange(ctx.git, {
    merges: plan.merges.flatMap((step, i) => (trees[i] ? [{ ...step, tree: trees[i] }] : [])),
    tag: { name: plan.tag, message: plan.tagMessage, sign: signMode(ctx.policy, plan.sign), on: mainName, tip: main.commit },
    refs,
    notes: null,
    message: `trellis: hotfix finish ${plan.version}`,
  });
  merges.forEach((m, i) => (m.commit = applied.commits.get(plan.merges[i]!.into) ?? null));
  return {
    ...report,
    refs: applied.refs,
    summary: `finished hotfix ${plan.version}: merged into ${into}, tagged ${plan.tag}${onRemote ? `; ${onRemote}` : `, deleted ${plan.hotfix.name}`}`,
  };
}

/**
 * The report of a hotfix finish a killed run had completed (its journal says so): the re-run
 * reports it instead of failing on the hotfix branch the killed run deleted.
 */
function killedFinish(j: Journal, version: string | null | undefined): GitflowReport | null {
  const m = /^trellis: hotfix finish (\S+)$/.exec(j.message);
  if (!m?.[1] || (version != null && version !== m[1])) return null;
  const refs = j.updates.map((u) => ({
    ref: u.ref,
    action: u.old === null ? ('create' as const) : u.new === null ? ('delete' as const) : ('update' as const),
    old: u.old,
    new: u.new,
    what: 'made by the killed run',
  }));
  return {
    command: 'hotfix finish',
    dryRun: false,
    version: m[1],
    tag: null,
    branch: null,
    checks: [],
    merges: [],
    refs,
    notes: null,
    exitCode: 0,
    summary: `hotfix ${m[1]} was finished by a run that was killed before it could say so; nothing left to do`,
  };
}
