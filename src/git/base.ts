/**
 * The git adapter's base: where a repository lives and how git runs in it, with the batched
 * object reads every helper needs. See {@link Git} for the whole adapter.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { TrellisError } from '../core/errors.js';
import { assertSafeRevision } from '../core/refname.js';
import { CatFileSession, type GitObject } from './catfile.js';
import { GitRunner, type GitStats, type RunOptions, type RunResult } from './run.js';
import { gitVersion, requireGit, type GitVersion } from './version.js';

/** Options for {@link Git.open}. */
export interface GitOpenOptions {
  /** Base environment for git (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** The git executable (default `git` on PATH). */
  gitPath?: string;
  /** Counters to share with other instances (default: new). */
  stats?: GitStats;
}

/** Where a repository lives, as `git rev-parse` reports it. */
export interface RepositoryLayout {
  /** Absolute path of the work tree's top, or `null` for a bare repository (or inside `.git`). */
  workTree: string | null;
  /** Absolute path of this worktree's git directory (`.git/worktrees/<id>` for linked ones). */
  gitDir: string;
  /** Absolute path of the directory shared by all worktrees (objects, refs). */
  commonDir: string;
  bare: boolean;
  objectFormat: 'sha1' | 'sha256';
}

/**
 * The core of an opened repository: its layout, the runner and batched object reads. The
 * adapter's helpers (refs, log, objects, picks, transactions) take this, and {@link Git} adds them
 * as methods, so no module of the adapter imports the one that imports it.
 */
export class GitBase implements RepositoryLayout {
  readonly workTree: string | null;
  readonly gitDir: string;
  readonly commonDir: string;
  readonly bare: boolean;
  readonly objectFormat: 'sha1' | 'sha256';
  /** The git executable's version. */
  readonly version: GitVersion;
  /** Runs git in this repository. */
  readonly runner: GitRunner;

  protected constructor(layout: RepositoryLayout, version: GitVersion, runner: GitRunner) {
    this.workTree = layout.workTree;
    this.gitDir = layout.gitDir;
    this.commonDir = layout.commonDir;
    this.bare = layout.bare;
    this.objectFormat = layout.objectFormat;
    this.version = version;
    this.runner = runner;
  }

  /** Counters of git processes started through this repository. */
  get stats(): GitStats {
    return this.runner.stats;
  }

  /** The all-zero object id of this repository's hash (for "must not exist"). */
  get zeroOid(): string {
    return '0'.repeat(this.objectFormat === 'sha256' ? 64 : 40);
  }

  /** Runs a git command in the repository; see {@link GitRunner.run}. */
  run(args: readonly string[], opts?: RunOptions): Promise<RunResult> {
    return this.runner.run(args, opts);
  }

  /** Runs a git command and returns stdout as text. */
  text(args: readonly string[], opts?: RunOptions): Promise<string> {
    return this.runner.text(args, opts);
  }

  /** Runs a git command and returns stdout without its final newline. */
  line(args: readonly string[], opts?: RunOptions): Promise<string> {
    return this.runner.line(args, opts);
  }

  /** Throws `git-too-old` unless this git has the feature. */
  require(feature: Parameters<typeof requireGit>[1], what: string): void {
    requireGit(this.version, feature, what);
  }

  /** Finds the repository containing `path` and the git that runs in it (see {@link Git.open}). */
  static async openParts(path = '.', opts: GitOpenOptions = {}): Promise<[RepositoryLayout, GitVersion, GitRunner]> {
    const dir = resolve(path);
    const st = await stat(dir).catch(() => null);
    if (!st?.isDirectory()) {
      throw new TrellisError('not-a-repository', `not a git repository: ${dir} is not a directory`, 2);
    }
    const stats = opts.stats ?? { spawned: 0 };
    const probe = new GitRunner({ cwd: dir, env: opts.env, gitPath: opts.gitPath, stats });
    // Both at once (a process less to wait for on every command); a git too old for
    // `--path-format` fails the second, so its version is checked before that answer is used.
    const versionRead = gitVersion(probe);
    const layoutRead = probe.text([
      'rev-parse',
      '--path-format=absolute',
      '--git-dir',
      '--git-common-dir',
      '--is-bare-repository',
      '--is-inside-work-tree',
      '--show-object-format',
      '--show-cdup',
    ]);
    layoutRead.catch(() => undefined);
    const version = await versionRead;
    requireGit(version, 'baseline', 'Trellis');
    const out = await layoutRead;
    const [gitDir = '', commonDir = '', bare, inside, format, cdup = ''] = out.split('\n');
    const layout: RepositoryLayout = {
      gitDir,
      commonDir,
      bare: bare === 'true',
      workTree: inside === 'true' ? resolve(dir, cdup) : null,
      objectFormat: format === 'sha256' ? 'sha256' : 'sha1',
    };
    const runner = new GitRunner({
      cwd: layout.workTree ?? layout.gitDir,
      env: opts.env,
      gitPath: opts.gitPath,
      stats,
    });
    return [layout, version, runner];
  }

  /** A new `cat-file --batch` session for reading many objects through one process. */
  catFile(): CatFileSession {
    return new CatFileSession(this.runner);
  }

  /** Reads objects by name in one session; unknown names give `null`. */
  readObjects(names: readonly string[]): Promise<Array<GitObject | null>> {
    return this.catFile().readAndClose(names);
  }

  /**
   * Resolves many revisions in one `cat-file --batch-check`. With `peel: 'commit'` each is
   * peeled to a commit (`<rev>^{commit}`). Throws `unknown-revision` naming every unknown one,
   * unless `allowMissing` (then they are absent from the map).
   */
  async revParse(revs: readonly string[], opts: { peel?: 'commit' | 'tree'; allowMissing?: boolean } = {}): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    const unique = [...new Set(revs)];
    if (unique.length === 0) return result;
    unique.forEach(assertSafeRevision);
    const names = unique.map((r) => (opts.peel ? `${r}^{${opts.peel}}` : r));
    const out = await this.text(['cat-file', '--batch-check=%(objectname)'], { input: names.join('\n') + '\n' });
    const lines = out.split('\n');
    const missing: string[] = [];
    unique.forEach((rev, i) => {
      const line = lines[i] ?? '';
      if (/^[0-9a-f]{40,64}$/.test(line)) result.set(rev, line);
      else missing.push(rev);
    });
    if (missing.length > 0 && !opts.allowMissing) {
      const list = missing.map((m) => `'${m}'`).join(', ');
      throw new TrellisError('unknown-revision', missing.length === 1 ? `unknown revision ${list}` : `unknown revisions ${list}`, 2, {
        missing,
      });
    }
    return result;
  }

  /** Resolves one revision to an object id (peeled to a commit with `peel: 'commit'`). */
  async resolve(rev: string, opts: { peel?: 'commit' | 'tree' } = {}): Promise<string> {
    return (await this.revParse([rev], opts)).get(rev) as string;
  }
}
