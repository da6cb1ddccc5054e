/**
 * Lightspeed (Lightspeed Core Stack, "Supporting backport changes for releases") end to end: a
 * release manager follows the document's git workflow with Trellis only — release/X.Y.Z
 * branches, version bump, signed annotated tags, patch branches cut from the previous one, a CVE
 * backported from main (U5), a bug carried from line X to line Y (U8), the changelog with the CVE
 * id, the supported-versions list (U9, R2, R3), the coverage of the CVE, and an EOL recorded.
 */
import { describe, expect, it } from 'vitest';
import { commitOn, sshSigningKey, story } from './story.js';

const PYPROJECT = '[project]\nname = "lightspeed-stack"\n# bumped by the release\nversion = "0.4.0"\n';

interface StatusJson {
  lines: Array<{
    line: string;
    branch: string | null;
    status: string;
    latest: string | null;
    endOfBugfix: string | null;
    endOfLife: string | null;
    notes: string[];
    override: { status: string } | null;
  }>;
}
interface MissingJson {
  lines: string[];
  changes: Array<{ commit: string; kind: string; states: Record<string, { state: string; via: string | null; commit: string | null }> }>;
}

/**
 * The preset follows lightspeed-stack as it is today (release/X.Y branches, X.Y.Z tags in PEP 440);
 * this story follows the document: SemVer vX.Y.Z tags and one release/X.Y.Z branch per release.
 */
function seedVariant(policy: string): string {
  const lines = policy.split('\n');
  const at = (line: string) => {
    const i = lines.indexOf(line);
    expect(i, line).not.toBe(-1);
    return i;
  };
  const replace = (a: string, b: string) => {
    lines[at(a)] = b;
  };
  const swap = (a: string, b: string) => {
    const [i, j] = [at(a), at(b)];
    [lines[i], lines[j]] = [b, a];
  };
  replace('  scheme: pep440', '  scheme: semver');
  replace('    labels: [rc]', '    labels: [alpha, beta, rc]');
  replace('    format: "{label}{n}"', '    format: "-{label}.{n}"');
  replace('  tag: ["{version}", "v{version}"]', '  tag: ["v{version}", "{version}"]');
  swap('    - "release/{major}.{minor}"', '    - "release/{major}.{minor}.{patch}"');
  return lines.join('\n');
}

