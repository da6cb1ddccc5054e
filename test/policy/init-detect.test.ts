import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRepoShape, releaseTemplateOf, type RepoShape } from '../../src/core/policy/detect.js';
import { DEFAULT_CHOICES, renderDetectedPolicy } from '../../src/core/policy/detect-render.js';
import { loadPolicy } from '../../src/core/policy/index.js';
import { trellis } from '../helpers/cli.js';
import { makeRepo, type FixtureRepo } from '../helpers/repo.js';

const shape = (over: Partial<RepoShape>): RepoShape => ({
  branches: [],
  tags: [],
  head: null,
  files: [],
  texts: {},
  folder: 'proj',
  ...over,
});

describe('release-branch shapes', () => {
  it.each([
    ['release-1.2.x', 'release-{major}.{minor}.x'],
    ['release/1.2', 'release/{major}.{minor}'],
    ['release/1.2.3', 'release/{major}.{minor}.{patch}'],
    ['1.2', '{major}.{minor}'],
    ['v1.2-bluebird', 'v{major}.{minor}-{codename}'],
    ['stable/2.0', 'stable/{major}.{minor}'],
    ['archive/1.0', 'archive/{major}.{minor}'],
  ])('%s follows %s', (branch, template) => {
    expect(releaseTemplateOf(branch)).toBe(template);
  });

  it.each(['main', 'hotfix/1.2.3', 'backport/1.2/abc1234', 'feature/x-1.2', '1.2.3', 'dependabot/npm/x-1.2'])(
    '%s is no release branch',
    (b) => {
      expect(releaseTemplateOf(b)).toBeNull();
    },
  );
});

