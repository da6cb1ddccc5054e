/**
 * `trellis check`: for each rule, a real repository that violates it and one that does not
 * (Lightspeed-style end-of-life exceptions, Llama Stack-style release branches and testing
 * windows, Goose-style feature freeze, the coverage ledger of `trellis missing`, tags, conflict
 * markers).
 */
import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/app/check.js';
import { CHECK_RULES } from '../../src/core/policy/schema-check.js';
import { baseRepo, check, checkJson, commitOn, of, POLICY, setPolicy, topic } from './fixture.js';

describe('a clean repository', () => {
  it('passes every rule (exit 0) and lists the rules with their levels', async () => {
    const { r } = await baseRepo();
    const report = await checkJson(r);
    expect(report.findings).toEqual([]);
    expect(report.code).toBe(0);
    // Every rule the policy schema knows runs, in its order (the registry's ids, not a copy).
    expect(report.rules.map((x) => x.rule)).toEqual([...CHECK_RULES]);
    expect(CHECK_RULES).toContain('advisory-sla');
    expect(report.rules.find((x) => x.rule === 'backport-overdue')?.level).toBe('warning');
    const text = await check(r);
    expect(text.stdout).toBe('check passed: 9 rules, no findings (repository)\n');
  });
});

describe('policy-valid', () => {
  it('an invalid policy is a located finding (exit 1), not a crash', async () => {
    const { r } = await baseRepo(`${POLICY}check:\n  rules:\n    eol-comits: off\n`);
    const report = await checkJson(r);
    expect(report.code).toBe(1);
    const [f] = of(report, 'policy-valid');
    expect(f).toMatchObject({ severity: 'error', file: '.trellis.yml', fileLine: 15, fileColumn: 5 });
    expect(f?.message).toContain("unknown key 'eol-comits'");
    const gh = await check(r, ['--format', 'github']);
    expect(gh.stdout.split('\n')[0]).toMatch(/^::error file=\.trellis\.yml,line=15,col=5,title=trellis check%3A policy-valid::/);
  });

  it('the problems trellis policy check finds in the repository are findings too (a version file that is not there)', async () => {
    const missingFile = `${POLICY}versionFiles:\n  - { path: pyproject.toml, kind: toml, key: project.version, value: "{version}", when: [release], branch: line }\n`;
    const { r } = await baseRepo(missingFile);
    const out = await check(r, ['--json']);
    const report = JSON.parse(out.stdout) as CheckReport;
    expect(of(report, 'policy-valid')[0]).toEqual({
      rule: 'policy-valid',
      severity: 'error',
      message: 'pyproject.toml does not exist on release-1.1.x (line 1.1), where this version file is written',
      file: '.trellis.yml',
      fileLine: 14,
      fileColumn: 13,
    });
    expect(out.code).toBe(1);
  });

  it('a valid policy gives no finding', async () => {
    const { r } = await baseRepo();
    expect(of(await checkJson(r), 'policy-valid')).toEqual([]);
  });
});

describe('eol-commits (Lightspeed-style: no patches after EOL except by exception with approval)', () => {
  it('a commit on an end-of-life line after its end date is an error', async () => {
    const { r } = await baseRepo();
    const late = await commitOn(r, 'release-1.0.x', 'fix: late patch', { 'app.txt': '1.0.1\n' }, '2026-02-01');
    const report = await checkJson(r);
    expect(report.code).toBe(1);
    const [f] = of(report, 'eol-commits');
    expect(f).toMatchObject({ line: '1.0', commit: late });
    expect(f?.message).toContain('line 1.0 is end-of-life since 2025-12-31');
    expect(f?.message).toContain('Trellis-Exception: <reason> and Approved-by: <who>');
  });

  it('the same commit with a recorded exception and approval, or one before the end date, is not', async () => {
    const { r } = await baseRepo();
    await commitOn(r, 'release-1.0.x', 'fix: before the end', { 'app.txt': '1.0.1\n' }, '2025-12-01');
    await commitOn(
      r,
      'release-1.0.x',
      'fix: CVE-2026-0001 in the parser\n\nTrellis-Exception: critical CVE for the last 1.0 customers\nApproved-by: Release Manager <rm@example.com>',
      { 'app.txt': '1.0.2\n' },
      '2026-02-01',
    );
    expect(of(await checkJson(r), 'eol-commits')).toEqual([]);
  });

  it('a pull request into an end-of-life line is an error without the exception, none with it', async () => {
    const { r } = await baseRepo();
    await topic(r, 'release-1.0.x', 'fix: patch', { 'app.txt': 'x\n' });
    const bad = await checkJson(r, ['--base', 'release-1.0.x', '--head', 'topic']);
    expect(of(bad, 'eol-commits')).toHaveLength(1);
    expect(bad).toMatchObject({ base: 'release-1.0.x', head: 'topic', code: 1 });
    const approved = 'fix: patch\n\nTrellis-Exception: support contract until June\nApproved-by: RM <rm@example.com>';
    await topic(r, 'release-1.0.x', approved, { 'app.txt': 'x\n' }, { name: 'approved' });
    expect(of(await checkJson(r, ['--base', 'release-1.0.x', '--head', 'approved']), 'eol-commits')).toEqual([]);
  });
});

