/** The shape of a policy's process, asked the same way everywhere. */
import type { Policy } from './schema.js';

/**
 * True for a git-flow policy: an integration branch (`branches.develop`, e.g. `dev`) merged into
 * `main` to release, with hotfix branches from `main` (VMPilot-style). A policy that names a
 * develop branch is git-flow whatever `flow.model` says, since its development happens there.
 */
export function isGitflow(policy: Policy): boolean {
  return policy.flow.model === 'gitflow' || policy.branches.develop !== undefined;
}

/** The development branch: `branches.develop` in git-flow, else `branches.main`. */
export function developmentBranchOf(policy: Policy): string {
  return isGitflow(policy) && policy.branches.develop !== undefined ? policy.branches.develop : policy.branches.main;
}
