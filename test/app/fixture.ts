/** The repository the app-layer tests share: a policy with one release line, and that line released. */
import type { Workspace } from '../../src/app/context.js';
import { makeRepo, type FixtureRepo } from '../helpers/repo.js';

export const POLICY = `versioning:
  tag: "v{version}"
branches:
  main: main
  release: "release/{major}.{minor}"
support:
  lines:
    "0.1": { support: full }
`;

export const NOW = '2026-01-15T12:00:00Z';

/** A repository whose first commit holds `policy`; with `released`, also release/0.1 and its tag v0.1.0. */
export async function policyRepo(policy = POLICY, opts: { released?: boolean } = {}): Promise<FixtureRepo> {
  const r = await makeRepo();
  await r.commit('chore: initial', { files: { '.trellis.yml': policy } });
  if (opts.released) {
    await r.branch('release/0.1');
    await r.tag('v0.1.0', { message: 'Release 0.1.0', target: 'release/0.1' });
  }
  return r;
}

/** A workspace in `r` with the clock at {@link NOW}. */
export const workspaceIn = (r: FixtureRepo): Workspace => ({ cwd: r.dir, env: r.env, clock: { now: () => new Date(NOW) } });