describe('feature-into-closed-line', () => {
  it('a feature merged into a bugfix line is an error naming the branch to use instead', async () => {
    const { r } = await baseRepo();
    const feat = await topic(r, 'release-1.1.x', 'feat: shiny new thing', { 'new.txt': '1\n' });
    const report = await checkJson(r, ['--base', 'release-1.1.x', '--head', 'topic']);
    const [f] = of(report, 'feature-into-closed-line');
    expect(f).toMatchObject({ severity: 'error', line: '1.1', commit: feat });
    expect(f?.message).toContain('use main instead');
    expect(report.code).toBe(1);
  });

  it('a fix into the same line is fine; --kind feature makes the pull request a feature', async () => {
    const { r } = await baseRepo();
    await topic(r, 'release-1.1.x', 'fix: crash on empty input', { 'app.txt': 'fixed\n' });
    expect(of(await checkJson(r, ['--base', 'release-1.1.x', '--head', 'topic']), 'feature-into-closed-line')).toEqual([]);
    const asFeature = await checkJson(r, ['--base', 'release-1.1.x', '--head', 'topic', '--kind', 'feature']);
    expect(of(asFeature, 'feature-into-closed-line')).toHaveLength(1);
  });

  it("a feature into main is fine; the repository's state reports a feature committed on a line that took none", async () => {
    const { r } = await baseRepo();
    await topic(r, 'main', 'feat: for 1.2', { 'new.txt': '1\n' });
    expect(of(await checkJson(r, ['--base', 'main', '--head', 'topic']), 'feature-into-closed-line')).toEqual([]);
    const sneaked = await commitOn(r, 'release-1.1.x', 'feat: sneaked in', { 'new.txt': '2\n' }, '2025-08-01');
    const [f] = of(await checkJson(r), 'feature-into-closed-line');
    expect(f).toMatchObject({ commit: sneaked, line: '1.1' });
  });
});

