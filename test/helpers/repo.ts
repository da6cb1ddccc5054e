/**
 * Fixture repositories for tests and benchmarks: real git repositories in temporary folders,
 * with a hermetic environment (own global config and identity, no system config, fixed dates)
 * and a small fluent API. Large histories are built with `git fast-import`.
 *
 *   const r = await makeRepo();
 *   const a = await r.commit('feat: x', { files: { 'a.txt': '1\n' }, date: '2025-01-02' });
 *   await r.branch('release-0.1.x');
 *   await r.tag('v0.1.0', { message: 'Release 0.1.0', date: '2025-01-03' });
 *
 * Repositories made inside a test are removed when the test ends; others when `cleanup()` is
 * called (or at process exit).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A date for a fixture: `YYYY-MM-DD` (noon UTC), full ISO 8601, or a Date. */
export type FixtureDate = string | Date;

/** `@<unix> +0000` (or the offset given in an ISO string), as git reads without guessing. */
export function gitDate(d: FixtureDate): string {
  if (d instanceof Date) return `@${Math.floor(d.getTime() / 1000)} +0000`;
  if (/^@\d+ [+-]\d{4}$/.test(d)) return d;
  if (/^\d{4}-\d\d-\d\d$/.test(d)) return `@${Math.floor(Date.parse(`${d}T12:00:00Z`) / 1000)} +0000`;
  const m = /(Z|[+-]\d\d:?\d\d)$/.exec(d);
  const tz = !m || m[1] === 'Z' ? '+0000' : (m[1] ?? '').replace(':', '');
  const t = Date.parse(d);
  if (Number.isNaN(t)) throw new Error(`bad fixture date '${d}'`);
  return `@${Math.floor(t / 1000)} ${tz}`;
}

const leftovers = new Set<string>();
process.once('exit', () => {
  for (const d of leftovers) rmSync(d, { recursive: true, force: true });
});

/** A hermetic environment rooted at `home` (which holds the global config). */
export function hermeticEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'SYSTEMROOT', 'TMPDIR', 'TEMP', 'TMP']) if (process.env[k]) env[k] = process.env[k];
  Object.assign(env, {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GIT_CONFIG_GLOBAL: join(home, '.gitconfig'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Ada Author',
    GIT_AUTHOR_EMAIL: 'ada@example.com',
    GIT_COMMITTER_NAME: 'Cy Committer',
    GIT_COMMITTER_EMAIL: 'cy@example.com',
    GIT_AUTHOR_DATE: '@1735732800 +0000',
    GIT_COMMITTER_DATE: '@1735732800 +0000',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    TZ: 'UTC',
    ...extra,
  });
  return env;
}

const GLOBAL_CONFIG = `[user]
\tname = Ada Author
\temail = ada@example.com
[init]
\tdefaultBranch = main
[commit]
\tgpgSign = false
[tag]
\tgpgSign = false
[core]
\tautocrlf = false
\tfsyncMethod = batch
[gc]
\tauto = 0
[advice]
\tdetachedHead = false
`;

/** Options for {@link makeRepo}. */
export interface MakeRepoOptions {
  /** Make a bare repository (commit with {@link FixtureRepo.fastImport} or clone from another). */
  bare?: boolean;
  /** Initial branch (default `main`). */
  branch?: string;
  /** `sha1` (default) or `sha256`. */
  objectFormat?: 'sha1' | 'sha256';
}

/** Options for {@link FixtureRepo.commit}. */
export interface CommitOptions {
  /** Files to write (text or bytes), or `null` to delete. Paths are relative to the repo. */
  files?: Record<string, string | Buffer | null>;
  /** Author and committer date (default: one minute after the previous fixture commit). */
  date?: FixtureDate;
  /** Committer date if it differs from `date`. */
  committerDate?: FixtureDate;
  author?: { name: string; email: string };
}

