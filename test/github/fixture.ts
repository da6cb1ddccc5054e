/**
 * A project on the test GitHub: `origin` is a local bare repository standing for GitHub's, the
 * workspace is a plain clone of it (what actions/checkout gives, with fetch-depth 0). main holds
 * the policy; lines 1.0 (end-of-life), 1.1 (bugfix, LTS), 1.2 and 1.3 (full) have branches.
 * Pull request #1 was squash-merged on main: it applies cleanly to 1.2, conflicts on 1.1 (which
 * changed conf.txt) and is already on 1.3 (cherry-picked there with -x before).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeRepo, type FixtureRepo } from '../helpers/repo.js';
import type { GitHubServer } from '../helpers/github-server.js';

const exec = promisify(execFile);

export const POLICY = `branches:
  release: release/{major}.{minor}
support:
  lines:
    "1.0": { support: end-of-life }
    "1.1": { support: bugfix, lts: true }
    "1.2": { support: full }
    "1.3": { support: full }
`;

export interface GhProject {
  r: FixtureRepo;
  origin: string;
  workspace: string;
  /** The squash commit of pull request #1. */
  fix: string;
  git(dir: string, ...args: string[]): Promise<string>;
}

const text = (edit: Record<number, string>) => Array.from({ length: 10 }, (_, i) => edit[i] ?? `line ${i}`).join('\n') + '\n';

/** Builds the history, pushes it to a bare origin and clones the workspace; registers pull request #1 on `server`. */
export async function ghProject(server: GitHubServer): Promise<GhProject> {
  const r = await makeRepo();
  const git = async (dir: string, ...args: string[]) => (await exec('git', args, { cwd: dir, env: r.env })).stdout.trim();
  await r.commit('chore: start', { files: { 'app.txt': text({}), 'conf.txt': 'a=1\n', '.trellis.yml': POLICY }, date: '2025-01-01' });
  for (const [i, line] of ['1.0', '1.1', '1.2', '1.3'].entries()) {
    await r.branch(`release/${line}`);
    await r.commit(`feat: ${line}`, {
      files: { 'app.txt': text({ 1: `v${line}`, 2: i >= 2 ? 'two' : 'line 2' }) },
      date: `2025-0${i + 2}-01`,
    });
  }
  const fix = await r.commit('fix: correct conf and line nine (#1)', {
    files: { 'app.txt': text({ 1: 'v1.3', 2: 'two', 9: 'fixed' }), 'conf.txt': 'a=2\n' },
    date: '2025-07-01',
    author: { name: 'Fay Fixer', email: 'fay@example.com' },
  });
  await r.checkout('release/1.1');
  await r.commit('fix: old conf', { files: { 'conf.txt': 'a=old\n' }, date: '2025-07-02' });
  await r.checkout('release/1.3');
  await r.cherryPick(fix, { x: true, date: '2025-07-03' });
  await r.checkout('main');
  const parent = await mkdtemp(join(tmpdir(), 'trellis-gh-'));
  const origin = join(parent, 'origin.git');
  const workspace = join(parent, 'workspace');
  await git(parent, 'init', '-q', '--bare', origin);
  await git(r.dir, 'push', '-q', origin, 'refs/heads/*:refs/heads/*');
  await git(parent, 'clone', '-q', origin, workspace);
  server.addPull({
    title: 'Correct conf and line nine',
    head: { ref: 'fay/fix', sha: fix },
    base: { ref: 'main', sha: fix },
    user: { login: 'fay', id: 3 },
    merge_commit_sha: fix,
    labels: ['backport 1.1', 'backport 1.2', 'backport 1.3', 'backport 1.0', 'bug'],
    commits: [fix],
  });
  return { r, origin, workspace, fix, git };
}

/**
 * A pull request #n into `base` with one commit `subject`, kept on origin only as GitHub keeps it
 * (refs/pull/n/head); returns the `pull_request` webhook payload (action `synchronize`).
 */
export async function pushPullRequest(p: GhProject, n: number, base: string, subject: string): Promise<object> {
  await p.r.checkout(base);
  const head = await p.r.commit(subject, { files: { [`pr-${n}.txt`]: `${subject}\n` }, date: '2026-01-05' });
  await p.r.git('push', '-q', p.origin, `${head}:refs/pull/${n}/head`);
  await p.r.checkout('main');
  return {
    action: 'synchronize',
    number: n,
    pull_request: { number: n, merged: false, head: { ref: `dev/${n}`, sha: head }, base: { ref: base } },
  };
}

/**
 * The project of `ghProject` whose releases write a changelog, pushed: each release commits to
 * its branch, so the release branch and the tag are pushed together.
 */
export async function ghReleaseProject(server: GitHubServer): Promise<GhProject> {
  const p = await ghProject(server);
  await writeFile(join(p.workspace, '.trellis.yml'), `${POLICY}release:\n  changelog: CHANGELOG.md\n`);
  await p.git(p.workspace, 'commit', '-qam', 'chore: write a changelog');
  await p.git(p.workspace, 'push', '-q', 'origin', 'main');
  return p;
}
