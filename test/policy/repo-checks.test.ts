/**
 * A policy checked against its repository: `policy check` reports version files that are missing
 * (or whose key does not resolve) at the branches they are written on, located at the entry and
 * naming the branch; it warns about LTS lines without a duration and tags the scheme drops; every
 * command that reads the policy prints the same as warnings on stderr.
 */
import { describe, expect, it } from 'vitest';
import { policyCheck } from '../../src/app/policy-check.js';
import { trellis } from '../helpers/cli.js';
import { makeRepo, type FixtureRepo } from '../helpers/repo.js';

const POLICY = `versioning:
  scheme: semver
  tag: ["v{version}", "{version}"]
branches:
  main: main
  release: "release/{major}.{minor}"
support:
  bugfix: 12 months
  lts:
    lines: ["0.4"]
versionFiles:
  - path: pyproject.toml
    kind: toml
    key: project.version
  - path: src/app/__init__.py
    kind: regex
    pattern: '__version__ = "([^"]+)"'
  - path: release-notes/{version}.md
    kind: regex
    when: [post-release]
  - path: pyproject.toml
    kind: toml
    key: tool.setuptools_scm.fallback_version
    value: "{nextDev}"
    when: [post-release]
    branch: main
`;

const TOML = '[project]\nname = "app"\nversion = "0.4.0"\n';

/** main with pyproject.toml; release/0.4 (released 0.4.0, 0.4.3.1) and release/0.5 (0.5.0, without __init__.py). */
async function repo(): Promise<FixtureRepo> {
  const r = await makeRepo();
  await r.commit('feat: start', {
    files: { 'pyproject.toml': TOML, 'src/app/__init__.py': '__version__ = "0.4.0"\n', '.trellis.yml': POLICY },
    date: '2026-01-05',
  });
  await r.tag('v0.1'); // matches v{version}: read as the release 0.1.0, not dropped
  await r.branch('release/0.4');
  await r.checkout('release/0.4');
  await r.tag('v0.4.0', { message: '0.4.0', date: '2026-01-06' });
  await r.commit('fix: a', { files: { 'a.txt': '1\n' }, date: '2026-01-10' });
  await r.tag('0.4.3.1', { message: '0.4.3.1', date: '2026-01-10' }); // matches {version}, not SemVer
  await r.checkout('main');
  await r.commit('refactor: move the version', { files: { 'src/app/__init__.py': null }, date: '2026-02-01' });
  await r.branch('release/0.5');
  await r.checkout('release/0.5');
  await r.tag('v0.5.0', { message: '0.5.0', date: '2026-02-02' });
  await r.checkout('main');
  return r;
}

const now = '2026-03-01T12:00:00Z';

describe('policy check in a repository', () => {
  it('locates a version file missing at a line branch and a key that does not resolve, naming the branches', async () => {
    const r = await repo();
    await r.checkout('release/0.4');
    await r.commit('chore: drop the static version', { files: { 'pyproject.toml': '[project]\nname = "app"\n' }, date: '2026-02-10' });
    await r.checkout('main');
    const res = await trellis(['policy', 'check'], { cwd: r.dir, env: r.env, now });
    expect(res.code).toBe(2);
    expect(res.stdout.split('\n')).toEqual([
      ".trellis.yml:3:8: warning: 1 tag matches the tag template but is not a semver version ('0.4.3.1'): ignored, as if never released",
      '.trellis.yml:10:12: warning: LTS line 0.4 gets no longer support than the others: support.lts.duration is not set (e.g. "24 months")',
      '.trellis.yml:14:10: on release/0.4 (line 0.4): pyproject.toml: key project.version not found',
      '.trellis.yml:15:11: src/app/__init__.py does not exist on release/0.5 (line 0.5), where this version file is written',
      '.trellis.yml:23:10: on main (branches.main): pyproject.toml: key tool.setuptools_scm.fallback_version not found',
      '',
    ]);
    expect(res.stderr).toBe('trellis: 3 problems in .trellis.yml (2 warnings)\n');
  });

  it('gives the same as data, with the warnings', async () => {
    const r = await repo();
    const report = await policyCheck({ cwd: r.dir, env: r.env, clock: { now: () => new Date(now) } });
    expect(report.problems.map((p) => [p.path, p.message])).toEqual([
      ['versionFiles[1].path', 'src/app/__init__.py does not exist on release/0.5 (line 0.5), where this version file is written'],
      ['versionFiles[3].key', 'on main (branches.main): pyproject.toml: key tool.setuptools_scm.fallback_version not found'],
    ]);
    expect(report.warnings.map((p) => p.path)).toEqual(['versioning.tag', 'support.lts.lines']);
    const json = await trellis(['policy', 'check', '--json'], { cwd: r.dir, env: r.env, now });
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, problems: report.problems, warnings: report.warnings });
  });

  it('is OK when the files are there; warnings alone keep exit 0', async () => {
    const r = await repo();
    await r.write(
      '.trellis.yml',
      POLICY.replace(/ {2}- path: src\/app[\s\S]*?pattern: .*\n/, '').replace(
        / {2}- path: pyproject.toml\n {4}kind: toml\n {4}key: tool[\s\S]*$/,
        '',
      ),
    );
    const res = await trellis(['policy', 'check'], { cwd: r.dir, env: r.env, now });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/\n\.trellis\.yml: OK \(2 warnings\)\n$/);
    expect(res.stderr).toBe('');
  });
});