describe('security-missing and backport-overdue (the coverage ledger of trellis missing)', () => {
  it('a security fix missing on a maintained line is an error', async () => {
    const { r } = await baseRepo();
    const cve = await r.commit('fix: CVE-2026-1234 sanitize input', { files: { 'app.txt': 'safe\n' }, date: '2026-04-20' });
    const report = await checkJson(r);
    const [f] = of(report, 'security-missing');
    expect(f).toMatchObject({ severity: 'error', line: '1.1', commit: cve });
    expect(f?.message).toContain(`trellis backport ${cve.slice(0, 10)} --to 1.1`);
    expect(report.code).toBe(1);
    expect(of(await checkJson(r, ['--date', '2026-04-19']), 'security-missing')).toEqual([]);
  });

  it('the same fix cherry-picked to the line is not', async () => {
    const { r } = await baseRepo();
    const cve = await r.commit('fix: CVE-2026-1234 sanitize input', { files: { 'b.txt': 'safe\n' }, date: '2026-04-20' });
    await r.checkout('release-1.1.x');
    await r.cherryPick(cve, { x: true, date: '2026-04-21' });
    await r.checkout('main');
    expect(of(await checkJson(r), 'security-missing')).toEqual([]);
  });

  it('a bug fix missing past the grace period is a warning (exit 0), an error when the policy says so', async () => {
    const { r } = await baseRepo();
    const old = await r.commit('fix: wrong total', { files: { 'b.txt': '1\n' }, date: '2026-03-01' });
    await r.commit('fix: recent typo in output', { files: { 'c.txt': '1\n' }, date: '2026-04-25' });
    const report = await checkJson(r);
    const found = of(report, 'backport-overdue');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'warning', line: '1.1', commit: old });
    expect(found[0]?.message).toContain('past the 2 weeks grace (due 2026-03-15)');
    expect(report.code).toBe(0);
    await setPolicy(r, `${POLICY}check:\n  backportGrace: 4 weeks\n  rules:\n    backport-overdue: error\n`);
    const strict = await checkJson(r);
    expect(of(strict, 'backport-overdue')[0]?.severity).toBe('error');
    expect(strict.code).toBe(1);
  });

  it('a fix inside the grace period is not overdue; a rule turned off reports nothing', async () => {
    const { r } = await baseRepo();
    await r.commit('fix: recent', { files: { 'b.txt': '1\n' }, date: '2026-04-25' });
    expect(of(await checkJson(r), 'backport-overdue')).toEqual([]);
    await r.commit('fix: CVE-2026-9 old hole', { files: { 'c.txt': '1\n' }, date: '2026-04-26' });
    await setPolicy(r, `${POLICY}check:\n  rules:\n    security-missing: off\n`);
    const report = await checkJson(r);
    expect(of(report, 'security-missing')).toEqual([]);
    expect(report.rules.find((x) => x.rule === 'security-missing')?.level).toBe('off');
    expect(report.code).toBe(0);
  });
});

describe('tag-on-wrong-line', () => {
  it('a version tag on a commit only another line holds is an error', async () => {
    const { r } = await baseRepo();
    const wrong = await commitOn(r, 'release-1.0.x', 'fix: on 1.0', { 'app.txt': '1.0.1\n' }, '2025-07-01');
    await r.tag('v1.1.1', { target: wrong, message: 'Release 1.1.1', date: '2025-07-02' });
    const [f] = of(await checkJson(r), 'tag-on-wrong-line');
    expect(f).toMatchObject({ line: '1.1', commit: wrong });
    expect(f?.message).toContain('tag v1.1.1 (line 1.1)');
    expect(f?.message).toContain('only release-1.0.x holds');
  });

  it('the tag on its own line is not', async () => {
    const { r } = await baseRepo();
    const right = await commitOn(r, 'release-1.1.x', 'fix: on 1.1', { 'app.txt': '1.1.1\n' }, '2025-07-01');
    await r.tag('v1.1.1', { target: right, message: 'Release 1.1.1', date: '2025-07-02' });
    expect(of(await checkJson(r), 'tag-on-wrong-line')).toEqual([]);
  });
});

describe('conflict-markers (Mergify shipped them into release branches: vyos/vyos-documentation#2005)', () => {
  const CONFLICTED = 'a\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> 1234567 (fix: x)\nz\n';

  it('a pull request into a release branch with markers is an error at the file and line (and a GitHub annotation)', async () => {
    const { r } = await baseRepo();
    await topic(r, 'release-1.1.x', 'fix: backport with a bad merge', { 'docs/guide.md': CONFLICTED });
    const report = await checkJson(r, ['--base', 'release-1.1.x', '--head', 'topic']);
    const [f] = of(report, 'conflict-markers');
    expect(f).toMatchObject({ file: 'docs/guide.md', fileLine: 2, fileColumn: 1 });
    expect(f?.line).toBeUndefined();
    expect(f?.message).toBe('docs/guide.md at topic has a conflict marker <<<<<<< at line 2 (3 markers)');
    const gh = await check(r, ['--base', 'release-1.1.x', '--head', 'topic', '--format', 'github']);
    expect(gh.code).toBe(1);
    expect(gh.stdout).toContain('::error file=docs/guide.md,line=2,col=1,title=trellis check%3A conflict-markers::docs/guide.md at topic');
  });

  it('a Setext heading (=======) is no marker; markers going into main are not this rule', async () => {
    const { r } = await baseRepo();
    await topic(r, 'release-1.1.x', 'docs: heading', { 'docs/guide.md': 'Guide\n=======\n' });
    expect(of(await checkJson(r, ['--base', 'release-1.1.x', '--head', 'topic']), 'conflict-markers')).toEqual([]);
    await r.git('branch', 'topic-main', 'main');
    await commitOn(r, 'topic-main', 'wip', { 'x.md': CONFLICTED }, '2026-04-30');
    expect(of(await checkJson(r, ['--base', 'main', '--head', 'topic-main']), 'conflict-markers')).toEqual([]);
  });

  it("the repository's state: markers committed on a maintained line are found at its tip", async () => {
    const { r } = await baseRepo();
    await commitOn(r, 'release-1.1.x', 'fix: bad pick', { 'src/a.py': CONFLICTED }, '2025-07-01');
    const [f] = of(await checkJson(r), 'conflict-markers');
    expect(f).toMatchObject({ file: 'src/a.py', fileLine: 2, line: '1.1' });
  });
});

