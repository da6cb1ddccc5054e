/**
 * `trellis missing` on a synthetic history of 100,000 commits with 10 release lines, beside the
 * raw git floor for the same work: one `git rev-list` over the range plus
 * `git log -p | git patch-id --stable` over the same commits.
 *
 * The history (built once with `git fast-import`, cached under os.tmpdir()): main with
 * conventional subjects (about 30% fixes, 10% features, a few CVE fixes, the rest chores) in
 * 10,000 files; a release line forks every ~7,500 commits and, while it is supported, receives
 * about 40% of main's fixes, carried in a realistic mix: 50% `cherry-pick -x` (trailer), 30%
 * bot backports by pull-request number (`(backport #N) (#M)`, half of them adjusted), 15%
 * manual picks of the same hunk without the pull-request number (found only by patch-id), 5%
 * adjusted by hand with a subject-only match; plus fixes made on a line first. Files are made
 * of slots in fixed context (see {@link content}) so a pick's hunk is main's hunk.
 *
 * Each `trellis missing` run is a fresh Node process running `dist/cli/bin.js` (the compiled CLI,
 * rebuilt first: what users run, no `tsx`) and nothing else, so its peak RSS,
 * process.resourceUsage().maxRSS at exit (written by a preloaded module), is the command's own
 * (the history building and git's children do not count). Four cells, each the median of
 * MISSING_RUNS runs (default 5) timed as whole processes: cold (no cache under `.git/trellis/`)
 * and warm (the result cache of the run before), with standard output a file
 * (`trellis missing > out`) and a pipe read as fast as it comes (`trellis missing | sha256sum`);
 * and a fifth, as after a fetch: the per-commit caches in place but not the last output (to a file).
 * Cold and warm runs alternate, so both see the machine's load of the moment; the load average
 * is printed before and after. Targets: cold at most 0.5x the git floor, warm at most 250 ms,
 * peak RSS at most 200 MB. The outputs of all runs must have one SHA-256.
 * `npm run bench -- missing`; `MISSING_RUNS=3` for fewer runs, `MISSING_OUTPUTS=matrix,json,markdown`
 * for the other outputs too (default: the matrix).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchGit } from './git.js';
import { bundleCli } from '../scripts/build-cli.js';
import type { BenchResult } from './run.js';
import { rng } from '../test/version/gen.js';
import { loadPolicy } from '../src/core/policy/load.js';
import { coverageLines, runCoverage } from '../src/facts/coverage/index.js';
import { Git } from '../src/git/git.js';
import { fastImport, hermeticEnv } from '../test/helpers/repo.js';

export const name = 'trellis missing: 100,000 commits, 10 lines';

const VERSION = 'ledger-bench-v6';
const TOTAL = 100_000;
const LINES = 10;
const FILES = 10_000;
const FORK_EVERY = 7_500;
const SUPPORT_WINDOW = 15_000;

const pathOf = (f: number): string => `src/m${f % 100}/f${f}.c`;

/**
 * A file is SLOTS one-line slots, each followed by three fixed lines. A change to a file writes
 * its next slot (wrapping after SLOTS changes), so its hunk is one `-`/`+` pair inside fixed
 * context: the same hunk applies unchanged on a line that lacks main's other changes to the file,
 * and a manual pick there has main's patch-id, as real manual backports usually do. A value is
 * the main revision that wrote it; ADJUSTED marks a value changed by hand on a line.
 */
const SLOTS = 24;
const ADJUSTED = 1 << 30;
function content(f: number, slots: Int32Array): string {
  let s = `/* ${pathOf(f)} */\n`;
  for (let k = 0; k < SLOTS; k++) {
    const v = slots[f * SLOTS + k] as number;
    s += `int f${f}_s${k} = ${v & ~ADJUSTED}${v & ADJUSTED ? ' + 1' : ''};\n/* ${k}a */\n/* ${k}b */\n/* ${k}c */\n`;
  }
  return s;
}

export const POLICY = `versioning:
  tag: "v{version}"
branches:
  main: main
  release: "release-{major}.{minor}.x"
support:
  lines:
${Array.from({ length: LINES }, (_, i) => `    "1.${i}": { support: full }`).join('\n')}
`;

interface MainCommit {
  mark: number;
  kind: 'fix' | 'feat' | 'chore' | 'sec';
  files: number[];
  pr: number;
  subject: string;
}

