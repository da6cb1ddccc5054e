/**
 * The CLI's output bytes on the demo repository, as a golden file: every read command in each of
 * its formats, the refusals, and the mutating commands in sequence (dry run, then for real). A
 * refactoring must leave this file unchanged; a deliberate change of output updates it
 * (`npx vitest run test/golden -u`) and the diff shows what users will see differently.
 *
 * Commit ids are stable because the history has fixed dates and identity and every command that
 * writes a commit or tag runs with a fixed GIT_COMMITTER_DATE.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoRepo, type DemoRepo } from '../../scripts/demo/history.js';
import { DEMO_TODAY, trellisIn } from '../../scripts/demo/run.js';
import { withChangelogFile } from '../helpers/demo.js';

let repo: DemoRepo;
beforeAll(async () => {
  repo = await buildDemoRepo();
  repo.env = {
    ...repo.env,
    GIT_COMMITTER_DATE: '2026-03-13T12:00:00Z',
    GIT_AUTHOR_DATE: '2026-03-13T12:00:00Z',
  };
});
afterAll(async () => {
  if (repo) await rm(repo.root, { recursive: true, force: true });
});

/** The commands, in order; `{cve}` is the demo's unported security fix. */
const COMMANDS: string[][] = [
  ['init', '--preset', 'llama-stack'],
  ['policy', 'check'],
  ['status'],
  ['status', '--json'],
  ['status', '--markdown'],
  ['status', '--format', 'endoflife'],
  ['status', '--date', '2026-01-16'],
  ['status', '--date', '2026-02-30'],
  ['schedule', '--count', '8'],
  ['schedule', '--json', '--count', '4'],
  ['schedule', '--ical', '--count', '3'],
  ['target', '--kind', 'bugfix'],
  ['target', '--kind', 'feature'],
  ['target', '--kind', 'security', '--json'],
  ['target', '--kind', 'bugfix', '--for', '1.0.2'],
  ['missing'],
  ['missing', '--json'],
  ['missing', '--markdown'],
  ['missing', '--all'],
  ['missing', '--kind', 'security', '--line', '1.2'],
  ['backport', '--auto', '--dry-run', '{cve}'],
  ['backport', '--auto', '--dry-run', '--json', '{cve}'],
  ['changelog', '--line', '1.2'],
  ['changelog', '--line', '1.2', '--json'],
  ['changelog', 'v1.1.0..v1.1.1', '--markdown'],
  ['checklist', '1.3.0'],
  ['checklist', '1.3.0', '--json'],
  ['version', 'describe', '--json'],
  ['release', '0.4', '--dry-run'],
  ['release', '1.2', '--dry-run'],
  ['release', '1.3', '--dry-run', '--json'],
  ['branch', 'cut', '--dry-run'],
  ['{variant}'],
  ['release', '1.2', '--dry-run', '--policy', 'golden.yml'],
  ['release', '1.3', '--dry-run', '--json', '--policy', 'golden.yml'],
  ['backport', '--auto', '{cve}'],
  ['missing'],
  ['backport', '--auto', '{cve}'],
  ['branch', 'cut', '--json'],
  ['status'],
  ['release', '1.3', '--pre', 'rc', '--policy', 'golden.yml'],
  ['release', '1.3', '--policy', 'golden.yml'],
  ['backport', '{cve}', '--to', '1.2', '--direct'],
  ['release', '1.2', '--policy', 'golden.yml', '--json'],
  ['release', '1.2', '--policy', 'golden.yml'],
  ['status', '--json'],
  ['changelog', '--line', '1.3'],
];

describe('CLI output on the demo repository', () => {
  it('prints the same bytes as the golden file', async () => {
    const out: string[] = [];
    for (const argv0 of COMMANDS) {
      if (argv0[0] === '{variant}') {
        // A variant with a changelog file, so the release commands write one.
        const variant = withChangelogFile(await readFile(join(repo.dir, '.trellis.yml'), 'utf8'));
        // The preset is generic: it names no UI package file the demo lacks.
        expect(variant).not.toContain('llama_stack_ui/package.json');
        await writeFile(join(repo.dir, 'golden.yml'), variant);
        continue;
      }
      const argv = argv0.map((a) => (a === '{cve}' ? repo.commits.cve! : a));
      const r = await trellisIn(repo, argv, DEMO_TODAY);
      out.push(`$ trellis ${argv0.join(' ')}`, `[exit ${r.code}]`, '--- stdout', r.stdout, '--- stderr', r.stderr, '');
    }
    await expect(out.join('\n').split(repo.root).join('<demo>')).toMatchFileSnapshot('demo-cli.golden.txt');
  });
});
