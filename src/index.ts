/** Library entry: the typed core, the git adapter and the CLI runner. */
export * from './core/errors.js';
export { runCli } from './cli/main.js';
export * from './git/index.js';
export * from './core/policy/index.js';
// Ref-name rules live in the pure core (the git adapter has its own copy); these names resolve to the core's.
export { assertRefName, isValidRefName, refNameProblem } from './core/policy/refname.js';
export * from './core/version/index.js';
export * from './core/changes/index.js';