describe('Lightspeed-style: release branches, signed tags and backports', () => {
  it('follows the document from the first release branch to an EOL line', async () => {
    const s = await story('lightspeed', {
      day: '2026-01-05',
      edit: seedVariant,
      files: { 'pyproject.toml': PYPROJECT, 'app.py': 'def answer(t):\n    return t\n' },
    });
    const { r } = s;
    sshSigningKey(r);
    await r.commit('feat: conversation compaction', { files: { 'compact.py': 'compact = True\n' }, date: '2026-01-10' });
    const main0 = await r.rev('main');

    // "New release branch: 1. Create release branch from the main branch
    //  (git checkout -b release/1.2.0 main)".
    expect(await s.ok('2026-01-12', 'branch', 'cut', '0.5')).toContain('cut release/0.5.0 for line 0.5 (first version 0.5.0) from main');
    expect(await r.rev('release/0.5.0')).toBe(main0);

    // U9 / R3: the supported-versions list names each line once; "0.6" (listed in the policy for
    // LCORE-1623) is what main works towards, not a second line.
    const early = JSON.parse(await s.ok('2026-01-12', 'status', '--json')) as StatusJson;
    expect(early.lines.map((l) => [l.line, l.branch])).toEqual([
      ['0.6', 'main'],
      ['0.5', 'release/0.5.0'],
    ]);
    expect(early.lines[0]!.notes).toContain('LCORE-1623 production phase: 0.6.0 release branch');

    // "Fix issues: commit fixes directly on release branch".
    await commitOn(
      r,
      'release/0.5.0',
      'fix: stabilize answer formatting',
      { 'app.py': 'def answer(t):\n    return t.strip()\n' },
      '2026-01-13',
    );

    // "2. Update version number in build files 3. Commit ... 4. Tag the release
    //  (git tag -a v1.2.0 -m 'Release 1.2.0')"; "release tags are reproducible and signed".
    const rel050 = await s.ok('2026-01-15', 'release', '0.5');
    expect(rel050).toContain('released 0.5.0 (line 0.5, branch release/0.5.0, tag v0.5.0)');
    expect(await s.show('release/0.5.0', 'pyproject.toml')).toBe(PYPROJECT.replace('0.4.0', '0.5.0'));
    expect(await r.git('tag', '-l', '--format=%(objecttype) %(taggerdate:short) %(contents:subject)', 'v0.5.0')).toBe(
      'tag 2026-01-15 Release 0.5.0',
    );
    expect(await r.rev('v0.5.0^{commit}')).toBe(await r.rev('release/0.5.0'));
    const verified = s.verifyTag('v0.5.0');
    expect(verified.status).toBe(0);
    expect(verified.stderr).toContain('Good "git" signature for cy@example.com');
    // Routine development stays on main: the release changed nothing there.
    expect(await r.rev('main')).toBe(main0);

    // U5: "backport the CVE from main branch to given version x.y".
    const cve = await r.commit('fix(auth): reject expired tokens\n\nCVE: CVE-2026-1234\n', {
      files: { 'auth.py': 'check_expiry = True\n' },
      date: '2026-02-01',
    });
    // "Update/fix existing release branch: git checkout -b release/1.2.1 release/1.2.0".
    expect(await s.ok('2026-02-02', 'branch', 'cut', '0.5')).toContain(
      'cut release/0.5.1 for line 0.5 (first version 0.5.1) from release/0.5.0',
    );
    expect(await r.rev('release/0.5.1')).toBe(await r.rev('release/0.5.0'));
    const released050 = await r.rev('release/0.5.0');
    const bp = await s.ok('2026-02-02', 'backport', cve, '--auto', '--direct');
    expect(bp).toContain('change kind: security');
    expect(bp).toContain('wrote release/0.5.1');
    // "record the originating main commit(s) ... in the release branch".
    expect(await r.git('log', '-1', '--format=%B', 'release/0.5.1')).toBe(
      `fix(auth): reject expired tokens\n\nCVE: CVE-2026-1234\n(cherry picked from commit ${cve})\n`,
    );
    // A released branch keeps its release: the fix went to release/0.5.1 only.
    expect(await r.rev('release/0.5.0')).toBe(released050);

    // "Backport changes ... receive a patch-level version bump and changelog entry documenting the
    //  fix and any CVE identifiers".
    expect(await s.ok('2026-02-03', 'release', '0.5')).toContain('released 0.5.1 (line 0.5, branch release/0.5.1, tag v0.5.1)');
    expect(await s.show('release/0.5.1', 'pyproject.toml')).toContain('version = "0.5.1"');
    const picked = (await r.rev('release/0.5.1~1')).slice(0, 7);
    expect(await s.show('release/0.5.1', 'CHANGELOG.md')).toContain(
      `## [0.5.1] - 2026-02-03\n\n### Security\n\n- **auth:** reject expired tokens (CVE-2026-1234) (${picked}, backport of ${cve.slice(0, 7)})\n\n## [0.5.0] - 2026-01-15\n`,
    );
    expect(s.verifyTag('v0.5.1').status).toBe(0);

    // The next line: "For every formal release (major.minor.patch) we create a long-lived branch".
    await r.commit('feat: quota limiter', { files: { 'quota.py': 'limit = 10\n' }, date: '2026-03-01' });
    expect(await s.ok('2026-03-02', 'branch', 'cut')).toContain('cut release/0.6.0 for line 0.6 (first version 0.6.0) from main');
    expect(await s.ok('2026-03-10', 'release', '0.6')).toContain('tag v0.6.0');
    expect(await s.show('release/0.6.0', 'pyproject.toml')).toContain('version = "0.6.0"');

    // U8: "backport the bug from version X branch to version Y without altering other versions".
    await s.ok('2026-03-11', 'branch', 'cut', '0.6');
    const bug = await commitOn(
      r,
      'release/0.6.1',
      'fix: handle an empty transcript',
      { 'app.py': 'def answer(t):\n    return (t or "").strip()\n' },
      '2026-03-12',
    );
    await s.ok('2026-03-12', 'branch', 'cut', '0.5');
    const before = Object.fromEntries(
      await Promise.all(['main', 'release/0.5.0', 'release/0.5.1', 'release/0.6.0', 'release/0.6.1'].map(async (b) => [b, await r.rev(b)])),
    );
    const cut052 = await r.rev('release/0.5.2');
    // 0.5 had its own fix on the same line: Cherry picking, "Resolve any merge conflicts, then git
    // add and git cherry-pick --continue".
    const conflict = await s.run('2026-03-13', 'backport', bug, '--to', '0.5', '--direct');
    expect(conflict.code).toBe(1);
    const conflictsBranch = `backport/0.5/${bug.slice(0, 10)}-conflicts`;
    expect(conflict.stdout).toContain(`conflict in app.py (content)\n  wrote ${conflictsBranch}`);
    expect(await r.rev('release/0.5.2')).toBe(cut052);
    await r.checkout(conflictsBranch);
    expect((await r.read('app.py')).toString()).toContain('<<<<<<<');
    await r.commit('Resolve backport conflicts', {
      files: { 'app.py': 'def answer(t):\n    return (t or "").strip()\n' },
      date: '2026-03-13',
    });
    await r.checkout('main');
    expect(await s.ok('2026-03-13', 'backport', '--continue')).toContain('release/0.5.2');
    for (const [b, sha] of Object.entries(before)) expect(await r.rev(b), b).toBe(sha);
    expect(await r.git('rev-parse', 'release/0.5.2^')).toBe(cut052);
    expect(await r.git('log', '-1', '--format=%B', 'release/0.5.2')).toBe(
      `fix: handle an empty transcript\n\n(cherry picked from commit ${bug})\n`,
    );
    expect(await s.show('release/0.5.2', 'app.py')).toBe('def answer(t):\n    return (t or "").strip()\n');
    expect(await s.ok('2026-03-14', 'release', '0.6')).toContain('tag v0.6.1');
    expect(await s.ok('2026-03-14', 'release', '0.5')).toContain('tag v0.5.2');
    expect(await s.branches()).toEqual(['main', 'release/0.5.0', 'release/0.5.1', 'release/0.5.2', 'release/0.6.0', 'release/0.6.1']);
    expect(await s.tags()).toEqual(['v0.5.0', 'v0.5.1', 'v0.5.2', 'v0.6.0', 'v0.6.1']);

    // U9: "a list of supported versions, support windows, status of versions". R2: "explicit start
    // and end dates ... (e.g., 18-24 months)": the preset gives bug fixes for 12 months and security
    // fixes until 18 months after the first release.
    const status = JSON.parse(await s.ok('2026-03-14', 'status', '--json')) as StatusJson;
    expect(status.lines.map((l) => [l.line, l.branch, l.status, l.latest, l.endOfBugfix, l.endOfLife])).toEqual([
      ['0.7', 'main', 'feature', null, null, null],
      ['0.6', 'release/0.6.1', 'bugfix', '0.6.1', '2027-03-10', '2027-09-10'],
      ['0.5', 'release/0.5.2', 'bugfix', '0.5.2', '2027-01-15', '2027-07-15'],
    ]);
    // R3: "the type of support (security-only, critical-bug + security, full support)": the
    // authoritative list keeps 0.5 at critical-bug + security after the window says security-only.
    const later = (JSON.parse(await s.ok('2027-03-01', 'status', '--json')) as StatusJson).lines.find((l) => l.line === '0.5')!;
    expect(later.status).toBe('bugfix');
    expect(later.override?.status).toBe('security');

    // U9 and R5 ("Track ... CVEs affecting any supported release"): the CVE is fixed on every line.
    const missing = JSON.parse((await s.run('2026-03-14', 'missing', '--all', '--json')).stdout) as MissingJson;
    const row = missing.changes.find((c) => c.commit === cve)!;
    expect(row.kind).toBe('security');
    expect(row.states['0.6']).toMatchObject({ state: 'present', via: 'reachable' });
    expect(row.states['0.5']).toMatchObject({ state: 'present', via: 'trailer' });
    expect((await s.run('2026-03-14', 'missing', '--kind', 'security')).code).toBe(0);

    // "End-of-support or EOL for a release is recorded; no further patches are applied after EOL
    //  except by exception and with explicit approval."
    const policy = (await s.show('main', '.trellis.yml')).replace(
      '    "0.5":\n      support: bugfix\n',
      '    "0.5":\n      support: end-of-life\n      eol: 2026-04-01\n',
    );
    await r.commit('chore: record the end of life of 0.5', { files: { '.trellis.yml': policy }, date: '2026-04-01' });
    const eolLine = (JSON.parse(await s.ok('2026-04-02', 'status', '--json')) as StatusJson).lines.find((l) => l.line === '0.5')!;
    expect([eolLine.status, eolLine.endOfLife]).toEqual(['end-of-life', '2026-04-01']);
    const late = await r.commit('fix: late fix', { files: { 'late.py': '1\n' }, date: '2026-04-02' });
    const refused = await s.run('2026-04-02', 'backport', late, '--to', '0.5');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/0\.5.*end-of-life/);
    expect((await s.run('2026-04-02', 'release', '0.5')).stderr).toBe('trellis: line 0.5 is end-of-life; it takes no more releases\n');
    expect((await s.run('2026-04-02', 'branch', 'cut', '0.5')).stderr).toBe(
      'trellis: line 0.5 is end-of-life; no new branch is cut for it\n',
    );
    // The exception, with its approval recorded on the commit, goes to a backport branch for review.
    const released052 = await r.rev('release/0.5.2');
    const exception = `backport/0.5/${late.slice(0, 10)}`;
    expect(await s.ok('2026-04-03', 'backport', late, '--to', '0.5', '--force-eol', '--reason', 'approved exception LCORE-9999')).toContain(
      `wrote ${exception}`,
    );
    expect(await r.git('log', '-1', '--format=%(trailers:key=Backport-EOL-Reason,valueonly)', exception)).toBe(
      'approved exception LCORE-9999\n',
    );
    expect(await r.rev(`${exception}~1`)).toBe(released052);
    expect(await r.rev('release/0.5.2')).toBe(released052);
  });
});
