/** The shapes of merge-target advice (`trellis target`): what is asked and what is answered. */
import type { Phase, Policy } from '../policy/schema.js';
import type { LineToday } from './today.js';

export const TARGET_KINDS = ['feature', 'bugfix', 'security'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];
export type TargetRule = 'main' | 'current' | 'next';

/** Input of `mergeTarget`. */
export interface TargetInput {
  policy: Policy;
  /** Discovered lines with their status on `date` (`linesToday(...)`), development line first. */
  lines: readonly LineToday[];
  /** The development branch (`discoverLines(...).developmentBranch`). */
  developmentBranch: string;
  /** Branches that exist (short names). */
  branches: ReadonlySet<string>;
  kind: TargetKind;
  /** A version or line the change is meant for, or null. */
  forVersion?: string | null;
  date: string;
}

/** A branch that receives the change after the first merge. */
export interface TargetBackport {
  line: string;
  branch: string;
  /** The status `backport.kinds` reads (`prerelease`, `full`, `bugfix`, `security`). */
  status: string;
  /** Set when the branch does not exist yet and is made from `from` (the Lightspeed-style next `release/X.Y.Z`). */
  create: { from: string } | null;
}

/** The answer. */
export interface TargetAdvice {
  kind: TargetKind;
  /** The `--for` value as given, or null. */
  for: string | null;
  date: string;
  /** `extension`: a Goose-style extension, answered by the core's phase and the extension tables (core/extension/target.ts). */
  model: 'phases' | 'gitflow' | 'trunk' | 'extension';
  /** The phase on `date` (phases model), and how it was found. */
  phase: Phase | null;
  phaseSource: string | null;
  /** False when the change, as asked with `--for`, is not accepted now; `branch` is then where it should go instead. */
  allowed: boolean;
  /** The branch to merge into. */
  branch: string;
  /** The line that branch carries, when it is a line's branch (or the development line). */
  line: string | null;
  /** The release the change will ship in, when known (`1.2.4`, `1.3.0`). */
  release: string | null;
  /** Set when `branch` does not exist yet: create it from `from` first. */
  create: { from: string } | null;
  /** One sentence: why this branch. */
  reason: string;
  /** Branches the target is merged into afterwards (a Goose release branch back into main; a hotfix into main and dev). */
  mergeBack: string[];
  /** Lines the change is cherry-picked to afterwards (`trellis backport --auto`). */
  backports: TargetBackport[];
  /** Lines considered for backports and left out, with the reason. */
  skipped: Array<{ line: string; reason: string }>;
  notes: string[];
}

/** The Goose-style phases' merge-target table, for phases the policy's `phases.targets` does not set. */
export const PHASE_TARGETS: Record<Phase, Record<TargetKind, TargetRule>> = {
  'mid-cycle': { feature: 'main', bugfix: 'current', security: 'current' },
  'pre-release': { feature: 'next', bugfix: 'current', security: 'current' },
  'feature-freeze': { feature: 'main', bugfix: 'next', security: 'next' },
};
