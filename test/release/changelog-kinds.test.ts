/**
 * The changelog, the release notes and the tag message classify changes as `trellis missing` and
 * `backport --auto` do: the one classifier under the policy's `changes:` rules, with the changed
 * paths read only for the commits whose kind a rule on paths can change. On a real history
 * without conventional commits (Lightspeed-style), on conventional commits the built-in rules
 * reclassify, and on a git-flow release (VMPilot-style notes and tag message).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { changelog } from '../../src/app/changelog.js';
import { openApp, openRepo, withPolicy, type AppContext } from '../../src/app/context.js';
import { missing } from '../../src/app/missing.js';
import { compileChangeRules } from '../../src/core/changes/rules.js';
import { loadPolicy } from '../../src/core/policy/load.js';
import { buildChangelog, changelogPathsWanted, renderChangelogMarkdown, type Changelog } from '../../src/core/release/index.js';
import { planGitflowRelease } from '../../src/core/release/gitflow.js';
import { readGitflowReleaseFacts } from '../../src/facts/gitflow.js';
import { trellis } from '../helpers/cli.js';
import { plainHistory, type PlainHistory } from '../helpers/plain-history.js';
import { makeRepo } from '../helpers/repo.js';

const NOW = '2026-01-15T12:00:00Z';
const POLICY = `versioning:
  scheme: semver
  tag: "v{version}"
branches:
  main: main
  release: "release-{major}.{minor}"
support:
  lines:
    "1.0": { support: full }
`;
/** A path rule that makes a security fix, and a subject rule over the built-in "typo" rule. */
const RULES = `${POLICY}changes:
  rules:
    - kind: security
      anyPaths: [src/crypto/]
    - kind: bugfix
      subject: "typo in the error message"
`;
const PLAIN = `${POLICY}changes:\n  defaults: false\n`;

type History = PlainHistory;

/** v1.0.0 on release-1.0, then a year of main without conventional commits (test/helpers/plain-history.ts). */
function history(): Promise<History> {
  return plainHistory({ linesBefore: ['1.0'], linesAfter: [], ghsa: 'GHSA-9WX4-h78v-vm56' });
}

/** Section name → the entries' subjects, oldest first. */
const bySection = (log: Changelog) => Object.fromEntries(log.sections.map((s) => [s.name, s.entries.map((e) => e.subject)]));