/** A fixture repository. */
export interface FixtureRepo {
  /** The work tree (or the git dir for a bare repository). */
  dir: string;
  /** The temporary HOME holding the global config. */
  home: string;
  /** The hermetic environment; use it to spawn git or the CLI against this fixture. */
  env: NodeJS.ProcessEnv;
  /** Runs git in the repository and returns stdout (trailing newline removed). */
  git(...args: string[]): Promise<string>;
  /** Runs git with options (stdin, extra env, working directory). */
  gitWith(args: string[], opts: { input?: string | Buffer; env?: Record<string, string>; cwd?: string }): Promise<string>;
  /** Writes files, stages everything and commits; returns the new commit id. */
  commit(message: string, opts?: CommitOptions): Promise<string>;
  /** Creates a branch at `from` (default HEAD) without switching to it. */
  branch(name: string, from?: string): Promise<void>;
  /** Switches the work tree to a branch or commit. */
  checkout(rev: string): Promise<void>;
  /** Tags `target` (default HEAD); annotated when a message is given. Returns the tag's object id. */
  tag(name: string, opts?: { message?: string; date?: FixtureDate; target?: string }): Promise<string>;
  /** Runs the real `git cherry-pick` (with `-x` when asked); returns the new commit id. */
  cherryPick(rev: string, opts?: { x?: boolean; mainline?: number; date?: FixtureDate }): Promise<string>;
  /** Merges a branch with a merge commit; returns its id. */
  merge(rev: string, opts?: { message?: string; date?: FixtureDate }): Promise<string>;
  /** The object id of a revision. */
  rev(rev: string): Promise<string>;
  /** Streams a `git fast-import` stream into the repository (any size). */
  fastImport(stream: string | Iterable<string>): Promise<void>;
  /** Adds a linked worktree at a new temporary path; returns its path. */
  addWorktree(branch: string, opts?: { create?: boolean; from?: string }): Promise<string>;
  /** A bare clone in a new temporary folder; returns its path. */
  cloneBare(): Promise<string>;
  /** Writes a file in the work tree without committing. */
  write(path: string, content: string | Buffer): Promise<void>;
  /** Reads a file from the work tree. */
  read(path: string): Promise<Buffer>;
  /** Removes the repository now. */
  cleanup(): Promise<void>;
}

function runGit(
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; input?: string | Buffer | Iterable<string> },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      if (code === 0) resolve(stdout.replace(/\n$/, ''));
      else reject(new Error(`git ${args.join(' ')} failed (${code}): ${Buffer.concat(err).toString('utf8').trim()}`));
    });
    const input = opts.input;
    child.stdin.on('error', () => undefined); // git exited early: its exit code reports why
    if (input === undefined) child.stdin.end();
    else if (typeof input === 'string' || Buffer.isBuffer(input)) child.stdin.end(input);
    else {
      void (async () => {
        for (const chunk of input) {
          if (child.stdin.destroyed) return;
          if (!child.stdin.write(chunk)) await new Promise((r) => child.stdin.once('drain', r));
        }
        child.stdin.end();
      })();
    }
  });
}

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  leftovers.add(d);
  return d;
}

/** Creates a fixture repository in a new temporary folder. */
export async function makeRepo(opts: MakeRepoOptions = {}): Promise<FixtureRepo> {
  const root = tempDir('trellis-fixture-');
  const home = join(root, 'home');
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, '.gitconfig'), GLOBAL_CONFIG);
  const env = hermeticEnv(home);
  const dir = join(root, opts.bare ? 'repo.git' : 'repo');
  const initArgs = ['init', '-q', `--initial-branch=${opts.branch ?? 'main'}`];
  if (opts.objectFormat) initArgs.push(`--object-format=${opts.objectFormat}`);
  if (opts.bare) initArgs.push('--bare');
  await runGit([...initArgs, dir], { cwd: root, env });
  let clock = Date.parse('2025-01-01T00:00:00Z') / 1000;
  const nextDate = (d?: FixtureDate): string => {
    if (d !== undefined) {
      const g = gitDate(d);
      clock = Math.max(clock, Number(/^@(\d+)/.exec(g)?.[1] ?? clock));
      return g;
    }
    clock += 60;
    return `@${clock} +0000`;
  };
  const git = (args: string[], o: { input?: string | Buffer | Iterable<string>; env?: Record<string, string>; cwd?: string } = {}) =>
    runGit(args, { cwd: o.cwd ?? dir, env: { ...env, ...o.env }, input: o.input });
  const dateEnv = (d: string, c?: string): Record<string, string> => ({ GIT_AUTHOR_DATE: d, GIT_COMMITTER_DATE: c ?? d });
  const cleanup = async (): Promise<void> => {
    leftovers.delete(root);
    await rm(root, { recursive: true, force: true });
  };
  if (process.env.VITEST) {
    // Imported lazily so benchmarks and scripts can use this builder without vitest.
    const { onTestFinished } = await import('vitest');
    try {
      onTestFinished(cleanup);
    } catch {
      // made outside a test (beforeAll): the caller or process exit cleans up
    }
  }

  const repo: FixtureRepo = {
    dir,
    home,
    env,
    git: (...args) => git(args),
    gitWith: (args, o) => git(args, o),
    async commit(message, o = {}) {
      for (const [path, content] of Object.entries(o.files ?? {})) {
        const full = join(dir, path);
        if (content === null) await rm(full, { force: true });
        else {
          await mkdir(dirname(full), { recursive: true });
          await writeFile(full, content);
        }
      }
      await git(['add', '-A']);
      const d = nextDate(o.date);
      const extra: Record<string, string> = dateEnv(d, o.committerDate ? gitDate(o.committerDate) : undefined);
      if (o.author) Object.assign(extra, { GIT_AUTHOR_NAME: o.author.name, GIT_AUTHOR_EMAIL: o.author.email });
      await git(['commit', '-q', '--allow-empty', '--cleanup=verbatim', '-F', '-'], { input: message, env: extra });
      return git(['rev-parse', 'HEAD']);
    },
    async branch(name, from = 'HEAD') {
      await git(['branch', name, from]);
    },
    async checkout(rev) {
      await git(['checkout', '-q', rev]);
    },
    async tag(name, o = {}) {
      const args = ['tag'];
      if (o.message !== undefined) args.push('-a', '-F', '-');
      args.push(name, o.target ?? 'HEAD');
      await git(args, { input: o.message, env: dateEnv(nextDate(o.date)) });
      return git(['rev-parse', `refs/tags/${name}`]);
    },
    async cherryPick(rev, o = {}) {
      const args = ['cherry-pick'];
      if (o.x) args.push('-x');
      if (o.mainline !== undefined) args.push('-m', String(o.mainline));
      args.push(rev);
      await git(args, { env: { GIT_COMMITTER_DATE: nextDate(o.date) } });
      return git(['rev-parse', 'HEAD']);
    },
    async merge(rev, o = {}) {
      await git(['merge', '-q', '--no-ff', '-m', o.message ?? `Merge ${rev}`, rev], { env: dateEnv(nextDate(o.date)) });
      return git(['rev-parse', 'HEAD']);
    },
    rev: (r) => git(['rev-parse', '--verify', '--end-of-options', r]),
    async fastImport(stream) {
      await git(['fast-import', '--quiet', '--done'], { input: withDone(stream) });
    },
    async addWorktree(branch, o = {}) {
      const path = join(tempDir('trellis-worktree-'), 'wt');
      const args = ['worktree', 'add', '-q'];
      if (o.create) args.push('-b', branch, path, o.from ?? 'HEAD');
      else args.push(path, branch);
      await git(args);
      return path;
    },
    async cloneBare() {
      const path = join(tempDir('trellis-bare-'), 'clone.git');
      await git(['clone', '-q', '--bare', dir, path]);
      return path;
    },
    write: (path, content) => mkdir(dirname(join(dir, path)), { recursive: true }).then(() => writeFile(join(dir, path), content)),
    read: (path) => readFile(join(dir, path)),
    cleanup,
  };
  return repo;
}

