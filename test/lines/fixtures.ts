/**
 * Fixture scripts: one real repository per seed scheme (and per drift shape from issue 3), with
 * controlled dates, plus the policy each is read with. Each returns the repository and the
 * commits tests want to name.
 */
import { PRESETS } from '../../src/core/policy/presets/index.js';
import { makeRepo, type FixtureRepo } from '../helpers/repo.js';

export interface Fixture {
  repo: FixtureRepo;
  policy: string;
  commits: Record<string, string>;
}

async function withPolicy(repo: FixtureRepo, policy: string, commits: Record<string, string>): Promise<Fixture> {
  // Written after the history so that it stays out of the commits (status reads it from the work tree).
  await repo.write('.trellis.yml', policy);
  return { repo, policy, commits };
}

/**
 * Lightspeed-style (Lightspeed Core Stack): one `release/X.Y.Z` branch per patch, `vX.Y.Z` tags, Python
 * devguide windows (12 months bug fixes, 18 months in all), LTS 0.6 for 24 months, an explicit
 * record for 0.5 that contradicts the rules, and 0.3 tagged on main without a branch.
 */
export const LIGHTSPEED_POLICY = `versioning:
  scheme: semver
  tag: ["v{version}", "{version}"]
branches:
  main: main
  release:
    - "release/{major}.{minor}.{patch}"
    - "release/{major}.{minor}"
support:
  bugfix: 12 months
  security: 18 months
  lts:
    lines: ["0.6"]
    duration: 24 months
  lines:
    "0.5":
      support: security
      eol: "2026-06-30"
      note: "critical fixes only (LCORE-1622)"
`;

export async function lightspeedRepo(): Promise<Fixture> {
  const r = await makeRepo();
  const c: Record<string, string> = {};
  c.m1 = await r.commit('feat: start', { files: { 'a.txt': '1\n' }, date: '2025-01-02' });
  await r.tag('0.3.0', { target: c.m1 }); // lightweight, no v, no branch: line 0.3 has tags only
  c.cut04 = await r.commit('feat: more', { files: { 'a.txt': '2\n' }, date: '2025-01-10' });
  await r.branch('release/0.4.0');
  await r.checkout('release/0.4.0');
  await r.commit('chore: version 0.4.0', { files: { 'v.txt': '0.4.0\n' }, date: '2025-01-14' });
  await r.tag('v0.4.0', { message: 'Release 0.4.0', date: '2025-01-15' });
  await r.branch('release/0.4.1');
  await r.checkout('release/0.4.1');
  await r.commit('fix: crash', { files: { 'v.txt': '0.4.1\n' }, date: '2025-01-30' });
  await r.tag('v0.4.1', { message: 'Release 0.4.1', date: '2025-02-01' });
  await r.checkout('main');
  c.cut05 = await r.commit('feat: api v2', { files: { 'a.txt': '3\n' }, date: '2025-03-01' });
  await r.branch('release/0.5.0');
  await r.checkout('release/0.5.0');
  await r.tag('v0.5.0', { message: 'Release 0.5.0', date: '2025-03-05' });
  await r.branch('release/0.5.1');
  await r.checkout('release/0.5.1');
  await r.commit('fix: leak', { files: { 'v.txt': '0.5.1\n' }, date: '2025-04-01' });
  await r.tag('v0.5.1', { message: 'Release 0.5.1', date: '2025-04-02' });
  await r.branch('release/0.5.2');
  await r.checkout('release/0.5.2');
  await r.commit('fix: CVE-2025-0001', { files: { 'v.txt': '0.5.2-pre\n' }, date: '2025-05-01' });
  await r.checkout('main');
  c.cut06 = await r.commit('feat: streaming', { files: { 'a.txt': '4\n' }, date: '2025-06-01' });
  await r.branch('release/0.6.0');
  await r.checkout('release/0.6.0');
  await r.tag('v0.6.0', { message: 'Release 0.6.0', date: '2025-06-10' });
  await r.checkout('main');
  await r.commit('feat: next', { files: { 'a.txt': '5\n' }, date: '2025-06-20' });
  return withPolicy(r, LIGHTSPEED_POLICY, c);
}

