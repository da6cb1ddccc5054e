/**
 * Git-flow releases and hotfixes (VMPilot-style), pure planning over facts the app layer reads:
 *
 * - Release (./gitflow-release.ts): preparation checks (on the develop branch, clean tree, not
 *   behind the upstream, the test command passes, draft notes), then `develop` merged into
 *   `main` with a real merge commit and the release tagged on it: one ref transaction.
 * - Hotfix start and finish (./hotfix.ts): `hotfix/X.Y.Z` from main's latest release, where
 *   X.Y.Z is its next patch; then merged into `main` and `develop`, the patch release tagged on
 *   main's merge, the hotfix branch deleted: one ref transaction.
 * - Reports (./gitflow-report.ts): what was done or would be, and its text.
 *
 * Nothing here runs git or reads the clock: the plan says which merges to make and which refs to
 * change; src/app makes the merge trees and src/apply the commits, tag objects and transaction.
 */
export * from './gitflow-common.js';
export * from './gitflow-release.js';
export * from './hotfix.js';
export * from './gitflow-report.js';