describe('policy check without version files on line branches', () => {
  it('reads names only: a file on main, and the tags the scheme drops', async () => {
    const r = await repo();
    await r.write(
      '.trellis.yml',
      'versioning:\n  tag: ["v{version}", "{version}"]\nversionFiles:\n  - { path: VERSION, kind: regex, pattern: "(.*)", branch: main }\n',
    );
    const report = await policyCheck({ cwd: r.dir, env: r.env, clock: { now: () => new Date(now) } });
    expect(report.problems.map((p) => p.message)).toEqual([
      'VERSION does not exist on main (branches.main), where this version file is written',
    ]);
    expect(report.warnings.map((p) => p.message)).toEqual([
      "1 tag matches the tag template but is not a semver version ('0.4.3.1'): ignored, as if never released",
    ]);
  });
});

describe('versioning.ignoreTags', () => {
  it('names tags that are not releases: no warning, not read as versions; * stands for any characters', async () => {
    const r = await repo();
    await r.commit('feat: more', { files: { 'b.txt': '1\n' }, date: '2026-02-20' });
    await r.tag('v0.5.0-broken'); // a SemVer pre-release a template matches: read as one until ignored
    const policy = (ignore: string) =>
      `versioning:\n  tag: ["v{version}", "{version}"]\n  ignoreTags: ${ignore}\nbranches:\n  release: "release/{major}.{minor}"\n`;
    const check = async () => (await policyCheck({ cwd: r.dir, env: r.env, clock: { now: () => new Date(now) } })).warnings;
    const prereleases = async () => {
      const out = await trellis(['status', '--json'], { cwd: r.dir, env: r.env, now });
      return (JSON.parse(out.stdout) as { lines: Array<{ line: string; prereleases: string[] }> }).lines.find((l) => l.line === '0.5')
        ?.prereleases;
    };
    const described = async () => {
      const out = await trellis(['version', 'describe', '--json'], { cwd: r.dir, env: r.env, now });
      expect(out.code).toBe(0);
      return JSON.parse(out.stdout) as { tag: string; distance: number };
    };
    await r.write('.trellis.yml', policy('[]'));
    expect((await check()).map((w) => w.path)).toEqual(['versioning.tag']);
    expect(await prereleases()).toEqual(['0.5.0-broken']);
    expect(await described()).toMatchObject({ tag: 'v0.5.0-broken', distance: 0 });
    await r.write('.trellis.yml', policy('["0.4.3.1", "v*-broken"]'));
    expect(await check()).toEqual([]);
    expect(await prereleases()).toEqual([]);
    expect(await described()).toMatchObject({ tag: 'v0.5.0', distance: 1 });
  });
});

describe('every command that reads the policy', () => {
  it('prints the findings as warnings on stderr after its output, and only its error when it fails', async () => {
    const r = await repo();
    const status = await trellis(['status'], { cwd: r.dir, env: r.env, now });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('Release lines on 2026-03-01');
    expect(status.stderr.split('\n')).toEqual([
      expect.stringMatching(/^trellis: warning: \.trellis\.yml:3:8: 1 tag matches the tag template but is not a semver version/),
      expect.stringMatching(/^trellis: warning: \.trellis\.yml:10:12: LTS line 0\.4 gets no longer support/),
      'trellis: warning: .trellis.yml:15:11: src/app/__init__.py does not exist on release/0.5 (line 0.5), where this version file is written',
      'trellis: warning: .trellis.yml:23:10: on main (branches.main): pyproject.toml: key tool.setuptools_scm.fallback_version not found',
      '',
    ]);
    const target = await trellis(['target', '--kind', 'bugfix', '--policy', '.trellis.yml'], { cwd: r.dir, env: r.env, now });
    expect(target.code).toBe(0);
    expect(target.stderr.match(/^trellis: warning: /gm)).toHaveLength(4);
    const bad = await trellis(['status', '--date', 'tomorrow'], { cwd: r.dir, env: r.env, now });
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')).toHaveLength(2);
    // Commands that read no policy say nothing about it.
    const v = await trellis(['version', 'describe'], { cwd: r.dir, env: r.env, now });
    expect(v.stderr).not.toContain('warning');
  });
});
