/**
 * Helpers for the end-to-end stories (one per seed document): a real repository made by the
 * test, the CLI run in-process as a release manager would type it, with the day of each step
 * fixed — the CLI's clock and git's own clock (author and committer dates of the commits and
 * tags Trellis writes) both say that day.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { trellis, type CliResult } from '../helpers/cli.js';
import { gitDate, makeRepo, type FixtureRepo } from '../helpers/repo.js';

export interface Story {
  r: FixtureRepo;
  /** `trellis ARGS` on day `day` (YYYY-MM-DD, noon UTC), in the repository's work tree. */
  run(day: string, ...args: string[]): Promise<CliResult>;
  /** `trellis ARGS` with `stdin` as its standard input. */
  pipe(stdin: string, day: string, ...args: string[]): Promise<CliResult>;
  /** Like {@link run}, and the command must succeed (exit 0) with nothing on stderr. */
  ok(day: string, ...args: string[]): Promise<string>;
  /** A file's text at a revision. */
  show(rev: string, path: string): Promise<string>;
  /** Branch names (short), sorted. */
  branches(): Promise<string[]>;
  /** Tag names, sorted by version. */
  tags(pattern?: string): Promise<string[]>;
  /** `git tag -v`: exit code and stderr. */
  verifyTag(tag: string): { status: number | null; stderr: string };
}

/** A repository on `branch` where `trellis init --preset NAME` has been run and committed. */
export async function story(
  preset: string,
  opts: { branch?: string; day: string; edit?: (policy: string) => string; files?: Record<string, string> },
): Promise<Story> {
  const r = await makeRepo({ branch: opts.branch ?? 'main' });
  const pipe = (stdin: string, day: string, ...args: string[]): Promise<CliResult> => {
    const d = gitDate(day);
    return trellis(args, { cwd: r.dir, env: { ...r.env, GIT_AUTHOR_DATE: d, GIT_COMMITTER_DATE: d }, now: `${day}T12:00:00Z`, stdin });
  };
  const run = (day: string, ...args: string[]): Promise<CliResult> => pipe('', day, ...args);
  const ok = async (day: string, ...args: string[]): Promise<string> => {
    const res = await run(day, ...args);
    expect(res.code, `trellis ${args.join(' ')}\n${res.stdout}${res.stderr}`).toBe(0);
    expect(res.stderr, `trellis ${args.join(' ')}`).toBe('');
    return res.stdout;
  };
  const s: Story = {
    r,
    run,
    pipe,
    ok,
    show: async (rev, path) => `${await r.git('cat-file', 'blob', `${rev}:${path}`)}\n`,
    branches: async () => (await r.git('for-each-ref', '--format=%(refname:short)', 'refs/heads')).split('\n').filter(Boolean).sort(),
    tags: async (pattern = '*') => (await r.git('tag', '-l', '--sort=v:refname', pattern)).split('\n').filter(Boolean),
    verifyTag: (tag) => {
      const v = spawnSync('git', ['tag', '-v', tag], { cwd: r.dir, env: r.env, encoding: 'utf8' });
      return { status: v.status, stderr: v.stderr };
    },
  };
  expect(await ok(opts.day, 'init', '--preset', preset)).toMatch(/^wrote \.trellis\.yml \(preset /);
  const policy = readFileSync(join(r.dir, '.trellis.yml'), 'utf8');
  await r.commit('chore: adopt trellis', {
    files: { '.trellis.yml': opts.edit ? opts.edit(policy) : policy, ...opts.files },
    date: opts.day,
  });
  return s;
}

/** An SSH signing key made for this test, set as the repository's signing key (git tag -v verifies with it). */
export function sshSigningKey(r: FixtureRepo): void {
  const key = join(r.home, 'id_ed25519');
  const gen = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'cy@example.com', '-f', key], { env: r.env });
  expect(gen.status).toBe(0);
  spawnSync('git', ['config', 'gpg.format', 'ssh'], { cwd: r.dir, env: r.env });
  spawnSync('git', ['config', 'user.signingkey', `${key}.pub`], { cwd: r.dir, env: r.env });
  writeFileSync(join(r.home, 'allowed_signers'), `cy@example.com ${readFileSync(`${key}.pub`, 'utf8')}`);
  spawnSync('git', ['config', 'gpg.ssh.allowedSignersFile', join(r.home, 'allowed_signers')], { cwd: r.dir, env: r.env });
}

/** A developer's commit on `branch` (checked out for the commit, then back to `back`). */
export async function commitOn(
  r: FixtureRepo,
  branch: string,
  message: string,
  files: Record<string, string>,
  date: string,
  back?: string,
): Promise<string> {
  const head = back ?? (await r.git('symbolic-ref', '--short', 'HEAD'));
  await r.checkout(branch);
  const sha = await r.commit(message, { files, date });
  await r.checkout(head);
  return sha;
}
