/** Local branches and their commits. */
import type { GitBase as Git } from './base.js';

/** Every local branch (short name) and the object it points at, in one `for-each-ref`. */
export async function branchHeads(git: Git): Promise<Map<string, string>> {
  const out = await git.text(['for-each-ref', '--format=%(refname:short)%00%(objectname)', 'refs/heads']);
  const map = new Map<string, string>();
  for (const line of out.split('\n')) {
    if (line === '') continue;
    const [name = '', oid = ''] = line.split('\0');
    map.set(name, oid);
  }
  return map;
}

/** The commits of branches by short name (null for a branch that does not exist), in one `rev-parse`. */
export async function branchTips(git: Git, names: readonly string[]): Promise<Map<string, string | null>> {
  const unique = [...new Set(names)];
  const found = await git.revParse(
    unique.map((n) => `refs/heads/${n}`),
    { peel: 'commit', allowMissing: true },
  );
  return new Map(unique.map((n) => [n, found.get(`refs/heads/${n}`) ?? null]));
}
