/**
 * The repositories `npm run torture` kills Trellis in: real git, fixed dates and identity (so
 * every run writes the same object ids and the expected final refs are known), the primary work
 * tree on a `feature` branch with an unstaged change, a staged new file and an untracked file,
 * and (for release, branch cut and merge-back) `main` checked out clean in a linked worktree, so
 * the work-tree update after the ref transaction is part of what gets killed. merge-back is the
 * line-first flow (Llama Stack-style): the fix made on release-0.4.x merged back into main.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type TortureCommand = 'backport' | 'release' | 'cut' | 'hotfix' | 'merge-back';
export const COMMANDS: readonly TortureCommand[] = ['backport', 'release', 'cut', 'hotfix', 'merge-back'];

const DATE = '2026-03-13T12:00:00Z';

/** The environment every git and Trellis process of the torture runs with (plus PATH and the trace settings). */
export function baseEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'LANG', 'TMPDIR', 'SYSTEMROOT']) if (process.env[k] !== undefined) env[k] = process.env[k];
  return {
    ...env,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: join(home, '.gitconfig'),
    GIT_AUTHOR_NAME: 'Torture',
    GIT_AUTHOR_EMAIL: 'torture@example.com',
    GIT_COMMITTER_NAME: 'Torture',
    GIT_COMMITTER_EMAIL: 'torture@example.com',
    GIT_AUTHOR_DATE: DATE,
    GIT_COMMITTER_DATE: DATE,
    NO_COLOR: '1',
  };
}

/**
 * The Llama Stack-style release-branches policy (`release-X.Y.x` branches, `vX.Y.Z` tags, the
 * setuptools-scm fallback version bumped on release and post-release) the torture and
 * test/reliability/recovery*.test.ts run in.
 */
export const RELEASE_BRANCHES_POLICY = `versioning:
  scheme: pep440
  tag: "v{version}"
branches:
  main: main
  release: "release-{major}.{minor}.x"
versionFiles:
  - { path: pyproject.toml, kind: toml, key: tool.setuptools_scm.fallback_version, value: "{version}", when: [release], branch: line }
  - { path: pyproject.toml, kind: toml, key: tool.setuptools_scm.fallback_version, value: "{nextDev}", when: [post-release], branch: main }
`;
/** pyproject.toml holding `v` as the setuptools-scm fallback version. */
export const PY = (v: string): string => `[tool.setuptools_scm]\nfallback_version = "${v}"\n`;

/** A fixture: where it is and the command line to torture in it. */
export interface Fixture {
  /** The repository (primary work tree). */
  repo: string;
  /** The linked worktree holding `main`, when there is one. */
  linked: string | null;
  argv: string[];
}

function git(env: NodeJS.ProcessEnv, cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();
}

function commit(env: NodeJS.ProcessEnv, dir: string, message: string, files: Record<string, string>): string {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
    git(env, dir, 'add', '--', p);
  }
  git(env, dir, 'commit', '-q', '-m', message);
  return git(env, dir, 'rev-parse', 'HEAD');
}

/** The dirty primary work tree: `feature` checked out, a change to a tracked file, a staged new file, an untracked file. */
function dirty(env: NodeJS.ProcessEnv, dir: string, from: string): void {
  git(env, dir, 'checkout', '-q', '-b', 'feature', from);
  writeFileSync(join(dir, 'app.txt'), 'uncommitted change\n');
  writeFileSync(join(dir, 'staged.txt'), 'staged, never committed\n');
  git(env, dir, 'add', 'staged.txt');
  writeFileSync(join(dir, 'untracked.txt'), 'untracked\n');
}

