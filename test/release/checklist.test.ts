/**
 * `trellis checklist` on a Llama Stack-style repository from `trellis init --preset
 * llama-stack`: the patch and minor checklists with their testing windows, items ticked as the
 * repository changes (version files bumped on the line branch, the tag, the release branch).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildChecklist, mentionsVersion, releaseTypeOf, type ChecklistReport } from '../../src/core/release/checklist.js';
import { loadPolicy } from '../../src/core/policy/load.js';
import { PRESETS } from '../../src/core/policy/presets/index.js';
import { trellis } from '../helpers/cli.js';
import { makeRepo, type FixtureRepo } from '../helpers/repo.js';

const FIXTURES = join(__dirname, 'updaters', 'fixtures', 'llama-stack');
const ROOT_TOML = readFileSync(join(FIXTURES, 'pyproject.toml'), 'utf8');
const API_TOML = readFileSync(join(FIXTURES, 'src', 'llama_stack_api', 'pyproject.toml'), 'utf8');

/** Llama Stack-style files at 0.4.4 on main, tagged v0.4.4, with release-0.4.x cut from it. */
async function llamaStack(): Promise<FixtureRepo> {
  const r = await makeRepo();
  const init = await trellis(['init', '--preset', 'llama-stack', '--repo', r.dir], { env: r.env });
  expect(init.code, init.stderr).toBe(0);
  // The preset names the root pyproject.toml; the project adds its API package's.
  const preset = (await r.read('.trellis.yml')).toString();
  const api =
    '  - { path: src/llama_stack_api/pyproject.toml, kind: toml, key: tool.setuptools_scm.fallback_version, when: [release], branch: line }\n';
  expect(preset).toContain('\nbackport:\n');
  await r.commit('chore: llama stack 0.4.4', {
    files: {
      '.trellis.yml': preset.replace('\nbackport:\n', `${api}\nbackport:\n`),
      'pyproject.toml': ROOT_TOML,
      'src/llama_stack_api/pyproject.toml': API_TOML,
    },
  });
  await r.tag('v0.4.4', { message: 'Release 0.4.4' });
  await r.branch('release-0.4.x');
  return r;
}

async function checklist(r: FixtureRepo, version: string): Promise<ChecklistReport> {
  const res = await trellis(['checklist', version, '--json', '--repo', r.dir], { env: r.env });
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as ChecklistReport;
}

const byCheck = (rep: ChecklistReport, check: string) => rep.items.find((i) => i.check === check)!;

/** Bumps the release-line files to `v` on branch `release-0.4.x` (as the release owner does by hand). */
async function bumpOnLine(r: FixtureRepo, v: string): Promise<void> {
  await r.checkout('release-0.4.x');
  await r.commit(`chore: release ${v}`, {
    files: {
      'pyproject.toml': ROOT_TOML.replace('fallback_version = "0.4.4"', `fallback_version = "${v}"`).replaceAll('0.4.4', v),
      'src/llama_stack_api/pyproject.toml': API_TOML.replace('fallback_version = "0.4.4"', `fallback_version = "${v}"`),
    },
  });
  await r.checkout('main');
}

