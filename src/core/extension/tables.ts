/**
 * The Goose extension release cycle as tables, straight from the seed ("发布周期", the second half:
 * "扩展主发布周期", the extension main release cycle). Each table names its section. They apply to
 * unstable API extensions ("每个扩展版本只面向单一 Goose 版本": each extension version targets a
 * single Goose version); in-tree extensions follow the core exactly, stable API extensions have a
 * cycle of their own.
 */
import type { ExtensionBranchRole, BranchType, CorePhase, CoreRef, PrFor, ShipsFrom } from './types.js';

/** The seed's target table has two headings; feature freeze has the same active branches as pre-release. */
export type TableRow = 'mid-cycle' | 'pre-release / patch';

export function tableRow(phase: CorePhase): TableRow {
  return phase === 'mid-cycle' ? 'mid-cycle' : 'pre-release / patch';
}

/**
 * "Goose 目标版本" (Goose target version): per phase and branch type, the core versions each
 * active extension branch may target. `null`: "Type: Three branch: should not exist".
 */
export const TARGET_TABLE: Record<TableRow, Record<BranchType, Partial<Record<ExtensionBranchRole, readonly CoreRef[]>> | null>> = {
  'mid-cycle': {
    // "Extension main -> Goose vx.y.z or main"
    'single-branch': { main: ['release', 'main'] },
    // "Extension main -> Goose vx.y.z or main"; "Extension vx.y-codename -> Goose vx.y.z or vx.y-codename"
    'two-branch': { main: ['release', 'main'], current: ['release', 'current'] },
    // "Type: Three branch: should not exist"
    'three-branch': null,
  },
  'pre-release / patch': {
    // "Extension main -> Goose vx.y.z or vx.<y+1>-codename"
    'single-branch': { main: ['release', 'next'] },
    // "Extension main -> Goose vx.y.z or vx.<y+1>-codename"; "Extension vx.y-codename -> Goose vx.y.z or vx.y-codename"
    'two-branch': { main: ['release', 'next'], current: ['release', 'current'] },
    // "Extension main -> Goose main"; "Extension vx.y-codename -> Goose vx.y.z or vx.y-codename";
    // "Extension vx.<y+1>-codename -> Goose vx.<y+1>-codename"
    'three-branch': { main: ['main'], current: ['release', 'current'], next: ['next'] },
  },
};

/** One rule of where a pull request merges: the branch, or `null` for "impossible". */
export interface MergeRule {
  branch: ExtensionBranchRole | null;
  /** The seed's sentence, or how the rule was derived when the seed gives none. */
  says: string;
  /** False when the seed has no sentence for this case and the rule is derived from the target table. */
  quoted: boolean;
}

type MergeTable = Record<PrFor, MergeRule>;

const q = (branch: ExtensionBranchRole | null, says: string): MergeRule => ({ branch, says, quoted: true });
const d = (branch: ExtensionBranchRole | null, says: string): MergeRule => ({ branch, says, quoted: false });

/**
 * "PR 应合并到哪里" (where PRs should merge), Phase: Mid-cycle. A single-branch extension's rules
 * depend on the core version its main targets ("if Goose target: vx.y.z" / "if Goose target: main").
 */
const MID_CYCLE: Record<'single-release' | 'single-main' | 'two-branch' | 'three-branch', MergeTable> = {
  'single-release': {
    patch: q('main', 'if Goose target: vx.y.z: PR for vx.y.<z+1> into main'),
    minor: q('main', 'if Goose target: vx.y.z: PR for vx.<y+1>.0 merges into main'),
    after: d('main', 'single branch: main is the only active branch'),
  },
  'single-main': {
    patch: q(null, 'if Goose target: main: PR for vx.y.<z+1> are impossible'),
    minor: q('main', 'if Goose target: main: PR for vx.<y+1>.0 merges into main'),
    after: d('main', 'single branch: main is the only active branch'),
  },
  'two-branch': {
    patch: q('current', 'PR for vx.y.<z+1> merges into vx.y-codename'),
    minor: q('main', 'PR for vx.<y+1>.0 merges into main'),
    after: d('main', 'two branch: main is the newest active branch'),
  },
  'three-branch': {
    patch: q('current', 'PR for vx.y.<z+1> merges into vx.y-codename'),
    minor: q('next', 'PR for vx.<y+1>.0 merges into vx.<y+1>-codename'),
    after: q('main', 'PR for vx.<y+2>.0 merges into main'),
  },
};