/** Streams the whole history as fast-import commands. */
function* history(): Generator<string> {
  const rand = rng(42);
  const revs = new Int32Array(FILES);
  const mainSlots = new Int32Array(FILES * SLOTS);
  let mark = 0;
  let pr = 1000;
  let day = Date.parse('2020-01-01T00:00:00Z');
  const when = (): Date => new Date((day += 60_000));
  const files: Record<string, string> = { '.trellis.yml': POLICY };
  for (let f = 0; f < FILES; f++) files[pathOf(f)] = content(f, mainSlots);
  yield fastImport.commit({ ref: 'refs/heads/main', mark: ++mark, message: 'chore: initial import\n', date: when(), files });
  const mainCommits: MainCommit[] = [];
  const lineTips: Array<{ key: string; branch: string; tip: number; fork: number; forkIndex: number; slots: Int32Array }> = [];
  let lineCommits = 0;
  const mainTarget = TOTAL - 1;
  let i = 0;
  while (i + lineCommits < mainTarget) {
    i++;
    // Fork a line every FORK_EVERY main commits.
    if (i % FORK_EVERY === 0 && lineTips.length < LINES) {
      const key = `1.${lineTips.length}`;
      const branch = `release-${key}.x`;
      yield `reset refs/heads/${branch}\nfrom :${mark}\n\n`;
      yield fastImport.annotatedTag({ name: `v${key}.0`, target: `:${mark}`, message: `Release ${key}.0\n`, date: when() });
      lineTips.push({ key, branch, tip: mark, fork: mark, forkIndex: mainCommits.length, slots: mainSlots.slice() });
    }
    const r = rand();
    const kind: MainCommit['kind'] = r < 0.3 ? 'fix' : r < 0.4 ? 'feat' : r < 0.41 ? 'sec' : 'chore';
    const n = rand() < 0.6 ? 1 : 2 + Math.floor(rand() * 2);
    const touched = new Set<number>();
    while (touched.size < n) touched.add(Math.floor(rand() * FILES));
    const changed: Record<string, string> = {};
    const written: number[] = [];
    for (const f of touched) {
      const slot = f * SLOTS + (revs[f]! % SLOTS);
      revs[f]!++;
      mainSlots[slot] = i;
      written.push(slot);
      changed[pathOf(f)] = content(f, mainSlots);
    }
    const id = ++pr;
    const subject = `${kind === 'sec' ? 'fix' : kind}: change ${i} in ${pathOf([...touched][0]!)} (#${id})`;
    const body = kind === 'sec' ? `\nCVE: CVE-2026-${10000 + i}\n` : '';
    yield fastImport.commit({ ref: 'refs/heads/main', mark: ++mark, message: `${subject}\n${body}`, date: when(), files: changed });
    mainCommits.push({ mark, kind, files: [...touched], pr: id, subject });
    const mainMark = mark;
    // Each supported line takes some of the recent fixes.
    for (const line of lineTips) {
      const age = mainCommits.length - line.forkIndex;
      if (age > SUPPORT_WINDOW || (kind !== 'fix' && kind !== 'sec') || rand() >= 0.4) continue;
      const how = rand();
      const msg =
        how < 0.5
          ? `${subject}\n${body}\n(cherry picked from commit :MARK${mainMark})\n`
          : how < 0.8
            ? `${subject.replace(/ \(#\d+\)$/, '')} (backport #${id}) (#${++pr})\n\nThis is an automatic backport of pull request #${id} done by [Mergify](https://mergify.com).\n`
            : `${subject.replace(/ \(#\d+\)$/, '')}\n${body}`;
      // Manual picks drop the pull-request number (a kept `(#N)` would find them). Same hunk
      // (trailer, manual: only patch-id finds these) or adjusted by hand (half the bot
      // backports, and the last 5%: only the subject matches, so probable).
      const adjusted = how >= 0.5 && how < 0.8 ? rand() < 0.5 : how >= 0.95;
      const lf: Record<string, string> = {};
      for (const slot of written) line.slots[slot] = adjusted ? i | ADJUSTED : i;
      for (const f of touched) lf[pathOf(f)] = content(f, line.slots);
      yield fastImport.commit({
        ref: `refs/heads/${line.branch}`,
        mark: ++mark,
        from: `:${line.tip}`,
        message: msg,
        date: when(),
        files: lf,
      });
      line.tip = mark;
      lineCommits++;
      // A few fixes are made on the line first.
      if (rand() < 0.02) {
        const f = Math.floor(rand() * FILES);
        line.slots[f * SLOTS + SLOTS - 1] = 99_999;
        yield fastImport.commit({
          ref: `refs/heads/${line.branch}`,
          mark: ++mark,
          from: `:${line.tip}`,
          message: `fix: found on ${line.key} first in ${pathOf(f)} (#${++pr})\n`,
          date: when(),
          files: { [pathOf(f)]: content(f, line.slots) },
        });
        line.tip = mark;
        lineCommits++;
      }
    }
  }
}

