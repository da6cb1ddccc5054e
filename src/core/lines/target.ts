/**
 * Merge-target advice (`trellis target`): the branch a change should merge into now, and why.
 * Pure: the lines with their status on the day, the existing branches and the policy come in as data.
 *
 * Three models, chosen by the policy:
 * - **phases** (the policy has `phases`, Goose-style phases): target-phases.ts.
 * - **gitflow** (`isGitflow(policy)`, VMPilot-style git-flow): target-gitflow.ts.
 * - **trunk** (Lightspeed-style, Llama Stack-style, Tarantool-style series): everything lands on
 *   the development branch first, then is cherry-picked to the lines that take it (target-trunk.ts).
 *   Per-release branches (Lightspeed-style `release/X.Y.Z`) get a new `release/X.Y.(Z+1)` from the
 *   newest one when that one is released already.
 *
 * `forVersion` asks about a change meant for one release (`1.2.3`, `v1.3.0`, or a line `1.2`):
 * the answer says whether that is allowed now and, when not, where the change should go instead
 * (Goose in feature freeze: "bug-fixes for vx.y.<z+1> are no longer allowed, should target
 * vx.<y+1>.0 instead").
 */
import { isGitflow } from '../policy/flow.js';
import { parseForVersion } from './target-context.js';
import { gitflowModel } from './target-gitflow.js';
import { phasesModel } from './target-phases.js';
import { trunkModel } from './target-trunk.js';
import type { TargetAdvice, TargetInput } from './target-types.js';

export { parseForVersion, type ForTarget } from './target-context.js';
export {
  PHASE_TARGETS,
  TARGET_KINDS,
  type TargetAdvice,
  type TargetBackport,
  type TargetInput,
  type TargetKind,
  type TargetRule,
} from './target-types.js';

/** The branch a change should merge into now, with the reason, the merges and backports that follow. */
export function mergeTarget(input: TargetInput): TargetAdvice {
  const forTarget = input.forVersion ? parseForVersion(input.policy, input.forVersion) : null;
  if (input.policy.phases) return phasesModel(input, forTarget);
  if (isGitflow(input.policy)) return gitflowModel(input, forTarget);
  return trunkModel(input, forTarget);
}
