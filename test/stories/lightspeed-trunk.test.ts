/**
 * Lightspeed-style LTS (Lightspeed Core Stack, "Supporting backport changes for releases"), the
 * parts beyond ./lightspeed.test.ts: the U3/U4 guard on backports of features and API changes,
 * hotfix branches and the optional merge of a release branch back into main, support extensions
 * (R2), and status not counting Trellis's own post-release commits.
 */
import { describe, expect, it } from 'vitest';
import { sshSigningKey, story, type Story } from './story.js';

const PYPROJECT = '[project]\nname = "lightspeed-stack"\nversion = "0.4.0"\n';

/** main with 0.5 cut and released (release/0.5 in the preset's naming). */
async function released05(): Promise<Story> {
  const s = await story('lightspeed', {
    day: '2026-01-05',
    files: { 'pyproject.toml': PYPROJECT, 'app.py': 'def answer(t):\n    return t\n' },
  });
  sshSigningKey(s.r);
  await s.r.commit('feat: conversation compaction', { files: { 'compact.py': 'compact = True\n' }, date: '2026-01-10' });
  await s.ok('2026-01-12', 'branch', 'cut', '0.5');
  await s.ok('2026-01-15', 'release', '0.5');
  return s;
}

describe('Lightspeed-style: U3/U4, features and API changes stay out of patch releases', () => {
  it('refuses a feat or breaking backport to a released line unless --allow-feature --reason, and --auto never does it', async () => {
    const s = await released05();
    const { r } = s;
    const branch = (await s.branches()).find((b) => b.startsWith('release/'))!;
    const tip = await r.rev(branch);
    // U3: "implement new feature planned in version x+1, but maintain compatibility in version x".
    const feat = await r.commit('feat: streaming answers', { files: { 'stream.py': 'stream = True\n' }, date: '2026-02-01' });
    const refused = await s.run('2026-02-02', 'backport', feat, '--to', '0.5', '--direct');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is a feature (feat) and line 0.5: its next release is a patch (0.5.1)');
    expect(refused.stderr).toContain('--allow-feature --reason TEXT');
    // U4: "I have to change the API, but the older Lightspeed Core Stack versions should not be affected".
    const api = await r.commit('fix(api)!: rename /v1/query to /v1/ask', { files: { 'api.py': 'path = "/v1/ask"\n' }, date: '2026-02-03' });
    const api2 = await r.commit('fix: drop the legacy field\n\nBREAKING CHANGE: responses lose `legacy`.\n', {
      files: { 'resp.py': 'legacy = None\n' },
      date: '2026-02-03',
    });
    expect((await s.run('2026-02-04', 'backport', api, '--to', '0.5', '--direct')).stderr).toContain('is a breaking change (!)');
    expect((await s.run('2026-02-04', 'backport', api2, '--to', '0.5', '--direct')).stderr).toContain(
      'is a breaking change (BREAKING CHANGE)',
    );
    const auto = await s.ok('2026-02-04', 'backport', api, '--auto', '--direct');
    expect(auto).toMatch(/skip line 0\.5: its next release is a patch \(0\.5\.1\); the change is a breaking change \(!\)/);
    expect(await r.rev(branch)).toBe(tip);
    // --allow-feature needs a reason, and the reason is recorded in the commit.
    expect((await s.run('2026-02-05', 'backport', feat, '--to', '0.5', '--allow-feature')).stderr).toContain(
      '--allow-feature needs --reason TEXT',
    );
    await s.ok('2026-02-05', 'backport', feat, '--to', '0.5', '--direct', '--allow-feature', '--reason', 'customer escalation LCORE-9');
    expect(await r.git('log', '-1', '--format=%B', branch)).toBe(
      `feat: streaming answers\n\n(cherry picked from commit ${feat})\nBackport-Feature-Reason: customer escalation LCORE-9\n`,
    );
  });
});