function* withDone(stream: string | Iterable<string>): Iterable<string> {
  let last = '';
  for (const chunk of typeof stream === 'string' ? [stream] : stream) {
    if (chunk !== '') last = chunk;
    yield chunk;
  }
  yield last === '' || last.endsWith('\n') ? 'done\n' : '\ndone\n';
}

/** Pieces of `git fast-import` streams, for building large histories quickly. */
export const fastImport = {
  /** A `data` block for text (byte length counted in UTF-8). */
  data(text: string): string {
    return `data ${Buffer.byteLength(text)}\n${text}\n`;
  },
  /**
   * A commit on `ref` (`refs/heads/main`). `from` continues from a mark or commit (omit for
   * the first commit of a ref); `merge` adds parents; files map path → content or `null`.
   */
  commit(c: {
    ref: string;
    mark?: number;
    from?: string;
    merge?: string[];
    message: string;
    date: FixtureDate;
    author?: { name: string; email: string };
    files?: Record<string, string | null>;
  }): string {
    const when = gitDate(c.date).slice(1);
    const author = c.author ?? { name: 'Ada Author', email: 'ada@example.com' };
    let s = `commit ${c.ref}\n`;
    if (c.mark !== undefined) s += `mark :${c.mark}\n`;
    s += `author ${author.name} <${author.email}> ${when}\n`;
    s += `committer Cy Committer <cy@example.com> ${when}\n`;
    s += fastImport.data(c.message);
    if (c.from) s += `from ${c.from}\n`;
    for (const m of c.merge ?? []) s += `merge ${m}\n`;
    for (const [path, content] of Object.entries(c.files ?? {})) {
      if (content === null) s += `D ${path}\n`;
      else s += `M 100644 inline ${path}\n${fastImport.data(content)}`;
    }
    return s + '\n';
  },
  /** A lightweight tag: a ref pointing at a mark or commit. */
  lightweightTag(name: string, target: string): string {
    return `reset refs/tags/${name}\nfrom ${target}\n\n`;
  },
  /** An annotated tag on a mark or commit. */
  annotatedTag(t: { name: string; target: string; message: string; date: FixtureDate; tagger?: { name: string; email: string } }): string {
    const who = t.tagger ?? { name: 'Cy Committer', email: 'cy@example.com' };
    return `tag ${t.name}\nfrom ${t.target}\ntagger ${who.name} <${who.email}> ${gitDate(t.date).slice(1)}\n${fastImport.data(t.message)}`;
  },
};

/** Runs git synchronously in a fixture (for quick checks in tests). */
export function gitSync(r: FixtureRepo, ...args: string[]): string {
  const res = spawnSync('git', args, { cwd: r.dir, env: r.env, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${res.stderr}`);
  return res.stdout.replace(/\n$/, '');
}
