/**
 * `trellis release` on real repositories: version files and post-release bumps (Llama Stack-style),
 * changelog file and tag messages listing changes (Lightspeed-style and Tarantool-style), pre-release sequences,
 * refusals, re-runs after a failure part-way, signed tags, and the user's work tree.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { openRepo, withPolicy } from '../../src/app/context.js';
import { release } from '../../src/app/release.js';
import { loadPolicy } from '../../src/core/policy/load.js';
import type { FixtureRepo } from '../helpers/repo.js';
import { repoWith, run, show, snapshot, subjects } from './fixture.js';

const LLAMA = `versioning:
  scheme: pep440
  prerelease: { labels: [rc], format: "{label}{n}" }
  tag: "v{version}"
branches:
  main: main
  release: "release-{major}.{minor}.x"
support:
  lines:
    "0.3": { support: end-of-life }
versionFiles:
  - { path: pyproject.toml, kind: toml, key: tool.setuptools_scm.fallback_version, value: "{version}", when: [release], branch: line }
  - { path: src/api/pyproject.toml, kind: toml, key: tool.setuptools_scm.fallback_version, value: "{version}", when: [release], branch: line }
  - { path: pyproject.toml, kind: pin, package: llama-stack-client, value: "{version}", when: [release], branch: line }
  - { path: ui/package.json, kind: json, key: dependencies.llama-stack-client, value: "^{version}", when: [post-release], branch: line }
  - { path: pyproject.toml, kind: toml, key: tool.setuptools_scm.fallback_version, value: "{nextDev}", when: [post-release], branch: main }
  - { path: src/api/pyproject.toml, kind: toml, key: tool.setuptools_scm.fallback_version, value: "{nextDev}", when: [post-release], branch: main }
release:
  postRelease: ["Verify all 4 packages published"]
`;

const ROOT = (fallback: string, pin: string) => `[project]
name = "llama_stack"
dynamic = ["version"]

[project.optional-dependencies]
client = [
    "llama-stack-client==${pin}",
]

[dependency-groups]
dev = ["llama-stack-client==${pin}", "pytest"]

[tool.setuptools_scm]
# only for nightly builds
fallback_version = "${fallback}"
`;
const API = (fallback: string) => `[tool.setuptools_scm]\nfallback_version = "${fallback}"\n`;
const UI = (range: string) => `{\n  "name": "ui",\n  "dependencies": {\n    "llama-stack-client": "${range}"\n  }\n}\n`;

/** A Llama Stack-style repository at 0.4.4: main and release-0.4.x, one fix cherry-picked to the line. */
async function llama(): Promise<{ r: FixtureRepo; fix: string; pick: string }> {
  const r = await repoWith(LLAMA, {
    'pyproject.toml': ROOT('0.4.4', '0.4.4'),
    'src/api/pyproject.toml': API('0.4.4'),
    'ui/package.json': UI('^0.4.4'),
  });
  await r.branch('release-0.4.x');
  await r.tag('v0.4.4', { message: 'Release 0.4.4', target: 'release-0.4.x' });
  await r.commit('chore: main moves on', {
    files: { 'pyproject.toml': ROOT('0.4.5.dev0', '0.4.4'), 'src/api/pyproject.toml': API('0.4.5.dev0') },
  });
  const fix = await r.commit('fix(server): reject empty requests\n\nCVE: CVE-2026-1111\n', { files: { 'server.py': 'ok\n' } });
  await r.checkout('release-0.4.x');
  const pick = await r.cherryPick(fix, { x: true });
  await r.checkout('main');
  return { r, fix, pick };
}

