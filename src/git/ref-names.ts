/** Branch and tag names with the objects they point at, without dates or peeling: one light `for-each-ref`. */
import type { GitBase } from './base.js';

/** Short names: local branches (`main`), remote-tracking branches (`origin/main`), tags (`v1.2.0`). */
export interface RefNames {
  branches: Map<string, string>;
  remotes: Map<string, string>;
  tags: string[];
}

/** Every local and remote-tracking branch with its commit, and every tag name (no tag object is read). */
export async function refNames(git: GitBase): Promise<RefNames> {
  const out = await git.text(['for-each-ref', '--format=%(refname)%00%(objectname)', 'refs/heads', 'refs/remotes', 'refs/tags']);
  const names: RefNames = { branches: new Map(), remotes: new Map(), tags: [] };
  for (const line of out.split('\n')) {
    const [ref = '', oid = ''] = line.split('\0');
    if (ref.startsWith('refs/heads/')) names.branches.set(ref.slice('refs/heads/'.length), oid);
    else if (ref.startsWith('refs/remotes/')) names.remotes.set(ref.slice('refs/remotes/'.length), oid);
    else if (ref.startsWith('refs/tags/')) names.tags.push(ref.slice('refs/tags/'.length));
  }
  return names;
}
