/** Changes: conventional-commit headers, git trailers, the kind of a change and the policy's change rules. Pure. */
export * from './conventional.js';
export * from './trailers.js';
export * from './kind.js';
export * from './glob.js';
export { BUILT_IN_CHANGE_RULES, type BuiltInChangeRule } from './defaults.js';
export * from './rules.js';
export * from './classify.js';
export * from './explain.js';
