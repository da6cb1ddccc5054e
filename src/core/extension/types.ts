/** The words of the Goose extension release cycle, as the seed names them. */

/** "In-tree extensions", "Stable API extension", "Unstable API extension". */
export const EXTENSION_APIS = ['in-tree', 'stable', 'unstable'] as const;
export type ExtensionApi = (typeof EXTENSION_APIS)[number];

/** "Single branch extensions have only the main active branch"; two: main and vx.y-codename; three: also vx.<y+1>-codename. */
export const BRANCH_TYPES = ['single-branch', 'two-branch', 'three-branch'] as const;
export type BranchType = (typeof BRANCH_TYPES)[number];

/**
 * An extension branch by its role in the main release cycle: `main`, `current` (`vx.y-codename`,
 * the branch of the core's newest released line x.y) and `next` (`vx.<y+1>-codename`).
 */
export type ExtensionBranchRole = 'main' | 'current' | 'next';

/**
 * A core version an extension branch targets: `release` is the core's `vx.y.z` (its newest
 * release), `main` / `current` / `next` are the core's branches `main`, `vx.y-codename`,
 * `vx.<y+1>-codename`.
 */
export type CoreRef = 'release' | 'main' | 'current' | 'next';

/** The release a pull request is meant for: `vx.y.<z+1>` (patch), `vx.<y+1>.0` (minor), `vx.<y+2>.0` (after). */
export type PrFor = 'patch' | 'minor' | 'after';

/** How the core's phase maps onto the seed's two extension tables ("Mid-cycle" and "Pre-release / Patch"). */
export type CorePhase = 'mid-cycle' | 'pre-release' | 'feature-freeze';

/** Where the latest version of an extension is for a core release ("source of truth"). */
export type ShipsFrom = 'config' | 'main' | 'current' | 'next';

/** The seed's notation for a core ref or an extension branch role. */
export function seedName(r: CoreRef | ExtensionBranchRole): string {
  return { release: 'vx.y.z', main: 'main', current: 'vx.y-codename', next: 'vx.<y+1>-codename' }[r];
}
