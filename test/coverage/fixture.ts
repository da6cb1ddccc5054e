/**
 * A release history with every coverage state, built with the real git:
 *
 *   main ── c0 ── c1 ── ...changes...
 *            \      \
 *             \      release-0.2.x (full support): picks, manual picks, bot backports, a line-first fix
 *              release-0.1.x (security only): a chain of picks through 0.2
 */
import { makeRepo, type FixtureRepo } from '../helpers/repo.js';

export const POLICY = `versioning:
  tag: "v{version}"
branches:
  main: main
  release: "release-{major}.{minor}.x"
  backport: "backport/{line}/{sha}"
support:
  lines:
    "0.1": { support: security }
    "0.2": { support: full }
backport:
  optOutFile: .trellis-optouts.yml
`;

export interface Story {
  r: FixtureRepo;
  /** Named commits of the story. */
  c: Record<string, string>;
}

/** Builds the story; returns the repository and its named commits. */
export async function buildStory(): Promise<Story> {
  const r = await makeRepo();
  const c: Record<string, string> = {};
  const file = (name: string, lines: number): string => Array.from({ length: lines }, (_, i) => `${name} line ${i}\n`).join('');
  c.c0 = await r.commit('chore: initial', {
    files: { '.trellis.yml': POLICY, 'a.txt': file('a', 20), 'b.txt': file('b', 20), 'old.txt': file('old', 10) },
  });
  await r.branch('release-0.1.x');
  await r.tag('v0.1.0', { message: 'Release 0.1.0', target: 'release-0.1.x' });
  c.bug = await r.commit('feat: new module', { files: { 'mod.txt': file('mod', 10) } });
  await r.branch('release-0.2.x');
  await r.tag('v0.2.0', { message: 'Release 0.2.0', target: 'release-0.2.x' });

  // Changes on main.
  c.x = await r.commit('fix: picked with -x (#10)', { files: { 'x.txt': 'x\n' } });
  c.manual = await r.commit('fix: picked by hand without the line', { files: { 'm.txt': 'm\n' } });
  c.conflict = await r.commit('fix: resolved by hand on the line', { files: { 'a.txt': file('a', 20).replace('a line 3', 'A LINE 3') } });
  c.chain = await r.commit('fix: carried down a chain', { files: { 'chain.txt': 'chain\n' } });
  c.squash = await r.commit('fix: squash-merged pull request (#20)', { files: { 'sq.txt': 'sq\n' } });
  c.reverted = await r.commit('fix: turned out wrong', { files: { 'rv.txt': 'rv\n' } });
  c.revert = await r.commit(`Revert "fix: turned out wrong"\n\nThis reverts commit ${c.reverted}.\n`, { files: { 'rv.txt': null } });
  c.optTrailer = await r.commit('fix: only for main\n\nBackport: no\n', { files: { 'o1.txt': 'o\n' } });
  c.optFile = await r.commit('fix: opted out in the file', { files: { 'o2.txt': 'o\n' } });
  c.pending = await r.commit('fix: backport branch open', { files: { 'p.txt': 'p\n' } });
  c.probable = await r.commit('fix: same subject different change', { files: { 'pr.txt': 'main\n' } });
  c.missing = await r.commit('fix: nobody backported this', { files: { 'miss.txt': 'miss\n' } });
  c.security = await r.commit('fix: escape user input\n\nCVE: CVE-2026-1234\n', { files: { 'sec.txt': 'sec\n' } });
  c.feature = await r.commit('feat: shiny', { files: { 'shiny.txt': 'shiny\n' } });
  c.fixesNew = await r.commit(`fix: bug from the new module\n\nFixes: ${c.bug.slice(0, 12)} ("feat: new module")\n`, {
    files: { 'mod.txt': file('mod', 10).replace('mod line 1', 'MOD LINE 1') },
  });
  await r.commit('chore: record opt-outs', {
    files: { '.trellis-optouts.yml': `- commit: ${c.optFile.slice(0, 10)}\n  reason: the code is not in old releases\n` },
  });

  // Release 0.2.x.
  await r.checkout('release-0.2.x');
  c.x2 = await r.cherryPick(c.x, { x: true });
  c.manual2 = await r.cherryPick(c.manual);
  c.conflict2 = await r.commit(`fix: resolved by hand on the line\n\n(cherry picked from commit ${c.conflict})\n`, {
    files: { 'a.txt': file('a', 20).replace('a line 3', 'A LINE 3 (0.2 flavour)') },
  });
  c.chain2 = await r.cherryPick(c.chain, { x: true });
  c.squash2 = await r.commit(
    'fix: squash-merged pull request (backport #20) (#21)\n\nThis is an automatic backport of pull request #20 done by [Mergify](https://mergify.com).\n',
    { files: { 'sq.txt': 'sq, adjusted for 0.2\n' } },
  );
  c.probable2 = await r.commit('fix: same subject different change', { files: { 'pr.txt': 'line\n' } });
  c.lineFirst = await r.commit('fix: found and fixed on 0.2 first', { files: { 'lf.txt': 'lf\n' } });

  // Release 0.1.x: the chain continues from 0.2's pick.
  await r.checkout('release-0.1.x');
  c.chain1 = await r.cherryPick(c.chain2, { x: true });
  c.x1 = await r.cherryPick(c.x, { x: true });

  // A backport branch not merged yet.
  await r.branch(`backport/0.2/${c.pending.slice(0, 10)}`, 'release-0.2.x');
  await r.checkout(`backport/0.2/${c.pending.slice(0, 10)}`);
  c.pending2 = await r.cherryPick(c.pending, { x: true });
  await r.checkout('main');
  return { r, c };
}