describe('reading a repository shape', () => {
  it('Llama Stack-style: release-X.Y.x branches and vX.Y.ZrcN tags make PEP 440 with a v', () => {
    const r = readRepoShape(
      shape({
        branches: ['main', 'release-0.4.x', 'release-1.0.x', 'release-1.1.x'],
        tags: ['v0.4.0', 'v1.0.0rc1', 'v1.0.0', 'v1.1.0'],
        head: { branch: 'main', source: 'origin/HEAD points at main' },
      }),
    );
    expect(r.main.value).toBe('main');
    expect(r.release.map((t) => t.value)).toEqual(['release-{major}.{minor}.x']);
    expect(r.release[0]?.evidence).toBe('3 branches: release-1.1.x, release-1.0.x, release-0.4.x');
    expect(r.tag.value).toEqual(['v{version}']);
    expect(r.scheme).toEqual({ value: 'pep440', evidence: 'tags only PEP 440 reads: 1.0.0rc1' });
    expect(r.prerelease?.value).toEqual({ labels: ['a', 'b', 'rc'], format: '{label}{n}' });
    expect(r.develop).toBeNull();
  });

  it('Tarantool-style: master, X.Y and release/X.Y branches, archive/X.Y end-of-life, tags without v', () => {
    const r = readRepoShape(
      shape({
        branches: ['master', '2.10', '2.11', 'release/3.0', 'release/3.1', 'release/3.2', 'archive/1.10'],
        tags: ['3.0.0-alpha1', '3.0.0-rc2', '3.0.0', '3.1.0', '2.11.0'],
      }),
    );
    expect(r.main).toEqual({ value: 'master', evidence: "the repository has a 'master' branch" });
    expect(r.release.map((t) => [t.value, t.eol])).toEqual([
      ['release/{major}.{minor}', false],
      ['{major}.{minor}', false],
      ['archive/{major}.{minor}', true],
    ]);
    expect(r.tag.value).toEqual(['{version}']);
    expect(r.scheme.value).toBe('semver');
    expect(r.prerelease?.value).toEqual({ labels: ['alpha', 'beta', 'rc'], format: '-{label}{n}' });
  });

  it('topic branches and bot mirrors that end in a version are not release lines (real clones)', () => {
    const r = readRepoShape(
      shape({
        branches: [
          'master',
          'release/3.5',
          'release/3.6',
          'release/3.7',
          'skaplun/fix-integrational-ci-2.11',
          'ylobankov/docker-3.6',
          'konflux/references/release/3.6',
          'konflux/references/release/3.7',
          'archive/2.10',
        ],
        tags: ['3.5.0', '3.6.0', '3.7.0'],
      }),
    );
    expect(r.release.map((t) => [t.value, t.eol])).toEqual([
      ['release/{major}.{minor}', false],
      ['archive/{major}.{minor}', true],
    ]);
    expect(r.releaseLeftOut).toEqual([
      'konflux/references/release/3.7, konflux/references/release/3.6 (lines the branches above already name)',
      'skaplun/fix-integrational-ci-2.11 (a single branch of its shape)',
      'ylobankov/docker-3.6 (a single branch of its shape)',
    ]);
  });

  it('the template naming the newest line names new branches, however many older branches another has', () => {
    const perPatch = ['0.2.1', '0.2.2', '0.2.3', '0.2.4', '0.3.0'].map((v) => `release-${v}`);
    const r = readRepoShape(shape({ branches: ['main', ...perPatch, 'release-0.3.x', 'release-0.4.x'], tags: ['v0.4.0'] }));
    expect(r.release.map((t) => t.value)).toEqual(['release-{major}.{minor}.x', 'release-{major}.{minor}.{patch}']);
  });

  it('the scheme that reads more tags wins: a stray four-part tag does not make Tarantool PEP 440', () => {
    const entry = ['3.7.2', '3.8.1', '3.9.0'].map((v) => `${v}-entrypoint`);
    const r = readRepoShape(shape({ branches: ['master'], tags: ['1.6.8.525', '3.0.0-alpha1', '3.8.0', ...entry] }));
    expect(r.scheme.value).toBe('semver');
    expect(r.scheme.evidence).toContain('only PEP 440 reads 1: 1.6.8.525');
    expect(r.entrypoint?.value).toBe('{major}.{minor}.{patch}-entrypoint');
    const py = shape({ files: ['pyproject.toml'], texts: { 'pyproject.toml': '[project]\nname = "x"\n' } });
    expect(readRepoShape({ ...py, tags: ['v1.0.0', 'v1.1.0'] }).scheme.value).toBe('pep440');
    expect(readRepoShape({ ...py, tags: ['0.4.3', '0.4.3.1', '0.6.0rc1'] }).scheme.value).toBe('pep440');
    expect(readRepoShape(shape({ tags: ['v1.0.0', 'v1.1.0'] })).scheme.value).toBe('semver');
  });

  it('Goose-style codename branches and git-flow dev/main', () => {
    const goose = readRepoShape(shape({ branches: ['main', 'v1.0-bluebird', 'v1.1-cardinal'], tags: ['v1.0.0', 'v1.1.0'] }));
    expect(goose.release.map((t) => t.value)).toEqual(['v{major}.{minor}-{codename}']);
    const flow = readRepoShape(
      shape({ branches: ['dev', 'main', 'hotfix/1.0.1'], head: { branch: 'dev', source: "'dev' is checked out" } }),
    );
    expect(flow.main.value).toBe('main');
    expect(flow.develop?.value).toBe('dev');
    expect(flow.hotfix?.value).toBe('hotfix/{version}');
  });

  it('version files: only where a version is found, with the key that holds it', () => {
    const r = readRepoShape(
      shape({
        files: ['package.json', 'pyproject.toml', 'Cargo.toml', 'src/pkg/_version.py', 'README.md'],
        texts: {
          'package.json': '{ "name": "@acme/ui", "private": true, "version": "1.2.0" }',
          'pyproject.toml': '[project]\nname = "acme"\ndynamic = ["version"]\n\n[tool.setuptools_scm]\nfallback_version = "1.2.0.dev0"\n',
          'Cargo.toml': '[package]\nname = "acme-core"\n',
          'src/pkg/_version.py': '__version__ = "1.2.0"\n',
        },
      }),
    );
    expect(r.versionFiles.map((f) => [f.path, f.kind, f.key ?? f.pattern])).toEqual([
      ['package.json', 'json', 'version'],
      ['pyproject.toml', 'toml', 'tool.setuptools_scm.fallback_version'],
      ['src/pkg/_version.py', 'regex', '__version__\\s*=\\s*["\'](?<version>[^"\']+)["\']'],
    ]);
    expect(r.name).toEqual({ value: 'acme', evidence: 'pyproject.toml name' });
    expect(r.packages.map((p) => `${p.ecosystem}:${p.name}`)).toEqual(['PyPI:acme', 'crates.io:acme-core']);
  });
});

