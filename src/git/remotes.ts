/** The remotes configured in a repository. */
import type { GitBase } from './base.js';

/** The names of the configured remotes (`git remote`), in git's order. */
export async function remoteNames(git: GitBase): Promise<string[]> {
  const out = await git.text(['remote']);
  return out.split('\n').filter((l) => l !== '');
}
