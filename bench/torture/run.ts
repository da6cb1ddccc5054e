/**
 * One torture trial: copy the fixture, run the built CLI (`node dist/cli/bin.js`) with a `git`
 * wrapper first on PATH that numbers every git process it starts (and can SIGKILL Trellis just
 * before or just after the Nth one), kill it (the process, or half the time its whole process
 * group, as a cancelled CI job does) at a random instant or around a git write, then check what
 * the kill left and what the re-run (or `--continue` / `--abort`) makes of it.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { copyFixture, type Fixture } from './fixtures.js';

/** Kinds of violation a trial can find. */
export const VIOLATIONS = ['fsck', 'refs-mixed', 'work-tree', 'recovery', 'final-state', 'leftovers'] as const;
export type Violation = (typeof VIOLATIONS)[number];

/** How one trial kills. */
export type KillPlan =
  { kind: 'delay'; ms: number; group: boolean } | { kind: 'at-git'; n: number; when: 'before' | 'after'; group: boolean };

export interface TrialResult {
  killed: boolean;
  violations: Array<{ kind: Violation; detail: string }>;
  dir: string;
}

/** The git wrapper: numbers each git process under a lock, logs it, and kills Trellis at the asked one. */
export const WRAPPER = `#!/bin/bash
d="$TORTURE_TRACE"
if [ -z "$d" ]; then exec "$TORTURE_REAL_GIT" "$@"; fi
n=$( { flock 9; c=$(( $(cat "$d/count" 2>/dev/null || echo 0) + 1 )); echo $c > "$d/count"; echo $c; } 9>"$d/lock" )
w=0
for a in "$@"; do case "$a" in update-ref|read-tree|commit-tree|hash-object|mktag|merge-tree|update-index|write-tree|tag) w=1; break;; esac; done
echo "$n $$ $w $*" >> "$d/trace"
t="$PPID"; [ "$TORTURE_GROUP" = 1 ] && t="-$PPID"
if [ "$n" = "$TORTURE_KILL_AT" ]; then
  if [ "$TORTURE_KILL_WHEN" = before ]; then kill -9 -- $t; exit 137; fi
  "$TORTURE_REAL_GIT" "$@"; s=$?; kill -9 -- $t; exit $s
fi
exec "$TORTURE_REAL_GIT" "$@"
`;

/** A trace line: invocation number, pid, whether it writes, the arguments. */
export interface TraceEntry {
  n: number;
  pid: number;
  write: boolean;
  args: string;
}

export function readTrace(dir: string): TraceEntry[] {
  const path = join(dir, 'trace');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const [n, pid, w, ...rest] = l.split(' ');
      return { n: Number(n), pid: Number(pid), write: w === '1', args: rest.join(' ') };
    });
}

function git(env: NodeJS.ProcessEnv, cwd: string, ...args: string[]): { code: number; out: string } {
  const r = spawnSync('git', args, { cwd, env: { ...env, TORTURE_TRACE: '' }, encoding: 'utf8' });
  return { code: r.status ?? 128, out: `${r.stdout}${r.stderr}`.trim() };
}

export function refsOf(env: NodeJS.ProcessEnv, repo: string): string {
  return git(env, repo, 'for-each-ref', '--format=%(refname) %(objectname)').out;
}

/** The primary work tree's files (not .git) and its index and HEAD, as hashes. */
export function primarySnapshot(repo: string): string {
  const h = createHash('sha256');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (p === join(repo, '.git')) continue;
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else h.update(`${relative(repo, p)}\0${createHash('sha256').update(readFileSync(p)).digest('hex')}\0`);
    }
  };
  walk(repo);
  for (const f of ['index', 'HEAD']) h.update(readFileSync(join(repo, '.git', f)));
  return h.digest('hex');
}

/** Runs the CLI; resolves with whether it died by SIGKILL. */
export function runCli(
  bin: string,
  f: Fixture,
  env: NodeJS.ProcessEnv,
  argv: string[],
  kill: KillPlan | null,
  trace: string,
): Promise<{ killed: boolean; code: number | null; out: string }> {
  const extra: NodeJS.ProcessEnv = { TORTURE_TRACE: trace };
  if (kill?.kind === 'at-git') Object.assign(extra, { TORTURE_KILL_AT: String(kill.n), TORTURE_KILL_WHEN: kill.when });
  if (kill?.group) extra.TORTURE_GROUP = '1';
  const child = spawn(process.execPath, [bin, ...argv], {
    cwd: f.repo,
    env: { ...env, ...extra },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
  child.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
  let timer: NodeJS.Timeout | null = null;
  if (kill?.kind === 'delay') {
    timer = setTimeout(() => {
      try {
        process.kill(kill.group ? -child.pid! : child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, kill.ms);
  }
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code, out });
    });
  });
}