describe('stray tags (versioning.ignoreTags)', () => {
  it('lists the few tags a template matches that the scheme cannot read; entrypoints and two-component tags are not stray', () => {
    const r = readRepoShape(
      shape({ tags: ['1.0.0', '1.1.0', '1.2.0', '3.7.0-entrypoint', '3.8.0-entrypoint', '3.9.0-entrypoint', '1.6.8.525', '2.1'] }),
    );
    expect(r.scheme.value).toBe('semver');
    expect(r.strayTags).toEqual({ value: ['1.6.8.525'], evidence: '1 tag like a version that semver cannot read: 1.6.8.525' });
    const text = renderDetectedPolicy(r, DEFAULT_CHOICES, { docsUrl: 'u', schemaRef: 's', adoptedOn: '2026-01-01' });
    expect(text).toContain('  # Not releases: listed here so that no command warns about them.\n  ignoreTags: ["1.6.8.525"]\n');
    expect(loadPolicy(text).versioning.ignoreTags).toEqual(['1.6.8.525']);
    expect(readRepoShape(shape({ tags: ['1.0.0', '1.1.0'] })).strayTags).toBeNull();
  });
});

describe('the lines the tags show patched lately (evidence for the support rule)', () => {
  const dated = (tags: Record<string, string>) =>
    readRepoShape(shape({ branches: ['main'], tags: Object.keys(tags), tagDates: tags })).recentLines;

  it('tarantool-style: older series released after newer ones were out are named, the newest first', () => {
    const r = dated({
      '3.2.0': '2024-09-01',
      '3.3.0': '2025-01-10',
      '3.4.0': '2025-05-01',
      '3.3.5': '2026-05-25', // after 3.4.0: patched
      '3.2.4': '2026-05-25',
      '3.4.2': '2025-11-21', // more than 6 months before the newest release
      '3.5.0': '2026-06-01',
      '3.6.0-entrypoint': '2026-06-02', // not a release
      '3.5.1rc1': '2026-06-20',
    });
    expect(r?.value).toEqual(['3.5', '3.3', '3.2']);
    expect(r?.evidence).toBe('releases of 2 older lines after a newer one was out, in the 6 months to 2026-06-01: 3.3, 3.2');
  });

  it('a young project shipping a minor a month patched no older line; no dates, no evidence', () => {
    expect(
      dated({ 'v0.1.0': '2025-03-15', 'v0.2.0': '2025-03-16', 'v0.3.0': '2025-03-20', 'v0.3.1': '2025-03-25', 'v0.4.0': '2025-04-09' }),
    ).toEqual({
      value: ['0.4'],
      evidence: 'no older line had a release after a newer one was out, in the 6 months to 2025-04-09',
    });
    expect(readRepoShape(shape({ tags: ['v1.0.0'] })).recentLines).toBeNull();
  });

  it('init --yes says so when the lines patched outnumber maintained: 2, in the file and on stdout', async () => {
    const r = await makeRepo({ branch: 'main' });
    for (const [v, date] of [
      ['1.0.0', '2025-01-10'],
      ['1.1.0', '2025-02-10'],
      ['1.2.0', '2025-03-10'],
      ['1.0.1', '2025-03-20'],
      ['1.1.1', '2025-03-21'],
    ] as const) {
      await r.commit(`release ${v}`, { files: { v: `${v}\n` }, date });
      await r.tag(`v${v}`, { message: `v${v}`, date });
    }
    const out = await trellis(['init', '--yes'], { cwd: r.dir, env: r.env, now: '2025-04-01T12:00:00Z' });
    expect(out.code).toBe(0);
    const note =
      'note: support.maintained keeps the 2 newest lines, but the tags show releases of 2 older lines after a newer one was out, ' +
      'in the 6 months to 2025-03-21: 1.1, 1.0 (see the comment in .trellis.yml)\n';
    expect(out.stdout).toContain(note);
    const text = readFileSync(join(r.dir, '.trellis.yml'), 'utf8');
    expect(text).toContain(
      "  # With the newest, 3 lines got fixes: more than the 2 newest that 'maintained' keeps.\n" +
        "  # Raise it, or list the lines that still get fixes under 'lines' with their 'eol' dates.\n",
    );
  });
});

