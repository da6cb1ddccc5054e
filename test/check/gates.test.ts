/**
 * The gates around `trellis check`: Goose-style feature freeze on a pull request, `trellis
 * release` refusing a release that skips its testing window (and `--force --reason` recording
 * the exception that check then honours), the GitHub annotation format and bad input.
 */
import { describe, expect, it } from 'vitest';
import { findingLine } from '../../src/cli/commands/check.js';
import { githubAnnotation } from '../../src/core/check/annotation.js';
import { trellis } from '../helpers/cli.js';
import { GOOSE_POLICY, gooseRepo, lightspeedRepo } from '../lines/fixtures.js';
import { baseRepo, check, checkJson, of, POLICY, setPolicy, TODAY, topic } from './fixture.js';

const FREEZE = GOOSE_POLICY.replace(
  'schedule: []',
  `schedule:
    - { phase: mid-cycle, from: "2025-04-15" }
    - { phase: pre-release, from: "2025-07-01", line: "1.3" }
    - { phase: feature-freeze, from: "2025-07-20", line: "1.3" }`,
);

describe('feature-into-closed-line: Goose-style feature freeze', () => {
  it('a feature into the branch in feature freeze is an error naming main; a fix is not; before the freeze it is allowed', async () => {
    const { repo: r } = await gooseRepo();
    await r.git('branch', 'late-feature', 'v1.3-ossivalis');
    await r.checkout('late-feature');
    const feat = await r.commit('feat: late feature', { files: { 'f.txt': '1\n' }, date: '2025-07-24' });
    await r.checkout('main');
    await r.write('.trellis.yml', FREEZE);
    const pr = ['check', '--base', 'v1.3-ossivalis', '--head', 'late-feature', '--json', '--repo', r.dir];
    const frozen = await trellis([...pr, '--date', '2025-07-25'], { env: r.env });
    const report = JSON.parse(frozen.stdout) as Awaited<ReturnType<typeof checkJson>>;
    const [f] = of(report, 'feature-into-closed-line');
    expect(f).toMatchObject({ severity: 'error', line: '1.3', commit: feat });
    expect(f?.message).toContain('features for 1.3.0 are no longer allowed, should target 1.4.0 instead');
    expect(f?.message).toContain('use main instead');
    expect(frozen.code).toBe(1);
    const before = JSON.parse((await trellis([...pr, '--date', '2025-07-10'], { env: r.env })).stdout) as typeof report;
    expect(of(before, 'feature-into-closed-line')).toEqual([]);
    const asFix = JSON.parse((await trellis([...pr, '--date', '2025-07-25', '--kind', 'bugfix'], { env: r.env })).stdout) as typeof report;
    expect(of(asFix, 'feature-into-closed-line')).toEqual([]);
  });
});

describe('a fix made on a line first (the reverse rows of trellis missing)', () => {
  it('is reported missing on the development branch, with no line and no backport command', async () => {
    const { repo: r } = await lightspeedRepo();
    const out = await trellis(['check', '--repo', r.dir, '--date', '2025-08-01', '--json'], { env: r.env });
    const report = JSON.parse(out.stdout) as Awaited<ReturnType<typeof checkJson>>;
    const onMain = of(report, 'security-missing').filter((f) => f.message.includes('(the development branch)'));
    expect(onMain).toHaveLength(1);
    expect(onMain[0]?.line).toBeUndefined();
    expect(onMain[0]?.message).toMatch(
      /is missing on main \(the development branch\): carry it to main \(cherry-pick -x, or merge the line back\)$/,
    );
  });
});

