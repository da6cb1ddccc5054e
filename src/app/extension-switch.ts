/**
 * Use case `extension switch two-branch|three-branch`: creates the extension branch the seed
 * prescribes ("Single/Two/Three Branch 间切换"), in one ref transaction:
 * - single -> two branch, in any phase: `vx.y-codename` "from a commit on main between HEAD of main
 *   and the commit in the Goose vx.y.z config file" (that commit unless `at` names one in between);
 * - two -> three branch, in pre-release or feature freeze only: `vx.<y+1>-codename` from main.
 * The branch is named like the core's branch of that line (same codename), else by the extension's
 * release branch template and `branches.codenames`.
 */
import { TrellisError } from '../core/errors.js';
import { extensionStatus } from '../core/extension/status.js';
import { SWITCH_TABLE } from '../core/extension/tables.js';
import type { BranchType, CorePhase } from '../core/extension/types.js';
import { parseLineKey } from '../core/lines/index.js';
import { matchTemplate, renderTemplate } from '../core/policy/template.js';
import { assertSafeRevision, branchRef } from '../core/refname.js';
import { valueIn } from '../facts/extension.js';
import type { AppContext } from './context.js';
import { readExtensionFacts, type ExtensionFacts } from './extension-shared.js';

export interface ExtensionSwitchRequest {
  to: 'two-branch' | 'three-branch';
  /** Single -> two branch: the commit on main to branch from (default: the commit in the core's config file). */
  at?: string | undefined;
  dryRun?: boolean | undefined;
  date?: string | undefined;
}

export interface ExtensionSwitchReport {
  from: BranchType;
  to: 'two-branch' | 'three-branch';
  phase: CorePhase;
  phaseSource: string;
  branch: string;
  commit: string;
  /** How the commit was chosen. */
  why: string;
  says: string;
  dryRun: boolean;
  created: boolean;
}

export async function extensionSwitch(ctx: AppContext, req: ExtensionSwitchRequest): Promise<ExtensionSwitchReport> {
  const facts = await readExtensionFacts(ctx, req.date);
  if (facts.ext.api !== 'unstable')
    throw new TrellisError('bad-input', `extension.api is ${facts.ext.api}: branch types are for unstable API extensions`, 2);
  const rule = SWITCH_TABLE[req.to];
  const type = extensionStatus(facts.input).type;
  const phase = facts.core.phase as CorePhase;
  if (type !== rule.from)
    throw new TrellisError('refused', `the extension is ${type}; the switch to ${req.to} starts from ${rule.from} ("${rule.says}")`, 2);
  if (!rule.phases.includes(phase))
    throw new TrellisError('refused', `the core is in ${phase} (${facts.input.core.phaseSource}): "${rule.says}"`, 2);
  const line = rule.creates === 'current' ? facts.core.current?.line : facts.core.next?.line;
  if (!line)
    throw new TrellisError(
      'refused',
      `the core has no ${rule.creates === 'current' ? 'release yet' : 'next line'}: nothing to branch for`,
      2,
    );
  const name = branchName(ctx, facts, rule.creates, line);
  const { commit, why } =
    rule.creates === 'current'
      ? await startOnMain(ctx, facts, req.at)
      : { commit: facts.branches.main.commit, why: `${facts.branches.main.branch} (its HEAD)` };
  const report: ExtensionSwitchReport = {
    from: type,
    to: req.to,
    phase,
    phaseSource: facts.input.core.phaseSource,
    branch: name,
    commit,
    why,
    says: rule.says,
    dryRun: !!req.dryRun,
    created: false,
  };
  if (req.dryRun) return report;
  await ctx.git.updateRefs([{ ref: branchRef(name), newOid: commit, oldOid: null }], {
    message: `trellis extension switch ${req.to}: ${name}`,
  });
  return { ...report, created: true };
}

/** The new branch's name: the core's branch of the line when the extension's template reads it, else the template with a codename. */
function branchName(ctx: AppContext, facts: ExtensionFacts, role: 'current' | 'next', line: string): string {
  const templates = ctx.policy.branches.release.map((t) => t.template);
  const coreBranch = (role === 'current' ? facts.core.current?.branch : facts.core.next?.branch)?.branch;
  if (coreBranch && templates.some((t) => matchTemplate(t, coreBranch))) return coreBranch;
  const codename = ctx.policy.branches.codenames[line] ?? (coreBranch ? /-([A-Za-z0-9._]+)$/.exec(coreBranch)?.[1] : undefined);
  const { major, minor } = parseLineKey(line);
  try {
    return renderTemplate(templates[0] ?? 'v{major}.{minor}-{codename}', { major, minor: minor ?? 0, line, codename: codename ?? '' });
  } catch {
    throw new TrellisError('bad-input', `no codename for ${line}: set branches.codenames."${line}" in the extension's policy`, 2);
  }
}

/**
 * "a commit on main between HEAD of main and the commit in the Goose vx.y.z config file": the
 * config's commit, or `at` when it lies on main at or after that commit.
 */
async function startOnMain(ctx: AppContext, facts: ExtensionFacts, at: string | undefined): Promise<{ commit: string; why: string }> {
  const main = facts.branches.main;
  const rel = facts.core.current?.release;
  const cfg = facts.ext.config && rel ? await valueIn(facts.core.git, rel.commit, facts.ext.config) : null;
  const cfgCommit = cfg ? await ctx.git.resolve(assertSafeRevision(cfg), { peel: 'commit' }).catch(() => null) : null;
  const where = facts.ext.config && rel ? `${facts.ext.config.file} at the core's ${rel.tag}` : null;
  if (cfgCommit && !(await ctx.git.isAncestor(cfgCommit, main.commit)))
    throw new TrellisError('refused', `the commit in ${where} (${cfgCommit.slice(0, 12)}) is not on ${main.branch}`, 2);
  if (at === undefined) {
    if (!cfgCommit)
      throw new TrellisError(
        'bad-input',
        where
          ? `no extension commit found in ${where}: pass --at REV (a commit on ${main.branch})`
          : `extension.config is not set: pass --at REV (a commit on ${main.branch} at or after the one the core's config records)`,
        2,
      );
    return { commit: cfgCommit, why: `the commit in ${where}` };
  }
  const commit = await ctx.git.resolve(assertSafeRevision(at), { peel: 'commit' });
  if (!(await ctx.git.isAncestor(commit, main.commit))) throw new TrellisError('refused', `--at ${at} is not on ${main.branch}`, 2);
  if (cfgCommit && !(await ctx.git.isAncestor(cfgCommit, commit)))
    throw new TrellisError(
      'refused',
      `--at ${at} is older than the commit in ${where} (${cfgCommit.slice(0, 12)}): pick one between it and ${main.branch}`,
      2,
    );
  return { commit, why: cfgCommit ? `--at ${at}, between ${main.branch} and the commit in ${where}` : `--at ${at} (on ${main.branch})` };
}
