export * from './derive.js';
export * from './osv.js';
export * from './record.js';
export * from './severity.js';
export * from './sla.js';
export * from './format.js';
export * from './fixes.js';
