/**
 * `trellis status` on a repository with 50 release lines and 1,000 tags (issue 3: under 0.3 s),
 * beside the same 50 lines with 100 tags, to show that the number of git processes does not grow
 * with the tags (one `for-each-ref` and one `git log` for all lines, plus opening the repository;
 * no `git log` when warm).
 *
 * Each repository is built once with `git fast-import` and cached under os.tmpdir(); delete
 * `trellis-bench-status-v1` there to rebuild. Timings are of the in-process CLI
 * (`runCli(['status', '--json', ...])`), median of 3 runs after a warm-up: cold without the
 * history answers kept under `.git/trellis/` (one `git log`), warm with them (no `git log`), and
 * after main moved 5 commits since they were kept (carried: one `rev-list`, no `git log`).
 */
import { benchGit } from './git.js';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp } from '../src/app/context.js';
import { status } from '../src/app/status.js';
import { runCli } from '../src/cli/main.js';
import { fastImport, hermeticEnv } from '../test/helpers/repo.js';
import { timeIt, type BenchResult } from './run.js';

export const name = 'status';

export const ROOT = join(tmpdir(), 'trellis-bench-status-v1');
export const HOME = join(ROOT, 'home');
const LINES = 50;
/** Commits on main between two line cuts. */
const MAIN_STEP = 40;
/** Commits on each line branch after its last tag (unreleased). */
const UNRELEASED = 3;
export const AS_OF = '2026-06-01';

const POLICY = `versioning:
  scheme: semver
  tag: "v{version}"
branches:
  main: main
  release: "release/{major}.{minor}"
support:
  bugfix: 12 months
  security: 18 months
  maintained: 4
  lts:
    lines: ["1.40"]
    duration: 3 years
`;

/** git in a fixture repository, stdout trimmed. */
function git(dir: string, args: string[], input?: Iterable<string>): Promise<string> {
  return benchGit(dir, hermeticEnv(HOME), args, input).then((out) => out.trim());
}

/**
 * Main gets MAIN_STEP commits per line; line 1.k is cut from main after its stretch and gets
 * `tagsPerLine` tags (an rc, then X.Y.0, X.Y.1, ...; half of them annotated), each on its own
 * commit, then UNRELEASED commits. One minute per commit, one week between line cuts.
 */
function* stream(tagsPerLine: number): Iterable<string> {
  const t0 = Date.parse('2024-01-01T00:00:00Z');
  const at = (minutes: number) => new Date(t0 + minutes * 60_000);
  let mark = 0;
  let mainMark = 0;
  let clock = 0;
  for (let k = 0; k < LINES; k++) {
    clock = k * 7 * 24 * 60;
    for (let i = 0; i < MAIN_STEP; i++) {
      mark++;
      yield fastImport.commit({
        ref: 'refs/heads/main',
        mark,
        ...(mainMark ? { from: `:${mainMark}` } : {}),
        message: `feat: main change ${mark}\n`,
        date: at(clock++),
        files: { [`src/f${mark % 50}.txt`]: `${mark}\n` },
      });
      mainMark = mark;
    }
    const line = `1.${k}`;
    let from = `:${mainMark}`;
    for (let t = 0; t < tagsPerLine + UNRELEASED; t++) {
      mark++;
      yield fastImport.commit({
        ref: `refs/heads/release/${line}`,
        mark,
        from,
        message: `fix: ${line} change ${t}\n`,
        date: at(clock + 60 * (t + 1)),
        files: { [`fix/${line}.txt`]: `${t}\n` },
      });
      from = `:${mark}`;
      if (t >= tagsPerLine) continue;
      const version = t === 0 ? `${line}.0-rc.1` : `${line}.${t - 1}`;
      if (t % 2 === 0) {
        yield fastImport.annotatedTag({
          name: `v${version}`,
          target: `:${mark}`,
          message: `Release ${version}\n`,
          date: at(clock + 60 * (t + 1) + 1),
        });
      } else {
        yield fastImport.lightweightTag(`v${version}`, `:${mark}`);
      }
    }
  }
}

