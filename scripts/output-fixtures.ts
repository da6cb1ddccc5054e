/**
 * The small setups behind the JSON outputs the demo repository cannot make (scripts/output-schemas.ts):
 * a Goose-style extension beside its core (`trellis extension …`) and a project on the test GitHub
 * server (`trellis backport --pr N --push`). Built with the test helpers (real git, no mocks).
 */
import { rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { trellis } from '../test/helpers/cli.js';
import { gitDate, makeRepo, type FixtureRepo } from '../test/helpers/repo.js';
import { startGitHub } from '../test/helpers/github-server.js';
import { ghProject } from '../test/github/fixture.js';

type Outputs = Map<string, unknown>;

/** `trellis <args>` in `r` on `day`; its JSON (exit 0 or 1 only). */
async function json(r: FixtureRepo, day: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<unknown> {
  const d = gitDate(day);
  const res = await trellis(args, {
    cwd: r.dir,
    env: { ...r.env, GIT_AUTHOR_DATE: d, GIT_COMMITTER_DATE: d, ...env },
    now: `${day}T12:00:00Z`,
  });
  if (res.code > 1) throw new Error(`trellis ${args.join(' ')} failed (${res.code}): ${res.stderr}`);
  return args.includes('--json') ? JSON.parse(res.stdout) : undefined;
}

/** A Goose-style project adopted on `day` (the goose preset with line 1.2's codename). */
async function goose(day: string, extra = ''): Promise<FixtureRepo> {
  const r = await makeRepo();
  await json(r, day, ['init', '--preset', 'goose']);
  const policy = readFileSync(join(r.dir, '.trellis.yml'), 'utf8').replace('codenames: {}', 'codenames: { "1.2": histrionicus }');
  await r.commit('chore: adopt trellis', { files: { '.trellis.yml': policy + extra }, date: day });
  return r;
}

/** `extension status|ships|switch --json`: an unstable-API extension of a core with line 1.2 released. */
export async function extensionOutputs(outputs: Outputs): Promise<void> {
  const core = await goose('2025-01-02');
  const ext = await makeRepo();
  try {
    await json(core, '2025-01-10', ['branch', 'cut', '1.2']);
    await json(core, '2025-01-15', ['release', '1.2']);
    await json(ext, '2025-01-11', ['init', '--preset', 'goose']);
    const policy = readFileSync(join(ext.dir, '.trellis.yml'), 'utf8');
    const declared = `${policy}\nextension:\n  api: unstable\n  core: { path: ${relative(ext.dir, core.dir)} }\n`;
    await ext.commit('declare the extension', { files: { '.trellis.yml': declared }, date: '2025-01-12' });
    outputs.set('extension-status', await json(ext, '2025-02-01', ['extension', 'status', '--json']));
    outputs.set('extension-ships', await json(ext, '2025-02-01', ['extension', 'ships', '--json']));
    outputs.set(
      'extension-switch',
      await json(ext, '2025-02-01', ['extension', 'switch', 'two-branch', '--at', 'main', '--dry-run', '--json']),
    );
  } finally {
    await Promise.all([core.cleanup(), ext.cleanup()]);
  }
}

/** `backport --pr 1 --to 1.2 --push --json`: the Action's backport of a merged pull request, from the command line. */
export async function githubOutputs(outputs: Outputs): Promise<void> {
  const server = await startGitHub();
  try {
    const p = await ghProject(server);
    server.state.pulls.get(1)!.labels = ['bug'];
    const env = { ...p.r.env, GITHUB_TOKEN: 'ghp_schema', GITHUB_REPOSITORY: 'acme/widget', GITHUB_API_URL: server.url };
    const r = await trellis(['backport', '--pr', '1', '--to', '1.2', '--push', '--json'], {
      cwd: p.workspace,
      env,
      now: '2026-01-10T00:00:00Z',
    });
    if (r.code > 1) throw new Error(`trellis backport --pr failed (${r.code}): ${r.stderr}`);
    outputs.set('backport-pr', JSON.parse(r.stdout));
    await Promise.all([p.r.cleanup(), rm(dirname(p.workspace), { recursive: true, force: true })]);
  } finally {
    server.close();
  }
}