/** Builds the bare repository and its commit-graph (as `git gc` would in a real clone). */
export async function build(dir: string): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const home = join(dir, 'home');
  mkdirSync(home);
  writeFileSync(join(home, '.gitconfig'), '[user]\n\tname = Bench\n\temail = bench@example.com\n[gc]\n\tauto = 0\n');
  const env = hermeticEnv(home);
  const repo = join(dir, 'repo.git');
  await gitRun(['init', '-q', '--bare', '--initial-branch=main', repo], dir, env);
  // Trailers need the ids of main commits, known only after import: pass 1 imports with
  // `:MARKn` placeholders and exports the marks; pass 2 imports the final history with real ids.
  // Main commits never carry placeholders and their parents are main commits, so their ids are
  // the same in both passes.
  const marksFile = join(dir, 'marks');
  await gitRun(['fast-import', '--quiet', `--export-marks=${marksFile}`, '--done'], repo, env, withDone(history()));
  const marks = new Map<string, string>();
  for (const l of readFileSync(marksFile, 'utf8').split('\n')) {
    const [m, oid] = l.split(' ');
    if (m && oid) marks.set(m.slice(1), oid);
  }
  rmSync(repo, { recursive: true, force: true });
  await gitRun(['init', '-q', '--bare', '--initial-branch=main', repo], dir, env);
  await gitRun(['fast-import', '--quiet', '--done'], repo, env, withDone(realHistory(marks)));
  await gitRun(['commit-graph', 'write', '--reachable'], repo, env);
  writeFileSync(join(dir, 'READY'), VERSION);
}

/** The history with `:MARKn` placeholders replaced by the real ids learned in the first pass. */
function* realHistory(marks: Map<string, string>): Generator<string> {
  for (const chunk of history()) {
    if (!chunk.includes(':MARK')) {
      yield chunk;
      continue;
    }
    // Rebuild the data block with the right length.
    yield chunk.replace(/data (\d+)\n([\s\S]*?\(cherry picked from commit ):MARK(\d+)\)\n/, (_all, _n: string, head: string, m: string) => {
      const msg = `${head}${marks.get(m) ?? 'unknown'})\n`;
      return `data ${Buffer.byteLength(msg)}\n${msg}`;
    });
  }
}

function* withDone(it: Iterable<string>): Generator<string> {
  yield* it;
  yield 'done\n';
}

function gitRun(args: string[], cwd: string, env: NodeJS.ProcessEnv, input?: Iterable<string>): Promise<string> {
  return benchGit(cwd, env, args, input);
}

/** The raw git floor: rev-list over the range, then log -p | patch-id --stable over it. */
async function floor(repo: string, env: NodeJS.ProcessEnv, tips: string[], base: string): Promise<void> {
  const input = [...tips, `^${base}`].join('\n') + '\n';
  await new Promise<void>((resolve, reject) => {
    const rl = spawn('git', ['rev-list', '--stdin'], { cwd: repo, env });
    rl.stdout.resume();
    rl.on('close', (c) => (c === 0 ? resolve() : reject(new Error('rev-list'))));
    rl.stdin.end(input);
  });
  await new Promise<void>((resolve, reject) => {
    const log = spawn('git', ['log', '-p', '--no-color', '--stdin'], { cwd: repo, env });
    const pid = spawn('git', ['patch-id', '--stable'], { cwd: repo, env });
    log.stdout.pipe(pid.stdin);
    pid.stdout.resume();
    pid.on('close', (c) => (c === 0 ? resolve() : reject(new Error('patch-id'))));
    log.stdin.end(input);
  });
}