describe('testing-window (Llama Stack-style: rcs first, 1 week for a minor, 2 weeks for a major)', () => {
  const WINDOW = `${POLICY}release:\n  testingWindow: { minor: 1 week, major: 2 weeks }\n`;

  it('a minor released 3 days after its first rc, or without an rc, is an error', async () => {
    const { r } = await baseRepo(WINDOW);
    await r.git('branch', 'release-1.2.x', 'main');
    await r.tag('v1.2.0rc1', { target: 'release-1.2.x', message: 'Release 1.2.0rc1', date: '2026-04-01' });
    await r.tag('v1.2.0', { target: 'release-1.2.x', message: 'Release 1.2.0', date: '2026-04-04' });
    const report = await checkJson(r);
    const [f] = of(report, 'testing-window');
    expect(f?.message).toBe(
      'tag v1.2.0: minor release 1.2.0 comes 2026-04-04, before its 1 week testing window since 1.2.0rc1 (2026-04-01) ends; allowed from 2026-04-08',
    );
    expect(report.code).toBe(1);
    await r.git('tag', '-d', 'v1.2.0rc1');
    const [g] = of(await checkJson(r), 'testing-window');
    expect(g?.message).toContain('has no release candidate');
  });

  it('releases after their window (and every release when the policy declares none) are not', async () => {
    const { r } = await baseRepo(WINDOW);
    expect(of(await checkJson(r), 'testing-window')).toEqual([]);
    await r.git('branch', 'release-1.2.x', 'main');
    await r.tag('v1.2.0', { target: 'release-1.2.x', message: 'Release 1.2.0', date: '2026-04-04' });
    await setPolicy(r, POLICY);
    expect(of(await checkJson(r), 'testing-window')).toEqual([]);
  });

  it('a tag whose message records the exception is not reported, signed or not', async () => {
    const { r } = await baseRepo(WINDOW);
    await r.git('branch', 'release-1.2.x', 'main');
    const signed =
      'Release 1.2.0\n\nTrellis-Exception: urgent fix (testing-window)\n-----BEGIN PGP SIGNATURE-----\n\niQEz\n-----END PGP SIGNATURE-----\n';
    await r.tag('v1.2.0', { target: 'release-1.2.x', message: signed, date: '2026-04-04' });
    expect(of(await checkJson(r), 'testing-window')).toEqual([]);
  });
});

describe('check.since (adopting Trellis on an existing history)', () => {
  it("leaves out the repository state's commits, tags and missing changes from before the day", async () => {
    const { r } = await baseRepo(`${POLICY}release:\n  testingWindow: { minor: 1 week }\n`);
    await commitOn(r, 'release-1.0.x', 'fix: late patch', { 'app.txt': '1.0.1\n' }, '2026-02-01');
    await r.commit('fix: CVE-2026-1 old hole', { files: { 'b.txt': '1\n' }, date: '2026-02-02' });
    await r.git('branch', 'release-1.2.x', 'main');
    await r.tag('v1.2.0', { target: 'release-1.2.x', message: 'Release 1.2.0', date: '2026-02-03' });
    const before = await checkJson(r);
    expect(['eol-commits', 'security-missing', 'testing-window'].map((rule) => of(before, rule).length)).toEqual([1, 1, 1]);
    await setPolicy(r, `${POLICY}release:\n  testingWindow: { minor: 1 week }\ncheck:\n  since: "2026-03-01"\n`);
    const after = await checkJson(r);
    expect(after.findings).toEqual([]);
    expect(after.code).toBe(0);
  });
});