/**
 * lightspeed-stack as it really is: `release/X.Y` branches, tags without `v`, PEP 440
 * candidates (`0.4.0rc1`) and four-part versions (`0.3.1.1`).
 */
export const LIGHTSPEED_DRIFT_POLICY = `versioning:
  scheme: pep440
  tag: ["v{version}", "{version}"]
branches:
  release: "release/{major}.{minor}"
support:
  maintained: 2
`;

export async function lightspeedDriftRepo(): Promise<Fixture> {
  const r = await makeRepo();
  const c: Record<string, string> = {};
  c.m1 = await r.commit('feat: start', { files: { 'a.txt': '1\n' }, date: '2025-01-02' });
  await r.branch('release/0.3');
  await r.checkout('release/0.3');
  await r.tag('0.3.0rc1', { message: '0.3.0rc1', date: '2025-01-05' });
  await r.commit('fix: a', { files: { 'b.txt': '1\n' }, date: '2025-01-08' });
  await r.tag('0.3.0', { message: '0.3.0', date: '2025-01-10' });
  await r.commit('fix: b', { files: { 'b.txt': '2\n' }, date: '2025-02-01' });
  await r.tag('0.3.1', { message: '0.3.1', date: '2025-02-02' });
  await r.commit('fix: hot', { files: { 'b.txt': '3\n' }, date: '2025-02-10' });
  await r.tag('0.3.1.1', { message: '0.3.1.1', date: '2025-02-11' });
  await r.commit('fix: c', { files: { 'b.txt': '4\n' }, date: '2025-02-20' });
  await r.checkout('main');
  c.cut04 = await r.commit('feat: x', { files: { 'a.txt': '2\n' }, date: '2025-03-01' });
  await r.branch('release/0.4');
  await r.checkout('release/0.4');
  await r.tag('0.4.0rc1', { message: '0.4.0rc1', date: '2025-03-02' });
  await r.commit('fix: rc', { files: { 'c.txt': '1\n' }, date: '2025-03-05' });
  await r.tag('0.4.0rc2', { message: '0.4.0rc2', date: '2025-03-06' });
  await r.checkout('main');
  await r.commit('feat: y', { files: { 'a.txt': '3\n' }, date: '2025-03-10' });
  return withPolicy(r, LIGHTSPEED_DRIFT_POLICY, c);
}

/**
 * Llama Stack-style (Llama Stack): `release-X.Y.x` branches, `vX.Y.ZrcN` candidates, last 2 minors
 * maintained, and the old per-release branch `release-0.2.1` beside `release-0.2.x`.
 */
export async function llamaStackRepo(): Promise<Fixture> {
  const r = await makeRepo();
  const c: Record<string, string> = {};
  // The version file the preset names (policy check and every command check it at the branches).
  const pyproject =
    '[project]\nname = "llama_stack"\ndependencies = ["llama-stack-client==0.1.0"]\n\n[tool.setuptools_scm]\nfallback_version = "0.1.0"\n';
  c.m1 = await r.commit('feat: start', { files: { 'a.txt': '1\n', 'pyproject.toml': pyproject }, date: '2025-01-01' });
  await r.tag('v0.1.0', { message: 'v0.1.0', date: '2025-01-02' });
  c.cut02 = await r.commit('feat: agents', { files: { 'a.txt': '2\n' }, date: '2025-01-05' });
  await r.branch('release-0.2.x');
  await r.checkout('release-0.2.x');
  await r.tag('v0.2.0rc1', { message: 'v0.2.0rc1', date: '2025-01-08' });
  await r.tag('v0.2.0', { message: 'v0.2.0', date: '2025-01-10' });
  await r.branch('release-0.2.1');
  await r.commit('fix: a', { files: { 'b.txt': '1\n' }, date: '2025-01-20' });
  await r.tag('v0.2.1', { message: 'v0.2.1', date: '2025-01-21' });
  await r.checkout('main');
  c.cut03 = await r.commit('feat: tools', { files: { 'a.txt': '3\n' }, date: '2025-02-01' });
  await r.branch('release-0.3.x');
  await r.checkout('release-0.3.x');
  await r.tag('v0.3.0rc1', { message: 'v0.3.0rc1', date: '2025-02-03' });
  await r.tag('v0.3.0', { message: 'v0.3.0', date: '2025-02-10' });
  await r.commit('fix: b', { files: { 'b.txt': '2\n' }, date: '2025-02-15' });
  await r.checkout('main');
  c.cut04 = await r.commit('feat: vector io', { files: { 'a.txt': '4\n' }, date: '2025-03-01' });
  await r.branch('release-0.4.x');
  await r.checkout('release-0.4.x');
  await r.tag('v0.4.0', { message: 'v0.4.0', date: '2025-03-10' });
  await r.commit('fix: c', { files: { 'b.txt': '3\n' }, date: '2025-03-19' });
  await r.tag('v0.4.1', { message: 'v0.4.1', date: '2025-03-20' });
  await r.commit('fix: d', { files: { 'b.txt': '4\n' }, date: '2025-03-25' });
  await r.commit('fix: e', { files: { 'b.txt': '5\n' }, date: '2025-03-26' });
  await r.checkout('main');
  c.cut05 = await r.commit('feat: responses', { files: { 'a.txt': '5\n' }, date: '2025-04-01' });
  await r.branch('release-0.5.x');
  await r.checkout('release-0.5.x');
  await r.tag('v0.5.0rc1', { message: 'v0.5.0rc1', date: '2025-04-03' });
  await r.checkout('main');
  await r.commit('feat: next', { files: { 'a.txt': '6\n' }, date: '2025-04-05' });
  return withPolicy(r, PRESETS['release-branches'].text, c);
}

