/** The policy file: schema, loading with located errors, templates, durations, presets. */
export * from './schema.js';
export * from './flow.js';
export * from './load.js';
export * from './template.js';
export * from './duration.js';
export * from './presets/index.js';
