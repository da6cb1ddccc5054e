/** Backport coverage: commit equivalence and the coverage matrix. Pure. */
export * from './commit-facts.js';
export * from './graph.js';
export * from './equivalence.js';
export * from './facts-store.js';
export * from './types.js';
export * from './matrix.js';
export * from './report.js';
export * from './format.js';
export * from './opt-outs.js';
export * from './backport-branches.js';
export * from './since.js';
export * from './flow.js';
