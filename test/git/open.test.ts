import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TrellisError } from '../../src/core/errors.js';
import { Git } from '../../src/git/git.js';
import { gitFailure, meaningfulLine } from '../../src/git/run.js';
import { parseGitVersion, requireGit } from '../../src/git/version.js';
import { makeRepo } from '../helpers/repo.js';

async function rejects(p: Promise<unknown>): Promise<TrellisError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TrellisError) return e;
    throw e;
  }
  throw new Error('expected a TrellisError');
}

describe('Git.open', () => {
  it('opens a work tree from its top and from a subfolder', async () => {
    const r = await makeRepo();
    await r.commit('init', { files: { 'sub/a.txt': 'a\n' } });
    const g = await Git.open(join(r.dir, 'sub'), { env: r.env });
    expect(g.workTree).toBe(r.dir);
    expect(g.gitDir).toBe(join(r.dir, '.git'));
    expect(g.commonDir).toBe(join(r.dir, '.git'));
    expect(g.bare).toBe(false);
    expect(g.objectFormat).toBe('sha1');
    expect(g.version.major).toBeGreaterThanOrEqual(2);
    expect(await g.resolve('HEAD')).toBe(await r.rev('HEAD'));
  });

  it('opens a bare repository', async () => {
    const r = await makeRepo();
    await r.commit('init', { files: { 'a.txt': 'a\n' } });
    const bare = await r.cloneBare();
    const g = await Git.open(bare, { env: r.env });
    expect(g.bare).toBe(true);
    expect(g.workTree).toBeNull();
    expect(g.gitDir).toBe(bare);
    expect(await g.resolve('main')).toBe(await r.rev('main'));
  });

  it('opens a linked worktree with its own git dir and the shared common dir', async () => {
    const r = await makeRepo();
    await r.commit('init', { files: { 'a.txt': 'a\n' } });
    const wt = await r.addWorktree('side', { create: true });
    const g = await Git.open(wt, { env: r.env });
    expect(g.workTree).toBe(wt);
    expect(g.commonDir).toBe(join(r.dir, '.git'));
    expect(g.gitDir.startsWith(join(r.dir, '.git', 'worktrees'))).toBe(true);
    expect(await g.resolve('HEAD')).toBe(await r.rev('main'));
  });

  it('opens from inside the .git directory', async () => {
    const r = await makeRepo();
    await r.commit('init');
    const g = await Git.open(join(r.dir, '.git'), { env: r.env });
    expect(g.workTree).toBeNull();
    expect(g.bare).toBe(false);
    expect((await g.refs()).map((x) => x.name)).toEqual(['refs/heads/main']);
  });

  it('says clearly when the folder is not a repository', async () => {
    const r = await makeRepo();
    const dir = mkdtempSync(join(tmpdir(), 'trellis-norepo-'));
    const e = await rejects(Git.open(dir, { env: { ...r.env, GIT_CEILING_DIRECTORIES: tmpdir() } }));
    expect(e.code).toBe('not-a-repository');
    expect(e.exitCode).toBe(2);
    expect(e.message).not.toContain('\n');
    expect(e.message).toMatch(/not a git repository/);
  });

  it('says clearly when the folder does not exist', async () => {
    const r = await makeRepo();
    const e = await rejects(Git.open(join(r.dir, 'no', 'such'), { env: r.env }));
    expect(e.code).toBe('not-a-repository');
    expect(e.message).toMatch(/is not a directory$/);
  });

  it('says clearly when git is missing', async () => {
    const r = await makeRepo();
    const e = await rejects(Git.open(r.dir, { env: r.env, gitPath: '/nonexistent/git-xyz' }));
    expect(e.code).toBe('git');
    expect(e.message).toMatch(/git is not installed/);
  });

  it('turns unknown revisions into unknown-revision errors naming them', async () => {
    const r = await makeRepo();
    await r.commit('init');
    const g = await Git.open(r.dir, { env: r.env });
    const e = await rejects(g.revParse(['main', 'nope', 'v9.9']));
    expect(e.code).toBe('unknown-revision');
    expect(e.message).toBe("unknown revisions 'nope', 'v9.9'");
    const e2 = await rejects(g.log(['nope..main']));
    expect(e2.code).toBe('unknown-revision');
    expect(e2.message).toContain('nope');
    const e3 = await rejects(g.mergeBase('main', 'missing-branch'));
    expect(e3.code).toBe('unknown-revision');
  });

  it('refuses revisions that git would read as options', async () => {
    const r = await makeRepo();
    await r.commit('init');
    const g = await Git.open(r.dir, { env: r.env });
    const e = await rejects(g.log(['--output=/tmp/x']));
    expect(e.code).toBe('bad-input');
    const e2 = await rejects(g.isAncestor('-h', 'main'));
    expect(e2.code).toBe('bad-input');
  });

  it('maps other failures to one line with git’s own words', () => {
    const e = gitFailure(['branch'], "hint: something\nfatal: a branch named 'x' already exists\n", 128);
    expect(e.code).toBe('git');
    expect(e.message).toBe("git branch: a branch named 'x' already exists");
    expect(meaningfulLine('warning: w\nerror: e1\nfatal: f\n')).toBe('e1');
  });
});

describe('git versions', () => {
  it('parses vendor suffixes', () => {
    expect(parseGitVersion('git version 2.39.5\n')).toMatchObject({ major: 2, minor: 39, patch: 5 });
    expect(parseGitVersion('git version 2.43.0.windows.1')).toMatchObject({ major: 2, minor: 43, patch: 0 });
    expect(parseGitVersion('git version 2.39.3 (Apple Git-146)')).toMatchObject({ major: 2, minor: 39, patch: 3 });
  });

  it('names the version needed when git is too old', () => {
    const old = parseGitVersion('git version 2.37.1');
    try {
      requireGit(old, 'mergeTreeWriteTree', 'cherry-picking without a work tree');
      throw new Error('expected failure');
    } catch (e) {
      expect(e).toBeInstanceOf(TrellisError);
      expect((e as TrellisError).code).toBe('git-too-old');
      expect((e as TrellisError).message).toBe('cherry-picking without a work tree needs git 2.38 or newer; this is git 2.37.1');
    }
    expect(() => requireGit(parseGitVersion('git version 2.39.5'), 'mergeTreeWriteTree', 'x')).not.toThrow();
  });
});