/** VMPilot-style git-flow (VMPilot): git-flow, `dev` merged into `main`, tags only, hotfix merged back. */
export async function vmpilotRepo(): Promise<Fixture> {
  const r = await makeRepo();
  const c: Record<string, string> = {};
  await r.commit('chore: init', { files: { 'a.txt': '0\n' }, date: '2025-01-01' });
  await r.branch('dev');
  const release = async (version: string, day: string, feature: string) => {
    await r.checkout('dev');
    await r.commit(`feat: ${feature}`, { files: { 'f.txt': `${feature}\n` }, date: `${day}T08:00:00Z` });
    await r.checkout('main');
    c[version] = await r.merge('dev', { message: `Release ${version}`, date: `${day}T10:00:00Z` });
    await r.tag(`v${version}`, { message: `Release ${version}`, date: `${day}T11:00:00Z` });
  };
  await release('1.0.0', '2025-01-10', 'one');
  await release('1.1.0', '2025-02-10', 'two');
  await r.checkout('main');
  await r.commit('fix: hotfix', { files: { 'h.txt': '1\n' }, date: '2025-02-20T08:00:00Z' });
  await r.tag('v1.1.1', { message: 'Release 1.1.1', date: '2025-02-20T09:00:00Z' });
  await r.checkout('dev');
  await r.merge('main', { message: 'Merge hotfix into dev', date: '2025-02-21' });
  await release('1.2.0', '2025-03-10', 'three');
  await r.checkout('main');
  await r.commit('fix: unreleased hotfix', { files: { 'h.txt': '2\n' }, date: '2025-03-20' });
  await r.checkout('dev');
  await r.commit('feat: four', { files: { 'f.txt': 'four\n' }, date: '2025-03-25' });
  return withPolicy(r, PRESETS.gitflow.text, c);
}

/**
 * Tarantool-style series (Tarantool) as the project really is: `release/X.Y` and plain `X.Y` branches,
 * `archive/X.Y` for end-of-life lines, per-change `backport/release/X.Y/<PR>` branches,
 * `-alphaN`/`-rcN` tags without `v`, and `X.Y.0-entrypoint` tags on master.
 */
