/**
 * The demo's sample repository (`trellis demo`, `npm run demo`): a Llama Stack-like history over
 * two years, built with the real `git` in a temporary folder. It lives in the git adapter because
 * it is the only code allowed to spawn git; it creates a repository from nothing, so it runs git
 * itself rather than through an opened `Git`. Plain child processes (no shell), a hermetic
 * environment (own HOME and global config, no system config) and every date set through
 * GIT_AUTHOR_DATE / GIT_COMMITTER_DATE, so the repository is the same on every run.
 *
 * Shape: v0.1.0 tagged on main (before release branches existed), then `release-X.Y.x` lines
 * cut from main with `vX.Y.ZrcN` candidates and final tags; fixes land on main and are carried
 * to the maintained lines with `git cherry-pick -x`; 1.3 is cut and in release candidates;
 * main holds a security fix (CVE trailer) not yet backported.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The demo repository and what the demo refers to. */
export interface DemoRepo {
  /** The temporary folder holding everything (remove it to clean up). */
  root: string;
  /** The repository's work tree. */
  dir: string;
  /** The hermetic environment to run git and Trellis with. */
  env: NodeJS.ProcessEnv;
  /** Named commits: `cve` is the security fix on main that no line has yet. */
  commits: Record<string, string>;
}

const GLOBAL_CONFIG = `[user]
\tname = Demo Maintainer
\temail = maintainer@example.com
[init]
\tdefaultBranch = main
[commit]
\tgpgSign = false
[tag]
\tgpgSign = false
[core]
\tautocrlf = false
[gc]
\tauto = 0
[advice]
\tdetachedHead = false
`;

/** `@<unix> +0000` at noon UTC of a day (`2026-03-09`), or of a full ISO time. */
function gitDate(day: string): string {
  const iso = /^\d{4}-\d\d-\d\d$/.test(day) ? `${day}T12:00:00Z` : day;
  return `@${Math.floor(Date.parse(iso) / 1000)} +0000`;
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`git ${args.join(' ')}: ${String(stderr).trim() || err.message}`));
      else resolve(String(stdout).trim());
    });
  });
}

