/**
 * Use case `missing` (backport coverage): which change is on which maintained line, which
 * backports are missing, and the rule "a security change missing on a line that must have it →
 * exit 1". Reads refs, the range, the commits' facts and patch-ids (facts/coverage/); the core
 * decides (core/coverage/).
 *
 * Why the use case takes the front end's renderer instead of returning only the report: on a
 * long history the output is large (tens of megabytes of JSON) and is streamed, one row made,
 * rendered and written at a time, so the report is never whole in memory; and a warm run with
 * nothing changed replays the last run's rendered bytes from `.git/trellis/result` without
 * walking history at all. The result cache stores rendered output, so it can only be filled and
 * keyed inside the use case, with the renderer and its name. The front end therefore passes
 * `render` and gets back the chunks to write (from the run or from the cache) and the exit
 * intent, known once the chunks were read. Without a renderer there is no result cache and the
 * caller reads the report's rows itself.
 */
import { createHash } from 'node:crypto';
import type { ChangeKind } from '../core/changes/kind.js';
import type { ReportSource } from '../core/coverage/format.js';
import { missesSecurityFix } from '../core/coverage/report.js';
import type { ChangeCoverage, CoverageLine } from '../core/coverage/types.js';
import { coverageFlow, type CoverageFlow } from '../core/coverage/flow.js';
import { isSinceDate, sinceDateProblem } from '../core/coverage/since.js';
import { TrellisError } from '../core/errors.js';
import type { Policy } from '../core/policy/schema.js';
import { coverageLines } from '../facts/coverage/lines.js';
import { hasAdvisoryFiles } from '../facts/advisory-files.js';
import { advisoryFixesKey } from '../facts/coverage/records.js';
import { ResultCache } from '../facts/coverage/result-cache.js';
import type { CoverageStats } from '../facts/coverage/run.js';
import type { Git } from '../git/git.js';
import type { RefInfo } from '../git/refs.js';
import type { AppContext } from './context.js';
import { TRELLIS_BUILD, TRELLIS_VERSION } from './package-info.js';

/** A front end's rendering of the report (see the module's comment for why the use case takes it). */
export interface MissingRenderer {
  /** Names the output in the result cache's key (`json`, `markdown`, `matrix`, ...): two renderings must not share a name. */
  name: string;
  /** The output, a piece at a time; the report's rows are made as they are read. */
  render(report: ReportSource): Iterable<string>;
}

export interface MissingRequest {
  /** Changes after this revision or date (`YYYY-MM-DD`); default: where the oldest column forked. */
  since?: string | undefined;
  /** Only changes of these kinds (default: all). */
  kinds?: readonly ChangeKind[] | undefined;
  /** Exactly these lines (key or branch; may name an end-of-life line); default: the maintained lines. */
  lines?: readonly string[] | undefined;
  /** Use and update the caches under `.git/trellis/` (default true). */
  cache?: boolean | undefined;
  /** The front end's rendering; with it the output is cached and replayed. */
  renderer?: MissingRenderer | undefined;
  /**
   * A replay as the cached file's bytes instead of text, for a front end that writes them to a
   * stream as they are (the CLI: decoding 7 MB and encoding it back was a tenth of a warm run).
   */
  bytes?: boolean | undefined;
  /**
   * A full garbage collection, if the process allows one (the CLI's entry point decides; see
   * `CoverageOptions.collectGarbage`). Library code never forces one itself.
   */
  collectGarbage?: (() => void) | undefined;
}

export interface MissingResult {
  /** Where the output comes from: this run, or the last run's output replayed (nothing it depends on changed). */
  source: 'run' | 'cache';
  /** The report (its rows made one at a time, one pass: the chunks read them); null when replayed. */
  report: ReportSource | null;
  /**
   * The rendered output, to be read once; empty without a renderer. Text, except a replay from
   * the result cache asked for as bytes ({@link MissingRequest.bytes}): then the file's UTF-8
   * bytes. {@link outputText} joins either into one string.
   */
  chunks: Iterable<string | Uint8Array>;
  /**
   * 0, or 1 when a security change is missing on a line that must have it. Known once the rows
   * (or the chunks) were read to the end; reading it before throws.
   */
  readonly exitCode: 0 | 1;
  /** Counters of the run (null when replayed). */
  stats: CoverageStats | null;
  /** Where a local branch is behind its remote-tracking branch, which was read instead (for the front end to show). */
  notes: string[];
  /** Which way fixes travel, as the policy says (see core/coverage/flow.ts): it decides what the rows are. */
  flow: CoverageFlow;
}