interface ChildResult {
  code: number;
  /** Wall time of the whole process (Node start, module loading, the command, the last byte read). */
  wallMs: number;
  /** Peak RSS of the process (MB): process.resourceUsage().maxRSS at exit, its git children not counted. */
  rssMb: number;
  bytes: number;
  /** SHA-256 of the output (hex): output bytes must not change between versions. */
  sha256: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

/**
 * Loaded before the CLI (`node --import`): at exit, writes the process's peak RSS to the file
 * named by TRELLIS_BENCH_RESULT. Nothing else changes: the child is `dist/cli/bin.js` itself,
 * what users run (plain Node, no `tsx`, forced collections allowed as bin.ts allows them).
 */
const PRELOAD = `
import { writeFileSync } from 'node:fs';
process.on('exit', () => {
  writeFileSync(process.env.TRELLIS_BENCH_RESULT, JSON.stringify({ rssMb: process.resourceUsage().maxRSS / 1024 }));
});
`;

/**
 * The bench measures the bundled CLI (`dist/cli/bin.js`, what `npm run build` makes and users
 * run), so it is bundled afresh from the sources first. Only the bundle: the library's tsc
 * output is not what runs.
 */
async function buildDist(): Promise<void> {
  const files = await bundleCli();
  if (!existsSync(join(root, 'dist/cli/bin.js'))) throw new Error(`bundling produced no dist/cli/bin.js (${files.length} files)`);
}

/** Where the child's standard output goes: a file (`trellis missing > out`) or a pipe read as fast as it comes (`trellis missing | sha256sum`). */
type Sink = 'file' | 'pipe';

/**
 * Runs `trellis missing <args>` as users run it, `node dist/cli/bin.js`, in a fresh process that
 * does nothing else (so its peak RSS is the command's own), with standard output a file or a
 * pipe; the whole process is timed from spawn to exit.
 */
async function child(repo: string, env: NodeJS.ProcessEnv, args: string[], sink: Sink): Promise<ChildResult> {
  const tag = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  const resultFile = join(tmpdir(), `trellis-missing-bench-${tag}.json`);
  const outFile = join(tmpdir(), `trellis-missing-bench-${tag}.out`);
  const preload = join(tmpdir(), `trellis-missing-bench-preload-${process.pid}.mjs`);
  if (!existsSync(preload)) writeFileSync(preload, PRELOAD);
  const sha = createHash('sha256');
  let bytes = 0;
  const fd = sink === 'file' ? openSync(outFile, 'w') : null;
  const t0 = performance.now();
  const code = await new Promise<number>((resolve, reject) => {
    const c = spawn(
      process.execPath,
      ['--import', pathToFileURL(preload).href, join(root, 'dist/cli/bin.js'), 'missing', '--repo', repo, ...args],
      {
        cwd: root,
        env: { ...env, TRELLIS_NOW: '2026-01-15T12:00:00Z', TRELLIS_BENCH_RESULT: resultFile },
        stdio: ['ignore', fd ?? 'pipe', 'inherit'],
      },
    );
    c.stdout?.on('data', (b: Buffer) => {
      bytes += b.length;
      sha.update(b);
    });
    c.on('error', reject);
    c.on('close', (code) => (code === 0 || code === 1 ? resolve(code) : reject(new Error(`bench child exited ${code}`))));
  });
  const wallMs = performance.now() - t0;
  if (fd !== null) {
    closeSync(fd);
    const out = readFileSync(outFile);
    bytes = out.length;
    sha.update(out);
    rmSync(outFile, { force: true });
  }
  const { rssMb } = JSON.parse(readFileSync(resultFile, 'utf8')) as { rssMb: number };
  rmSync(resultFile, { force: true });
  return { code, wallMs, rssMb, bytes, sha256: sha.digest('hex') };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** Runs of one cell (cold or warm, file or pipe): median time, median and worst peak RSS, the outputs' digests. */
interface Cell {
  label: string;
  runs: ChildResult[];
}

export async function run(): Promise<BenchResult[]> {
  const dir = join(tmpdir(), `trellis-${VERSION}`);
  const home = join(dir, 'home');
  if (!existsSync(join(dir, 'READY'))) {
    console.log(`building the history in ${dir} (once)...`);
    await build(dir);
  }
  await buildDist();
  const env = hermeticEnv(home);
  const repo = join(dir, 'repo.git');
  const policy = loadPolicy(POLICY);
  const git = await Git.open(repo, { env });
  const lines = await coverageLines(git, policy, '2026-01-15');
  const commits = Number((await git.line(['rev-list', '--count', '--all'])).trim());
  const base = (await git.line(['merge-base', '--octopus', 'main', ...lines.columns.map((l) => l.branch)])).trim();
  const tips = ['main', ...lines.columns.map((l) => l.branch)];
  const inRange = Number((await git.text(['rev-list', '--count', '--stdin'], { input: [...tips, `^${base}`].join('\n') + '\n' })).trim());
  const runs = Math.max(1, Number(process.env.MISSING_RUNS ?? 5));
  const outputs = (process.env.MISSING_OUTPUTS ?? 'matrix').split(',').map((o) => o.trim());
  const loadBefore = load();

  const floors: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    await floor(repo, env, tips, base);
    floors.push(performance.now() - t0);
  }
  const floorMs = median(floors);
  const results: BenchResult[] = [
    {
      label: 'git floor: rev-list + log -p | patch-id --stable',
      ms: floorMs,
      note: `median of 3; ${commits} commits, ${inRange} in range, ${lines.columns.length} lines`,
    },
  ];

  const cacheDir = join(repo, 'trellis');
  for (const output of outputs) {
    const args = output === 'matrix' ? [] : [`--${output}`];
    const cells: Cell[] = [];
    for (const sink of ['file', 'pipe'] as const) {
      const cold: Cell = { label: `${output}, cold, ${sink}`, runs: [] };
      const warm: Cell = { label: `${output}, warm, ${sink}`, runs: [] };
      // After a fetch: the per-commit caches are there, the last output is not (a ref moved).
      const fetched: Cell = { label: `${output}, per-commit caches only, ${sink}`, runs: [] };
      // Cold and warm alternate, so both see the machine's load of the moment.
      for (let k = 0; k < runs; k++) {
        rmSync(cacheDir, { recursive: true, force: true });
        cold.runs.push(await child(repo, env, args, sink));
        warm.runs.push(await child(repo, env, args, sink));
        if (sink === 'file') {
          rmSync(join(cacheDir, 'result'), { force: true });
          fetched.runs.push(await child(repo, env, args, sink));
        }
      }
      cells.push(cold, warm, ...(fetched.runs.length > 0 ? [fetched] : []));
    }
    const digests = new Set(cells.flatMap((c) => c.runs.map((r) => r.sha256.slice(0, 16))));
    if (digests.size !== 1) throw new Error(`${output}: the outputs differ between runs (${[...digests].join(', ')})`);
    for (const c of cells) {
      const ms = median(c.runs.map((r) => r.wallMs));
      const rss = c.runs.map((r) => r.rssMb);
      const cold = c.label.includes('cold');
      const target = cold
        ? `${(ms / floorMs).toFixed(2)}x floor (target 0.5x)`
        : c.label.includes('per-commit')
          ? `${(ms / floorMs).toFixed(2)}x floor (no target)`
          : `target 250 ms`;
      results.push({
        label: `trellis missing ${c.label}`,
        ms,
        note:
          `whole process, median of ${runs}; ${target}; ` +
          `peak RSS median ${median(rss).toFixed(0)} MB, max ${Math.max(...rss).toFixed(0)} MB (target 200); ` +
          `exit ${c.runs[0]!.code}; ${(c.runs[0]!.bytes / 1e6).toFixed(1)} MB out, sha256 ${[...digests][0]}`,
      });
    }
  }
  // The states, from one more in-process run (its memory is the bench's, not counted above).
  const report = (await runCoverage(git, { policy, lines: lines.columns, cache: false })).report;
  const counts: Record<string, number> = {};
  for (const c of report.changes)
    for (const s of Object.values(c.states)) {
      const k = s.via ? `${s.state}:${s.via}` : s.state;
      counts[k] = (counts[k] ?? 0) + 1;
    }
  console.log(`${report.changes.length} changes x ${report.lines.length} lines; states: ${JSON.stringify(counts)}`);
  console.log(`load average (1, 5, 15 min): ${loadBefore} before, ${load()} after; ${cpus().length} CPUs`);
  return results;
}