/** The steps the history is written with (one repository's helpers). */
function builder(dir: string, env: NodeJS.ProcessEnv) {
  const git = (args: string[], day?: string, input?: string) => {
    const e = day ? { ...env, GIT_AUTHOR_DATE: gitDate(day), GIT_COMMITTER_DATE: gitDate(day) } : env;
    if (input === undefined) return run(args, dir, e);
    return new Promise<string>((resolve, reject) => {
      const child = execFile('git', args, { cwd: dir, env: e }, (err, stdout, stderr) => {
        if (err) reject(new Error(`git ${args.join(' ')}: ${String(stderr).trim() || err.message}`));
        else resolve(String(stdout).trim());
      });
      child.stdin?.end(input);
    });
  };

  const write = async (changes: Record<string, string>) => {
    for (const [path, text] of Object.entries(changes)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
  };
  const commit = async (message: string, day: string, changes: Record<string, string>): Promise<string> => {
    await write(changes);
    await git(['add', '-A']);
    await git(['commit', '-q', '-F', '-'], day, message);
    return git(['rev-parse', 'HEAD']);
  };
  const checkout = (name: string) => git(['checkout', '-q', name]);
  const pyproject = (fallback: string, client: string) =>
    `[project]\nname = "llama_stack"\ndynamic = ["version"]\ndependencies = ["llama-stack-client==${client}"]\n\n[dependency-groups]\ndev = ["llama-stack-client==${client}"]\n\n[tool.setuptools_scm]\nfallback_version = "${fallback}"\n`;
  const api = (fallback: string) =>
    `[project]\nname = "llama_stack_api"\ndynamic = ["version"]\n\n[tool.setuptools_scm]\nfallback_version = "${fallback}"\n`;
  const versionFiles = (fallback: string, client: string) => ({
    'pyproject.toml': pyproject(fallback, client),
    'src/llama_stack_api/pyproject.toml': api(fallback),
  });
  // Features touch their own module (so picks never conflict); fixes touch a module line.
  const feature = (area: string, what: string, day: string) =>
    commit(`feat(${area}): ${what}`, day, { [`src/llama_stack/${area}.py`]: `# ${area}\n# ${what}\n` });
  let fixNo = 0;
  const fix = (area: string, what: string, day: string, trailers = '') => {
    fixNo += 1;
    return commit(`fix(${area}): ${what}${trailers ? `\n\n${trailers}` : ''}`, day, {
      [`src/llama_stack/fixes/fix_${fixNo}.py`]: `# ${what}\n`,
    });
  };
  /** A release: bump the version files on the line branch, then an annotated tag. */
  const release = async (line: string, version: string, day: string, client: string) => {
    await checkout(line);
    await commit(`chore(release): ${version}`, day, versionFiles(version, client));
    await git(['tag', '-a', '-m', `Release ${version}`, `v${version}`], day);
  };
  const candidate = async (line: string, version: string, day: string) => {
    await checkout(line);
    await git(['tag', '-a', '-m', `Release candidate ${version}`, `v${version}`], day);
  };
  const cut = async (line: string, day: string) => {
    await checkout('main');
    await git(['branch', line, 'main'], day);
  };
  const pick = async (sha: string, line: string, day: string) => {
    await checkout(line);
    await git(['cherry-pick', '-x', sha], day);
  };
  const onMain = async () => checkout('main');

  return { git, commit, feature, fix, release, candidate, cut, pick, onMain, versionFiles };
}

type Builder = ReturnType<typeof builder>;

/** 0.1 to 0.4: the first release branches. */
async function early(b: Builder, c: Record<string, string>): Promise<void> {
  const { commit, feature, fix, release, candidate, cut, pick, onMain, git, versionFiles } = b;
  c.init = await commit('Initial commit: Llama Stack server and API', '2024-03-04', {
    'README.md': '# Llama Stack (demo)\n',
    ...versionFiles('0.1.0.dev0', '0.1.0'),
    'src/llama_stack/__init__.py': '',
  });
  await feature('inference', 'chat completion API', '2024-04-01');
  await git(['tag', '-a', '-m', 'Release 0.1.0', 'v0.1.0'], '2024-04-15');

  // 0.2: the first release branch.
  await feature('agents', 'agents with tool calling', '2024-06-20');
  await cut('release-0.2.x', '2024-07-01');
  await candidate('release-0.2.x', '0.2.0rc1', '2024-07-03');
  await release('release-0.2.x', '0.2.0', '2024-07-15', '0.2.0');
  await onMain();
  c.fix02 = await fix('agents', 'tool call loop never ends', '2024-07-25');
  await pick(c.fix02, 'release-0.2.x', '2024-07-26');
  await release('release-0.2.x', '0.2.1', '2024-08-05', '0.2.1');

  // 0.3
  await onMain();
  await feature('safety', 'safety shields', '2024-09-10');
  await cut('release-0.3.x', '2024-10-01');
  await candidate('release-0.3.x', '0.3.0rc1', '2024-10-02');
  await release('release-0.3.x', '0.3.0', '2024-10-14', '0.3.0');
  await onMain();
  c.fix03 = await fix('safety', 'shield ignores system prompt', '2024-10-28');
  await pick(c.fix03, 'release-0.3.x', '2024-10-29');
  await pick(c.fix03, 'release-0.2.x', '2024-10-29');
  await release('release-0.3.x', '0.3.1', '2024-11-04', '0.3.1');

  // 0.4
  await onMain();
  await feature('vector_io', 'vector stores', '2024-12-09');
  await cut('release-0.4.x', '2025-01-06');
  await candidate('release-0.4.x', '0.4.0rc1', '2025-01-07');
  await candidate('release-0.4.x', '0.4.0rc2', '2025-01-13');
  await release('release-0.4.x', '0.4.0', '2025-01-20', '0.4.0');
  await onMain();
  c.fix04 = await fix('vector_io', 'wrong distance metric', '2025-02-03');
  await pick(c.fix04, 'release-0.4.x', '2025-02-04');
  await pick(c.fix04, 'release-0.3.x', '2025-02-04');
  await release('release-0.4.x', '0.4.1', '2025-02-10', '0.4.1');
}

/** 1.0 to 1.3, and the unported security fix on main. */
async function stable(b: Builder, c: Record<string, string>): Promise<void> {
  const { commit, feature, fix, release, candidate, cut, pick, onMain, versionFiles } = b;
  // 1.0: the stable API.
  await onMain();
  await feature('responses', 'Responses API', '2025-04-14');
  await commit('feat(api)!: stable v1 API\n\nBREAKING CHANGE: the v1alpha routes are removed', '2025-07-01', {
    'src/llama_stack/api.py': '# v1\n',
  });
  await cut('release-1.0.x', '2025-08-18');
  await candidate('release-1.0.x', '1.0.0rc1', '2025-08-20');
  await candidate('release-1.0.x', '1.0.0rc2', '2025-09-01');
  await release('release-1.0.x', '1.0.0', '2025-09-15', '1.0.0');
  await onMain();
  c.fix10 = await fix('responses', 'streaming drops the last chunk', '2025-09-29');
  await pick(c.fix10, 'release-1.0.x', '2025-09-30');
  await release('release-1.0.x', '1.0.1', '2025-10-06', '1.0.1');

  // 1.1
  await onMain();
  await feature('files', 'files API', '2025-10-20');
  await cut('release-1.1.x', '2025-11-03');
  await candidate('release-1.1.x', '1.1.0rc1', '2025-11-04');
  await release('release-1.1.x', '1.1.0', '2025-11-10', '1.1.0');
  await onMain();
  c.fix11 = await fix('files', 'upload fails above 2 GiB', '2025-11-24');
  await pick(c.fix11, 'release-1.1.x', '2025-11-25');
  await pick(c.fix11, 'release-1.0.x', '2025-11-25');
  await release('release-1.1.x', '1.1.1', '2025-12-01', '1.1.1');
  await release('release-1.0.x', '1.0.2', '2025-12-01', '1.0.2');

  // 1.2
  await onMain();
  await feature('batches', 'batch inference', '2026-01-12');
  await cut('release-1.2.x', '2026-02-02');
  await candidate('release-1.2.x', '1.2.0rc1', '2026-02-04');
  await candidate('release-1.2.x', '1.2.0rc2', '2026-02-10');
  await release('release-1.2.x', '1.2.0', '2026-02-16', '1.2.0');
  await onMain();
  c.fix12 = await fix('batches', 'batch status stuck in queued', '2026-02-23');
  await pick(c.fix12, 'release-1.2.x', '2026-02-24');
  await pick(c.fix12, 'release-1.1.x', '2026-02-24');
  await release('release-1.2.x', '1.2.1', '2026-03-09', '1.2.1');

  // 1.3 is cut and in release candidates; main moves on to 1.4.
  await onMain();
  await feature('eval', 'evaluation harness', '2026-02-25');
  await cut('release-1.3.x', '2026-03-09');
  await candidate('release-1.3.x', '1.3.0rc1', '2026-03-11');
  await onMain();
  await commit('chore: fallback_version 1.4.0.dev0 on main', '2026-03-10', versionFiles('1.4.0.dev0', '1.3.0rc1'));
  await feature('telemetry', 'OpenTelemetry traces', '2026-03-10');
  c.cve = await fix('tools', 'sanitize tool call arguments before logging', '2026-03-12', 'CVE: CVE-2026-0042');
}

/** Builds the repository under `parent` (default: the system's temp folder). */
export async function buildDemoRepo(opts: { parent?: string } = {}): Promise<DemoRepo> {
  const root = await mkdtemp(join(opts.parent ?? tmpdir(), 'trellis-demo-'));
  const home = join(root, 'home');
  const dir = join(root, 'llama-stack');
  await mkdir(home, { recursive: true });
  await writeFile(join(home, '.gitconfig'), GLOBAL_CONFIG);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GIT_CONFIG_GLOBAL: join(home, '.gitconfig'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Demo Maintainer',
    GIT_AUTHOR_EMAIL: 'maintainer@example.com',
    GIT_COMMITTER_NAME: 'Demo Maintainer',
    GIT_COMMITTER_EMAIL: 'maintainer@example.com',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    TZ: 'UTC',
  };
  await mkdir(dir);
  await run(['init', '-q', '--initial-branch=main'], dir, env);
  const b = builder(dir, env);
  const c: Record<string, string> = {};
  await early(b, c);
  await stable(b, c);
  return { root, dir, env, commits: c };
}
