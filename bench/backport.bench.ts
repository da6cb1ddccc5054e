/**
 * One bug fix backported to five release lines of a large repository (20,000 files, 50,000
 * commits), by Trellis (in-process CLI, backport branch per line, no work tree) beside what
 * people script today: `git checkout -b` + `git cherry-pick -x` per line in a work tree.
 * Issue 4 asks Trellis to be at least 10x faster.
 *
 * The repository is built once with `git fast-import` and cached under os.tmpdir(); delete
 * `trellis-bench-backport-v1` there to rebuild it. Created branches are removed between runs
 * (untimed); each figure is the median of 3 runs after a warm-up.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli/main.js';
import { fastImport, hermeticEnv } from '../test/helpers/repo.js';
import { benchGit } from './git.js';
import type { BenchResult } from './run.js';

export const name = 'backport';

const FILES = 20_000;
const COMMITS = 50_000;
const LINES = ['1.0', '1.1', '1.2', '1.3', '1.4'];
/** Main commit (1-based) at which each line branches off. */
const FORKS = [30_000, 36_000, 42_000, 46_000, 49_000];
const LINE_COMMITS = 40;
const ROOT = join(tmpdir(), 'trellis-bench-backport-v1');
const DIR = join(ROOT, 'repo');
const HOME = join(ROOT, 'home');

/** git in the fixture repository, stdout trimmed. */
function git(args: string[], opts: { input?: Iterable<string> } = {}): Promise<string> {
  return benchGit(DIR, hermeticEnv(HOME), args, opts.input).then((out) => out.trim());
}

const path = (i: number) => `src/m${String(i % 100).padStart(2, '0')}/f${String(i).padStart(5, '0')}.txt`;
const content = (i: number, v: number) => `file ${i}\nversion ${v}\n${'x'.repeat(40)}\n`;

/** The fast-import stream: main with 50,000 commits (each edits one file), five lines of 40 commits, the fix. */
function* stream(): Iterable<string> {
  const t0 = Date.parse('2020-01-01T00:00:00Z');
  const at = (n: number) => new Date(t0 + n * 60_000);
  const files: Record<string, string> = {};
  for (let i = 0; i < FILES; i++) files[path(i)] = content(i, 0);
  yield fastImport.commit({ ref: 'refs/heads/main', mark: 1, message: 'chore: initial import\n', date: at(0), files });
  for (let n = 2; n <= COMMITS - LINES.length * LINE_COMMITS - 1; n++) {
    // file 0..99 are never edited on main, so the fix (on file 7) applies to every line
    const f = 100 + ((n * 7919) % (FILES - 100));
    yield fastImport.commit({
      ref: 'refs/heads/main',
      mark: n,
      from: `:${n - 1}`,
      message: `feat: change ${n}\n`,
      date: at(n),
      files: { [path(f)]: content(f, n) },
    });
  }
  let mark = COMMITS;
  for (const [li, line] of LINES.entries()) {
    const fork = Math.min(FORKS[li] as number, COMMITS - LINES.length * LINE_COMMITS - 1);
    for (let k = 0; k < LINE_COMMITS; k++) {
      const f = 100 + ((k * 104729 + li * 31) % (FILES - 100));
      mark++;
      yield fastImport.commit({
        ref: `refs/heads/release/${line}`,
        mark,
        ...(k === 0 ? { from: `:${fork}` } : {}),
        message: `fix: line ${line} change ${k}\n`,
        date: at(fork + k + 1),
        files: { [path(f)]: content(f, 1_000_000 + k) },
      });
    }
  }
  const last = COMMITS - LINES.length * LINE_COMMITS - 1;
  yield fastImport.commit({
    ref: 'refs/heads/main',
    mark: mark + 1,
    from: `:${last}`,
    message: 'fix: correct file seven\n\nThe value was off by one.\n',
    date: at(COMMITS + 10),
    files: { [path(7)]: content(7, 7) },
  });
}

async function ensureRepo(): Promise<void> {
  if (existsSync(join(ROOT, 'ready'))) return;
  rmSync(ROOT, { recursive: true, force: true });
  mkdirSync(HOME, { recursive: true });
  writeFileSync(
    join(HOME, '.gitconfig'),
    '[user]\n\tname = Bench\n\temail = bench@example.com\n[init]\n\tdefaultBranch = main\n[gc]\n\tauto = 0\n[commit]\n\tgpgSign = false\n',
  );
  mkdirSync(DIR, { recursive: true });
  await git(['init', '-q']);
  process.stderr.write(`bench: building ${DIR} (${COMMITS.toLocaleString('en')} commits, ${FILES.toLocaleString('en')} files)...\n`);
  await git(['fast-import', '--quiet', '--done'], {
    input: (function* () {
      yield* stream();
      yield 'done\n';
    })(),
  });
  await git(['checkout', '-q', '-f', 'main']);
  await git(['repack', '-adq']);
  await git(['commit-graph', 'write', '--reachable']);
  writeFileSync(join(ROOT, 'ready'), new Date().toISOString());
}

async function dropBranches(prefix: string): Promise<void> {
  const names = (await git(['for-each-ref', '--format=%(refname)', prefix])).split('\n').filter((l) => l !== '');
  if (names.length > 0) await git(['update-ref', '--stdin'], { input: [names.map((n) => `delete ${n}\n`).join('')] });
}

async function median(fn: () => Promise<void>, cleanup: () => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 4; i++) {
    const t0 = performance.now();
    await fn();
    const t = performance.now() - t0;
    await cleanup();
    if (i > 0) times.push(t);
  }
  times.sort((a, b) => a - b);
  return times[1] as number;
}

export async function run(): Promise<BenchResult[]> {
  await ensureRepo();
  const fix = await git(['rev-parse', 'main']);
  const env = hermeticEnv(HOME);
  const trellis = async (): Promise<void> => {
    let err = '';
    const code = await runCli(['backport', fix, ...LINES.flatMap((l) => ['--to', l])], {
      stdout: { write: () => undefined },
      stderr: { write: (s: string) => (err += s) },
      readStdin: async () => '',
      cwd: DIR,
      env,
      clock: { now: () => new Date('2026-01-01T00:00:00Z') },
    });
    if (code !== 0) throw new Error(`trellis backport exited ${code}: ${err}`);
  };
  const cherryPickLoop = async (): Promise<void> => {
    for (const line of LINES) {
      await git(['checkout', '-q', '-b', `bench-cp/${line}`, `release/${line}`]);
      await git(['cherry-pick', '-x', fix]);
    }
  };
  const gitMs = await median(cherryPickLoop, async () => {
    await git(['checkout', '-q', 'main']);
    await dropBranches('refs/heads/bench-cp');
  });
  const trellisMs = await median(trellis, () => dropBranches('refs/heads/backport'));
  const ratio = gitMs / trellisMs;
  return [
    { label: 'git checkout -b + cherry-pick -x, 5 lines, work tree', ms: gitMs, note: 'baseline' },
    {
      label: 'trellis backport --to x5 (branch mode, in-process)',
      ms: trellisMs,
      note: `${ratio.toFixed(1)}x faster (target >= 10x); ${COMMITS.toLocaleString('en')} commits, ${FILES.toLocaleString('en')} files`,
    },
  ];
}
