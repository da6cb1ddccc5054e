/** What the extension use cases share: the core's facts, the extension's active branches and their pins, as the pure tables read them. */
import type { BranchView, CoreView, ExtensionStatusInput } from '../core/extension/status.js';
import type { CorePhase } from '../core/extension/types.js';
import {
  extensionPolicy,
  readCoreFacts,
  readExtensionBranches,
  readPins,
  type CoreFacts,
  type ExtensionBranches,
  type ExtensionPolicy,
} from '../facts/extension.js';
import type { AppContext } from './context.js';

export interface ExtensionFacts {
  ext: ExtensionPolicy;
  core: CoreFacts;
  branches: ExtensionBranches;
  input: ExtensionStatusInput;
  warnings: string[];
}

export function coreView(core: CoreFacts): CoreView {
  return {
    phase: core.phase as CorePhase,
    phaseSource: `core ${core.where}: ${core.phaseSource}`,
    main: core.main.branch,
    current: core.current
      ? { line: core.current.line, branch: core.current.branch?.branch ?? null, release: core.current.release?.tag ?? null }
      : null,
    next: core.next ? { line: core.next.line, branch: core.next.branch?.branch ?? null } : null,
  };
}

/** Reads the core and the extension on `date` (default today). */
export async function readExtensionFacts(ctx: AppContext, date?: string): Promise<ExtensionFacts> {
  const ext = extensionPolicy(ctx.policy, ctx.policyFile);
  const core = await readCoreFacts(ctx.git, ext, ctx.env, ctx.cwd, date ?? ctx.today);
  const branches = await readExtensionBranches(ctx.git, ctx.policy, core, ctx.remote);
  const views: BranchView[] = [];
  for (const [role, b] of [
    ['main', branches.main],
    ['current', branches.current],
    ['next', branches.next],
  ] as const) {
    if (b) views.push({ role, branch: b.branch, commit: b.commit, pins: await readPins(ctx.git, ext, core, b.commit) });
  }
  return {
    ext,
    core,
    branches,
    input: { api: ext.api, core: coreView(core), branches: views, inactive: branches.inactive, ahead: branches.ahead },
    warnings: core.warnings.map((w) => `core: ${w}`),
  };
}
