/**
 * Fixtures for `trellis check`: a small Llama Stack-style repository (release-X.Y.x branches,
 * vX.Y.Z tags with rcs) built with real git, the policy written after the history (so it stays
 * out of the commits), and the CLI run in-process with a fixed day.
 */
import type { CheckReport } from '../../src/app/check.js';
import { trellis, type CliResult } from '../helpers/cli.js';
import { makeRepo, type FixtureRepo } from '../helpers/repo.js';

/** The day every check runs on unless told otherwise. */
export const TODAY = '2026-05-01';

/** Line 1.0 is end-of-life since 2025-12-31; 1.1 takes bug and security fixes; main develops 1.2. */
export const POLICY = `versioning:
  scheme: pep440
  prerelease: { labels: [rc], format: "{label}{n}" }
  tag: "v{version}"
branches:
  main: main
  release: "release-{major}.{minor}.x"
  backport: "backport/{line}/{sha}"
support:
  lines:
    "1.0": { eol: "2025-12-31" }
    "1.1": { support: bugfix }
`;

export interface CheckFixture {
  r: FixtureRepo;
  /** Commits by name. */
  c: Record<string, string>;
}

/**
 * main: init (2025-01-01), 1.0 work (2025-02-01, release-1.0.x cut there, v1.0.0rc1 2025-02-01,
 * v1.0.0 2025-02-15), 1.1 work (2025-06-01, release-1.1.x cut there, v1.1.0rc1 2025-06-01, v1.1.0
 * 2025-06-20), 1.2 work (2025-09-01).
 */
export async function baseRepo(policy = POLICY): Promise<CheckFixture> {
  const r = await makeRepo();
  const c: Record<string, string> = {};
  await r.commit('chore: init', { files: { 'app.txt': '0\n', 'README.md': 'Title\n=======\n' }, date: '2025-01-01' });
  c.cut10 = await r.commit('feat: 1.0 work', { files: { 'app.txt': '1\n' }, date: '2025-02-01' });
  await r.branch('release-1.0.x');
  await r.tag('v1.0.0rc1', { message: 'Release 1.0.0rc1', date: '2025-02-01' });
  await r.tag('v1.0.0', { message: 'Release 1.0.0', date: '2025-02-15' });
  c.cut11 = await r.commit('feat: 1.1 work', { files: { 'app.txt': '2\n' }, date: '2025-06-01' });
  await r.branch('release-1.1.x');
  await r.tag('v1.1.0rc1', { message: 'Release 1.1.0rc1', date: '2025-06-01' });
  await r.tag('v1.1.0', { message: 'Release 1.1.0', date: '2025-06-20' });
  c.main12 = await r.commit('feat: 1.2 work', { files: { 'app.txt': '3\n' }, date: '2025-09-01' });
  await setPolicy(r, policy);
  return { r, c };
}

const policies = new WeakMap<FixtureRepo, string>();

/**
 * The fixture's policy: kept here and written to `.trellis.yml` (untracked) before each check,
 * since checking branches out in the fixture may clean the work tree.
 */
export async function setPolicy(r: FixtureRepo, policy: string): Promise<void> {
  policies.set(r, policy);
  await r.write('.trellis.yml', policy);
}

/** Commits on `branch` (checked out, then main again). */
export async function commitOn(
  r: FixtureRepo,
  branch: string,
  message: string,
  files: Record<string, string>,
  date: string,
): Promise<string> {
  await r.checkout(branch);
  const oid = await r.commit(message, { files, date });
  await r.checkout('main');
  return oid;
}

/** A topic branch from `from` with one commit: a pull request's head. */
export async function topic(
  r: FixtureRepo,
  from: string,
  message: string,
  files: Record<string, string>,
  opts: { name?: string; date?: string } = {},
): Promise<string> {
  const name = opts.name ?? 'topic';
  await r.git('branch', name, from);
  return commitOn(r, name, message, files, opts.date ?? '2026-04-30');
}

/** `trellis check ARGS` in the fixture, on {@link TODAY} unless `--date` is given. */
export async function check(r: FixtureRepo, args: string[] = []): Promise<CliResult> {
  await r.write('.trellis.yml', policies.get(r) ?? POLICY);
  return trellis(['check', ...args, '--repo', r.dir], { env: r.env, cwd: r.dir, now: `${TODAY}T12:00:00Z` });
}

/** `trellis check --json ARGS`: the report, with the exit code checked against it. */
export async function checkJson(r: FixtureRepo, args: string[] = []): Promise<CheckReport & { code: number }> {
  const out = await check(r, [...args, '--json']);
  if (out.stderr !== '') throw new Error(`unexpected stderr: ${out.stderr}`);
  const report = JSON.parse(out.stdout) as CheckReport;
  if (report.exitCode !== out.code) throw new Error(`exit ${out.code} but report says ${report.exitCode}`);
  return { ...report, code: out.code };
}

/** The findings of one rule. */
export function of(report: CheckReport, rule: string): CheckReport['findings'] {
  return report.findings.filter((f) => f.rule === rule);
}
