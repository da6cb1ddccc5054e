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
async function released05(edit?: (policy: string) => string): Promise<Story> {
  const s = await story('lightspeed', {
    ...(edit ? { edit } : {}),
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

describe('Lightspeed-style: merging a release branch back into main', () => {
  it('writes a real merge commit without a work tree, brings a clean checkout along, refuses conflicts and dirty checkouts', async () => {
    const s = await released05();
    const { r } = s;
    const branch = (await s.branches()).find((b) => b.startsWith('release/'))!;
    // "Fix issues: commit fixes directly on release branch".
    await r.checkout(branch);
    const fix = await r.commit('fix: stabilize answer formatting', {
      files: { 'app.py': 'def answer(t):\n    return t.strip()\n' },
      date: '2026-01-20',
    });
    await r.checkout('main');
    const main0 = await r.rev('main');
    // "# 5. Merge into main (optional step) git checkout main && git merge release/1.2.0".
    const dry = await s.ok('2026-01-21', 'merge-back', '0.5', '--dry-run');
    expect(dry).toContain(`dry run: would merge ${branch} (line 0.5) into main`);
    expect(await r.rev('main')).toBe(main0);
    // A dirty checkout of main is never moved.
    await r.write('notes.txt', 'draft\n');
    await r.git('add', 'notes.txt');
    const dirty = await s.run('2026-01-21', 'merge-back', '0.5');
    expect(dirty.code).toBe(2);
    expect(dirty.stderr).toContain('branch main is checked out in');
    expect(dirty.stderr).toContain('with uncommitted changes');
    await r.git('rm', '--cached', '-q', 'notes.txt');
    const out = await s.ok('2026-01-21', 'merge-back', '0.5', '--json');
    const rep = JSON.parse(out) as { status: string; commit: string; worktree: string | null; commits: number };
    expect(rep).toMatchObject({ status: 'merged', worktree: r.dir });
    expect(await r.rev('main')).toBe(rep.commit);
    expect(await r.git('log', '-1', '--format=%P', 'main')).toBe(`${main0} ${await r.rev(branch)}`);
    expect(await r.git('log', '-1', '--format=%s', 'main')).toBe(`Merge branch '${branch}' into main`);
    expect(await r.git('merge-base', '--is-ancestor', fix, 'main')).toBe('');
    // The checked-out main was brought along: its files are the merge's, nothing left staged.
    expect((await r.read('app.py')).toString()).toBe('def answer(t):\n    return t.strip()\n');
    expect(await r.git('status', '--porcelain', '--untracked-files=no')).toBe('');
    // Run again: nothing to merge.
    expect(await s.ok('2026-01-22', 'merge-back', '0.5')).toContain('main already has every commit of');
    // A conflict is refused with the paths named, and nothing changes.
    await r.commit('feat: answers in markdown', { files: { 'app.py': 'def answer(t):\n    return md(t)\n' }, date: '2026-01-23' });
    await r.checkout(branch);
    await r.commit('fix: answers never None', { files: { 'app.py': 'def answer(t):\n    return t or ""\n' }, date: '2026-01-23' });
    await r.checkout('main');
    const tip = await r.rev('main');
    const conflict = await s.run('2026-01-24', 'merge-back', branch);
    expect(conflict.code).toBe(1);
    expect(conflict.stdout).toContain('conflicts in 1 path(s); nothing was changed');
    expect(conflict.stdout).toContain('  app.py  (content)');
    expect(await r.rev('main')).toBe(tip);
  });
});

describe('Lightspeed-style: unreleased changes are the developers’ changes', () => {
  it('does not count Trellis’s own post-release commits as unreleased', async () => {
    const s = await released05();
    const { r } = s;
    const branch = (await s.branches()).find((b) => b.startsWith('release/'))!;
    const unreleased = async (day: string) =>
      Object.fromEntries(
        (JSON.parse(await s.ok(day, 'status', '--json')) as { lines: Array<{ line: string; unreleasedCommits: number | null }> }).lines.map(
          (l) => [l.line, l.unreleasedCommits],
        ),
      );
    // A post-release step as the policy would write it (a version bump with Trellis's trailer).
    await r.checkout(branch);
    await r.commit('chore(release): after 0.5.0 on release/0.5\n\nTrellis-Step: post-release 0.5.0\n', {
      files: { 'pyproject.toml': PYPROJECT.replace('0.4.0', '0.5.1.dev0') },
      date: '2026-01-16',
    });
    await r.checkout('main');
    expect((await unreleased('2026-01-17'))['0.5']).toBe(0);
    // "only bug fixes, security patches, and approved backports are merged into the corresponding release branch".
    await r.checkout(branch);
    await r.commit('fix: stabilize answer formatting', {
      files: { 'app.py': 'def answer(t):\n    return t.strip()\n' },
      date: '2026-01-18',
    });
    await r.checkout('main');
    expect((await unreleased('2026-01-19'))['0.5']).toBe(1);
  });
});

describe('Lightspeed-style: R2 support extensions', () => {
  it('records an extension with its reason and shows it wherever the end date is', async () => {
    // R2: "Publish explicit start and end dates for support of each LCORE release (e.g., 18–24
    //  months), and document criteria for extending or ending support."
    const extend = (p: string) => {
      const at = '      note: "LCORE-1622 accommodation phase: 0.5.0 release branch"\n';
      expect(p).toContain(at);
      return p.replace(at, `${at}      extended: { until: "2028-01-31", reason: "RHEL AI 1.x customers until their migration" }\n`);
    };
    const s = await released05(extend);
    type Line = { line: string; status: string; endOfLife: string | null; extended?: { until: string; reason: string }; notes: string[] };
    const json = JSON.parse(await s.ok('2027-09-01', 'status', '--json')) as { lines: Line[] };
    const l05 = json.lines.find((l) => l.line === '0.5')!;
    expect(l05.status).not.toBe('end-of-life');
    expect(l05.endOfLife).toBe('2028-01-31');
    expect(l05.extended).toEqual({ until: '2028-01-31', reason: 'RHEL AI 1.x customers until their migration' });
    expect(l05.notes.join('\n')).toMatch(
      /support extended until 2028-01-31 \(was 2027-07-1\d\): RHEL AI 1\.x customers until their migration/,
    );
    expect(json.lines.find((l) => l.line === '0.6')!.extended).toBeUndefined();
    // The table, the Markdown table and the endoflife.date cycles say so too.
    // 0.5 is in critical-bug + security support (policy level `bugfix`): the glossary's word is `critical`.
    expect(await s.ok('2027-09-01', 'status', '--wide')).toMatch(/0\.5 +release\/0\.5 +critical .*2028-01-31 \(extended\)/);
    // At 80 columns the end-of-life cell wraps under itself.
    expect(await s.ok('2027-09-01', 'status')).toMatch(/ 2028-01-31 .*\n {20,}.* \(extended\)/);
    expect(await s.ok('2027-09-01', 'status', '--markdown')).toContain('2028-01-31 (extended)');
    const cycles = JSON.parse(await s.ok('2027-09-01', 'status', '--format', 'endoflife')) as Array<{
      releaseCycle: string;
      eol: string;
      extendedSupport?: string;
    }>;
    expect(cycles.find((c) => c.releaseCycle === '0.5')).toMatchObject({ eol: '2028-01-31', extendedSupport: '2028-01-31' });
    const after = JSON.parse(await s.ok('2028-02-01', 'status', '--json')) as { lines: Line[] };
    expect(after.lines.find((l) => l.line === '0.5')!.status).toBe('end-of-life');
  });
});

describe('Lightspeed-style: hotfix branches in the trunk flow', () => {
  it('creates hotfix/x.y.z+1 from main, releases it, and merges it back', async () => {
    const s = await released05();
    const { r } = s;
    await s.ok('2026-01-16', 'merge-back', '0.5');
    // "Hotfixes (if needed): create hotfix/x.y.z+1 from main, then follow same flow".
    const wrong = await s.run('2026-01-20', 'hotfix', 'start', '0.5.3');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('0.5.3 is not the next patch of line 0.5 (latest 0.5.0): the hotfix is 0.5.1');
    expect(await s.ok('2026-01-20', 'hotfix', 'start', '0.5.1')).toContain('created hotfix/0.5.1 at main');
    expect(await r.rev('hotfix/0.5.1')).toBe(await r.rev('main'));
    await r.checkout('hotfix/0.5.1');
    await r.commit('fix: crash on empty question', { files: { 'app.py': 'def answer(t):\n    return t or ""\n' }, date: '2026-01-21' });
    await r.checkout('main');
    // "... then follow same flow": update the version, tag the release, merge into main.
    expect(await s.ok('2026-01-22', 'release', 'hotfix/0.5.1')).toContain('released 0.5.1 (line 0.5, branch hotfix/0.5.1, tag 0.5.1)');
    expect(await r.rev('0.5.1^{commit}')).toBe(await r.rev('hotfix/0.5.1'));
    expect(await s.show('0.5.1', 'pyproject.toml')).toContain('version = "0.5.1"');
    expect(await s.ok('2026-01-22', 'merge-back', 'hotfix/0.5.1')).toContain('merged hotfix/0.5.1 into main');
    expect(await r.git('merge-base', '--is-ancestor', '0.5.1', 'main')).toBe('');
    const status = JSON.parse(await s.ok('2026-01-23', 'status', '--json')) as { lines: Array<{ line: string; latest: string | null }> };
    expect(status.lines.find((l) => l.line === '0.5')!.latest).toBe('0.5.1');
  });
});