export async function missing(ctx: AppContext, req: MissingRequest = {}): Promise<MissingResult> {
  const { git, policy } = ctx;
  const lines = await coverageLines(git, policy, ctx.today, req.lines ?? [], { remote: ctx.remote });
  const flow = coverageFlow(policy);
  const notes = lines.notes;
  if (req.since !== undefined && req.since.startsWith('-')) {
    throw new TrellisError('usage', `invalid --since '${req.since}': a revision or date cannot start with '-'`, 2);
  }
  const dateProblem = req.since !== undefined && isSinceDate(req.since) ? sinceDateProblem(req.since) : null;
  if (dateProblem) throw new TrellisError('usage', `invalid --since: ${dateProblem}`, 2);
  const kinds = req.kinds ?? [];
  const renderer = req.renderer;
  // A commit an advisory record names as its fix (or one carried from it) is a security fix.
  // The record machinery (checks, CVSS) loads only where there are records: a warm run of a
  // repository without them stays a read of the refs and a copy of the last output.
  const advisoryFixes = (await hasAdvisoryFiles(git, policy)) ? await (await import('./advisory-fixes.js')).advisoryFixMap(ctx) : undefined;
  // A warm run with nothing changed: the last run's output, if it was for the same key.
  const key =
    renderer && req.cache !== false
      ? await resultKey(git, {
          policy,
          lines: lines.columns,
          refs: lines.refs,
          since: req.since,
          kinds,
          output: renderer.name,
          advisories: advisoryFixesKey(advisoryFixes),
        })
      : null;
  const replay = key !== null ? ResultCache.find(git.commonDir, key) : null;
  if (replay) {
    const exitCode = replay.exitCode === 0 ? 0 : 1;
    return { source: 'cache', report: null, chunks: req.bytes ? replay.chunks() : replay.text(), exitCode, stats: null, notes, flow };
  }
  // Loaded only now: a warm run (replayed above) needs none of the history machinery.
  const { runCoverage } = await import('../facts/coverage/run.js');
  const run = await runCoverage(git, {
    policy,
    lines: lines.columns,
    since: req.since,
    kinds,
    cache: req.cache,
    refs: lines.refs,
    progress: ctx.progress,
    collectGarbage: req.collectGarbage,
    flow,
    advisoryFixes,
  });
  // Rows are made one at a time as they are read; the exit code is known once all passed.
  let security = false;
  let done = false;
  function* changes(): Generator<ChangeCoverage> {
    for (const c of run.rows()) {
      if (!security && missesSecurityFix(c)) security = true;
      yield c;
    }
    done = true;
  }
  const report: ReportSource = { since: run.since, lines: run.lines, changes: changes(), flow };
  const exit = (): 0 | 1 => (security ? 1 : 0);
  const record = (): ResultCache | null => (key !== null ? ResultCache.record(git.commonDir, key) : null);
  const chunks = renderer ? recorded(renderer.render(report), record, exit) : [];
  return {
    source: 'run',
    report,
    chunks,
    get exitCode() {
      if (!done) throw new Error('missing: the exit code is known once the rows were read to the end');
      return exit();
    },
    stats: run.stats,
    notes,
    flow,
  };
}

/** The whole output of {@link MissingResult.chunks} as one string (text and bytes alike). */
export function outputText(chunks: Iterable<string | Uint8Array>): string {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let text = '';
  for (const c of chunks) text += typeof c === 'string' ? c : decoder.decode(c, { stream: true });
  return text + decoder.decode();
}

/** The chunks, each added to the result cache as it passes; the cache is sealed with the exit code at the end, dropped if reading stops or fails. */
function* recorded(chunks: Iterable<string>, start: () => ResultCache | null, exit: () => 0 | 1): Generator<string> {
  // Started on the first read (a result never read leaves no temporary file behind).
  const record = start();
  let complete = false;
  try {
    for (const chunk of chunks) {
      record?.add(chunk);
      yield chunk;
    }
    complete = true;
  } finally {
    if (complete) record?.finish(exit());
    else record?.abandon();
  }
}

/** Bump when what `trellis missing` prints for the same inputs changes: older result files are then ignored. */
const RESULT_KEY_VERSION = 'r2';

/**
 * The key of a run's cached output (see `ResultCache`): a hash of everything the output depends
 * on — Trellis's version and build, the policy, the columns with today's statuses, the options and output
 * format, the advisory records' fixes, every ref's tip (branches, tags: a moved branch, a new tag or a new backport branch
 * changes the key) and, for `--since REV`, what REV names now (one `rev-parse`).
 */
async function resultKey(
  git: Git,
  k: {
    policy: Policy;
    lines: readonly CoverageLine[];
    refs: readonly RefInfo[];
    since: string | undefined;
    kinds: readonly string[];
    output: string;
    /** The advisory fixes the kinds depend on (records live in the work tree, not in refs). */
    advisories: string;
  },
): Promise<string> {
  const since = k.since === undefined || isSinceDate(k.since) ? null : await git.resolve(k.since, { peel: 'commit' });
  const h = createHash('sha256');
  h.update(
    JSON.stringify([
      RESULT_KEY_VERSION,
      TRELLIS_VERSION,
      TRELLIS_BUILD,
      k.policy,
      k.lines,
      k.since ?? null,
      since,
      k.kinds,
      k.output,
      k.advisories,
    ]),
  );
  for (const r of k.refs) h.update(`${r.name}\0${r.oid}\n`);
  return h.digest('hex');
}