describe('the changelog on a history without conventional commits', () => {
  let h: History;
  let ctx: AppContext;
  const ctxWith = (policy: string) => withPolicy(ctx, loadPolicy(policy));
  beforeAll(async () => {
    h = await history();
    await h.r.write('.trellis.yml', POLICY); // untracked: read from the work tree
    ctx = await openApp({ cwd: h.r.dir, env: h.r.env, clock: { now: () => new Date(NOW) } });
  }, 60_000);

  it('lint, typo, tests, CI, bumps and docs-only fixes are not Fixed; an id anywhere lists the change under Security with it', async () => {
    const log = await changelog(ctx, { range: 'v1.0.0..main' });
    expect(bySection(log)).toEqual({
      Changed: [
        'Add the export command',
        'Fixed lint',
        'Fixed typo',
        'Fix tests',
        'Fix CI',
        'Bump version to 1.1.0',
        'Fix the install guide',
        'Rotate session keys',
        'Fix typo in the error message',
      ],
      Fixed: ['Fixed crash when the config is empty'],
      Security: ['Harden request parsing', 'Bump urllib3', 'Fixed CVE in LiteLLM'],
    });
    const security = log.sections.find((s) => s.name === 'Security')!.entries;
    expect(security.map((e) => [e.kind, e.cves])).toEqual([
      ['security', ['CVE-2026-31337']],
      ['security', ['GHSA-9wx4-h78v-vm56']],
      ['security', []],
    ]);
    expect(renderChangelogMarkdown(log)).toContain(
      `### Security\n\n- Harden request parsing (CVE-2026-31337) (${h.c.cve!.slice(0, 7)})\n- Bump urllib3 (GHSA-9wx4-h78v-vm56) (${h.c.ghsa!.slice(0, 7)})\n`,
    );
  });

  it("gives every change the kind missing gives it, with the built-in rules, the policy's rules and without the built-in rules", async () => {
    for (const policy of [POLICY, RULES, PLAIN]) {
      const c = ctxWith(policy);
      const rows = [...((await missing(c, { cache: false })).report?.changes ?? [])];
      const kinds = new Map(rows.map((row) => [row.commit, row.kind]));
      const log = await changelog(c, { range: 'v1.0.0..main' });
      const entries = log.sections.flatMap((s) => s.entries);
      expect(entries).toHaveLength(Object.keys(h.c).length);
      for (const e of entries) expect([e.subject, e.kind]).toEqual([e.subject, kinds.get(e.commit)]);
    }
  });

  it("the policy's rules decide first: a path rule lists a security fix without an id, a subject rule a bug fix", async () => {
    const log = await changelog(ctxWith(RULES), { range: 'v1.0.0..main' });
    expect(bySection(log).Security).toEqual(['Harden request parsing', 'Bump urllib3', 'Fixed CVE in LiteLLM', 'Rotate session keys']);
    expect(bySection(log).Fixed).toEqual(['Fixed crash when the config is empty', 'Fix typo in the error message']);
    // Without the built-in rules the messages' own words decide again; ids still make security fixes.
    const plain = await changelog(ctxWith(PLAIN), { range: 'v1.0.0..main' });
    expect(bySection(plain).Fixed).toEqual([
      'Fixed lint',
      'Fixed typo',
      'Fix tests',
      'Fix CI',
      'Fixed crash when the config is empty',
      'Fix the install guide',
      'Fixed CVE in LiteLLM',
      'Fix typo in the error message',
    ]);
    expect(bySection(plain).Security).toEqual(['Harden request parsing', 'Bump urllib3']);
  });

  it('reads changed paths in one process, only when a rule on paths can change a kind', async () => {
    const spawned = async (policy: string, range: string): Promise<number> => {
      const c = ctxWith(policy);
      const before = c.git.stats.spawned;
      await changelog(c, { range });
      return c.git.stats.spawned - before;
    };
    // The built-in docs/tests/CI path rule can make the fixes `other`: one diff-tree for all of them.
    expect(await spawned(POLICY, 'v1.0.0..main')).toBe((await spawned(PLAIN, 'v1.0.0..main')) + 1);
    // Lint, typo, tests, CI and the bump are `other` by their subjects: no paths read.
    const maintenance = `${h.c.feature}..${h.c.bump}`;
    expect(await spawned(POLICY, maintenance)).toBe(await spawned(PLAIN, maintenance));
  });

  it('the CLI prints the same sections', async () => {
    const res = await trellis(['changelog', 'v1.0.0..main'], { cwd: h.r.dir, env: h.r.env, now: NOW });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`Fixed:\n  - Fixed crash when the config is empty (${h.c.bug!.slice(0, 7)})\nSecurity:\n`);
    expect(res.stdout).toContain(`  - Bump urllib3 (GHSA-9wx4-h78v-vm56) (${h.c.ghsa!.slice(0, 7)})\n`);
  });
});

const commit = (oid: string, message: string, parents = ['p']) => ({ oid: oid.padEnd(40, '0'), parents, message });

