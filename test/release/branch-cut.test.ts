/**
 * `trellis branch cut` on real repositories, one story per branch template shape: Llama Stack-style
 * release-X.Y.x with the .dev0 bump on main, Tarantool-style X.Y with the entrypoint (checked with the
 * real `git describe`), Lightspeed-style per-release release/X.Y.Z branches.
 */
import { describe, expect, it } from 'vitest';
import { repoWith, run, show, snapshot, subjects } from './fixture.js';

const LLAMA = `versioning:
  scheme: pep440
  prerelease: { labels: [rc], format: "{label}{n}" }
  tag: "v{version}"
branches:
  main: main
  release: "release-{major}.{minor}.x"
versionFiles:
  - { path: pyproject.toml, kind: toml, key: tool.setuptools_scm.fallback_version, value: "{version}", when: [branch-cut, release], branch: line }
  - { path: pyproject.toml, kind: toml, key: tool.setuptools_scm.fallback_version, value: "{nextMinor}.dev0", when: [branch-cut], branch: main }
`;
const PYPROJECT = (v: string) =>
  `[project]\nname = "demo"\ndynamic = ["version"]\n\n[tool.setuptools_scm]\n# nightly builds\nfallback_version = "${v}"\n`;

describe('branch cut: release-X.Y.x (Llama Stack-style)', () => {
  it('cuts the next line from main, sets its version and bumps main to the next .dev0', async () => {
    const r = await repoWith(LLAMA, { 'pyproject.toml': PYPROJECT('0.4.0.dev0') });
    await r.branch('release-0.4.x');
    await r.tag('v0.4.0', { message: 'Release 0.4.0', target: 'release-0.4.x' });
    const base = await r.commit('feat: something for 0.5', { files: { 'a.txt': 'a\n' } });
    await r.checkout('release-0.4.x');
    const before = await snapshot(r.dir);

    const dry = await run(r, ['branch', 'cut', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would cut release-0.5.x for line 0.5 (first version 0.5.0) from main');
    expect(dry.stdout).toContain('line 7: 0.4.0.dev0 -> 0.6.0.dev0');
    expect(await r.git('branch', '--list', 'release-0.5.x')).toBe('');

    const res = await run(r, ['branch', 'cut']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(await r.rev('release-0.5.x~1')).toBe(base);
    expect(await show(r, 'release-0.5.x', 'pyproject.toml')).toBe(PYPROJECT('0.5.0'));
    expect(await show(r, 'main', 'pyproject.toml')).toBe(PYPROJECT('0.6.0.dev0'));
    expect(await r.rev('main~1')).toBe(base);
    expect(await subjects(r, 'main~1..main')).toEqual(['chore(release): development continues after cutting release-0.5.x']);
    // HEAD was on release-0.4.x: the work tree and index are untouched.
    expect(await snapshot(r.dir)).toEqual(before);

    // Run again for the same line: everything is there, nothing is written twice.
    const again = await run(r, ['branch', 'cut', '0.5']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing left to do for release-0.5.x');
    expect(await subjects(r, 'main~2..main')).toHaveLength(2);
  });

  it('refuses a line that already has another branch, and a version file that is missing', async () => {
    const r = await repoWith(LLAMA, { 'pyproject.toml': PYPROJECT('0.4.0.dev0') });
    await r.branch('release-0.4.x');
    const missing = await repoWith(LLAMA, {});
    await missing.branch('release-0.4.x');
    const res = await run(missing, ['branch', 'cut']);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe('trellis: pyproject.toml: file not found (it holds the key tool.setuptools_scm.fallback_version)\n');
    expect(await missing.git('branch', '--list', 'release-0.5.x')).toBe('');
    const bad = await run(r, ['branch', 'cut', 'x.y']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("trellis: 'x.y' is not a line (write X.Y, e.g. 0.5)\n");
  });
});

const TARANTOOL = `versioning:
  scheme: semver
  prerelease: { labels: [alpha, beta, rc], format: "-{label}{n}" }
  tag: "{version}"
branches:
  main: master
  release: ["{major}.{minor}", { template: "archive/{major}.{minor}", eol: true }]
release:
  tagMessage: changes
  entrypoint: "{major}.{minor}.0-entrypoint"
`;

describe('branch cut: X.Y with entrypoint (Tarantool-style)', () => {
  it('forks X.Y from master, then an empty commit on master tagged X.(Y+1).0-entrypoint that the branch cannot reach', async () => {
    const r = await repoWith(TARANTOOL, { 'src/box.c': 'int box;\n' }, 'master');
    await r.tag('3.2.0-entrypoint', { message: 'Entrypoint of 3.2' });
    await r.commit('feat: new index type', { files: { 'src/box.c': 'int box;\nint index;\n' } });
    const forked = await r.commit('fix: crash on empty space', { files: { 'src/space.c': 'x\n' } });
    await r.checkout(forked); // detached: master and the new branch are not checked out
    const res = await run(r, ['branch', 'cut']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('cut 3.2 for line 3.2 (first version 3.2.0) from master');
    expect(res.stdout).toContain('entrypoint: 3.3.0-entrypoint on the development branch');

    expect(await r.rev('3.2')).toBe(forked);
    const dummy = await r.rev('master');
    expect(await r.rev('master~1')).toBe(forked);
    expect(await r.rev('master^{tree}')).toBe(await r.rev(`${forked}^{tree}`)); // empty commit
    expect(await r.git('cat-file', '-t', 'refs/tags/3.3.0-entrypoint')).toBe('tag'); // annotated
    expect(await r.rev('3.3.0-entrypoint^{commit}')).toBe(dummy);
    // git describe: master counts from the new entrypoint, the 3.2 branch does not see it.
    expect(await r.git('describe', '--always', '--long', 'master')).toBe(`3.3.0-entrypoint-0-g${dummy.slice(0, 7)}`);
    expect(await r.git('describe', '--always', '--long', '3.2')).toBe(`3.2.0-entrypoint-2-g${forked.slice(0, 7)}`);
    await r.commit('feat: next thing');
    expect(await r.git('describe', '--always', '--long', 'master')).toMatch(/^3\.3\.0-entrypoint-0-g/);
    await r.checkout('master');
    await r.commit('feat: on master after the cut');
    expect(await r.git('describe', '--long', 'master')).toMatch(/^3\.3\.0-entrypoint-1-g[0-9a-f]{7}$/);
    const status = await run(r, ['status', '--json']);
    expect(status.code).toBe(0);
  });
});

const LIGHTSPEED = `versioning:
  scheme: semver
  prerelease: { labels: [alpha, beta, rc], format: "-{label}.{n}" }
  tag: ["v{version}", "{version}"]
branches:
  main: main
  release: ["release/{major}.{minor}.{patch}", "release/{major}.{minor}"]
versionFiles:
  - { path: pyproject.toml, kind: toml, key: project.version, value: "{version}", when: [branch-cut, release] }
`;

describe('branch cut: release/X.Y.Z per-release branches (Lightspeed-style)', () => {
  it('cuts release/1.2.1 from release/1.2.0 with the version bumped, and a new line from main', async () => {
    const r = await repoWith(LIGHTSPEED, { 'pyproject.toml': '[project]\nname = "lcs"\nversion = "1.2.0"\n' });
    await r.branch('release/1.2.0');
    await r.tag('v1.2.0', { message: 'Release 1.2.0', target: 'release/1.2.0' });
    await r.checkout('release/1.2.0');
    const fix = await r.commit('fix: a fix on 1.2.0', { files: { 'f.txt': 'f\n' } });
    await r.checkout('main');
    await r.commit('feat: next', { files: { 'n.txt': 'n\n' } });

    const patch = await run(r, ['branch', 'cut', '1.2']);
    expect(patch.stderr).toBe('');
    expect(patch.stdout).toContain('cut release/1.2.1 for line 1.2 (first version 1.2.1) from release/1.2.0');
    expect(await r.rev('release/1.2.1~1')).toBe(fix);
    expect(await show(r, 'release/1.2.1', 'pyproject.toml')).toBe('[project]\nname = "lcs"\nversion = "1.2.1"\n');
    expect(await subjects(r, 'release/1.2.0..release/1.2.1')).toEqual(['chore(release): start release/1.2.1 for 1.2.1']);

    const line = await run(r, ['branch', 'cut', '--json']);
    expect(line.code).toBe(0);
    const json = JSON.parse(line.stdout) as { plan: { branch: string; version: string; from: { name: string } } };
    expect(json.plan).toMatchObject({ branch: 'release/1.3.0', version: '1.3.0', from: { name: 'main' } });
    expect(await show(r, 'release/1.3.0', 'pyproject.toml')).toBe('[project]\nname = "lcs"\nversion = "1.3.0"\n');
  });
});
