/** Backport coverage's reads: the columns (today's lines), the run (git reads in batches, the caches), the commit facts. */
export { coverageLines, type CoverageLines } from './lines.js';
export { defaultGitWorkers, gitWorkersOf, runCoverage, type CoverageOptions, type CoverageRun, type CoverageStats } from './run.js';
export { readCommitFacts } from './read-facts.js';
export { readOptOuts } from './opt-outs.js';
export { presenceOn, presenceOnLines, type LinesPresenceQuery, type PresenceQuery } from './presence.js';
export { cacheDir, PatchIdCache, RecordCache } from './cache-files.js';
export { ResultCache, ResultReplay } from './result-cache.js';
