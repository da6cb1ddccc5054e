/**
 * Use case `extension ships`: which extension commit ships with the core's next patch or minor
 * release, by the seed's "source of truth" table ("权威来源"): a patch of a single-branch extension
 * takes the commit in the core's extension config file, of a multi-branch one the extension's
 * `vx.y-codename` branch; a minor takes `main`, or `vx.<y+1>-codename` for a three-branch extension.
 *
 * Run in the extension (its policy has `extension`), or in the core (its policy lists
 * `extensions`, each a local clone and its entry in the config file): then one answer per extension.
 */
import { resolve } from 'node:path';
import { TrellisError } from '../core/errors.js';
import { coreRefName, type CoreView } from '../core/extension/status.js';
import { branchTypeOf, SHIPS_TABLE } from '../core/extension/tables.js';
import type { BranchType, ShipsFrom } from '../core/extension/types.js';
import type { Policy } from '../core/policy/schema.js';
import {
  coreFactsOf,
  readExtensionBranches,
  valueIn,
  type CoreFacts,
  type ExtensionBranches,
  type ExtensionPolicy,
} from '../facts/extension.js';
import { openRepository, readPolicy } from '../facts/repository.js';
import type { Git } from '../git/index.js';
import type { AppContext } from './context.js';
import { coreView, readExtensionFacts } from './extension-shared.js';

export interface ExtensionShipsRequest {
  /** The core release asked about; default: both. */
  release?: 'patch' | 'minor' | undefined;
  date?: string | undefined;
}

export interface ShipsAnswer {
  release: 'patch' | 'minor';
  /** The core release (`1.2.2`, `1.3.0`). */
  coreRelease: string | null;
  from: ShipsFrom;
  says: string;
  /** The extension branch it ships from, or null for the config file. */
  branch: string | null;
  /** The extension commit that ships, or null when it cannot be read. */
  commit: string | null;
  /** What the core's extension config file records now (on the branch the release is made from), when configured. */
  config: { file: string; at: string; commit: string | null } | null;
  notes: string[];
}

/** One extension's answers. */
export interface ShipsOf {
  name: string;
  type: BranchType;
  answers: ShipsAnswer[];
}

export interface ExtensionShipsReport {
  /** Where it ran: in the extension, or in the core for each extension it lists. */
  mode: 'extension' | 'core';
  phase: string;
  phaseSource: string;
  extensions: ShipsOf[];
  warnings: string[];
}

/** What one answer reads. */
interface ShipsInput {
  git: Git;
  core: CoreFacts;
  view: CoreView;
  branches: ExtensionBranches;
  config: ExtensionPolicy['config'];
}

export async function extensionShips(ctx: AppContext, req: ExtensionShipsRequest = {}): Promise<ExtensionShipsReport> {
  const releases = req.release ? [req.release] : (['patch', 'minor'] as const);
  if (!ctx.policy.extension && ctx.policy.extensions?.length) return inTheCore(ctx, releases, req.date ?? ctx.today);
  const facts = await readExtensionFacts(ctx, req.date);
  if (facts.ext.api !== 'unstable')
    throw new TrellisError('bad-input', `extension.api is ${facts.ext.api}: the "source of truth" table is for unstable API extensions`, 2);
  const input: ShipsInput = { git: ctx.git, core: facts.core, view: facts.input.core, branches: facts.branches, config: facts.ext.config };
  return {
    mode: 'extension',
    phase: facts.core.phase,
    phaseSource: facts.input.core.phaseSource,
    extensions: [await shipsOf(ctx.policy.project.name ?? 'extension', input, releases)],
    warnings: facts.warnings,
  };
}

/** In the core: each extension of `extensions`, read from its local clone. */
async function inTheCore(ctx: AppContext, releases: ReadonlyArray<'patch' | 'minor'>, date: string): Promise<ExtensionShipsReport> {
  const core = await coreFactsOf(ctx.git, ctx.policy, 'this repository', date);
  const view = coreView(core);
  const root = ctx.git.workTree ?? ctx.git.gitDir;
  const extensions: ShipsOf[] = [];
  for (const e of ctx.policy.extensions ?? []) {
    const git = await openRepository(resolve(root, e.path), ctx.cwd, ctx.env).catch(() => {
      throw new TrellisError('not-found', `extensions: ${e.name}: no repository at ${e.path} (a local clone of the extension)`, 2);
    });
    // The extension's own policy names its branches; without one, they are named as the core's.
    const policy: Policy = await readPolicy(git, { cwd: ctx.cwd }).then(
      (p) => p.policy,
      (e: unknown) => {
        if (e instanceof TrellisError && e.code === 'not-found') return ctx.policy;
        throw e;
      },
    );
    const branches = await readExtensionBranches(git, policy, core, undefined);
    extensions.push(await shipsOf(e.name, { git, core, view, branches, config: e.config }, releases));
  }
  return { mode: 'core', phase: core.phase, phaseSource: core.phaseSource, extensions, warnings: core.warnings };
}

async function shipsOf(name: string, input: ShipsInput, releases: ReadonlyArray<'patch' | 'minor'>): Promise<ShipsOf> {
  const type = branchTypeOf({ current: input.branches.current !== null, next: input.branches.next !== null });
  const answers: ShipsAnswer[] = [];
  for (const release of releases) answers.push(await answer(input, type, release));
  return { name, type, answers };
}

async function answer(input: ShipsInput, type: BranchType, release: 'patch' | 'minor'): Promise<ShipsAnswer> {
  const { core, branches, config: pin } = input;
  const row = SHIPS_TABLE[release][type];
  const notes: string[] = [];
  // A patch is made on the core's vx.y-codename; a minor from vx.<y+1>-codename once cut, else main.
  const coreBranch = release === 'patch' ? (core.current?.branch ?? null) : (core.next?.branch ?? core.main);
  let config: ShipsAnswer['config'] = null;
  if (pin && coreBranch) {
    // The file names an extension commit (`GIT_TAG <sha>`): resolved in the extension, as written when unknown there.
    const v = await valueIn(core.git, coreBranch.commit, pin);
    const full = v && /^[0-9a-f]{7,64}$/.test(v) ? await input.git.resolve(v, { peel: 'commit' }).catch(() => null) : null;
    config = { file: pin.file, at: coreBranch.branch, commit: full ?? v };
  }
  let branch: string | null = null;
  let commit: string | null = null;
  if (row.from === 'config') {
    if (!pin) notes.push("no config file pattern is set: the commit in the core's config file cannot be read");
    else if (!config?.commit) notes.push(`no commit found in ${pin.file} on the core's ${coreBranch?.branch ?? 'release branch'}`);
    commit = config?.commit ?? null;
  } else {
    const b = row.from === 'main' ? branches.main : row.from === 'current' ? branches.current : branches.next;
    branch = b?.branch ?? null;
    commit = b?.commit ?? null;
    if (config?.commit && commit && config.commit !== commit)
      notes.push(
        `the core's ${config.file} on ${config.at} records ${config.commit.slice(0, 12)}: update it to ${commit.slice(0, 12)} ("该配置不一定始终最新": the config is not always up to date)`,
      );
  }
  const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(coreRefName(input.view, 'release'));
  const coreRelease = release === 'patch' ? (m ? `${m[1]}.${m[2]}.${Number(m[3]) + 1}` : null) : core.next ? `${core.next.line}.0` : null;
  return { release, coreRelease, from: row.from, says: row.says, branch, commit, config, notes };
}
