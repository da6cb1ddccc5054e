/**
 * A release never deletes what it does not name. With `release.changelog: src` (a folder) the
 * first version planned `src (new file)` and the tagged tree lost everything under `src/`; with
 * `pyproject.toml/CHANGELOG.md` it lost `pyproject.toml`; `.GIT/config` was reported written but
 * left out. Now: the policy check refuses paths git would not store or that leave the
 * repository, the release refuses (dry run too) a path that is a folder or sits under a file,
 * and the tree writer refuses both again before anything is written.
 */
import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../src/core/policy/load.js';
import { repoFilePathProblem } from '../../src/core/repo-path.js';
import { Git } from '../../src/git/index.js';
import { makeRepo } from '../helpers/repo.js';
import { repoWith, run, snapshot } from './fixture.js';

const POLICY = (changelog: string) => `versioning:
  scheme: semver
  tag: "v{version}"
branches:
  main: main
  release: "release-{major}.{minor}"
release:
  changelog: "${changelog}"
`;

const FILES = { 'src/app.py': 'print("app")\n', 'src/lib/util.py': 'x = 1\n', 'pyproject.toml': '[project]\nname = "p"\n' };

async function refsOf(r: { git(...a: string[]): Promise<string> }): Promise<string> {
  return r.git('for-each-ref', '--format=%(refname) %(objectname)');
}

describe('release: a changelog path that is not a plain file inside the repository', () => {
  it.each([
    ['src', "'src' is a folder on release-1.4"],
    ['pyproject.toml/CHANGELOG.md', "'pyproject.toml' is a file there, not a folder"],
  ])('refuses %s before writing anything, dry run included, and the tagged tree keeps its files', async (changelog, message) => {
    const r = await repoWith(POLICY(changelog), FILES);
    await r.branch('release-1.4');
    await r.tag('v1.4.0', { message: 'Release 1.4.0', target: 'release-1.4' });
    await r.checkout('release-1.4');
    await r.commit('fix: a bug', { files: { 'src/app.py': 'print("fixed")\n' } });
    await r.checkout('main');
    const refs = await refsOf(r);
    const work = await snapshot(r.dir);

    for (const args of [
      ['release', '1.4', '--dry-run'],
      ['release', '1.4'],
    ]) {
      const res = await run(r, args);
      expect(res.code, res.stdout + res.stderr).toBe(2);
      expect(res.stderr).toContain(message);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stdout).toBe('');
    }
    expect(await refsOf(r)).toBe(refs);
    expect(await snapshot(r.dir)).toEqual(work);
    expect(await r.git('ls-tree', '-r', '--name-only', 'release-1.4')).toContain('src/lib/util.py');
  });

  it.each(['.GIT/config', '.git./config', 'a/.Git /x', 'git~1/config', '../outside.md', '/etc/changelog', 'docs//x.md', 'a\\b.md'])(
    'policy check refuses %s with its location',
    (path) => {
      const res = checkPolicy(POLICY(path).replace(/"/g, "'"), '.trellis.yml');
      const problem = res.problems.find((p) => p.message.includes('cannot name a file in the repository'));
      expect(problem, JSON.stringify(res.problems)).toBeDefined();
      expect([problem!.line, problem!.col]).toEqual([8, 14]);
    },
  );

  it('policy check accepts ordinary files and checks version files, notes and the opt-out file too', () => {
    expect(checkPolicy(POLICY('docs/CHANGELOG.md')).problems).toEqual([]);
    const text = `${POLICY('CHANGELOG.md')}versionFiles:
  - { path: ../pyproject.toml, kind: toml, key: project.version, value: "{version}" }
backport:
  optOutFile: .git/opt-out
flow:
  prepare:
    notes: /tmp/notes-{version}.md
`;
    const messages = checkPolicy(text).problems.map((p) => `${p.line}: ${p.message}`);
    expect(messages).toEqual([
      "10: '../pyproject.toml' cannot name a file in the repository: its component '..' leaves the repository",
      "12: '.git/opt-out' cannot name a file in the repository: its component '.git' names git's own folder",
      "15: '/tmp/notes-{version}.md' cannot name a file in the repository: it is absolute: name a file inside the repository, relative to its root",
    ]);
  });
});

describe('the tree writer (updateTree) refuses to replace a folder, a file above the path, or git’s folder', () => {
  it('writes an ordinary file and refuses the rest, leaving the base tree as it was', async () => {
    const r = await makeRepo();
    await r.commit('initial', { files: FILES });
    await r.gitWith(
      ['update-index', '--add', '--cacheinfo', `120000,${await r.gitWith(['hash-object', '-w', '--stdin'], { input: 'src/app.py' })},link`],
      {},
    );
    await r.git('commit', '-q', '-m', 'a symlink');
    const git = await Git.open(r.dir);
    const base = await r.git('rev-parse', 'HEAD^{tree}');

    const ok = await git.updateTree(base, [{ path: 'CHANGELOG.md', content: '# Changes\n' }]);
    expect(await r.git('ls-tree', '-r', '--name-only', ok)).toBe(
      ['CHANGELOG.md', 'link', 'pyproject.toml', 'src/app.py', 'src/lib/util.py'].join('\n'),
    );

    const refused: Array<[string, string]> = [
      ['src', 'it is a folder in the tree'],
      ['src/lib', 'it is a folder in the tree'],
      ['pyproject.toml/CHANGELOG.md', "'pyproject.toml' is a file in the tree"],
      ['src/app.py/x/y', "'src/app.py' is a file in the tree"],
      ['link', 'it is a symbolic link'],
      ['.GIT/config', "names git's own folder"],
      ['.git./config', "names git's own folder"],
      ['a/../b', "'..' leaves the repository"],
    ];
    for (const [path, message] of refused) {
      await expect(git.updateTree(base, [{ path, content: 'x\n' }]), path).rejects.toThrow(message);
    }
    await expect(git.updateTree(base, [{ path: 'src', content: null }])).rejects.toThrow('it is a folder in the tree');
  });

  it('names the problem of each path in one line', () => {
    expect(repoFilePathProblem('CHANGELOG.md')).toBeNull();
    expect(repoFilePathProblem('docs/notes/1.2.md')).toBeNull();
    expect(repoFilePathProblem('.github/CHANGELOG.md')).toBeNull();
    expect(repoFilePathProblem('.gitignore')).toBeNull();
    expect(repoFilePathProblem('')).toBe('it is empty');
    expect(repoFilePathProblem('a\nb')).toBe('it contains a control character');
    expect(repoFilePathProblem('docs/')).toBe("it ends with '/': name a file, not a folder");
    expect(repoFilePathProblem('C:/x')).toMatch(/absolute/);
  });
});
