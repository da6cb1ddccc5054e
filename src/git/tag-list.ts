/** Tags with the commits they name, in one `for-each-ref`. */
import type { GitBase as Git } from './base.js';

/** A tag and the commit it names (null when it names a tree or a blob). */
export interface TagCommit {
  /** Short name (`v1.2.0`). */
  name: string;
  commit: string | null;
}

/** Every tag, or with `merged` only the tags whose commit that revision contains. */
export async function tagCommits(git: Git, opts: { merged?: string } = {}): Promise<TagCommit[]> {
  const format = '%(refname:short)%00%(objecttype)%00%(objectname)%00%(*objectname)';
  const args = ['for-each-ref', `--format=${format}`, ...(opts.merged !== undefined ? [`--merged=${opts.merged}`] : []), 'refs/tags'];
  return (await git.text(args))
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const [name = '', type = '', oid = '', peeled = ''] = l.split('\0');
      return { name, commit: type === 'tag' ? peeled || null : type === 'commit' ? oid : null };
    });
}
