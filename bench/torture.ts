/**
 * `npm run torture [-- --runs N] [--jobs N|auto] [--command backport|release|cut|hotfix|merge-back] [--seed S] [--bin CLI] [--json]`:
 * kills the real, built CLI with SIGKILL at random instants and just before and after each git
 * process that writes (found by tracing the git processes it starts through a wrapper `git`
 * first on PATH), in repositories with a dirty work tree, a staged and an untracked file, and
 * after each kill checks: `git fsck` clean, refs all before or all after, the primary work tree,
 * index and HEAD byte-identical, and that the re-run (or `backport --continue` / `--abort`)
 * reaches the right final state with nothing left over (journal, state, locks, temporary
 * folders). Prints runs, kills and violations by kind; exits 1 on any violation. Trials that
 * fail keep their folder (printed) for a post-mortem. `--jobs N` runs N trials at a time, each in
 * its own folder (`auto`: the available CPUs); every trial's kill and choices are drawn from the
 * seed before any runs, so a seed means the same trials whatever the jobs.
 *
 * Builds `dist/` first when it is missing (`npm run build`).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rng } from '../test/version/gen.js';
import { baseEnv, buildTemplate, COMMANDS, type Fixture, type TortureCommand } from './torture/fixtures.js';
import {
  primarySnapshot,
  readTrace,
  refsOf,
  runCli,
  trial,
  VIOLATIONS,
  WRAPPER,
  type Expected,
  type KillPlan,
  type TraceEntry,
  type Violation,
} from './torture/run.js';

interface Options {
  /** The CLI to torture (default: dist/cli/bin.js). */
  bin?: string;
  runs: number;
  /** Trials run at a time (default 1). */
  jobs?: number;
  commands: TortureCommand[];
  seed: number;
  json: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { runs: 20, commands: [...COMMANDS], seed: 1, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--runs' && v) {
      o.runs = Number(v);
      i++;
    } else if (a === '--jobs' && v) {
      o.jobs = v === 'auto' ? availableParallelism() : Number(v);
      i++;
    } else if (a === '--seed' && v) {
      o.seed = Number(v);
      i++;
    } else if (a === '--command' && v) {
      if (!(COMMANDS as readonly string[]).includes(v)) throw new Error(`--command: one of ${COMMANDS.join(', ')}`);
      o.commands = [v as TortureCommand];
      i++;
    } else if (a === '--bin' && v) {
      o.bin = resolve(v);
      i++;
    } else if (a === '--json') o.json = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isSafeInteger(o.runs) || o.runs < 1) throw new Error('--runs: a positive number');
  if (o.jobs !== undefined && (!Number.isSafeInteger(o.jobs) || o.jobs < 1)) throw new Error('--jobs: a positive number or auto');
  return o;
}

export interface CommandFigures {
  command: TortureCommand;
  runs: number;
  kills: number;
  violations: Record<Violation, number>;
  failures: Array<{ dir: string; kill: KillPlan; detail: string }>;
}

/** Builds the template, runs the command once untouched (expected states, timing, the git writes), then the trials. */
export async function tortureCommand(
  cmd: TortureCommand,
  runs: number,
  rnd: () => number,
  work: string,
  bin: string,
  env: NodeJS.ProcessEnv,
  jobs = 1,
): Promise<CommandFigures> {
  const root = join(work, cmd, 'template');
  const cli = (cwd: string, args: string[]): void => void execFileSync(process.execPath, [bin, ...args], { cwd, env, stdio: 'ignore' });
  const template: Fixture = buildTemplate(cmd, root, env, cli);
  const before = refsOf(env, template.repo);
  const primary = primarySnapshot(template.repo);
  // Calibration: a full, unkilled run in a copy gives the final refs, the duration and the git writes.
  const { copyFixture } = await import('./torture/fixtures.js');
  const calDir = join(work, cmd, 'calibration');
  const cal = copyFixture(template, root, calDir);
  const trace = join(calDir, 'trace');
  mkdirSync(trace, { recursive: true });
  const t0 = Date.now();
  const r = await runCli(bin, cal, env, cal.argv, null, trace);
  const duration = Date.now() - t0;
  if (r.code !== 0) throw new Error(`${cmd}: the unkilled run failed (exit ${r.code}): ${r.out}`);
  const expected: Expected = { before, after: refsOf(env, cal.repo), primary };
  if (expected.after === before) throw new Error(`${cmd}: the unkilled run changed no ref`);
  const writes = readTrace(trace).filter((e) => e.write);
  const last = readTrace(trace).length;
  const figures: CommandFigures = {
    command: cmd,
    runs: 0,
    kills: 0,
    violations: Object.fromEntries(VIOLATIONS.map((v) => [v, 0])) as Record<Violation, number>,
    failures: [],
  };
  // Every trial's kill and recovery choice drawn first: the same seed, the same trials, whatever --jobs.
  const plans = Array.from({ length: runs }, () => ({ kill: drawKill(rnd, writes, last, duration), choice: rnd() }));
  const results = await pool(plans, jobs, (p, i) =>
    trial(bin, template, root, join(work, cmd, `run-${i}`), env, expected, p.kill, () => p.choice),
  );
  for (const [i, res] of results.entries()) {
    figures.runs++;
    if (res.killed) figures.kills++;
    for (const v of res.violations) {
      figures.violations[v.kind]++;
      figures.failures.push({ dir: res.dir, kill: plans[i]!.kill, detail: `${v.kind}: ${v.detail}` });
    }
  }
  return figures;
}