describe('release: version files and post-release steps (Llama Stack-style)', () => {
  it('bumps fallback_version and both client pins on the line, tags, then ^version on the line and .dev0 on main', async () => {
    const { r, pick } = await llama();
    await r.git('checkout', '-q', '-b', 'feature', 'main~1');
    await r.write('server.py', 'uncommitted work\n');
    await r.git('add', 'server.py');
    await r.write('notes.txt', 'untracked\n');
    const before = await snapshot(r.dir);

    const res = await run(r, ['release', '0.4']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(
      'released 0.4.5 (line 0.4, branch release-0.4.x, tag v0.4.5): patch release from the commits since v0.4.4',
    );
    expect(res.stdout).toContain('then, by hand:\n  - Verify all 4 packages published');

    const released = await r.rev('v0.4.5^{commit}');
    expect(await r.rev('release-0.4.x~1')).toBe(released);
    expect(await r.rev(`${released}~1`)).toBe(pick);
    expect(await show(r, released, 'pyproject.toml')).toBe(ROOT('0.4.5', '0.4.5'));
    expect(await show(r, released, 'src/api/pyproject.toml')).toBe(API('0.4.5'));
    expect(await show(r, released, 'ui/package.json')).toBe(UI('^0.4.4'));
    expect(await show(r, 'release-0.4.x', 'ui/package.json')).toBe(UI('^0.4.5'));
    expect(await show(r, 'main', 'pyproject.toml')).toBe(ROOT('0.4.6.dev0', '0.4.4'));
    expect(await show(r, 'main', 'src/api/pyproject.toml')).toBe(API('0.4.6.dev0'));
    expect(await r.git('cat-file', '-t', 'v0.4.5')).toBe('tag');
    expect(await r.git('tag', '-l', '--format=%(contents)', 'v0.4.5')).toBe('Release 0.4.5\n');
    expect(await subjects(r, 'v0.4.4..release-0.4.x')).toEqual([
      'chore(release): after 0.4.5 on release-0.4.x',
      'chore(release): 0.4.5',
      'fix(server): reject empty requests',
    ]);
    // The user's work tree, index and HEAD (on another branch, with staged and untracked work) are untouched.
    expect(await snapshot(r.dir)).toEqual(before);

    // Nothing left: a re-run writes nothing.
    const again = await run(r, ['release', '0.4']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing left to do for 0.4.5');
    expect(await subjects(r, 'v0.4.4..release-0.4.x')).toHaveLength(3);
  });

  it('dry run prints the plan and changes nothing; --json carries the plan', async () => {
    const { r } = await llama();
    const refs = await r.git('for-each-ref');
    const dry = await run(r, ['release', '0.4', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would release 0.4.5');
    expect(dry.stdout).toContain('  (commit 1) on release-0.4.x: chore(release): 0.4.5');
    expect(dry.stdout).toContain('      line 7: 0.4.4 -> 0.4.5\n      line 11: 0.4.4 -> 0.4.5\n      line 15: 0.4.4 -> 0.4.5\n');
    expect(dry.stdout).toContain('  v0.4.5 -> (commit 1) (annotated)');
    const json = JSON.parse((await run(r, ['release', '0.4', '--dry-run', '--json'])).stdout) as {
      dryRun: boolean;
      plan: { version: string; commits: unknown[]; tags: Array<{ name: string }> };
    };
    expect(json.dryRun).toBe(true);
    expect(json.plan.version).toBe('0.4.5');
    expect(json.plan.commits).toHaveLength(3);
    expect(json.plan.tags.map((t) => t.name)).toEqual(['v0.4.5']);
    expect(await r.git('for-each-ref')).toBe(refs);
  });

  it('never moves main backwards: a main already at 0.5.0.dev0 keeps it, with a warning, and one file moving forward still moves', async () => {
    const { r } = await llama();
    await r.commit('chore: main is on 0.5 already', { files: { 'pyproject.toml': ROOT('0.5.0.dev0', '0.4.4') } });
    const mainBefore = await r.rev('main');
    const res = await run(r, ['release', '0.4', '--json']);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as {
      plan: { warnings: string[]; commits: Array<{ step: string; branch: string; files: Array<{ path: string }> }> };
    };
    expect(out.plan.warnings).toContain('post-release pyproject.toml on main skipped: it holds 0.5.0.dev0, newer than 0.4.6.dev0');
    const onMain = out.plan.commits.filter((c) => c.branch === 'main');
    expect(onMain.map((c) => c.files.map((f) => f.path))).toEqual([['src/api/pyproject.toml']]);
    expect(await show(r, 'main', 'pyproject.toml')).toContain('fallback_version = "0.5.0.dev0"');
    expect(await show(r, 'main', 'src/api/pyproject.toml')).toBe(API('0.4.6.dev0'));
    expect(await r.rev('main^')).toBe(mainBefore);
  });

  it('uses a bump already committed by hand instead of writing another one', async () => {
    const { r } = await llama();
    await r.checkout('release-0.4.x');
    const manual = await r.commit('chore: prepare 0.4.5', {
      files: { 'pyproject.toml': ROOT('0.4.5', '0.4.5'), 'src/api/pyproject.toml': API('0.4.5') },
    });
    await r.checkout('main');
    const res = await run(r, ['release', '0.4', '--version', '0.4.5']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('already done:\n  version files on release-0.4.x already hold 0.4.5');
    expect(await r.rev('v0.4.5^{commit}')).toBe(manual);
  });
});

describe('release: refusals (exit 2, one line, nothing changed)', () => {
  it('refuses an existing version, one of another line, one going backwards, and an end-of-life line', async () => {
    const { r } = await llama();
    await r.tag('v0.4.2', { message: 'Release 0.4.2', target: 'release-0.4.x~1' });
    await r.branch('release-0.3.x', 'main~2');
    await r.tag('v0.3.9', { message: 'Release 0.3.9', target: 'release-0.3.x' });
    const refs = await r.git('for-each-ref');
    const cases: Array<[string[], string]> = [
      [['release', '0.4', '--version', '0.4.4'], 'trellis: version 0.4.4 already exists (tag v0.4.4)\n'],
      [['release', '0.4', '--version', '0.5.0'], 'trellis: version 0.5.0 belongs to line 0.5, not to line 0.4\n'],
      [['release', '0.4', '--version', '0.4.3'], 'trellis: version 0.4.3 goes backwards: line 0.4 is already at 0.4.4 (tag v0.4.4)\n'],
      [['release', '0.3'], 'trellis: line 0.3 is end-of-life; it takes no more releases\n'],
      [['release', '0.9'], "trellis: no release line '0.9' (lines: 0.5, 0.4, 0.3)\n"],
      [['release', '0.4', '--pre', 'beta'], "trellis: --pre beta: the policy's pre-release labels are rc\n"],
    ];
    for (const [args, err] of cases) {
      const res = await run(r, args);
      expect({ args, code: res.code, err: res.stderr }).toEqual({ args, code: 2, err });
    }
    expect(await r.git('for-each-ref')).toBe(refs);
  });
});

describe('release: re-run after a failure part-way', () => {
  async function ctx(r: FixtureRepo, fault: 'before-refs' | 'after-refs') {
    const clock = { now: () => new Date('2026-05-01T12:00:00Z') };
    return { ...withPolicy(await openRepo({ cwd: r.dir, env: r.env, clock }, r.dir), loadPolicy(LLAMA, '.trellis.yml')), fault };
  }

  it('stopped before the ref transaction: nothing moved; the re-run makes one release commit and one tag', async () => {
    const { r } = await llama();
    const refs = await r.git('for-each-ref');
    await expect(release(await ctx(r, 'before-refs'), { line: '0.4' })).rejects.toThrow('injected fault');
    expect(await r.git('for-each-ref')).toBe(refs);
    const res = await run(r, ['release', '0.4']);
    expect(res.code).toBe(0);
    expect(await r.git('tag', '-l', 'v0.4.5*')).toBe('v0.4.5');
    expect(await subjects(r, 'v0.4.4..release-0.4.x')).toHaveLength(3);
    expect(await subjects(r, 'release-0.4.x..main')).toContain('chore(release): after 0.4.5 on main');
  });

  it('stopped after the transaction: the re-run finds every step done and writes nothing', async () => {
    const { r } = await llama();
    await expect(release(await ctx(r, 'after-refs'), { line: '0.4' })).rejects.toThrow('injected fault');
    const refs = await r.git('for-each-ref');
    const res = await run(r, ['release', '0.4']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('nothing left to do for 0.4.5');
    expect(res.stdout).toContain('tag v0.4.5 exists at');
    expect(await r.git('for-each-ref')).toBe(refs);
  });

  it('the tag made, the post-release bump on main not: the re-run only bumps main', async () => {
    const { r } = await llama();
    const res1 = await run(r, ['release', '0.4']);
    expect(res1.code).toBe(0);
    // Undo only main's post-release commit, as if that part had never happened.
    await r.git('update-ref', 'refs/heads/main', 'main~1');
    await r.git('reset', '-q', '--hard', 'main');
    const res = await run(r, ['release', '0.4']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('released 0.4.5');
    expect(await r.git('tag', '-l', 'v0.4.5*')).toBe('v0.4.5');
    expect(await subjects(r, 'v0.4.4..release-0.4.x')).toHaveLength(3);
    expect(await show(r, 'main', 'pyproject.toml')).toBe(ROOT('0.4.6.dev0', '0.4.4'));
  });
});

describe('release: the flow is chosen by the use case', () => {
  it('a trunk policy that names branches.develop still releases its lines (only flow.model: gitflow merges develop into main)', async () => {
    const { r } = await llama();
    await r.branch('dev');
    const clock = { now: () => new Date('2026-05-01T12:00:00Z') };
    const policy = loadPolicy(LLAMA.replace('  main: main\n', '  main: main\n  develop: dev\n'), '.trellis.yml');
    expect(policy.branches.develop).toBe('dev');
    const result = await release(withPolicy(await openRepo({ cwd: r.dir, env: r.env, clock }, r.dir), policy), {
      line: '0.4',
      dryRun: true,
    });
    expect(result.flow).toBe('trunk');
    expect(result.flow === 'trunk' && result.report.plan.version).toBe('0.4.5');
  });
});

describe('release: worktrees holding a branch that moves', () => {
  it('brings a clean worktree along; refuses a dirty one before writing anything', async () => {
    const { r } = await llama();
    // main is checked out in r.dir and clean.
    const res = await run(r, ['release', '0.4']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`updated the worktree at ${r.dir} (main was checked out there, clean)`);
    expect(await r.git('status', '--porcelain')).toBe('');
    expect((await r.read('pyproject.toml')).toString()).toBe(ROOT('0.4.6.dev0', '0.4.4'));

    const wt = await r.addWorktree('release-0.4.x');
    await writeFile(join(wt, 'server.py'), 'my uncommitted change\n');
    const refs = await r.git('for-each-ref');
    const dirty = await run(r, ['release', '0.4', '--version', '0.4.6']);
    expect(dirty.code).toBe(2);
    expect(dirty.stderr).toBe(
      `trellis: branch release-0.4.x is checked out in ${wt} with uncommitted changes; commit or stash them (or switch that worktree to another branch) and run again (nothing was changed)\n`,
    );
    expect(await r.git('for-each-ref')).toBe(refs);
  });
});

describe('release: pre-releases (Llama Stack-style rcN, Tarantool-style -alphaN)', () => {
  const PEP = `versioning:
  scheme: pep440
  prerelease: { labels: [rc], format: "{label}{n}" }
  tag: "v{version}"
branches:
  release: "release-{major}.{minor}.x"
versionFiles:
  - { path: pyproject.toml, kind: toml, key: tool.setuptools_scm.fallback_version, value: "{version}", when: [prerelease, release] }
release:
  tagMessage: changes
`;
  it('rc1 -> rc2 -> final, each tag listing the changes since the previous tag', async () => {
    const r = await repoWith(PEP, { 'pyproject.toml': API('0.5.0.dev0') });
    await r.branch('release-0.5.x');
    await r.checkout('release-0.5.x');
    await r.commit('feat: streaming responses');
    expect((await run(r, ['release', '0.5', '--pre', 'rc'])).code).toBe(0);
    await r.git('reset', '-q', '--hard');
    await r.commit('fix: stream closes twice');
    const rc2 = await run(r, ['release', '--pre', 'rc']);
    expect(rc2.stderr).toBe('');
    await r.git('reset', '-q', '--hard');
    const final = await run(r, ['release']);
    expect(final.stderr).toBe('');
    expect(await r.git('tag', '-l', '--sort=v:refname')).toBe('v0.5.0\nv0.5.0rc1\nv0.5.0rc2');
    expect(await show(r, 'v0.5.0rc2', 'pyproject.toml')).toBe(API('0.5.0rc2'));
    expect(await show(r, 'v0.5.0', 'pyproject.toml')).toBe(API('0.5.0'));
    expect(await r.git('tag', '-l', '--format=%(contents)', 'v0.5.0rc2')).toMatch(
      /^Pre-release 0\.5\.0rc2\n\nChanges since v0\.5\.0rc1:\n\nFixed:\n- stream closes twice \([0-9a-f]{7}\)\n$/,
    );
    expect(await r.git('tag', '-l', '--format=%(contents)', 'v0.5.0')).toBe('Release 0.5.0\n\nNo notable changes since v0.5.0rc2.\n');
    expect(await r.git('tag', '-l', '--format=%(contents)', 'v0.5.0rc1')).toMatch(
      /^Pre-release 0\.5\.0rc1\n\nChanges in this first release:\n\nAdded:\n- streaming responses/,
    );
    // The same rc again with nothing new: already done.
    const again = await run(r, ['release', '0.5']);
    expect(again.stdout).toContain('nothing left to do for 0.5.0');
  });

  it('an alpha of a new series on master (no branch yet), tag X.Y.0-alpha1 without v', async () => {
    const policy = `versioning:
  scheme: semver
  prerelease: { labels: [alpha, beta, rc], format: "-{label}{n}" }
  tag: "{version}"
branches:
  main: master
  release: "{major}.{minor}"
release:
  tagMessage: changes
  entrypoint: "{major}.{minor}.0-entrypoint"
`;
    const r = await repoWith(policy, {}, 'master');
    await r.tag('3.0.0-entrypoint', { message: 'Entrypoint of 3.0' });
    await r.commit('feat: config module');
    const res = await run(r, ['release', '3.0', '--pre', 'alpha']);
    expect(res.stderr).toBe('');
    expect(await r.rev('3.0.0-alpha1^{commit}')).toBe(await r.rev('master'));
    expect(await r.git('tag', '-l', '--format=%(contents)', '3.0.0-alpha1')).toMatch(
      /^Pre-release 3\.0\.0-alpha1\n\nChanges since 3\.0\.0-entrypoint:\n\nAdded:\n- config module \([0-9a-f]{7}\)\n$/,
    );
    await r.commit('feat: more config');
    await run(r, ['release', '3.0', '--pre', 'alpha']);
    await run(r, ['release', '3.0', '--pre', 'beta']);
    expect(await r.git('tag', '-l', '3.0.0-[ab]*', '--sort=v:refname')).toBe('3.0.0-alpha1\n3.0.0-alpha2\n3.0.0-beta1');
    const back = await run(r, ['release', '3.0', '--pre', 'alpha']);
    expect(back.code).toBe(2);
    expect(back.stderr).toBe('trellis: version 3.0.0-alpha3 goes backwards: line 3.0 is already at 3.0.0-beta1 (tag 3.0.0-beta1)\n');
  });
});

describe('release: changelog file and signed tags (Lightspeed-style)', () => {
  const POLICY = `versioning:
  scheme: semver
  tag: "v{version}"
branches:
  release: "release/{major}.{minor}"
release:
  sign: ssh
  tagMessage: changes
  changelog: CHANGELOG.md
`;
  const CHANGELOG = `# Changelog

## [Unreleased]

## [1.2.0] - 2026-01-10

### Added

- first release
`;

  it('writes the section (CVE in Security, a backport once with its origin) and an SSH-signed tag that git tag -v verifies', async () => {
    const r = await repoWith(POLICY, { 'CHANGELOG.md': CHANGELOG });
    await r.branch('release/1.2');
    await r.tag('v1.2.0', { message: 'Release 1.2.0', target: 'release/1.2' });
    const cve = await r.commit('fix(auth): check token expiry\n\nCVE: CVE-2026-1234\n', { files: { 'auth.py': '1\n' } });
    const feat = await r.commit('feat: export metrics', { files: { 'm.py': '1\n' } });
    await r.checkout('release/1.2');
    const p1 = await r.cherryPick(cve, { x: true });
    await r.cherryPick(feat, { x: true });
    await r.commit('docs: typo', { files: { README: 'x\n' } });
    await r.checkout('main');

    const key = join(r.home, 'id_ed25519');
    const gen = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ada@example.com', '-f', key]);
    expect(gen.status).toBe(0);
    await r.git('config', 'user.signingkey', `${key}.pub`);
    await writeFile(join(r.home, 'allowed_signers'), `cy@example.com ${readFileSync(`${key}.pub`, 'utf8')}`);
    await r.git('config', 'gpg.ssh.allowedSignersFile', join(r.home, 'allowed_signers'));

    const res = await run(r, ['release', '1.2']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const c = (s: string) => s.slice(0, 7);
    const featPick = await r.rev('release/1.2~2');
    expect(await show(r, 'release/1.2', 'CHANGELOG.md')).toBe(`# Changelog

## [Unreleased]

## [1.2.1] - 2026-05-01

### Added

- export metrics (${c(featPick)}, backport of ${c(feat)})

### Security

- **auth:** check token expiry (CVE-2026-1234) (${c(p1)}, backport of ${c(cve)})

## [1.2.0] - 2026-01-10

### Added

- first release
`);
    expect(await r.git('tag', '-l', '--format=%(contents:body)', 'v1.2.1')).toContain('Changes since v1.2.0:');
    expect(await r.git('cat-file', 'tag', 'v1.2.1')).toContain('-----BEGIN SSH SIGNATURE-----');
    const v = spawnSync('git', ['tag', '-v', 'v1.2.1'], { cwd: r.dir, env: r.env, encoding: 'utf8' });
    expect(v.status).toBe(0);
    expect(v.stderr).toContain('Good "git" signature for cy@example.com');
    expect(await r.rev('v1.2.1^{commit}')).toBe(await r.rev('release/1.2'));
  });
});

describe('release: the first release of a line after its branch is cut (Tarantool-style "since the previous tag")', () => {
  const POLICY = (changelog: string) => `versioning:
  scheme: semver
  tag: "v{version}"
branches:
  main: main
  release: "release-{major}.{minor}.x"
release:
  tagMessage: changes
  changelog: ${changelog}
`;
  /** 0.4 cut from main and released; a fix on main carried to 0.4 and released as 0.4.1; then 0.5 cut. */
  async function twoLines(changelog: string): Promise<{ r: FixtureRepo; fork04: string; fix: string }> {
    const r = await repoWith(POLICY(changelog));
    const fork04 = await r.commit('feat: parser', { files: { 'parser.c': 'parse();\n' } });
    await r.branch('release-0.4.x');
    expect((await run(r, ['release', '0.4'])).stderr).toBe('');
    const fix = await r.commit('fix: crash in parser', { files: { 'parser.c': 'parse() || 0;\n' } });
    await r.checkout('release-0.4.x');
    await r.git('cherry-pick', '-x', fix);
    await r.checkout('main');
    expect((await run(r, ['release', '0.4'])).stderr).toBe('');
    await r.commit('feat: streaming', { files: { 'stream.c': 'stream();\n' } });
    await r.branch('release-0.5.x');
    return { r, fork04, fix };
  }

  it('counts from the previous line’s release that the branch contains, never from a tag it does not contain', async () => {
    const { r, fix } = await twoLines('false');
    // v0.4.0 stands where release-0.4.x left main; v0.4.1 is on release-0.4.x only.
    expect(await r.git('merge-base', '--is-ancestor', 'v0.4.0', 'release-0.5.x').then(() => true)).toBe(true);
    const res = await run(r, ['release', '0.5']);
    expect(res.stderr).toBe('');
    const body = await r.git('tag', '-l', '--format=%(contents)', 'v0.5.0');
    expect(body).toMatch(/^Release 0\.5\.0\n\nChanges since v0\.4\.0:\n/);
    // The fix is new since v0.4.0 in 0.5's history; its copy released in 0.4.1 does not remove it.
    expect(body).toContain(`- crash in parser (${fix.slice(0, 7)})`);
    expect(body).toMatch(/- streaming \([0-9a-f]{7}\)/);
    const log = await run(r, ['changelog', '--line', '0.4', '--json']);
    expect((JSON.parse(log.stdout) as { from: string }).from).toBe('v0.4.1');
  });

  it('without such a release, counts from where the previous line left the development branch', async () => {
    const { r, fork04 } = await twoLines('CHANGELOG.md');
    // The changelog commit of 0.4.0 put v0.4.0 on release-0.4.x only.
    expect(
      await r.git('merge-base', '--is-ancestor', 'v0.4.0', 'release-0.5.x').then(
        () => true,
        () => false,
      ),
    ).toBe(false);
    const before = JSON.parse((await run(r, ['changelog', '--line', '0.5', '--json'])).stdout) as {
      from: string;
      sections: Array<{ entries: Array<{ subject: string }> }>;
    };
    expect(before.from).toBe(fork04.slice(0, 10));
    expect(before.sections.flatMap((s) => s.entries.map((e) => e.subject)).sort()).toEqual(['crash in parser', 'streaming']);
    expect((await run(r, ['release', '0.5'])).stderr).toBe('');
    expect(await r.git('tag', '-l', '--format=%(contents)', 'v0.5.0')).toMatch(
      new RegExp(`^Release 0\\.5\\.0\\n\\nChanges since ${fork04.slice(0, 10)}:\\n`),
    );
    const file = await show(r, 'release-0.5.x', 'CHANGELOG.md');
    expect(file).toContain('## [0.5.0] - 2026-05-01');
    expect(file.slice(file.indexOf('## [0.5.0]'))).toMatch(/### Added\n\n- streaming/);
  });
});
