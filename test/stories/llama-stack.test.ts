/**
 * Llama Stack (Llama Stack Release Process) end to end: release-X.Y.x branches off main, release
 * candidates vX.Y.ZrcN, fixes cherry-picked from main, the version files of the technical release
 * steps (fallback_version in both pyproject.toml files, llama-stack-client pins in 2 places, the
 * UI's package.json), the post-release .dev0 on main, checklists per release type, and "last 2
 * stable minor releases" maintained.
 */
import { describe, expect, it } from 'vitest';
import { story } from './story.js';

const pyproject = (fallback: string, pin: string) => `[project]
name = "llama_stack"
dynamic = ["version"]

[project.optional-dependencies]
client = ["llama-stack-client==${pin}"]  # pinned until the client is published

[dependency-groups]
dev = ["pytest", "llama-stack-client==${pin}"]

[tool.setuptools_scm]
# used for nightly and Docker builds only
fallback_version = "${fallback}"
`;
const apiPyproject = (fallback: string) => `[project]
name = "llama_stack_api"
dynamic = ["version"]

[tool.setuptools_scm]
fallback_version = "${fallback}"
`;
const uiPackage = (range: string) => `{
  "name": "llama-stack-ui",
  "private": true,
  "dependencies": {
    "llama-stack-client": "${range}",
    "next": "15.0.0"
  }
}
`;

interface StatusJson {
  lines: Array<{ line: string; branch: string | null; status: string; latest: string | null; endOfBugfix: string | null }>;
}
interface ChecklistJson {
  type: string;
  testingWindow: string | null;
  candidates: boolean;
  items: Array<{ text: string; check: string | null; status: string }>;
}

/**
 * The preset stays generic (the root pyproject.toml); the project adds its own files as the
 * release process names them: the API package's pyproject.toml and the UI's client range.
 */
function projectFiles(policy: string): string {
  const api = 'src/llama_stack_api/pyproject.toml';
  const entries = [
    `  - { path: ${api}, kind: toml, key: tool.setuptools_scm.fallback_version, value: "{version}", when: [release], branch: line }`,
    '  - { path: src/llama_stack_ui/package.json, kind: json, key: dependencies.llama-stack-client, value: "^{version}", when: [post-release], branch: line }',
    `  - { path: ${api}, kind: toml, key: tool.setuptools_scm.fallback_version, value: "{nextDev}", when: [post-release], branch: main }`,
  ];
  const edited = policy
    .replace('\nbackport:\n', `${entries.join('\n')}\n\nbackport:\n`)
    .replace(
      '    - "Verify every package is published (PyPI and npm)"\n',
      '    - "Verify all 4 packages published (llama-stack, llama-stack-api, llama-stack-client python+typescript)"\n',
    );
  expect(edited).toContain(entries[2]);
  expect(edited).toContain('Verify all 4 packages published');
  return edited;
}

