/**
 * Which way fixes travel between the development branch and the release lines, as coverage
 * reads it from the policy. Pure.
 *
 * - `main-first` (the default: Lightspeed-style, Llama Stack-style, Tarantool-style series,
 *   VMPilot-style git-flow): fixes land on the development branch and are carried to the lines
 *   (cherry-picks, bot backports). Rows are the development branch's changes, checked on every
 *   maintained line; a fix made on a line first is a row too, checked on the development branch.
 * - `line-first` (Goose-style phases, as duckdb works): fixes for a released line land on its
 *   codename branch first and the branch is merged back into main. Main's own changes are for
 *   the next minor and are not expected on the lines; the rows are the lines' own fixes, checked
 *   on the development branch (they must not regress on upgrade) and on the other lines.
 *
 * The policy says which: a release-branch template with `{codename}`, or a `phases` section
 * whose merge targets send bug or security fixes to a line (`current` or `next`) in some phase
 * (the Goose-style default table does in every phase) make it `line-first`.
 */
import type { Policy } from '../policy/schema.js';

export type CoverageFlow = 'main-first' | 'line-first';

const PHASES = ['mid-cycle', 'pre-release', 'feature-freeze'] as const;

/** The policy's flow, and why (for the output's note and docs). */
export function coverageFlowOf(policy: Policy): { flow: CoverageFlow; why: string } {
  const codename = policy.branches.release.find((r) => !r.eol && r.template.includes('{codename}'));
  if (codename) return { flow: 'line-first', why: `release branches are named by codename (${codename.template})` };
  const phases = policy.phases;
  if (!phases) return { flow: 'main-first', why: 'fixes land on the development branch and are carried to the lines' };
  for (const phase of PHASES) {
    for (const kind of ['bugfix', 'security'] as const) {
      if (phases.targets[phase]?.[kind] !== 'main') {
        return { flow: 'line-first', why: `in the ${phase} phase ${kind} changes land on a line (phases in the policy)` };
      }
    }
  }
  return { flow: 'main-first', why: 'every phase sends fixes to the development branch' };
}

/** {@link coverageFlowOf} without the reason. */
export function coverageFlow(policy: Policy): CoverageFlow {
  return coverageFlowOf(policy).flow;
}