export async function tarantoolRepo(): Promise<Fixture> {
  const r = await makeRepo({ branch: 'master' });
  const c: Record<string, string> = {};
  await r.commit('init', { files: { 'a.txt': '0\n' }, date: '2025-01-01' });
  await r.branch('archive/2.10');
  await r.checkout('archive/2.10');
  await r.tag('2.10.0', { message: '2.10.0\n\n- changes', date: '2025-01-10' });
  await r.commit('fix: 2.10', { files: { 'b.txt': '1\n' }, date: '2025-02-28' });
  await r.tag('2.10.1', { message: '2.10.1', date: '2025-03-01' });
  await r.checkout('master');
  c.cut211 = await r.commit('feat: 2.11 work', { files: { 'a.txt': '1\n' }, date: '2025-01-20' });
  await r.branch('release/2.11');
  await r.commit('dummy: entrypoint 3.0', { date: '2025-01-21' });
  await r.tag('3.0.0-entrypoint', { message: '3.0.0-entrypoint', date: '2025-01-21' });
  await r.checkout('release/2.11');
  await r.tag('2.11.0-rc1', { message: '2.11.0-rc1', date: '2025-02-01' });
  await r.tag('2.11.0', { message: '2.11.0', date: '2025-02-15' });
  await r.commit('fix: 2.11', { files: { 'b.txt': '2\n' }, date: '2025-05-30' });
  await r.tag('2.11.1', { message: '2.11.1', date: '2025-06-01' });
  await r.branch('backport/release/2.11/12345');
  await r.checkout('backport/release/2.11/12345');
  await r.commit('fix: backport of #12345', { files: { 'b.txt': '3\n' }, date: '2025-06-05' });
  await r.checkout('master');
  await r.commit('feat: 3.0 work', { files: { 'a.txt': '2\n' }, date: '2025-03-20' });
  await r.tag('3.0.0-alpha1', { message: '3.0.0-alpha1', date: '2025-04-01' });
  c.cut30 = await r.commit('feat: 3.0 more', { files: { 'a.txt': '3\n' }, date: '2025-04-20' });
  await r.branch('3.0');
  await r.commit('dummy: entrypoint 3.1', { date: '2025-05-01' });
  await r.tag('3.1.0-entrypoint', { message: '3.1.0-entrypoint', date: '2025-05-01' });
  await r.commit('feat: 3.1 a', { files: { 'a.txt': '4\n' }, date: '2025-05-05' });
  await r.commit('feat: 3.1 b', { files: { 'a.txt': '5\n' }, date: '2025-05-06' });
  await r.checkout('3.0');
  await r.tag('3.0.0-rc1', { message: '3.0.0-rc1', date: '2025-05-10' });
  await r.tag('3.0.0', { message: '3.0.0', date: '2025-06-01' });
  await r.commit('fix: 3.0', { files: { 'b.txt': '4\n' }, date: '2025-07-30' });
  await r.tag('3.0.1', { message: '3.0.1', date: '2025-08-01' });
  await r.commit('fix: 3.0 unreleased', { files: { 'b.txt': '5\n' }, date: '2025-08-10' });
  await r.checkout('master');
  return withPolicy(r, PRESETS.series.text, c);
}

/** Tarantool in early development of a series: master carries `3.0.0-alpha1`, no `3.0` branch yet. */
export async function tarantoolAlphaRepo(): Promise<Fixture> {
  const r = await makeRepo({ branch: 'master' });
  await r.commit('init', { files: { 'a.txt': '0\n' }, date: '2025-01-01' });
  await r.branch('release/2.11');
  await r.checkout('release/2.11');
  await r.tag('2.11.0', { message: '2.11.0', date: '2025-01-05' });
  await r.checkout('master');
  await r.commit('dummy', { date: '2025-01-06' });
  await r.tag('3.0.0-entrypoint', { message: 'entrypoint', date: '2025-01-06' });
  await r.commit('feat: x', { files: { 'a.txt': '1\n' }, date: '2025-02-01' });
  await r.tag('3.0.0-alpha1', { message: '3.0.0-alpha1', date: '2025-02-02' });
  await r.commit('feat: y', { files: { 'a.txt': '2\n' }, date: '2025-02-05' });
  return withPolicy(r, PRESETS.series.text, {});
}

/**
 * Tarantool after `3.1.0` is tagged on master and before the `3.1` branch is forked (Tarantool-style series
 * "Development flow in examples": the feature set lives in master until the next one starts).
 * `sideTag` adds `3.1.0` on a commit that master's first-parent history does not hold instead
 * (a side branch merged into master), which is not a release made on master.
 */
