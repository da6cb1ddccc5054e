/** Backports: targets, plans and outcomes as plain data. Pure; carried out by src/apply/backport. */
export * from './types.js';
export * from './targets.js';
export * from './plan.js';
export * from './request.js';
export * from './report.js';
export * from './settle.js';
export * from './presence.js';
export * from './feature-guard.js';
export * from './forward-port.js';
