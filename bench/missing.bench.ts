/**
 * `trellis missing` on a synthetic history of 100,000 commits with 10 release lines, beside the
 * raw git floor for the same work: one `git rev-list` over the range plus
 * `git log -p | git patch-id --stable` over the same commits.
 *
 * The history (built once with `git fast-import`, cached under os.tmpdir()): main with
 * conventional subjects (about 30% fixes, 10% features, a few CVE fixes, the rest chores) in
 * 10,000 files; a release line forks every ~7,500 commits and, while it is supported, receives
 * about 40% of main's fixes, carried in a realistic mix: 50% `cherry-pick -x` (trailer), 30%
 * bot backports by pull-request number (`(backport #N) (#M)`), 15% manual picks with the same
 * diff (found only by patch-id), 5% adjusted by hand with a subject-only match; plus fixes made
 * on a line first. Cold runs start with no cache under `.git/trellis/`; warm runs reuse it.
 *
 * `npm run bench -- missing`. Peak RSS is the process's (includes the harness and git output
 * buffers), read from process.resourceUsage().
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './run.js';
import { loadPolicy } from '../src/core/policy/load.js';
import { ledgerLines, runLedger } from '../src/facts/ledger.js';
import { Git } from '../src/git/git.js';
import { fastImport, hermeticEnv } from '../test/helpers/repo.js';

export const name = 'trellis missing: 100,000 commits, 10 lines';

const VERSION = 'ledger-bench-v4';
const TOTAL = 100_000;
const LINES = 10;
const FILES = 10_000;
const FORK_EVERY = 7_500;
const SUPPORT_WINDOW = 15_000;

/** A small deterministic PRNG (mulberry32) so every machine builds the same history. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pathOf = (f: number): string => `src/m${f % 100}/f${f}.c`;
const content = (f: number, rev: number, variant = ''): string =>
  `/* ${pathOf(f)} */\nint f${f}_a = 1;\nint f${f}_rev = ${rev}${variant};\nint f${f}_b = 2;\n`;

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
  let mark = 0;
  let pr = 1000;
  let day = Date.parse('2020-01-01T00:00:00Z');
  const when = (): Date => new Date((day += 60_000));
  const files: Record<string, string> = { '.trellis.yml': POLICY };
  for (let f = 0; f < FILES; f++) files[pathOf(f)] = content(f, 0);
  yield fastImport.commit({ ref: 'refs/heads/main', mark: ++mark, message: 'chore: initial import\n', date: when(), files });
  const mainCommits: MainCommit[] = [];
  const lineTips: Array<{ key: string; branch: string; tip: number; fork: number; forkIndex: number; lineRevs: Map<number, number> }> = [];
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
      lineTips.push({ key, branch, tip: mark, fork: mark, forkIndex: mainCommits.length, lineRevs: new Map() });
    }
    const r = rand();
    const kind: MainCommit['kind'] = r < 0.3 ? 'fix' : r < 0.4 ? 'feat' : r < 0.41 ? 'sec' : 'chore';
    const n = rand() < 0.6 ? 1 : 2 + Math.floor(rand() * 2);
    const touched = new Set<number>();
    while (touched.size < n) touched.add(Math.floor(rand() * FILES));
    const changed: Record<string, string> = {};
    for (const f of touched) changed[pathOf(f)] = content(f, ++revs[f]!);
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
      const msg = how < 0.5 ? `${subject}\n${body}\n(cherry picked from commit :MARK${mainMark})\n`
        : how < 0.8 ? `${subject.replace(/ \(#\d+\)$/, '')} (backport #${id}) (#${++pr})\n\nThis is an automatic backport of pull request #${id} done by [Mergify](https://mergify.com).\n`
        : `${subject}\n${body}`;
      // Same diff (trailer, manual) or adjusted by hand (bot backports and the last 5%).
      const adjusted = how >= 0.5 && how < 0.8 ? rand() < 0.5 : how >= 0.95;
      const lf: Record<string, string> = {};
      for (const f of touched) lf[pathOf(f)] = content(f, revs[f]!, adjusted ? ` + ${line.key.length}` : '');
      yield fastImport.commit({ ref: `refs/heads/${line.branch}`, mark: ++mark, from: `:${line.tip}`, message: msg, date: when(), files: lf });
      line.tip = mark;
      lineCommits++;
      // A few fixes are made on the line first.
      if (rand() < 0.02) {
        const f = Math.floor(rand() * FILES);
        yield fastImport.commit({
          ref: `refs/heads/${line.branch}`,
          mark: ++mark,
          from: `:${line.tip}`,
          message: `fix: found on ${line.key} first in ${pathOf(f)} (#${++pr})\n`,
          date: when(),
          files: { [pathOf(f)]: content(f, 99_999) },
        });
        line.tip = mark;
        lineCommits++;
      }
    }
  }
}

