/** Library entry: the typed core, the git adapter and the CLI runner. */
export * from './core/errors.js';
export { runCli } from './cli/main.js';
export * from './git/index.js';
