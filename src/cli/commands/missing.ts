/**
 * `trellis missing [--since REV|DATE] [--kind K]... [--line L]... [--json | --markdown]`:
 * backport coverage — which change is on which maintained line, and which backports are
 * missing. Exit 1 when a security change is missing on a line that must have it.
 */
import { Option, type Command } from 'commander';
import { CHANGE_KINDS, type ChangeKind } from '../../core/changes/kind.js';
import { TrellisError } from '../../core/errors.js';
import { jsonChunks, markdownChunks, matrixChunks } from '../../core/coverage/index.js';
import { coverageLines, resultKey, runCoverage } from '../../facts/coverage/run.js';
import { ResultCache } from '../../facts/coverage/cache-files.js';
import { openRepository, readPolicy } from '../../facts/repository.js';
import type { CliIo } from '../io.js';
import { repoOption, setExitCode } from '../options.js';
import { TRELLIS_VERSION } from '../../app/package-info.js';

interface MissingFlags {
  since?: string;
  kind: string[];
  line: string[];
  json?: boolean;
  markdown?: boolean;
  all?: boolean;
  repo?: string;
  policy?: string;
  cache: boolean;
}

const collect = (v: string, prev: string[]): string[] => [...prev, v];
const KINDS = CHANGE_KINDS.filter((k) => k !== 'other');

/**
 * A progress line on stderr, drawn only when stderr is a terminal and the run has lasted more
 * than a second (short runs and pipes stay silent).
 */
function progressBar(io: CliIo): { update(phase: string, done: number, total: number): void; end(): void } {
  const tty = io.stderr.isTTY === true;
  const start = io.clock.now().getTime();
  let drawn = false;
  let last = 0;
  return {
    update(phase, done, total) {
      if (!tty) return;
      const now = io.clock.now().getTime();
      if (now - start < 1000 || now - last < 100) return;
      last = now;
      const pct = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
      const width = 20;
      const fill = Math.round((pct / 100) * width);
      io.stderr.write(`\r${phase.padEnd(9)} [${'#'.repeat(fill)}${' '.repeat(width - fill)}] ${pct}% (${done}/${total})`);
      drawn = true;
    },
    end() {
      if (drawn) io.stderr.write('\r\x1b[K');
    },
  };
}

export function register(program: Command, io: CliIo): void {
  program
    .command('missing')
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
      new Option('--json', 'print JSON: { since, lines, changes: [{ commit, subject, kind, states }] } (see docs/missing.md)').conflicts(
        'markdown',
      ),
    )
    .addOption(new Option('--markdown', 'print Markdown for an issue: a checklist of missing and pending backports').conflicts('json'))
    .option('--all', 'show every change in the matrix, not only those needing attention')
    .option('--policy <file>', 'policy file (default: .trellis.yml at the repository root)')
    .option('--no-cache', 'neither read nor write the caches under .git/trellis/')
    .addOption(repoOption())
    .action(async (flags: MissingFlags, cmd: Command) => {
      const git = await openRepository(flags.repo, io.cwd, io.env);
      const { policy } = await readPolicy(git, { file: flags.policy, cwd: io.cwd });
      const today = io.clock.now().toISOString().slice(0, 10);
      const lines = await coverageLines(git, policy, today, flags.line);
      if (flags.since !== undefined && flags.since.startsWith('-')) {
        throw new TrellisError('usage', `invalid --since '${flags.since}': a revision or date cannot start with '-'`, 2);
      }
      // A warm run with nothing changed: the last run's output, if it was for the same key.
      const output = flags.json ? 'json' : flags.markdown ? 'markdown' : flags.all ? 'matrix-all' : 'matrix';
      const key = flags.cache
        ? await resultKey(git, {
            version: TRELLIS_VERSION,
            policy,
            lines: lines.columns,
            refs: lines.refs,
            since: flags.since,
            kinds: flags.kind,
            output,
          })
        : null;
      if (key !== null) {
        const code = ResultCache.replay(git.commonDir, key, (s) => io.stdout.write(s));
        if (code !== null) {
          if (code !== 0) setExitCode(cmd, code);
          return;
        }
      }
      const bar = progressBar(io);
      let run;
      try {
        run = await runCoverage(git, {
          policy,
          lines: lines.columns,
          since: flags.since,
          kinds: flags.kind as ChangeKind[],
          cache: flags.cache,
          refs: lines.refs,
          progress: (phase, done, total) => bar.update(phase, done, total),
        });
      } finally {
        bar.end();
      }
      // Rows are made one at a time as they are written; the exit code is known once all passed.
      let security = false;
      const source = {
        since: run.since,
        lines: run.lines,
        *changes() {
          for (const c of run.rows()) {
            if (!security && c.kind === 'security' && Object.values(c.states).some((s) => s.state === 'missing')) security = true;
            yield c;
          }
        },
      };
      const report = { since: source.since, lines: source.lines, changes: source.changes() };
      const record = key !== null ? ResultCache.record(git.commonDir, key) : null;
      const write = (s: string): void => {
        io.stdout.write(s);
        record?.add(s);
      };
      try {
        const chunks = flags.json ? jsonChunks(report) : flags.markdown ? markdownChunks(report) : matrixChunks(report, { all: flags.all });
        for (const chunk of chunks) write(chunk);
      } catch (e) {
        record?.abandon();
        throw e;
      }
      const code = security ? 1 : 0;
      record?.finish(code);
      if (code !== 0) setExitCode(cmd, code);
    });
}