export async function tarantoolReleasedOnMasterRepo(opts: { sideTag?: boolean } = {}): Promise<Fixture> {
  const r = await makeRepo({ branch: 'master' });
  const c: Record<string, string> = {};
  await r.commit('init', { files: { 'a.txt': '0\n' }, date: '2025-01-01' });
  await r.branch('3.0');
  await r.checkout('3.0');
  await r.tag('3.0.0', { message: '3.0.0', date: '2025-01-05' });
  await r.checkout('master');
  await r.commit('dummy', { date: '2025-01-06' });
  await r.tag('3.1.0-entrypoint', { message: 'entrypoint', date: '2025-01-06' });
  c.feature = await r.commit('config: new option', { files: { 'a.txt': '1\n' }, date: '2025-02-01' });
  if (opts.sideTag) {
    await r.git('switch', '-q', '-c', 'side');
    c.side = await r.commit('box: side work', { files: { 's.txt': '1\n' }, date: '2025-02-20' });
    await r.tag('3.1.0', { message: '3.1.0', date: '2025-03-01' });
    await r.checkout('master');
    await r.commit('box: master work', { files: { 'm.txt': '1\n' }, date: '2025-02-21' });
    await r.merge('side', { message: 'Merge side', date: '2025-03-02' });
    await r.git('branch', '-q', '-D', 'side');
  } else {
    c.released = await r.commit('box: fix crash', { files: { 'a.txt': '2\n' }, date: '2025-02-20' });
    await r.tag('3.1.0', { message: '3.1.0', date: '2025-03-01' });
  }
  await r.commit('box: fix leak', { files: { 'b.txt': '1\n' }, date: '2025-03-05' });
  return withPolicy(r, PRESETS.series.text, c);
}

/**
 * Goose-style phases (Goose, DuckDB-style): `vX.Y-codename` branches merged back into main again and
 * again, one maintained line, LTS 1.1 for a year, and 1.3 cut for the next release (pre-release
 * phase).
 */
export const GOOSE_POLICY = PRESETS['codename-phases'].text.replace('lines: []', 'lines: ["1.1"]');

export async function gooseRepo(): Promise<Fixture> {
  const r = await makeRepo();
  const c: Record<string, string> = {};
  await r.commit('init', { files: { 'a.txt': '0\n' }, date: '2025-01-01' });
  c.cut11 = await r.commit('feat: 1.1 features', { files: { 'a.txt': '1\n' }, date: '2025-01-05' });
  await r.branch('v1.1-eatoni');
  await r.checkout('v1.1-eatoni');
  await r.tag('v1.1.0', { message: 'v1.1.0', date: '2025-01-10' });
  await r.commit('fix: one', { files: { 'b.txt': '1\n' }, date: '2025-01-30' });
  await r.tag('v1.1.1', { message: 'v1.1.1', date: '2025-02-01' });
  await r.checkout('main');
  await r.commit('feat: main work', { files: { 'a.txt': '2\n' }, date: '2025-02-01T13:00:00Z' });
  await r.merge('v1.1-eatoni', { message: 'Merge v1.1-eatoni into main', date: '2025-02-02' });
  await r.checkout('v1.1-eatoni');
  await r.commit('fix: two', { files: { 'b.txt': '2\n' }, date: '2025-02-28' });
  await r.tag('v1.1.2', { message: 'v1.1.2', date: '2025-03-01' });
  await r.checkout('main');
  await r.merge('v1.1-eatoni', { message: 'Merge v1.1-eatoni into main', date: '2025-03-02' });
  c.cut12 = await r.commit('feat: 1.2 features', { files: { 'a.txt': '3\n' }, date: '2025-04-01' });
  await r.branch('v1.2-histrionicus');
  await r.checkout('v1.2-histrionicus');
  await r.tag('v1.2.0', { message: 'v1.2.0', date: '2025-04-15' });
  await r.commit('fix: three', { files: { 'b.txt': '3\n' }, date: '2025-05-01' });
  await r.checkout('main');
  await r.merge('v1.2-histrionicus', { message: 'Merge v1.2-histrionicus into main', date: '2025-05-02' });
  c.cut13 = await r.commit('feat: 1.3 features', { files: { 'a.txt': '4\n' }, date: '2025-07-01' });
  await r.branch('v1.3-ossivalis');
  await r.commit('feat: 1.4 work', { files: { 'a.txt': '5\n' }, date: '2025-07-05' });
  return withPolicy(r, GOOSE_POLICY, c);
}