/**
 * Phase: Pre-release / Patch. The seed's list for this phase is empty, so each rule is derived
 * from its target table: a PR merges into the branch that targets the core version it is for.
 */
const PRE_RELEASE: typeof MID_CYCLE = {
  'single-release': {
    patch: d('main', 'single branch targeting vx.y.z: main is the branch that builds against vx.y.z'),
    minor: d('main', 'single branch: main is the only active branch'),
    after: d('main', 'single branch: main is the only active branch'),
  },
  'single-main': {
    patch: d(null, 'single branch targeting vx.<y+1>-codename: no branch builds against vx.y.z'),
    minor: d('main', 'single branch targeting vx.<y+1>-codename: main builds against vx.<y+1>'),
    after: d('main', 'single branch: main is the only active branch'),
  },
  'two-branch': {
    patch: d('current', 'two branch: vx.y-codename targets vx.y.z or vx.y-codename'),
    minor: d('main', 'two branch: main targets vx.y.z or vx.<y+1>-codename'),
    after: d('main', 'two branch: main is the newest active branch'),
  },
  'three-branch': {
    patch: d('current', 'three branch: vx.y-codename targets vx.y.z or vx.y-codename'),
    minor: d('next', 'three branch: vx.<y+1>-codename targets Goose vx.<y+1>-codename'),
    after: d('main', 'three branch: main targets Goose main'),
  },
};

/**
 * Where a PR for `prFor` merges, by phase and branch type; a single-branch extension also by what
 * its main targets (`release`: a core release; otherwise a core branch).
 */
export function mergeRule(phase: CorePhase, type: BranchType, prFor: PrFor, mainTarget: CoreRef | null): MergeRule {
  const table = tableRow(phase) === 'mid-cycle' ? MID_CYCLE : PRE_RELEASE;
  const key = type === 'single-branch' ? (mainTarget === 'release' || mainTarget === null ? 'single-release' : 'single-main') : type;
  return table[key][prFor];
}

/**
 * "将发布哪个扩展版本?" (which extension version ships): the "source of truth" per release type and
 * extension type.
 */
export const SHIPS_TABLE: Record<'patch' | 'minor', Record<BranchType, { from: ShipsFrom; says: string }>> = {
  patch: {
    'single-branch': { from: 'config', says: 'Release type: Patch, Extension type: Single branch: Latest version: commit in config files' },
    'two-branch': {
      from: 'current',
      says: 'Release type: Patch, Extension type: Multi branch: Latest version: Extension vx.y-codename branch',
    },
    'three-branch': {
      from: 'current',
      says: 'Release type: Patch, Extension type: Multi branch: Latest version: Extension vx.y-codename branch',
    },
  },
  minor: {
    'single-branch': { from: 'main', says: 'Release type: Minor, Extension type: Single branch: Latest version: Extension main branch' },
    'two-branch': { from: 'main', says: 'Release type: Minor, Extension type: Two branch: Latest version: Extension main branch' },
    'three-branch': {
      from: 'next',
      says: 'Release type: Minor, Extension type: Three branch: Latest version: Extension vx.<y+1>-codename branch',
    },
  },
};

/** "Single/Two/Three Branch 间切换" (switching between branch types). */
export const SWITCH_TABLE = {
  'two-branch': {
    from: 'single-branch' as BranchType,
    phases: ['mid-cycle', 'pre-release', 'feature-freeze'] as readonly CorePhase[],
    creates: 'current' as 'current' | 'next',
    says: 'Switch: Single branch -> Two branch; When: during any phase; Actions: Create branch vx.y-codename from a commit on main between HEAD of main and the commit in the Goose vx.y.z config file',
  },
  'three-branch': {
    from: 'two-branch' as BranchType,
    phases: ['pre-release', 'feature-freeze'] as readonly CorePhase[],
    creates: 'next' as 'current' | 'next',
    says: 'Switch: Two branch -> Three branch; When: during Pre-release or Feature-freeze phase; Actions: Create vx.<y+1>-codename branch from main',
  },
} as const;

/** The seed on falling back: "Three branch -> Two branch or Two branch -> Single branch ... happens automatically". */
export const FALLBACK_SAYS =
  'Switch Three branch -> Two branch or Two branch -> Single branch: part of transition from Feature Freeze -> Mid-cycle; happens automatically (vx.y-codename becomes inactive by definition)';

/** The branch type from which of the extension's codename branches exist. */
export function branchTypeOf(has: { current: boolean; next: boolean }): BranchType {
  if (has.current && has.next) return 'three-branch';
  if (has.current) return 'two-branch';
  return 'single-branch';
}