/** A repository with release/X.Y branches and X.Y.Z tags, as many projects have. */
async function plainProject(): Promise<FixtureRepo> {
  const r = await makeRepo({ branch: 'master' });
  await r.commit('start', { files: { 'pyproject.toml': '[project]\nname = "acme"\nversion = "1.0.0"\n' }, date: '2025-01-10' });
  await r.tag('1.0.0');
  await r.branch('release/1.0');
  await r.commit('feat: more', { date: '2025-04-10' });
  await r.tag('1.1.0');
  await r.branch('release/1.1');
  await r.commit('feat: even more', { date: '2025-08-10' });
  await r.tag('1.2.0');
  await r.branch('release/1.2');
  await r.commit('feat: next', { date: '2025-09-10' });
  return r;
}

describe('trellis init without a preset', () => {
  it('--yes writes a policy of the repository, each guess with its evidence, that status reads', async () => {
    const r = await plainProject();
    const out = await trellis(['init', '--yes'], { cwd: r.dir, env: r.env });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(
      [
        'wrote .trellis.yml (read from the repository)',
        '  development branch  master',
        '  release branches    release/{major}.{minor}',
        '  tags                {version}',
        '  version scheme      pep440',
        '  version files       pyproject.toml',
        'next: trellis policy check, then trellis status',
        '',
      ].join('\n'),
    );
    const text = readFileSync(join(r.dir, '.trellis.yml'), 'utf8');
    expect(text).toContain('  # Read from: 3 branches: release/1.2, release/1.1, release/1.0.\n    - "release/{major}.{minor}"\n');
    expect(text).toContain('  # Read from: 3 tags like 1.2.3 (1.2.0, 1.1.0, 1.0.0).\n  tag: "{version}"\n');
    expect(text).toContain("  # Read from: 'master' is checked out.\n  main: master\n");
    expect(text).toContain('  # Read from: a Python project, and both schemes read all 3 tag versions.\n  scheme: pep440\n');
    expect(text).toContain(
      '  # Read from: pyproject.toml (Python project) has project.version = 1.0.0 (line 3).\n  - { path: pyproject.toml, kind: toml, key: project.version }',
    );
    expect(loadPolicy(text).support.maintained).toBe(2);
    expect(await trellis(['policy', 'check'], { cwd: r.dir, env: r.env })).toEqual({ code: 0, stdout: '.trellis.yml: OK\n', stderr: '' });
    const status = await trellis(['status', '--json'], { cwd: r.dir, env: r.env, now: '2025-10-01T12:00:00Z' });
    expect(status.code).toBe(0);
    const lines = (JSON.parse(status.stdout) as { lines: Array<{ line: string; branch: string; status: string }> }).lines;
    expect(lines.map((l) => [l.line, l.branch, l.status])).toEqual([
      ['1.3', 'master', 'feature'],
      ['1.2', 'release/1.2', 'bugfix'],
      ['1.1', 'release/1.1', 'bugfix'],
      ['1.0', 'release/1.0', 'end-of-life'],
    ]);
  });

  it('on a terminal asks for the support rule and LTS lines', async () => {
    const r = await plainProject();
    const answers = ['3', '12 months', '18 months', '1.1', '3 years'];
    const asked: string[] = [];
    const ask = (q: string): Promise<string> => {
      asked.push(q);
      return Promise.resolve(answers.shift() ?? '');
    };
    const out = await trellis(['init', '--dry-run'], { cwd: r.dir, env: r.env, ask });
    expect(out.code).toBe(0);
    expect(asked).toEqual([
      'choice [1]: ',
      'bug fixes for [12 months]: ',
      'then security fixes until [none, e.g. 18 months]: ',
      'LTS lines, comma-separated (e.g. 1.2) [none]: ',
      'LTS support from first release [2 years]: ',
    ]);
    const policy = loadPolicy(out.stdout.slice(out.stdout.indexOf('# yaml-language-server')));
    expect(policy.support).toMatchObject({ bugfix: '12 months', security: '18 months', lts: { duration: '3 years', lines: ['1.1'] } });
  });

  it('an answer that makes no valid policy is exit 2, nothing written', async () => {
    const r = await plainProject();
    const answers = ['3', 'soon', ''];
    const out = await trellis(['init'], { cwd: r.dir, env: r.env, ask: () => Promise.resolve(answers.shift() ?? '') });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^trellis: the policy would not load: /);
  });

  it('writes the adoption day as check.since: the history before it is not judged, what comes after is', async () => {
    const r = await plainProject();
    // Before adoption the team still patched 1.0, which the guessed support rule (the 2 newest
    // released lines) ended when 1.2.0 shipped (2025-08-10): tarantool's archive branches look so.
    await r.checkout('release/1.0');
    await r.commit('fix: late patch for 1.0', { date: '2025-09-20' });
    await r.checkout('master');
    const out = await trellis(['init', '--yes'], { cwd: r.dir, env: r.env, now: '2025-10-01T12:00:00Z' });
    expect(out.code).toBe(0);
    const text = readFileSync(join(r.dir, '.trellis.yml'), 'utf8');
    expect(text).toContain("  # Chosen at init: the day Trellis was adopted. The repository-state check ('trellis check'\n");
    expect(text).toMatch(/\n {2}since: "2025-10-01"\n$/);
    expect(loadPolicy(text).check.since).toBe('2025-10-01');
    await r.commit('chore: adopt Trellis', { date: '2025-10-01' });
    const check = (now: string) => trellis(['check', '--json'], { cwd: r.dir, env: r.env, now });
    const findings = async (now: string) =>
      (JSON.parse((await check(now)).stdout) as { findings: Array<{ rule: string; commit?: string }> }).findings.map((f) => f.rule);
    expect(await findings('2025-10-02T12:00:00Z')).toEqual([]);
    // The same history judged whole (the section removed) has the late patch.
    await r.write('.trellis.yml', text.slice(0, text.indexOf('\ncheck:\n') + 1));
    expect(await findings('2025-10-02T12:00:00Z')).toEqual(['eol-commits']);
    // After adoption, a commit on the end-of-life line is a finding.
    await r.git('checkout', '-q', '--', '.trellis.yml');
    await r.checkout('release/1.0');
    const late = await r.commit('fix: after adoption', { date: '2025-10-05' });
    await r.checkout('master');
    const res = await check('2025-10-06T12:00:00Z');
    expect(res.stderr).toBe('');
    const after = JSON.parse(res.stdout) as { findings: Array<{ rule: string; commit?: string }> };
    expect(after.findings.map((f) => [f.rule, f.commit])).toEqual([['eol-commits', late]]);
  });

  it('reads the remote default branch and its branches in a clone', async () => {
    const r = await plainProject();
    const clone = await makeRepo();
    await clone.git('remote', 'add', 'origin', r.dir);
    await clone.git('fetch', '-q', 'origin');
    await clone.git('remote', 'set-head', 'origin', 'master');
    const out = await trellis(['init', '--yes', '--dry-run'], { cwd: clone.dir, env: clone.env });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("  # Read from: origin/HEAD points at 'master'.\n  main: master\n");
    expect(out.stdout).toContain('    - "release/{major}.{minor}"\n');
  });
});