describe('changelog sections from kinds (conventional commits)', () => {
  it('a fix or a feature the built-in rules make `other` goes under Changed; maintenance types stay left out', () => {
    const commits = [
      commit('a', 'fix(tests): retry the flaky upload test'),
      commit('b', 'docs: fix typo'),
      commit('c', 'fix: escape output (CVE-2026-1234)'),
      commit('d', 'fix: handle empty input'),
      commit('e', 'fix: handle a missing file'),
      commit('f', 'feat: harden the session (GHSA-abcd-efgh-ijkl)'),
      commit('0', 'perf: faster parsing\n\nFixes: 1234567\n'),
      commit('1', 'chore: bump deps'),
      commit('2', 'refactor: split the parser'),
    ];
    const d = 'd'.padEnd(40, '0');
    const e = 'e'.padEnd(40, '0');
    // Only the fixes can change kind by their paths (a is `other` by its scope, c and f are security by their ids).
    expect(changelogPathsWanted(commits, {}).sort()).toEqual(['0'.padEnd(40, '0'), d, e]);
    const paths = new Map([
      [d, ['tests/test_input.py']],
      [e, ['src/files.py']],
    ]);
    const log = buildChangelog(commits, { from: 'v1', to: 'main', paths });
    expect(bySection(log)).toEqual({
      Changed: ['split the parser', 'handle empty input', 'retry the flaky upload test'],
      Fixed: ['faster parsing', 'handle a missing file'],
      Security: ['harden the session (GHSA-abcd-efgh-ijkl)', 'escape output (CVE-2026-1234)'],
    });
    expect(log.omitted.map((o) => [o.commit[0], o.reason])).toEqual([
      ['b', "type 'docs' is not listed"],
      ['1', "type 'chore' is not listed"],
    ]);
    // The ids the subject names are not repeated after it.
    expect(renderChangelogMarkdown(log)).toContain('- escape output (CVE-2026-1234) (c000000)\n');
  });

  it('asks for no paths of commits it leaves out (merges, release steps, a change carried by its backport)', () => {
    const a = 'a'.padEnd(40, '0');
    const commits = [
      commit('b', `Fix crash on start\n\n(cherry picked from commit ${a})\n`),
      commit('a', 'Fix crash on start'),
      commit('m', 'Merge the fix', ['1', '2']),
      commit('t', 'Fix the release\n\nTrellis-Step: release 1.0.0\n'),
    ];
    expect(changelogPathsWanted(commits, {})).toEqual(['b'.padEnd(40, '0')]);
    expect(changelogPathsWanted(commits, { rules: compileChangeRules({ defaults: false }) })).toEqual([]);
  });
});

describe('git-flow release notes and tag message (VMPilot-style)', () => {
  it('classify the changes on develop with the same rules', async () => {
    const r = await makeRepo();
    expect((await trellis(['init', '--preset', 'vmpilot', '--repo', r.dir], { env: r.env })).code).toBe(0);
    const text = (await r.read('.trellis.yml')).toString('utf8').replace('tagMessage: plain', 'tagMessage: changes');
    await r.commit('chore: add trellis policy', { files: { '.trellis.yml': text, 'app.txt': 'one\n' } });
    await r.tag('v1.0.0', { message: 'Release 1.0.0' });
    await r.branch('dev');
    await r.checkout('dev');
    const bug = await r.commit('Fixed crash when the VM list is empty', { files: { 'src/list.py': 'ok\n' } });
    await r.commit('Fix tests', { files: { 'tests/test_list.py': 'ok\n' } });
    await r.commit('Fix the snapshot guide', { files: { 'docs/snapshots.md': 'guide\n' } });
    const adv = await r.commit('Harden the console\n\nCloses GHSA-2222-3333-4444.\n', { files: { 'src/console.py': 'ok\n' } });
    const policy = loadPolicy(text);
    const ctx = withPolicy(await openRepo({ cwd: r.dir, env: r.env, clock: { now: () => new Date(NOW) } }, r.dir), policy);
    const facts = await readGitflowReleaseFacts(ctx.git, policy);
    // Paths read for the two fixes whose kind the docs/tests/CI rule can change, not for the others.
    expect([...(facts.changePaths?.keys() ?? [])].sort()).toEqual([bug, await r.rev('dev^')].sort());
    const plan = planGitflowRelease(facts, { version: '1.1.0', date: '2025-02-01' });
    const s = (oid: string) => oid.slice(0, 7);
    expect(plan.tagMessage).toContain(
      `Changed:\n- Fix tests (${s(await r.rev('dev~2'))})\n- Fix the snapshot guide (${s(await r.rev('dev^'))})\n\nFixed:\n- Fixed crash when the VM list is empty (${s(bug)})\n\nSecurity:\n- Harden the console (GHSA-2222-3333-4444) (${s(adv)})\n`,
    );
    expect(plan.notes?.text).toContain(`### Fixed\n\n- Fixed crash when the VM list is empty (${s(bug)})\n\n### Security\n`);
  });
});
