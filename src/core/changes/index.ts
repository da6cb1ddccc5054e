/** Changes: conventional-commit headers, git trailers and the kind of a change. Pure. */
export * from './conventional.js';
export * from './trailers.js';
export * from './kind.js';