describe('trellis checklist (Llama Stack-style)', () => {
  it('patch release: the patch list, no testing window, items ticked as the line branch and tags change', async () => {
    const r = await llamaStack();
    let rep = await checklist(r, '0.4.5');
    expect(rep).toMatchObject({
      version: '0.4.5',
      type: 'patch',
      listType: 'patch',
      previous: '0.4.4',
      line: '0.4',
      branch: 'release-0.4.x',
      tag: 'v0.4.5',
      testingWindow: null,
      candidates: false,
      done: 0,
      total: 11,
    });
    expect(rep.items[0]).toEqual({
      text: "Open a thread for the release in the project's release channel",
      check: null,
      status: 'manual',
      detail: '',
    });
    expect(byCheck(rep, 'versions-bumped').status).toBe('todo');
    expect(byCheck(rep, 'versions-bumped').detail).toContain('pyproject.toml:160 is 0.4.4, not 0.4.5 (release-0.4.x)');
    expect(byCheck(rep, 'tag-exists')).toMatchObject({ status: 'todo', detail: 'no tag v0.4.5' });
    expect(byCheck(rep, 'notes-written').status).toBe('unknown');

    await bumpOnLine(r, '0.4.5');
    rep = await checklist(r, '0.4.5');
    expect(byCheck(rep, 'versions-bumped')).toMatchObject({ status: 'done', detail: '3 version values read 0.4.5' });
    expect(rep.done).toBe(1);

    await r.tag('v0.4.5', { message: 'Release 0.4.5', target: 'release-0.4.x' });
    rep = await checklist(r, '0.4.5');
    expect(byCheck(rep, 'tag-exists')).toMatchObject({ status: 'done', detail: 'tag v0.4.5 exists' });
    expect(rep.done).toBe(2);

    // The next patch is a new checklist: the previous one is 0.4.5 now.
    const next = await checklist(r, '0.4.6');
    expect(next.previous).toBe('0.4.5');
    expect(byCheck(next, 'versions-bumped').status).toBe('todo');
  });

  it('minor release: patch items first, then the minor ones, a 1 week testing window, the new branch ticked once cut', async () => {
    const r = await llamaStack();
    let rep = await checklist(r, '0.5.0');
    expect(rep).toMatchObject({
      type: 'minor',
      previous: '0.4.4',
      line: '0.5',
      branch: 'release-0.5.x',
      testingWindow: '1 week',
      candidates: true,
      total: 15,
    });
    expect(rep.items.slice(0, 11).map((i) => i.text)).toEqual(
      loadPolicy(PRESETS['release-branches'].text).release.checklists.patch!.items.map((i) => i.text),
    );
    expect(rep.items[11]).toMatchObject({ text: 'Create release-X.Y.x branch off main', check: 'branch-exists', status: 'todo' });
    expect(rep.items[11]!.detail).toBe('no branch for line 0.5 (expected release-0.5.x)');
    // What is expected, not "missing in (no branch)": the files are bumped on the branch to cut.
    expect(byCheck(rep, 'versions-bumped')).toMatchObject({
      status: 'todo',
      detail: 'release branch release-0.5.x not cut yet (pyproject.toml, src/llama_stack_api/pyproject.toml are bumped there)',
    });

    await r.branch('release-0.5.x', 'main');
    rep = await checklist(r, '0.5.0');
    expect(rep.items[11]).toMatchObject({ status: 'done', detail: 'branch release-0.5.x exists' });

    const md = await trellis(['checklist', '0.5.0', '--markdown', '--repo', r.dir], { env: r.env });
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('## Release 0.5.0 checklist (minor release, after 0.4.4)');
    expect(md.stdout).toContain('_testing window: 1 week; release candidates first; line 0.5, branch release-0.5.x, tag v0.5.0_');
    expect(md.stdout).toContain('- [x] Create release-X.Y.x branch off main <!-- branch-exists: branch release-0.5.x exists -->');
    expect(md.stdout).toContain('- [ ] Manual feature testing for new functionality\n');

    const text = await trellis(['checklist', '0.5.0', '--repo', r.dir], { env: r.env });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('[x] Create release-X.Y.x branch off main\n    branch-exists: branch release-0.5.x exists');
    expect(text.stdout).toContain('[?] Generate release notes');
    expect(text.stdout).toContain('1 of 15 done');
  });

  it('major and pre-release types; bad versions are usage errors', async () => {
    const r = await llamaStack();
    const major = await checklist(r, '1.0.0');
    expect(major).toMatchObject({ type: 'major', listType: 'major', testingWindow: '2-3 weeks', total: 18 });
    const rc = await checklist(r, '0.5.0rc1');
    expect(rc).toMatchObject({ type: 'prerelease', listType: 'minor', notes: ['no prerelease checklist: showing the minor checklist'] });
    const bad = await trellis(['checklist', 'not-a-version', '--repo', r.dir], { env: r.env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("not a valid pep440 version 'not-a-version'");
  });

  it('a version written otherwise than its tag (PEP 440 0.4.4.0 is 0.4.4) is the release as tagged', async () => {
    const r = await llamaStack();
    const rep = await checklist(r, '0.4.4.0');
    expect(rep).toMatchObject({ version: '0.4.4', tag: 'v0.4.4', previous: null });
    expect(byCheck(rep, 'tag-exists')).toMatchObject({ status: 'done', detail: 'tag v0.4.4 exists' });
  });
});

describe('trellis checklist (VMPilot-style git-flow)', () => {
  it('reads the draft notes once per place: the released line lives on main, which is not read twice', async () => {
    const r = await makeRepo();
    const init = await trellis(['init', '--preset', 'vmpilot', '--repo', r.dir], { env: r.env });
    expect(init.code, init.stderr).toBe(0);
    await r.commit('feat: first', { files: { 'app.py': 'x = 1\n' } });
    await r.tag('v1.1.0', { message: 'Release 1.1.0' });
    await r.branch('dev');
    const rep = await checklist(r, '1.1.1');
    expect(rep.branch).toBe('main');
    expect(byCheck(rep, 'notes-written')).toMatchObject({
      status: 'todo',
      detail: 'no notes file yet (release-notes/1.1.1.md in work tree, release-notes/1.1.1.md in main, release-notes/1.1.1.md in dev)',
    });
  });
});

describe('trellis checklist (Tarantool-style, a feature set released on master)', () => {
  it('reads the line where it lives (master) and still asks for its own X.Y branch', async () => {
    const r = await makeRepo({ branch: 'master' });
    const init = await trellis(['init', '--preset', 'tarantool', '--repo', r.dir], { env: r.env });
    expect(init.code, init.stderr).toBe(0);
    // The preset names no version files: one on the line, checked by the patch list, so that the
    // test sees where it is read.
    const preset = (await r.read('.trellis.yml')).toString();
    const tagItem = '        - { text: "Annotated tag X.Y.Z listing changes since the previous tag", check: tag-exists }\n';
    expect(preset).toContain(tagItem);
    const policy = preset.replace(tagItem, `${tagItem}        - { text: "version.json bumped", check: versions-bumped }\n`);
    await r.commit('chore: adopt trellis', {
      files: {
        '.trellis.yml': `${policy}\nversionFiles:\n  - { path: version.json, kind: json, key: version, when: [release], branch: line }\n`,
      },
    });
    await r.commit('box: fix crash', { files: { 'version.json': '{ "version": "3.1.0" }\n' } });
    await r.tag('3.1.0', { message: 'Release 3.1.0' });
    const rep = await checklist(r, '3.1.1');
    expect(rep).toMatchObject({ line: '3.1', branch: 'master', type: 'patch' });
    expect(byCheck(rep, 'tag-exists')).toMatchObject({ status: 'todo', detail: 'no tag 3.1.1' });
    expect(byCheck(rep, 'versions-bumped')).toMatchObject({ status: 'todo', detail: 'version.json:1 is 3.1.0, not 3.1.1 (master)' });
    const minor = await checklist(r, '3.1.0');
    expect(byCheck(minor, 'branch-exists')).toMatchObject({
      status: 'todo',
      detail: 'no branch for line 3.1 (expected release/3.1); it lives on master until then',
    });
  });
});

describe('checklist core', () => {
  const policy = loadPolicy(PRESETS['release-branches'].text);

  it('types a version by the first component that differs from the release before it', () => {
    expect(releaseTypeOf(policy, '0.4.5', ['0.4.4', '0.3.9'])).toEqual({ type: 'patch', listType: 'patch', previous: '0.4.4' });
    expect(releaseTypeOf(policy, '0.3.10', ['0.4.4', '0.3.9'])).toEqual({ type: 'patch', listType: 'patch', previous: '0.3.9' });
    expect(releaseTypeOf(policy, '0.5.0', ['0.4.4'])).toEqual({ type: 'minor', listType: 'minor', previous: '0.4.4' });
    expect(releaseTypeOf(policy, '1.0.0', ['0.4.4'])).toEqual({ type: 'major', listType: 'major', previous: '0.4.4' });
    expect(releaseTypeOf(policy, '0.1.0', [])).toEqual({ type: 'minor', listType: 'minor', previous: null });
    expect(releaseTypeOf(policy, '2.0.0', [])).toEqual({ type: 'major', listType: 'major', previous: null });
  });

  it('finds a version only as a whole version in notes', () => {
    expect(mentionsVersion('## [0.4.5] - 2026-05-01', '0.4.5')).toBe(true);
    expect(mentionsVersion('Released 0.4.5.', '0.4.5')).toBe(true);
    expect(mentionsVersion('0.4.50 and 10.4.5', '0.4.5')).toBe(false);
    expect(mentionsVersion('0.4.5.dev0', '0.4.5')).toBe(false);
  });

  it('ticks notes-written from the changelog file when the policy has one', () => {
    const withLog = loadPolicy(PRESETS['release-branches'].text.replace('changelog: false', 'changelog: CHANGELOG.md'));
    const facts = {
      policy: withLog,
      version: '0.4.5',
      releases: ['0.4.4'],
      tags: new Set(['v0.4.4']),
      line: '0.4',
      lineBranch: 'release-0.4.x',
      expectedBranch: 'release-0.4.x',
      versionFiles: [],
      notes: [],
      changelog: [{ path: 'CHANGELOG.md', from: 'release-0.4.x', text: '# Changelog\n\n## [0.4.4]\n' }],
    };
    expect(byCheck(buildChecklist(facts), 'notes-written')).toMatchObject({
      status: 'todo',
      detail: 'CHANGELOG.md (release-0.4.x) does not mention 0.4.5',
    });
    facts.changelog[0]!.text += '\n## [0.4.5] - 2026-05-01\n';
    expect(byCheck(buildChecklist(facts), 'notes-written')).toMatchObject({
      status: 'done',
      detail: 'CHANGELOG.md (release-0.4.x) mentions 0.4.5',
    });
    expect(byCheck(buildChecklist(facts), 'versions-bumped').status).toBe('unknown');
  });

  it('says which branch is not there yet instead of a file missing in no branch', () => {
    const base = {
      policy,
      version: '0.5.0',
      releases: ['0.4.4'],
      tags: new Set(['v0.4.4']),
      line: '0.5',
      lineBranch: null,
      expectedBranch: 'release-0.5.x',
      notes: [],
      changelog: [],
    };
    const spec = (branch: 'line' | 'main' | 'develop') => ({ ...policy.versionFiles[0]!, branch });
    const facts = {
      ...base,
      versionFiles: [
        { spec: spec('line'), file: { path: 'pyproject.toml', from: 'release-0.5.x', text: null, branchMissing: true } },
        { spec: spec('develop'), file: { path: 'pyproject.toml', from: 'dev', text: null, branchMissing: true } },
        { spec: spec('main'), file: { path: 'pyproject.toml', from: 'main', text: null } },
      ],
    };
    expect(byCheck(buildChecklist(facts), 'versions-bumped')).toMatchObject({
      status: 'todo',
      detail:
        'release branch release-0.5.x not cut yet (pyproject.toml is bumped there); branch dev does not exist; pyproject.toml missing in main',
    });
  });
});
