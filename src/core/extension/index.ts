/** The Goose extension release cycle: the seed's tables, an extension's status, and its merge-target advice. */
export * from './types.js';
export * from './tables.js';
export * from './status.js';
export * from './target.js';
