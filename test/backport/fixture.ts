/** A project with main and three release lines (release/1.0, 1.1, 1.2) for backport stories. */
import { trellis, type CliResult } from '../helpers/cli.js';
import { makeRepo, type FixtureRepo } from '../helpers/repo.js';

export interface LinesRepo {
  r: FixtureRepo;
  /** A bug fix on main that applies cleanly to every line. */
  fix: string;
  /** A main commit whose change conflicts on release/1.0 only. */
  clash: string;
}

/** `app.txt` has ten lines; each line branch edits its own line, so picks merge cleanly. */
export async function linesRepo(): Promise<LinesRepo> {
  const r = await makeRepo();
  const base = Array.from({ length: 10 }, (_, i) => `line ${i}`);
  const text = (edit: Record<number, string>) => base.map((l, i) => edit[i] ?? l).join('\n') + '\n';
  await r.commit('chore: start', { files: { 'app.txt': text({}), 'conf.txt': 'a=1\n', README: 'hello\n' }, date: '2025-01-01' });
  await r.branch('release/1.0');
  await r.commit('feat: one-one', { files: { 'app.txt': text({ 1: 'v1.1' }) }, date: '2025-02-01' });
  await r.branch('release/1.1');
  await r.commit('feat: one-two', { files: { 'app.txt': text({ 1: 'v1.1', 2: 'v1.2' }) }, date: '2025-03-01' });
  await r.branch('release/1.2');
  await r.commit('feat: main moves on', { files: { 'app.txt': text({ 1: 'v1.1', 2: 'v1.2', 3: 'main' }) }, date: '2025-04-01' });
  const fix = await r.commit('fix: correct line nine\n\nLonger explanation.\n', {
    files: { 'app.txt': text({ 1: 'v1.1', 2: 'v1.2', 3: 'main', 9: 'fixed' }) },
    date: '2025-04-02',
    author: { name: 'Fay Fixer', email: 'fay@example.com' },
  });
  const clash = await r.commit('fix: conf value', { files: { 'conf.txt': 'a=2\n' }, date: '2025-04-03' });
  await r.checkout('release/1.0');
  await r.commit('fix: old conf', { files: { 'conf.txt': 'a=old\n' }, date: '2025-04-04' });
  await r.checkout('main');
  return { r, fix, clash };
}

/** Runs the CLI in-process in the fixture. */
export function run(r: FixtureRepo, args: string[], extraEnv: Record<string, string> = {}, cwd = r.dir): Promise<CliResult> {
  return trellis(['backport', ...args], { cwd, env: { ...r.env, ...extraEnv } });
}

/** Every ref and what it points at, for "nothing changed" checks. */
export function refs(r: FixtureRepo): Promise<string> {
  return r.git('for-each-ref', '--format=%(refname) %(objectname)');
}
