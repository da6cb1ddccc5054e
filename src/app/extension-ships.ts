/**
 * Use case `extension ships`: which extension commit ships with the core's next patch or minor
 * release, by the seed's "source of truth" table ("权威来源"): a patch of a single-branch extension
 * takes the commit in the core's extension config file, of a multi-branch one the extension's
 * `vx.y-codename` branch; a minor takes `main`, or `vx.<y+1>-codename` for a three-branch extension.
 */
import { TrellisError } from '../core/errors.js';
import { coreRefName, extensionStatus } from '../core/extension/status.js';
import { SHIPS_TABLE } from '../core/extension/tables.js';
import type { BranchType, ShipsFrom } from '../core/extension/types.js';
import { valueIn } from '../facts/extension.js';
import type { AppContext } from './context.js';
import { readExtensionFacts, type ExtensionFacts } from './extension-shared.js';

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

export interface ExtensionShipsReport {
  type: BranchType;
  phase: string;
  phaseSource: string;
  answers: ShipsAnswer[];
  warnings: string[];
}

export async function extensionShips(ctx: AppContext, req: ExtensionShipsRequest = {}): Promise<ExtensionShipsReport> {
  const facts = await readExtensionFacts(ctx, req.date);
  const status = extensionStatus(facts.input);
  if (facts.ext.api !== 'unstable')
    throw new TrellisError('bad-input', `extension.api is ${facts.ext.api}: the "source of truth" table is for unstable API extensions`, 2);
  const answers: ShipsAnswer[] = [];
  for (const release of req.release ? [req.release] : (['patch', 'minor'] as const)) {
    answers.push(await answer(ctx, facts, status.type, release));
  }
  return { type: status.type, phase: facts.core.phase, phaseSource: facts.input.core.phaseSource, answers, warnings: facts.warnings };
}

async function answer(ctx: AppContext, facts: ExtensionFacts, type: BranchType, release: 'patch' | 'minor'): Promise<ShipsAnswer> {
  const { core, branches, ext } = facts;
  const row = SHIPS_TABLE[release][type];
  const notes: string[] = [];
  // A patch is made on the core's vx.y-codename; a minor from vx.<y+1>-codename once cut, else main.
  const coreBranch = release === 'patch' ? (core.current?.branch ?? null) : (core.next?.branch ?? core.main);
  let config: ShipsAnswer['config'] = null;
  if (ext.config && coreBranch) {
    // The file names an extension commit (`GIT_TAG <sha>`): resolved in the extension, as written when unknown there.
    const v = await valueIn(core.git, coreBranch.commit, ext.config);
    const full = v && /^[0-9a-f]{7,64}$/.test(v) ? await ctx.git.resolve(v, { peel: 'commit' }).catch(() => null) : null;
    config = { file: ext.config.file, at: coreBranch.branch, commit: full ?? v };
  }
  let branch: string | null = null;
  let commit: string | null = null;
  if (row.from === 'config') {
    if (!ext.config) notes.push("extension.config is not set: the commit in the core's config file cannot be read");
    else if (!config?.commit) notes.push(`no commit found in ${ext.config.file} on the core's ${coreBranch?.branch ?? 'release branch'}`);
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
  const coreRelease =
    release === 'patch'
      ? (() => {
          const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(coreRefName(facts.input.core, 'release'));
          return m ? `${m[1]}.${m[2]}.${Number(m[3]) + 1}` : null;
        })()
      : core.next
        ? `${core.next.line}.0`
        : null;
  return { release, coreRelease, from: row.from, says: row.says, branch, commit, config, notes };
}
