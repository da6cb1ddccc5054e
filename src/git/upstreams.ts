/** Branches' upstreams and how far behind them the branches are (what is known locally: no fetch). */
import type { GitBase as Git } from './base.js';
import { branchRef } from '../core/refname.js';

/** The upstream of a branch and how far the branch is behind it. */
export interface Upstream {
  branch: string;
  /** Full upstream ref (`refs/remotes/origin/dev`), or null when none is configured. */
  upstream: string | null;
  /** Commits the upstream has that the branch lacks; null when the upstream ref is not present locally. */
  behind: number | null;
}

/**
 * Each existing local branch of `branches` (short names) with its upstream and how many commits it
 * lacks from it; `at` counts from another commit instead of the branch (one a command starts from).
 */
export async function readUpstreams(
  git: Git,
  branches: readonly string[],
  opts: { at?: ReadonlyMap<string, string> } = {},
): Promise<Upstream[]> {
  const out = await git.text(['for-each-ref', '--format=%(refname:short)%00%(upstream)', '--', ...branches.map((b) => branchRef(b))]);
  const facts: Upstream[] = [];
  for (const line of out.split('\n')) {
    if (line === '') continue;
    const [branch = '', upstream = ''] = line.split('\0');
    if (upstream === '') {
      facts.push({ branch, upstream: null, behind: null });
      continue;
    }
    const known = await git.revParse([upstream], { allowMissing: true });
    if (!known.has(upstream)) {
      facts.push({ branch, upstream, behind: null });
      continue;
    }
    const n = await git.line(['rev-list', '--count', upstream, `^${opts.at?.get(branch) ?? branchRef(branch)}`, '--']);
    facts.push({ branch, upstream, behind: Number(n) });
  }
  return facts;
}
