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
 * Each `trellis missing` run is a fresh Node process running only that command from the compiled
 * CLI (`dist/`, rebuilt first: what users run, no `tsx`), so its peak RSS,
 * process.resourceUsage().maxRSS, is the command's own (the history building does not count),
 * timed inside the process (from the command's start, modules loaded) and as a whole process.
 * Cold runs start with no cache under `.git/trellis/`; warm runs reuse it.
 * `npm run bench -- missing`. `MISSING_COLD_RUNS=5 npm run bench -- missing` makes only that
 * many back-to-back cold runs of each output (matrix, `--json`, `--markdown`) and prints each
 * run's time, peak RSS and a SHA-256 of its output (peak RSS varies from run to run: one run
 * says little).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchGit } from './git.js';
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
  /** Time of the command inside the process (modules already loaded). */
  ms: number;
  /** Wall time of the whole process (Node start, module loading, the command). */
  wallMs: number;
  /** Peak RSS of the process (MB). */
  rssMb: number;
  bytes: number;
  /** SHA-256 of the output (hex): output bytes must not change between versions. */
  sha256: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

/**
 * The child: what users run, the compiled CLI (`dist/`, built by {@link buildDist}) in plain
 * Node without `tsx`, set up as bin.ts sets it up (forced collections allowed), timed from the command's start (modules loaded) and writing its figures
 * to the file named by its first argument. Standard output goes to /dev/null, as in
 * `trellis missing > file`.
 */
const CHILD = `
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
const [resultFile, ...argv] = process.argv.slice(1);
const { runCli } = await import(process.env.TRELLIS_DIST + '/cli/main.js');
const { clockFromEnv } = await import(process.env.TRELLIS_DIST + '/adapters/clock.js');
// What bin.ts does: the CLI's process may force full collections (src/cli/gc.ts).
const { allowForcedGc } = await import(process.env.TRELLIS_DIST + '/cli/gc.js');
allowForcedGc();
const fd = openSync('/dev/null', 'w');
const { createHash } = await import('node:crypto');
const sha = createHash('sha256');
let bytes = 0;
const t0 = performance.now();
const code = await runCli(argv, {
  stdout: { write: (s) => { bytes += Buffer.byteLength(s); sha.update(s); writeSync(fd, s); return true; } },
  stderr: process.stderr,
  readStdin: async () => '',
  cwd: process.cwd(),
  env: process.env,
  clock: clockFromEnv(process.env),
});
const ms = performance.now() - t0;
closeSync(fd);
writeFileSync(resultFile, JSON.stringify({ code, ms, rssMb: process.resourceUsage().maxRSS / 1024, bytes, sha256: sha.digest('hex') }));
`;

/** `npm run build`: the bench measures the compiled CLI, so it must be current. */
async function buildDist(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const c = spawn(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: root,
      stdio: 'inherit',
    });
    c.on('error', reject);
    // Type errors still emit; only a missing CLI stops the bench.
    c.on('close', () =>
      existsSync(join(root, 'dist/cli/main.js')) ? resolve() : reject(new Error('npm run build produced no dist/cli/main.js')),
    );
  });
}

/**
 * Runs `trellis missing <args>` in a fresh Node process that does nothing else, so its peak RSS
 * is the command's own (the bench's history building and git output buffers do not count).
 */
async function child(repo: string, env: NodeJS.ProcessEnv, args: string[]): Promise<ChildResult> {
  const out = join(tmpdir(), `trellis-coverage-child-${process.pid}.json`);
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const c = spawn(process.execPath, ['--input-type=module', '-e', CHILD, out, 'missing', '--repo', repo, ...args], {
      cwd: root,
      env: { ...env, TRELLIS_NOW: '2026-01-15T12:00:00Z', TRELLIS_DIST: pathToFileURL(join(root, 'dist')).href },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    c.on('error', reject);
    c.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`bench child exited ${code}`))));
  });
  const wallMs = performance.now() - t0;
  const r = JSON.parse(readFileSync(out, 'utf8')) as Omit<ChildResult, 'wallMs'>;
  rmSync(out, { force: true });
  return { ...r, wallMs };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

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

  const results: BenchResult[] = [];
  const coldRuns = Number(process.env.MISSING_COLD_RUNS ?? 0);
  if (coldRuns > 0) {
    for (const args of [[], ['--json'], ['--markdown']]) {
      const runs: ChildResult[] = [];
      for (let k = 0; k < coldRuns; k++) {
        rmSync(join(repo, 'trellis'), { recursive: true, force: true });
        runs.push(await child(repo, env, args));
      }
      const label = ['trellis missing', ...args].join(' ');
      console.log(
        `${label}, ${coldRuns} cold runs back to back: peak RSS ${runs.map((r) => r.rssMb.toFixed(0)).join(' / ')} MB; ` +
          `times ${runs.map((r) => (r.ms / 1000).toFixed(2)).join(' / ')} s; output sha256 ${[...new Set(runs.map((r) => r.sha256.slice(0, 16)))].join(', ')}`,
      );
      results.push({
        label: `${label}, cold, median of ${coldRuns}`,
        ms: median(runs.map((r) => r.ms)),
        note: `peak RSS max ${Math.max(...runs.map((r) => r.rssMb)).toFixed(0)} MB`,
      });
    }
    return results;
  }
  const floors: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    await floor(repo, env, tips, base);
    floors.push(performance.now() - t0);
  }
  results.push({
    label: 'git floor: rev-list + log -p | patch-id --stable',
    ms: median(floors),
    note: `median of 3; ${commits} commits, ${inRange} in range, ${lines.columns.length} lines`,
  });

  const cacheDir = join(repo, 'trellis');
  const rows: Array<{ label: string; args: string[] }> = [
    { label: 'trellis missing', args: [] },
    { label: 'trellis missing --json', args: ['--json'] },
  ];
  let rss = 0;
  for (const row of rows) {
    const colds: ChildResult[] = [];
    for (let k = 0; k < 3; k++) {
      rmSync(cacheDir, { recursive: true, force: true });
      colds.push(await child(repo, env, row.args));
    }
    const cold = colds.sort((a, b) => a.ms - b.ms)[1] as ChildResult;
    const warms: ChildResult[] = [];
    for (let k = 0; k < 3; k++) warms.push(await child(repo, env, row.args));
    const warm = warms.sort((a, b) => a.ms - b.ms)[1] as ChildResult;
    for (const r of [...colds, ...warms]) rss = Math.max(rss, r.rssMb);
    results.push({
      label: `${row.label}, cold (no cache)`,
      ms: cold.ms,
      note: `median of 3, in-process; whole process ${cold.wallMs.toFixed(0)} ms; exit ${cold.code}; ${(cold.bytes / 1e6).toFixed(1)} MB out; peak RSS ${Math.max(...colds.map((c) => c.rssMb)).toFixed(0)} MB`,
    });
    results.push({
      label: `${row.label}, warm`,
      ms: warm.ms,
      note: `median of 3, in-process; whole process ${warm.wallMs.toFixed(0)} ms; peak RSS ${Math.max(...warms.map((c) => c.rssMb)).toFixed(0)} MB`,
    });
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
  results.push({
    label: 'peak RSS of trellis missing (MB, any run above)',
    ms: rss,
    note: 'MB, not ms: process.resourceUsage().maxRSS of the child',
  });
  return results;
}