/** One trial's kill: around a git write half the time, else around any git process, else at a random instant. */
function drawKill(rnd: () => number, writes: readonly TraceEntry[], last: number, duration: number): KillPlan {
  const group = rnd() < 0.5;
  if (rnd() < 0.5 && writes.length > 0) {
    const w = writes[Math.floor(rnd() * writes.length)]!;
    return { kind: 'at-git', n: w.n, when: rnd() < 0.5 ? 'before' : 'after', group };
  }
  if (rnd() < 0.2) return { kind: 'at-git', n: 1 + Math.floor(rnd() * last), when: rnd() < 0.5 ? 'before' : 'after', group };
  return { kind: 'delay', ms: Math.floor(rnd() * duration * 1.1), group };
}

/** Runs `work` on every item, at most `jobs` at a time; the results in the items' order. */
async function pool<T, R>(items: readonly T[], jobs: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  return out;
}

/** The newest modification time of the files under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) newest = Math.max(newest, statSync(join(e.parentPath, e.name)).mtimeMs);
  }
  return newest;
}

/** Runs the torture; returns the figures per command. */
export async function torture(opts: Options & { work?: string; quiet?: boolean }): Promise<CommandFigures[]> {
  const here = dirname(fileURLToPath(import.meta.url));
  const bin = opts.bin ?? resolve(here, '..', 'dist', 'cli', 'bin.js');
  if (opts.bin !== undefined) {
    if (!existsSync(bin)) throw new Error(`--bin: ${bin} does not exist`);
  } else if (!existsSync(bin)) execFileSync('npm', ['run', 'build'], { cwd: resolve(here, '..'), stdio: 'inherit' });
  else if (newestMtime(resolve(here, '..', 'src')) > statSync(bin).mtimeMs) {
    console.error('torture: dist/ is older than src/; it tests the built code (run npm run build to test your changes)');
  }
  const work = opts.work ?? mkdtempSync(join(tmpdir(), 'trellis-torture-'));
  const home = join(work, 'home');
  const binDir = join(work, 'bin');
  mkdirSync(home, { recursive: true });
  mkdirSync(binDir, { recursive: true });
  writeFileSync(join(binDir, 'git'), WRAPPER);
  chmodSync(join(binDir, 'git'), 0o755);
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const env = { ...baseEnv(home), PATH: `${binDir}:${process.env.PATH ?? ''}`, TORTURE_REAL_GIT: realGit };
  const rnd = rng(opts.seed);
  const all: CommandFigures[] = [];
  for (const cmd of opts.commands) {
    const f = await tortureCommand(cmd, opts.runs, rnd, work, bin, env, opts.jobs ?? 1);
    all.push(f);
    if (!opts.quiet)
      for (const x of f.failures.slice(0, 5)) console.error(`  ${cmd}: ${x.detail} (${JSON.stringify(x.kill)}; kept in ${x.dir})`);
  }
  if (all.every((f) => f.failures.length === 0) && opts.work === undefined) rmSync(work, { recursive: true, force: true });
  return all;
}

/** The figures as a table: runs, kills and violations by kind. */
export function table(figures: readonly CommandFigures[]): string {
  const head = ['command', 'runs', 'kills', ...VIOLATIONS];
  const rows = figures.map((f) => [f.command, String(f.runs), String(f.kills), ...VIOLATIONS.map((v) => String(f.violations[v]))]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  const figures = await torture(opts);
  if (opts.json) console.log(JSON.stringify(figures.map(({ failures: _f, ...rest }) => rest)));
  else console.log(`${table(figures)}\n(${((Date.now() - t0) / 1000).toFixed(1)} s, seed ${opts.seed}, jobs ${opts.jobs ?? 1})`);
  process.exitCode = figures.some((f) => f.failures.length > 0) ? 1 : 0;
}