/** Builds the template of `cmd` under `root`; `cli` runs the built Trellis (for `init`, `hotfix start`). */
export function buildTemplate(
  cmd: TortureCommand,
  root: string,
  env: NodeJS.ProcessEnv,
  cli: (cwd: string, args: string[]) => void,
): Fixture {
  const dir = join(root, 'repo');
  mkdirSync(dir, { recursive: true });
  git(env, dir, 'init', '-q', '-b', 'main');
  if (cmd === 'hotfix') return hotfixTemplate(env, dir, cli);
  commit(env, dir, 'chore: initial layout', { '.trellis.yml': RELEASE_BRANCHES_POLICY, 'pyproject.toml': PY('0.3.9'), 'app.txt': 'one\n' });
  git(env, dir, 'branch', 'release-0.3.x');
  git(env, dir, 'tag', '-a', '-m', 'Release 0.3.9', 'v0.3.9', 'release-0.3.x');
  commit(env, dir, 'chore: 0.4 layout', { 'pyproject.toml': PY('0.4.4') });
  git(env, dir, 'branch', 'release-0.4.x');
  git(env, dir, 'tag', '-a', '-m', 'Release 0.4.4', 'v0.4.4', 'release-0.4.x');
  commit(env, dir, 'chore: main moves on', { 'pyproject.toml': PY('0.4.5.dev0') });
  const fix = commit(env, dir, 'fix: reject empty requests', { 'server.py': 'ok\n' });
  git(env, dir, 'checkout', '-q', 'release-0.4.x');
  commit(env, dir, 'fix: handle an empty list', { 'list.py': 'empty ok\n' });
  git(env, dir, 'checkout', '-q', 'main');
  dirty(env, dir, 'main~1');
  let linked: string | null = null;
  if (cmd !== 'backport') {
    linked = join(root, 'wt-main');
    git(env, dir, 'worktree', 'add', '-q', linked, 'main');
  }
  const argv: Record<Exclude<TortureCommand, 'hotfix'>, string[]> = {
    backport: ['backport', fix, '--to', '0.3', '--to', '0.4'],
    release: ['release', '0.4'],
    cut: ['branch', 'cut'],
    'merge-back': ['merge-back', '0.4'],
  };
  return { repo: dir, linked, argv: argv[cmd] };
}

function hotfixTemplate(env: NodeJS.ProcessEnv, dir: string, cli: (cwd: string, args: string[]) => void): Fixture {
  cli(dir, ['init', '--preset', 'vmpilot']);
  const policy = readFileSync(join(dir, '.trellis.yml'), 'utf8');
  commit(env, dir, 'chore: add trellis policy', { '.trellis.yml': policy, 'app.txt': 'version one\n' });
  git(env, dir, 'tag', '-a', '-m', 'Release 1.0.0', 'v1.0.0');
  git(env, dir, 'branch', 'dev');
  git(env, dir, 'checkout', '-q', 'dev');
  commit(env, dir, 'feat: VM snapshots', { 'snap.txt': 'snapshots\n' });
  git(env, dir, 'checkout', '-q', 'main');
  cli(dir, ['hotfix', 'start', '1.0.1']);
  const branch = git(env, dir, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/')
    .split('\n')
    .find((b) => b.includes('hotfix'));
  if (!branch) throw new Error('hotfix start made no hotfix branch');
  git(env, dir, 'checkout', '-q', branch);
  commit(env, dir, 'fix: crash on an empty VM list', { 'list.txt': 'empty ok\n' });
  dirty(env, dir, 'dev');
  return { repo: dir, linked: null, argv: ['hotfix', 'finish', '1.0.1'] };
}

/** Copies a template to `to` (a linked worktree's two path files are rewritten to the copy). */
export function copyFixture(t: Fixture, templateRoot: string, to: string): Fixture {
  cpSync(templateRoot, to, { recursive: true, verbatimSymlinks: true });
  const repo = join(to, 'repo');
  if (!t.linked) return { ...t, repo, linked: null };
  const linked = join(to, 'wt-main');
  writeFileSync(join(repo, '.git', 'worktrees', 'wt-main', 'gitdir'), `${join(linked, '.git')}\n`);
  writeFileSync(join(linked, '.git'), `gitdir: ${join(repo, '.git', 'worktrees', 'wt-main')}\n`);
  return { ...t, repo, linked };
}
