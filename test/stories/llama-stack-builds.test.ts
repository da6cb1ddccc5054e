/**
 * Llama Stack-style release branches ("Llama Stack Release Process", "How the Release Workflow
 * Works"): the version each build of the unified workflow must use, by trigger.
 */
import { describe, expect, it } from 'vitest';
import { story } from './story.js';

const pyproject = (fallback: string) => `[project]
name = "llama_stack"
dynamic = ["version"]
dependencies = ["llama-stack-client==0.3.5"]

[tool.setuptools_scm]
# used for nightly and Docker builds only
fallback_version = "${fallback}"
`;

describe('Llama Stack-style: versions of release, nightly and dispatched builds', () => {
  it('answers each workflow mode of the release workflow', async () => {
    const s = await story('llama-stack', { day: '2026-01-05', files: { 'pyproject.toml': pyproject('0.4.0.dev0') } });
    const { r } = s;
    await r.commit('feat: responses API', { files: { 'api.py': 'x = 1\n' }, date: '2026-01-06' });
    await s.ok('2026-01-10', 'branch', 'cut', '0.4');
    await s.ok('2026-01-20', 'release', '0.4');
    // "Post-release fallback_version on main becomes ..." (the policy's post-release bump).
    expect(await s.show('main', 'pyproject.toml')).toContain('fallback_version = "0.4.1.dev0"');

    // "release: published | From tag (v0.4.5 -> 0.4.5)".
    expect(await s.ok('2026-01-20', 'version', 'for-build', '--mode', 'release', '--tag', 'v0.4.0')).toBe('0.4.0\n');
    await r.checkout('release-0.4.x');
    expect(await s.ok('2026-01-20', 'version', 'for-build', '--mode', 'release')).toBe('0.4.0\n');
    await r.checkout('main');
    const noTag = await s.run('2026-01-20', 'version', 'for-build', '--mode', 'release');
    expect(noTag.code).toBe(2);
    expect(noTag.stderr).toContain('no release tag on HEAD');

    // "schedule (nightly) | {fallback_base}.dev{YYYYMMDD}"; "fallback_version is only used for
    //  nightly/dev builds and Docker — not for releases".
    expect(await s.ok('2026-03-02', 'version', 'for-build', '--mode', 'nightly')).toBe('0.4.1.dev20260302\n');
    expect(await s.ok('2026-03-02', 'version', 'for-build', '--mode', 'nightly', '--date', '2026-02-28')).toBe('0.4.1.dev20260228\n');
    const json = JSON.parse(await s.ok('2026-03-02', 'version', 'for-build', '--mode', 'nightly', '--ref', 'release-0.4.x', '--json')) as {
      version: string;
      from: { file: string; fallback: string };
    };
    expect(json).toEqual({
      schemaVersion: 1,
      mode: 'nightly',
      version: '0.4.0.dev20260302',
      from: { file: 'pyproject.toml', ref: 'release-0.4.x', fallback: '0.4.0' },
    });

    // "workflow_dispatch dry_run=off | Manual version input", never a published one.
    expect(await s.ok('2026-03-02', 'version', 'for-build', '--mode', 'dispatch', '--version', '0.4.1rc1')).toBe('0.4.1rc1\n');
    const clash = await s.run('2026-03-02', 'version', 'for-build', '--mode', 'dispatch', '--version', '0.4.0');
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('dispatch version 0.4.0 collides with the published release v0.4.0');
    expect((await s.run('2026-03-02', 'version', 'for-build', '--mode', 'dispatch')).stderr).toContain('needs --version V');
  });
});