/** Waits until every git process the run started has exited (the ones in their own process group may outlive Trellis). */
export async function waitForOrphans(trace: string): Promise<void> {
  const pids = readTrace(trace).map((e) => e.pid);
  for (let i = 0; i < 200; i++) {
    if (!pids.some((p) => existsSync(`/proc/${p}`) && !readFileSync(`/proc/${p}/stat`, 'utf8').includes(') Z '))) return;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Files Trellis or git must not leave behind once a run is finished. */
export function leftovers(f: Fixture): string[] {
  const found: string[] = [];
  const gitDir = join(f.repo, '.git');
  for (const p of ['trellis/journal.json', 'trellis/backport.json']) if (existsSync(join(gitDir, p))) found.push(p);
  const tmp = join(gitDir, 'trellis', 'tmp');
  if (existsSync(tmp)) for (const n of readdirSync(tmp)) found.push(`trellis/tmp/${n}`);
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'objects') walk(p);
      } else if (e.name.endsWith('.lock')) found.push(relative(gitDir, p));
    }
  };
  walk(gitDir);
  return found;
}

export function fsckProblem(env: NodeJS.ProcessEnv, repo: string): string | null {
  const r = git(env, repo, 'fsck', '--no-progress', '--no-dangling');
  return r.code === 0 ? null : (r.out.split('\n')[0] ?? 'fsck failed');
}

/** Expected states of a fixture: refs before the command and after it completed. */
export interface Expected {
  before: string;
  after: string;
  primary: string;
}

/** One trial. */
export async function trial(
  bin: string,
  template: Fixture,
  templateRoot: string,
  dir: string,
  env: NodeJS.ProcessEnv,
  expected: Expected,
  kill: KillPlan,
  choose: () => number,
): Promise<TrialResult> {
  const f = copyFixture(template, templateRoot, dir);
  const trace = join(dir, 'trace');
  execFileSync('mkdir', ['-p', trace]);
  const violations: TrialResult['violations'] = [];
  const add = (kind: Violation, detail: string): void => void violations.push({ kind, detail });
  const r = await runCli(bin, f, env, f.argv, kill, trace);
  await waitForOrphans(trace);
  const fsck = fsckProblem(env, f.repo);
  if (fsck) add('fsck', fsck);
  const refs = refsOf(env, f.repo);
  if (refs !== expected.before && refs !== expected.after) add('refs-mixed', 'refs neither all before nor all after');
  if (primarySnapshot(f.repo) !== expected.primary) add('work-tree', 'the primary work tree, index or HEAD changed');
  // Recovery: --continue or --abort for a waiting backport, else the same command again when unfinished.
  let want = expected.after;
  const gitDir = join(f.repo, '.git');
  let again: string[] | null = null;
  if (existsSync(join(gitDir, 'trellis', 'backport.json'))) {
    const abort = choose() < 0.5;
    again = ['backport', abort ? '--abort' : '--continue'];
    if (abort) want = expected.before;
  } else if (existsSync(join(gitDir, 'trellis', 'journal.json')) || refs !== expected.after) again = f.argv;
  if (again) {
    const re = await runCli(bin, f, env, again, null, '');
    if (re.code !== 0) add('recovery', `${again.join(' ')} exited ${re.code}: ${re.out.trim().split('\n').pop()}`);
  }
  const final = refsOf(env, f.repo);
  if (final !== want) add('final-state', 'refs are not the expected final refs');
  if (f.linked) {
    const st = git(env, f.linked, 'status', '--porcelain');
    if (st.out !== '') add('final-state', `linked worktree not in sync: ${st.out.split('\n')[0]}`);
  }
  if (primarySnapshot(f.repo) !== expected.primary) add('work-tree', 'the primary work tree, index or HEAD changed after recovery');
  const left = leftovers(f);
  if (left.length > 0) add('leftovers', left.join(', '));
  const fsck2 = fsckProblem(env, f.repo);
  if (fsck2) add('fsck', `after recovery: ${fsck2}`);
  if (violations.length === 0) rmSync(dir, { recursive: true, force: true });
  return { killed: r.killed, violations, dir };
}
