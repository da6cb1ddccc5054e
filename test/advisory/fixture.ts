/**
 * A Lightspeed-style repository for the advisory stories: `trellis init --preset lightspeed`,
 * release/X.Y branches and X.Y.Z tags, with
 * - line 0.3 forked BEFORE the vulnerable commit (never affected),
 * - line 0.4 forked after it and end-of-life by the policy (affected, no fix planned),
 * - lines 0.5 (bugfix) and 0.6 (full) forked after it, main ahead of them.
 * `vuln` is the commit that introduced the vulnerability (on main, before 0.4 forked).
 */
import { execFileSync } from 'node:child_process';
import { expect } from 'vitest';
import { commitOn, story, type Story } from '../stories/story.js';

export interface AdvisoryRepo {
  s: Story;
  vuln: string;
  /** `git merge-base --is-ancestor A B` with the real git. */
  isAncestor(a: string, b: string): boolean;
  commitOn(branch: string, message: string, files: Record<string, string>, date: string): Promise<string>;
  /** `trellis advisory add ID --FLAG VALUE…` on `day` (it must succeed); its output. */
  add(day: string, id: string, flags: AddFlags): Promise<string>;
}

/** The flags of `advisory add` (`alias` may repeat). */
export interface AddFlags {
  severity: string;
  introduced?: string;
  fix?: string;
  alias?: string;
  reported?: string;
  summary?: string;
  'embargo-until'?: string;
}

const PYPROJECT = '[project]\nname = "lightspeed-stack"\nversion = "0.3.0"\n';

export const URL = 'https://example.com/acme/lightspeed-stack';

function edit(policy: string): string {
  const out = policy
    // The package coordinates of the OSV export: the preset's (personalised by init) or the project's.
    .replace(/^project:\n {2}name: [^\n]*\n/m, (project) =>
      policy.includes('\n  packages:')
        ? `${project}  url: ${URL}\n`
        : `${project}  url: ${URL}\n  packages:\n    - { ecosystem: PyPI, name: lightspeed-stack }\n`,
    )
    .replace('  lines:\n    "0.5":', '  lines:\n    "0.4":\n      support: end-of-life\n    "0.5":');
  expect(out).toContain(URL);
  expect(out).toContain('"0.4":\n      support: end-of-life');
  return out;
}

export async function advisoryRepo(): Promise<AdvisoryRepo> {
  const s = await story('lightspeed', {
    day: '2026-01-05',
    edit,
    files: { 'app.py': 'def answer(t):\n    return t\n', 'pyproject.toml': PYPROJECT },
  });
  const { r } = s;
  await r.branch('release/0.3');
  await r.tag('0.3.0', { message: 'Release 0.3.0', date: '2026-01-05', target: 'release/0.3' });
  const vuln = await r.commit('feat: token cache', { files: { 'cache.py': 'cache = {}\n' }, date: '2026-01-06' });
  await r.branch('release/0.4');
  await r.tag('0.4.0', { message: 'Release 0.4.0', date: '2026-01-06', target: 'release/0.4' });
  await r.commit('feat: streaming', { files: { 'stream.py': 'stream = True\n' }, date: '2026-01-08' });
  await r.branch('release/0.5');
  await r.tag('0.5.0', { message: 'Release 0.5.0', date: '2026-01-09', target: 'release/0.5' });
  await r.commit('feat: compaction', { files: { 'compact.py': 'compact = True\n' }, date: '2026-01-12' });
  await r.branch('release/0.6');
  await r.tag('0.6.0', { message: 'Release 0.6.0', date: '2026-01-13', target: 'release/0.6' });
  await r.commit('feat: next thing', { files: { 'next.py': 'n = 1\n' }, date: '2026-01-14' });
  return {
    s,
    vuln,
    isAncestor: (a, b) => {
      try {
        execFileSync('git', ['merge-base', '--is-ancestor', a, b], { cwd: r.dir, env: r.env });
        return true;
      } catch {
        return false;
      }
    },
    commitOn: (branch, message, files, date) => commitOn(r, branch, message, files, date),
    add: (day, id, flags) => s.ok(day, 'advisory', 'add', id, ...Object.entries(flags).flatMap(([k, v]) => [`--${k}`, v as string])),
  };
}