describe('trellis release enforces the testing window (release.testingWindow)', () => {
  const WINDOW = `${POLICY}release:\n  testingWindow: { minor: 1 week, major: 2 weeks, requireRc: true }\n`;
  const release = (dir: string, env: NodeJS.ProcessEnv, args: string[]) =>
    trellis(['release', ...args, '--repo', dir], { env, cwd: dir, now: `${TODAY}T12:00:00Z` });

  it('refuses a minor 3 days after its first rc (exit 2, one line naming the rule and the day), and one without an rc', async () => {
    const { r } = await baseRepo(WINDOW);
    await r.git('branch', 'release-1.2.x', 'main');
    const out = await release(r.dir, r.env, ['1.2']);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      'trellis: testing-window: minor release 1.2.0 has no release candidate (release.testingWindow.requireRc); release 1.2.0 with --pre rc first; to release anyway: --force --reason TEXT\n',
    );
    await r.tag('v1.2.0rc1', { target: 'release-1.2.x', message: 'Release 1.2.0rc1', date: '2026-04-28' });
    const early = await release(r.dir, r.env, ['1.2', '--dry-run']);
    expect(early.code).toBe(2);
    expect(early.stderr).toBe(
      'trellis: testing-window: minor release 1.2.0 comes 2026-05-01, before its 1 week testing window since 1.2.0rc1 (2026-04-28) ends; allowed from 2026-05-05; to release anyway: --force --reason TEXT\n',
    );
    expect(early.stdout).toBe('');
    expect(await r.git('tag', '--list', 'v1.2.0')).toBe('');
  });

  it('--force --reason releases and records the reason in the tag message; check then does not report it', async () => {
    const { r } = await baseRepo(WINDOW);
    await r.git('branch', 'release-1.2.x', 'main');
    await r.tag('v1.2.0rc1', { target: 'release-1.2.x', message: 'Release 1.2.0rc1', date: '2026-04-28' });
    const noReason = await release(r.dir, r.env, ['1.2', '--force']);
    expect(noReason).toMatchObject({ code: 2, stderr: 'trellis: --force needs --reason TEXT (recorded in the tag message)\n' });
    const forced = await release(r.dir, r.env, ['1.2', '--force', '--reason', 'CVE-2026-7 must ship\nnow']);
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('released inside the testing window (--force)');
    const message = await r.git('tag', '--list', '--format=%(contents)', 'v1.2.0');
    expect(message).toContain('Trellis-Exception: CVE-2026-7 must ship now (testing-window: minor release 1.2.0 comes 2026-05-01');
    await setPolicy(r, WINDOW);
    expect(of(await checkJson(r), 'testing-window')).toEqual([]);
  });

  it('allows the release once the window has passed, and any release when the policy declares no window', async () => {
    const { r } = await baseRepo(WINDOW);
    await r.git('branch', 'release-1.2.x', 'main');
    await r.tag('v1.2.0rc1', { target: 'release-1.2.x', message: 'Release 1.2.0rc1', date: '2026-04-20' });
    expect((await release(r.dir, r.env, ['1.2', '--dry-run'])).code).toBe(0);
    const other = await baseRepo(POLICY);
    await other.r.git('branch', 'release-1.2.x', 'main');
    const plain = await release(other.r.dir, other.r.env, ['1.2', '--dry-run']);
    expect(plain.stderr).toBe('');
    expect(plain.code).toBe(0);
    expect((await release(other.r.dir, other.r.env, ['1.2', '--reason', 'x'])).code).toBe(2);
  });
});

describe('output and input', () => {
  it('GitHub annotations escape %, CR and LF in the message, and also : and , in properties', () => {
    const line = githubAnnotation({
      rule: 'conflict-markers',
      severity: 'warning',
      message: '100% done\r\nnext: a, b',
      file: 'docs/a,b:c.md',
      fileLine: 3,
      fileColumn: 1,
    });
    expect(line).toBe('::warning file=docs/a%2Cb%3Ac.md,line=3,col=1,title=trellis check%3A conflict-markers::100%25 done%0D%0Anext: a, b');
    expect(githubAnnotation({ rule: 'eol-commits', severity: 'error', message: 'm' })).toBe(
      '::error title=trellis check%3A eol-commits::m',
    );
  });

  it('text lines are one line whatever a subject holds', () => {
    expect(findingLine({ rule: 'r', severity: 'error', message: 'a\rb\x1b[2Kc', file: 'f', fileLine: 2 })).toBe(
      'f:2: error: a\\rb\\x1b[2Kc [r]',
    );
  });

  it('bad input exits 2 with one line', async () => {
    const { r } = await baseRepo();
    expect(await check(r, ['--base', 'main'])).toMatchObject({
      code: 2,
      stderr: 'trellis: give both --base BRANCH and --head REV, or neither\n',
    });
    expect((await check(r, ['--date', '2026-02-30'])).code).toBe(2);
    const unknown = await check(r, ['--base', 'main', '--head', 'no-such-branch']);
    expect(unknown).toMatchObject({ code: 2, stderr: "trellis: unknown revision 'no-such-branch'\n" });
    const option = await check(r, ['--base', 'main', '--head=--output=/tmp/x']);
    expect(option.code).toBe(2);
    expect((await check(r, ['--format', 'xml'])).code).toBe(2);
    expect((await check(r, ['--kind', 'chore'])).code).toBe(2);
  });

  it('--format json is --json; a pull request with no findings says what was checked', async () => {
    const { r } = await baseRepo();
    await topic(r, 'release-1.1.x', 'fix: small', { 'app.txt': 'y\n' });
    const json = await check(r, ['--base', 'release-1.1.x', '--head', 'topic', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ base: 'release-1.1.x', head: 'topic', findings: [], exitCode: 0 });
    const text = await check(r, ['--base', 'release-1.1.x', '--head', 'topic']);
    expect(text.stdout).toBe('check passed: 9 rules, no findings (pull request topic into release-1.1.x)\n');
  });
});