/** Builds the bare repository and its commit-graph (as `git gc` would in a real clone). */
async function build(dir: string): Promise<void> {
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
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out).toString()) : reject(new Error(`git ${args[0]}: ${err}`))));
    if (!input) child.stdin.end();
    else {
      void (async () => {
        let buf = '';
        for (const chunk of input) {
          buf += chunk;
          if (buf.length > 1 << 20) {
            if (!child.stdin.write(buf)) await new Promise((r) => child.stdin.once('drain', r));
            buf = '';
          }
        }
        child.stdin.end(buf);
      })();
    }
  });
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

export async function run(): Promise<BenchResult[]> {
  const dir = join(tmpdir(), `trellis-${VERSION}`);
  const home = join(dir, 'home');
  if (!existsSync(join(dir, 'READY'))) {
    console.log(`building the history in ${dir} (once)...`);
    await build(dir);
  }
  const env = hermeticEnv(home);
  const repo = join(dir, 'repo.git');
  const policy = loadPolicy(POLICY);
  const git = await Git.open(repo, { env });
  const lines = await ledgerLines(git, policy, '2026-01-15');
  const commits = Number((await git.line(['rev-list', '--count', '--all'])).trim());
  const base = (await git.line(['merge-base', '--octopus', 'main', ...lines.columns.map((l) => l.branch)])).trim();
  const tips = ['main', ...lines.columns.map((l) => l.branch)];

  const results: BenchResult[] = [];
  let t0 = performance.now();
  await floor(repo, env, tips, base);
  results.push({ label: 'git floor: rev-list + log -p | patch-id --stable', ms: performance.now() - t0, note: `${commits} commits, ${lines.columns.length} lines` });

  const cacheDir = join(repo, 'trellis');
  rmSync(cacheDir, { recursive: true, force: true });
  t0 = performance.now();
  const cold = await runLedger(git, { policy, lines: lines.columns });
  const coldMs = performance.now() - t0;
  const cells = cold.report.changes.length * cold.report.lines.length;
  results.push({
    label: 'trellis missing, cold (no cache)',
    ms: coldMs,
    note: `${cold.stats.commits} in range, ${cold.report.changes.length} changes x ${cold.report.lines.length} lines = ${cells} cells, ${cold.stats.patchIdsComputed} patch-ids`,
  });
  const warmTimes: number[] = [];
  let warmStats = cold.stats;
  for (let k = 0; k < 3; k++) {
    t0 = performance.now();
    const w = await runLedger(git, { policy, lines: lines.columns });
    warmTimes.push(performance.now() - t0);
    warmStats = w.stats;
  }
  warmTimes.sort((a, b) => a - b);
  results.push({
    label: 'trellis missing, warm (caches under .git/trellis)',
    ms: warmTimes[1] as number,
    note: `median of 3; ${warmStats.commitFactsRead} commits read, ${warmStats.patchIdsComputed} patch-ids computed`,
  });
  const counts: Record<string, number> = {};
  for (const c of cold.report.changes) for (const s of Object.values(c.states)) {
    const k = s.via ? `${s.state}:${s.via}` : s.state;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  console.log(`states: ${JSON.stringify(counts)}`);
  const rss = process.resourceUsage().maxRSS / 1024;
  results.push({ label: 'peak RSS of this process (MB)', ms: rss, note: 'MB, not ms' });
  return results;
}
