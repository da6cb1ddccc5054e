/**
 * `trellis missing [--since REV|DATE] [--kind K]... [--line L]... [--json | --markdown]`:
 * backport coverage — which change is on which maintained line, and which backports are
 * missing. Exit 1 when a security change is missing on a line that must have it (the use case's
 * rule: src/app/missing.ts). This file parses the flags, draws the progress bar, and writes what
 * the use case rendered with the renderer chosen here.
 */
import { Option, type Command } from 'commander';
import { openApp } from '../../app/context.js';
import { missing, type MissingRenderer } from '../../app/missing.js';
import { CHANGE_KINDS, type ChangeKind } from '../../core/changes/kind.js';
import { jsonChunks, markdownChunks, matrixChunks } from '../../core/coverage/format.js';
import { TrellisError } from '../../core/errors.js';
import { workspace } from '../context.js';
import { explainOption, printExplanation } from '../explain-change.js';
import { forcedGc } from '../gc.js';
import { OutputClosed, println, writeChunk, type CliIo } from '../io.js';
import { repoOption, setExitCode } from '../options.js';
import { colorsOf, commandWithJson, escapeControl, jsonOption, jsonStyle, tableWidth, type JsonFlag } from '../output.js';
import { paintCoverage } from '../tones.js';
import type { CoverageState } from '../../core/coverage/types.js';

interface MissingFlags {
  wide?: boolean;
  quiet?: boolean;
  since?: string;
  kind: string[];
  line: string[];
  json?: JsonFlag;
  markdown?: boolean;
  all?: boolean;
  explain?: string;
  repo?: string;
  policy?: string;
  cache: boolean;
}

const collect = (v: string, prev: string[]): string[] => [...prev, v];
const KINDS = CHANGE_KINDS.filter((k) => k !== 'other');

/**
 * A progress line on stderr, drawn only when stderr is a terminal (never into a pipe or a file,
 * never with --quiet) and the work has lasted more than a second. Timed by the process's own
 * monotonic clock, not the command's clock (a fixed TRELLIS_NOW must not stop it drawing); each
 * draw clears the line first, so a shorter phase leaves no characters of a longer one behind.
 */
export function progressBar(
  io: CliIo,
  opts: { quiet?: boolean; now?: () => number } = {},
): { update(phase: string, done: number, total: number): void; end(): void } {
  const tty = io.stderr.isTTY === true && !opts.quiet;
  const now = opts.now ?? (() => performance.now());
  let start: number | null = null;
  let drawn = false;
  let last = 0;
  return {
    update(phase, done, total) {
      if (!tty) return;
      const t = now();
      start ??= t;
      if (t - start < 1000 || t - last < 100) return;
      last = t;
      const pct = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
      const width = 20;
      const fill = Math.round((pct / 100) * width);
      io.stderr.write(
        `\r\x1b[K${escapeControl(phase).padEnd(9)} [${'#'.repeat(fill)}${' '.repeat(width - fill)}] ${pct}% (${done}/${total})`,
      );
      drawn = true;
    },
    end() {
      if (drawn) io.stderr.write('\r\x1b[K');
      drawn = false;
    },
  };
}

/** The output chosen by the flags; its name keys the result cache. */
function rendererOf(flags: MissingFlags, io: CliIo): MissingRenderer {
  if (flags.json) {
    const style = jsonStyle(flags.json, io);
    return { name: style === 'pretty' ? 'json' : 'json-compact', render: (report) => jsonChunks(report, style) };
  }
  if (flags.markdown) return { name: 'markdown', render: markdownChunks };
  const all = flags.all === true;
  // The width shapes the text, so it is part of the name the result cache keys on.
  const tableWidthNow = tableWidth(io, flags.wide);
  // Cells in the vocabulary's colours on a terminal; colour is part of the cached text's name too.
  const colours = colorsOf(io);
  const paint = colours.isColorSupported ? (state: CoverageState, padded: string) => paintCoverage(colours, state)(padded) : undefined;
  const name = `${all ? 'matrix-all' : 'matrix'}${Number.isFinite(tableWidthNow) ? `-${tableWidthNow}` : '-wide'}${paint ? '-colour' : ''}`;
  return { name, render: (report) => matrixChunks(report, { all: flags.all, tableWidth: tableWidthNow, paint }) };
}

export function register(program: Command, io: CliIo): void {
  commandWithJson(program, 'missing')
    .description(
      'backport coverage: which change is on which maintained line, and which backports are missing (exit 1 when a security fix is missing)',
    )
    .option('--since <rev|date>', 'changes after this revision or date (default: where the oldest maintained line forked)')
    .addOption(
      new Option('--kind <kind>', `only changes of this kind (repeatable): ${KINDS.join(', ')}`)
        .argParser((v: string, prev: string[]) => {
          if (!(KINDS as readonly string[]).includes(v))
            throw new TrellisError('usage', `invalid --kind '${v}' (choices: ${KINDS.join(', ')})`, 2);
          return collect(v, prev);
        })
        .default([]),
    )
    .option('--line <line>', 'only this line (key or branch; repeatable; may name an end-of-life line)', collect, [])
    .addOption(
      jsonOption('print JSON: { since, lines, changes: [{ commit, subject, kind, states }] } (see docs/missing.md)').conflicts('markdown'),
    )
    .addOption(new Option('--markdown', 'print Markdown for an issue: a checklist of missing and pending backports').conflicts('json'))
    .option('--all', 'show every change in the matrix, not only those needing attention')
    .option('--wide', 'subjects at full length, whatever the terminal width')
    .option('-q, --quiet', 'no progress display on stderr')
    .addOption(explainOption())
    .option('--policy <file>', 'policy file (default: .trellis.yml at the repository root)')
    .option('--no-cache', 'neither read nor write the caches under .git/trellis/')
    .addOption(repoOption())
    .action(async (flags: MissingFlags, cmd: Command) => {
      if (flags.explain !== undefined) return printExplanation(io, flags.explain, flags);
      const bar = progressBar(io, { quiet: flags.quiet });
      const ctx = await openApp(workspace(io, { progress: bar.update }), { repo: flags.repo, policy: flags.policy });
      let result;
      try {
        result = await missing(ctx, {
          since: flags.since,
          kinds: flags.kind as ChangeKind[],
          lines: flags.line,
          cache: flags.cache,
          renderer: rendererOf(flags, io),
          bytes: true,
          collectGarbage: forcedGc(),
        });
      } finally {
        bar.end();
      }
      for (const note of result.notes) println(io.stderr, `trellis: warning: ${note}`);
      // Rows are made, rendered and written one at a time, each after the reader took the last
      // (a slow pipe holds the run back instead of filling memory); the exit code is known once
      // all passed. A reader that goes away (`| head`) ends the run quietly; the result cache's
      // unfinished file is dropped as the chunks are left.
      try {
        for (const chunk of result.chunks) await writeChunk(io.stdout, chunk);
      } catch (e) {
        if (e instanceof OutputClosed) return;
        throw e;
      }
      if (result.exitCode !== 0) setExitCode(cmd, result.exitCode);
    });
}