describe('Llama Stack-style: release streams', () => {
  it('cuts, pre-releases, releases and patches minors, bumps the files, keeps two minors', async () => {
    const s = await story('llama-stack', {
      day: '2026-01-05',
      edit: projectFiles,
      files: {
        'pyproject.toml': pyproject('0.4.0.dev0', '0.3.5'),
        'src/llama_stack_api/pyproject.toml': apiPyproject('0.4.0.dev0'),
        'src/llama_stack_ui/package.json': uiPackage('^0.3.5'),
        'src/llama_stack/core.py': 'VERSION = None\n',
      },
    });
    const { r } = s;
    const fallback = async (rev: string) => [
      /fallback_version = "(.*)"/.exec(await s.show(rev, 'pyproject.toml'))?.[1],
      /fallback_version = "(.*)"/.exec(await s.show(rev, 'src/llama_stack_api/pyproject.toml'))?.[1],
    ];
    await r.commit('feat: responses API', { files: { 'src/llama_stack/responses.py': 'def create(): ...\n' }, date: '2026-01-08' });

    // Minor release: "Create release-0.5.x branch off main".
    expect(await s.ok('2026-01-12', 'branch', 'cut', '0.4')).toContain('cut release-0.4.x for line 0.4 (first version 0.4.0) from main');
    expect(await r.rev('release-0.4.x')).toBe(await r.rev('main'));

    // "Release Candidates: Format vX.Y.ZrcN (e.g., v0.4.0rc1, v0.4.0rc2)"; "Multiple RCs may be issued".
    expect(await s.ok('2026-01-12', 'release', '0.4', '--pre', 'rc')).toContain('tag v0.4.0rc1');
    // "Critical fixes are backported from main to active release branches".
    const rcFix = await r.commit('fix: stream closes early', {
      files: { 'src/llama_stack/responses.py': 'def create(): return stream()\n' },
      date: '2026-01-14',
    });
    const bp = await s.ok('2026-01-15', 'backport', rcFix, '--auto', '--direct');
    expect(bp).toContain('wrote release-0.4.x');
    expect(await r.git('log', '-1', '--format=%B', 'release-0.4.x')).toBe(
      `fix: stream closes early\n\n(cherry picked from commit ${rcFix})\n`,
    );
    expect(await s.ok('2026-01-16', 'release', '0.4', '--pre', 'rc')).toContain('tag v0.4.0rc2');
    expect(await r.git('tag', '-l', '--format=%(objecttype) %(contents:subject)', 'v0.4.0rc2')).toBe('tag Pre-release 0.4.0rc2');
    // Pre-releases bump nothing: fallback_version "is only used for nightly/dev builds and Docker".
    expect(await fallback('release-0.4.x')).toEqual(['0.4.0.dev0', '0.4.0.dev0']);

    // "Minor Releases (Y-stream) ... Community testing window: 1 week; Release candidates published".
    const minorList = JSON.parse(await s.ok('2026-01-19', 'checklist', '0.4.0', '--json')) as ChecklistJson;
    expect([minorList.type, minorList.testingWindow, minorList.candidates]).toEqual(['minor', '1 week', true]);
    // Minor release: "All of the above, plus: Create release-0.5.x branch off main".
    expect(minorList.items.map((i) => i.text)).toContain('Cherry-pick any needed fixes to the release branch');
    expect(minorList.items.find((i) => i.check === 'branch-exists')?.status).toBe('done');
    expect(minorList.items.find((i) => i.check === 'tag-exists')?.status).toBe('todo');

    const main0 = await r.rev('main');
    const rel040 = await s.ok('2026-01-20', 'release', '0.4');
    expect(rel040).toContain('released 0.4.0 (line 0.4, branch release-0.4.x, tag v0.4.0)');
    // "Update fallback_version to "0.4.5" in both pyproject.toml files"; "Update llama-stack-client==0.4.4
    // -> llama-stack-client==0.4.5 in pyproject.toml (2 places)": every other byte stays.
    expect(await s.show('v0.4.0', 'pyproject.toml')).toBe(pyproject('0.4.0', '0.4.0'));
    expect(await s.show('v0.4.0', 'src/llama_stack_api/pyproject.toml')).toBe(apiPyproject('0.4.0'));
    // "Create GitHub release: tag v0.4.5, target release-0.4.x".
    expect(await r.git('merge-base', '--is-ancestor', 'v0.4.0', 'release-0.4.x').then(() => true)).toBe(true);
    // "Post-release on release-0.4.x: npm install llama-stack-client@^0.4.5; commit package.json".
    expect(await s.show('release-0.4.x', 'src/llama_stack_ui/package.json')).toBe(uiPackage('^0.4.0'));
    // Minor: "Post-release fallback_version on main becomes "0.5.1.dev0"" (for 0.5.0): 0.4.1.dev0 here.
    expect(await fallback('main')).toEqual(['0.4.1.dev0', '0.4.1.dev0']);
    expect(await r.rev('main~1')).toBe(main0);
    expect(await s.show('main', 'pyproject.toml')).toContain('llama-stack-client==0.3.5'); // pins move on the release branch only
    expect(rel040).toContain('  - Verify all 4 packages published (llama-stack, llama-stack-api, llama-stack-client python+typescript)');

    // Patch release (Z-stream): "Cherry-pick any needed fixes to the release branch", then the same steps.
    const fix = await r.commit('fix: crash in streaming', {
      files: { 'src/llama_stack/stream.py': 'def close(): pass\n' },
      date: '2026-01-25',
    });
    await r.commit('feat: new inference provider', { files: { 'src/llama_stack/provider.py': 'class P: ...\n' }, date: '2026-01-26' });
    await s.ok('2026-01-27', 'backport', fix, '--auto', '--direct');
    // Features stay on main ("Bug fixes: Critical bugs are backported to maintained release branches").
    const feat = await s.ok('2026-01-27', 'backport', 'main', '--auto', '--direct');
    expect(feat).toContain('skip line 0.4: bugfix line takes no feature changes');
    const patchList = JSON.parse(await s.ok('2026-01-28', 'checklist', '0.4.1', '--json')) as ChecklistJson;
    // "Patch Releases (Z-stream): Rely primarily on automated CI tests": no testing window.
    expect([patchList.type, patchList.testingWindow]).toEqual(['patch', null]);
    expect(patchList.items.find((i) => i.check === 'versions-bumped')?.status).toBe('todo');
    await s.ok('2026-01-28', 'release', '0.4');
    expect(await s.show('v0.4.1', 'pyproject.toml')).toBe(pyproject('0.4.1', '0.4.1'));
    expect(await s.show('release-0.4.x', 'src/llama_stack_ui/package.json')).toBe(uiPackage('^0.4.1'));
    // "Post-release on main: Update fallback_version to "0.4.6.dev0"" (after 0.4.5): 0.4.2.dev0 here.
    expect(await fallback('main')).toEqual(['0.4.2.dev0', '0.4.2.dev0']);
    const ticked = JSON.parse(await s.ok('2026-01-28', 'checklist', '0.4.1', '--json')) as ChecklistJson;
    expect(ticked.items.filter((i) => i.status === 'done').map((i) => i.check)).toEqual(['versions-bumped', 'tag-exists']);

    // The next minor (monthly): cut from main, rc, release; main goes to 0.5.1.dev0 exactly as the seed says.
    expect(await s.ok('2026-02-10', 'branch', 'cut')).toContain('cut release-0.5.x for line 0.5 (first version 0.5.0) from main');
    expect(await s.ok('2026-02-11', 'release', '0.5', '--pre', 'rc')).toContain('tag v0.5.0rc1');
    await s.ok('2026-02-18', 'release', '0.5');
    expect(await fallback('main')).toEqual(['0.5.1.dev0', '0.5.1.dev0']);
    expect(await fallback('v0.5.0')).toEqual(['0.5.0', '0.5.0']);

    // A patch of the older line never moves main backwards.
    const fix2 = await r.commit('fix: tool call parsing', { files: { 'src/llama_stack/tools.py': 'parse = True\n' }, date: '2026-02-20' });
    const bp2 = await s.ok('2026-02-21', 'backport', fix2, '--auto', '--direct');
    expect(bp2).toContain('wrote release-0.5.x');
    expect(bp2).toContain('wrote release-0.4.x');
    const main1 = await r.rev('main');
    await s.ok('2026-02-22', 'release', '0.4');
    expect(await r.rev('main')).toBe(main1);
    expect(await fallback('main')).toEqual(['0.5.1.dev0', '0.5.1.dev0']);
    expect(await fallback('v0.4.2')).toEqual(['0.4.2', '0.4.2']);

    // "Llama Stack actively maintains the last 2 stable minor releases"; "Older releases: Unmaintained:
    // No backports". After 0.6.0, 0.4 is no longer maintained.
    await s.ok('2026-03-10', 'branch', 'cut');
    await s.ok('2026-03-18', 'release', '0.6');
    const status = JSON.parse(await s.ok('2026-03-18', 'status', '--json')) as StatusJson;
    expect(status.lines.map((l) => [l.line, l.branch, l.status, l.latest])).toEqual([
      ['0.7', 'main', 'feature', null],
      ['0.6', 'release-0.6.x', 'bugfix', '0.6.0'],
      ['0.5', 'release-0.5.x', 'bugfix', '0.5.0'],
      ['0.4', 'release-0.4.x', 'end-of-life', '0.4.2'],
    ]);
    expect(status.lines[3]!.endOfBugfix).toBe('2026-03-17');
    const fix3 = await r.commit('fix: memory leak in agents', {
      files: { 'src/llama_stack/agents.py': 'gc = True\n' },
      date: '2026-03-20',
    });
    const bp3 = await s.ok('2026-03-21', 'backport', fix3, '--auto', '--direct');
    expect(bp3).toContain('skip line 0.4: end-of-life');
    expect(bp3).toContain('wrote release-0.6.x');
    expect(bp3).toContain('wrote release-0.5.x');
    expect((await s.run('2026-03-21', 'release', '0.4')).stderr).toBe('trellis: line 0.4 is end-of-life; it takes no more releases\n');

    // Major releases: "Community testing window: 2-3 weeks"; "Multiple release candidates as needed".
    const major = JSON.parse(await s.ok('2026-03-21', 'checklist', '1.0.0', '--json')) as ChecklistJson;
    expect([major.type, major.testingWindow, major.candidates]).toEqual(['major', '2-3 weeks', true]);
    expect(major.items.map((i) => i.text)).toEqual(
      expect.arrayContaining(['Performance benchmarking', 'Create release-X.Y.x branch off main', 'Generate release notes']),
    );

    // --notes belongs to git-flow releases; this trunk policy says so.
    expect((await s.run('2026-03-21', 'release', '0.6', '--notes', 'n.md')).stderr).toBe(
      'trellis: --notes applies to git-flow releases (flow.model: gitflow); trunk releases write release.changelog\n',
    );
  });
});
