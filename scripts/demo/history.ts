/** The demo's sample repository now ships with the package (src/git/demo-history.ts); kept here for the scripts, tests and benches that import it. */
export { buildDemoRepo, type DemoRepo } from '../../src/git/demo-history.js';