export async function repository(tags: number): Promise<string> {
  const dir = join(ROOT, `tags-${tags}`);
  if (existsSync(join(dir, '.trellis.yml'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(HOME, { recursive: true });
  writeFileSync(join(HOME, '.gitconfig'), '[user]\n\tname = Bench\n\temail = bench@example.com\n[gc]\n\tauto = 0\n');
  mkdirSync(dir, { recursive: true });
  await git(dir, ['init', '-q', '--initial-branch=main']);
  await git(
    dir,
    ['fast-import', '--quiet', '--done'],
    (function* () {
      yield* stream(tags / LINES);
      yield 'done\n';
    })(),
  );
  await git(dir, ['pack-refs', '--all']);
  writeFileSync(join(dir, '.trellis.yml'), POLICY);
  return dir;
}

function silentIo() {
  let out = '';
  return {
    io: {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (out += s) },
      readStdin: async () => '',
      cwd: process.cwd(),
      env: hermeticEnv(HOME),
      clock: { now: () => new Date(`${AS_OF}T12:00:00Z`) },
    },
    output: () => out,
  };
}

/** Cold: no answers kept; warm: kept, nothing moved; moved: kept, then main moved on 5 commits (as after a fetch). */
type Mode = 'cold' | 'warm' | 'moved';

async function measure(tags: number, mode: Mode): Promise<BenchResult> {
  const dir = await repository(tags);
  const { io } = silentIo();
  let code = 0;
  const status1 = async () => (code = await runCli(['status', '--repo', dir, '--json'], io));
  // Cold: without the history answers an earlier run kept (facts/line-history.ts), so one `git log`.
  const forget = () => rmSync(join(dir, '.git', 'trellis'), { recursive: true, force: true });
  let ms: number;
  if (mode === 'moved') {
    // Ten commits on top of main (objects only; main is put back after). Each run: answers kept
    // with main at the fifth (untimed), then main at the tenth: the timed run carries them.
    const tip = (await git(dir, ['rev-parse', 'main'])).trim();
    const tree = (await git(dir, ['rev-parse', 'main^{tree}'])).trim();
    const ahead: string[] = [];
    for (let k = 0, parent = tip; k < 10; k++) {
      parent = (await git(dir, ['commit-tree', tree, '-p', parent, '-m', `feat: work ${k}`])).trim();
      ahead.push(parent);
    }
    const times: number[] = [];
    try {
      for (let i = 0; i < 4; i++) {
        forget();
        await git(dir, ['update-ref', 'refs/heads/main', ahead[4]!]);
        await status1();
        await git(dir, ['update-ref', 'refs/heads/main', ahead[9]!]);
        const t0 = performance.now();
        await status1();
        if (i > 0) times.push(performance.now() - t0);
      }
    } finally {
      await git(dir, ['update-ref', 'refs/heads/main', tip]);
    }
    ms = times.sort((a, b) => a - b)[1] as number;
  } else {
    ms = await timeIt(async () => {
      if (mode === 'cold') forget();
      await status1();
    });
  }
  if (code !== 0) throw new Error(`trellis status exited ${code}`);
  forget();
  const stats = { spawned: 0 };
  const ctx = await openApp({ cwd: process.cwd(), env: hermeticEnv(HOME), clock: { now: () => new Date(AS_OF) }, stats }, { repo: dir });
  const { report } = await status(ctx, { date: AS_OF });
  const lines = report.lines.filter((l) => l.kind === 'release').length;
  const counted = report.lines.reduce((n, l) => n + l.prereleases.length + (l.latest ? 1 : 0), 0);
  const what = mode === 'moved' ? 'after main moved 5 commits' : mode;
  return {
    label: `trellis status, ${LINES} lines, ${tags} tags, ${what}`,
    ms,
    note: `${stats.spawned} git processes (cold); ${lines} lines found; target < 300 ms${counted > 0 ? '' : ' (no tags read!)'}`,
  };
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const mode of ['cold', 'warm', 'moved'] as const) for (const tags of [100, 1000]) out.push(await measure(tags, mode));
  return out;
}
