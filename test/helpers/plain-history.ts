/**
 * A real history without conventional commits (the Lightspeed-style one the change-kinds work
 * describes): release lines, then main's maintenance commits (lint, typo, tests, CI, a version
 * bump, a docs-only fix), a bug fix, security fixes named only by a CVE or GHSA id in the body or
 * by words in the subject, a change under a security path, and a subject a policy rule overrides.
 */
import { makeRepo, type FixtureRepo } from './repo.js';

export interface PlainHistory {
  r: FixtureRepo;
  /** Commit ids by role: feature, lint, typo, tests, ci, bump, bug, docs, cve, ghsa, words, crypto, message. */
  c: Record<string, string>;
}

export interface PlainHistoryOptions {
  /** Lines (`X.Y`) branched and tagged `vX.Y.0` before the feature commit, oldest first. */
  linesBefore: string[];
  /** Lines branched and tagged after it. */
  linesAfter: string[];
  /** The GHSA id the dependency bump's body names (its case is part of what a test reads). */
  ghsa: string;
}

export async function plainHistory(opts: PlainHistoryOptions): Promise<PlainHistory> {
  const r = await makeRepo();
  const c: Record<string, string> = {};
  const cut = async (line: string) => {
    await r.branch(`release-${line}`);
    await r.tag(`v${line}.0`, { message: `Release ${line}.0`, target: `release-${line}` });
  };
  await r.commit('Initial import', { files: { 'src/app.py': 'app\n', 'README.md': '# app\n' }, date: '2025-06-01' });
  for (const line of opts.linesBefore) await cut(line);
  c.feature = await r.commit('Add the export command', { files: { 'src/export.py': 'export\n' } });
  for (const line of opts.linesAfter) await cut(line);
  c.lint = await r.commit('Fixed lint', { files: { 'src/app.py': 'app  \n' } });
  c.typo = await r.commit('Fixed typo', { files: { 'src/app.py': 'app\n' } });
  c.tests = await r.commit('Fix tests', { files: { 'tests/test_app.py': 'def test(): pass\n' } });
  c.ci = await r.commit('Fix CI', { files: { '.github/workflows/ci.yml': 'on: push\n' } });
  c.bump = await r.commit('Bump version to 1.1.0', { files: { 'src/version.py': '1.1.0\n' } });
  c.bug = await r.commit('Fixed crash when the config is empty', { files: { 'src/config.py': 'config\n' } });
  c.docs = await r.commit(`Fix the install guide\n\nFixes: ${c.feature.slice(0, 12)}\n`, { files: { 'docs/install.md': 'install\n' } });
  c.cve = await r.commit('Harden request parsing\n\nReported upstream; this closes CVE-2026-31337.\n', {
    files: { 'src/parse.py': 'parse\n' },
  });
  c.ghsa = await r.commit(`Bump urllib3\n\nAddresses ${opts.ghsa}.\n`, { files: { 'requirements.txt': 'urllib3==2.5\n' } });
  c.words = await r.commit('Fixed CVE in LiteLLM', { files: { 'requirements.txt': 'urllib3==2.5\nlitellm==1.2\n' } });
  c.crypto = await r.commit('Rotate session keys', { files: { 'src/crypto/keys.py': 'keys\n' } });
  c.message = await r.commit('Fix typo in the error message', { files: { 'src/errors.py': 'errors\n' } });
  return { r, c };
}
