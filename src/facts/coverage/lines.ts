/** The columns of a coverage run: today's release lines with a branch, from one `for-each-ref`. */
import type { CoverageLine } from '../../core/coverage/types.js';
import { TrellisError } from '../../core/errors.js';
import { discoverLines, linesToday } from '../../core/lines/index.js';
import type { Policy } from '../../core/policy/schema.js';
import type { Git } from '../../git/git.js';
import type { RefInfo } from '../../git/refs.js';
import { branchFacts, DEFAULT_REMOTE, refuseShallow } from '../repository.js';

/** The columns of a run and every line known. */
export interface CoverageLines {
  /** Columns: maintained lines (or those asked for with `--line`). */
  columns: CoverageLine[];
  /** Every release line with a branch. */
  all: CoverageLine[];
  /** Every ref read, remote-tracking branches included (the run's branches; the result cache's key). */
  refs: RefInfo[];
  /** Where a local branch is behind its remote-tracking branch, which was read instead. */
  notes: string[];
}

/**
 * Today's release lines with their support status (one `for-each-ref`, no history walk), read
 * as status reads them: a plain `git clone` has the release branches only as `origin/*`, and
 * those count where no local branch of the name exists (a shallow clone is refused: its history
 * is cut where coverage must read it). The
 * columns are the maintained lines (status prerelease, full, bugfix or security), oldest
 * last, or exactly the lines named by `requested` (a line key or its branch; an unknown name is
 * a usage error, exit 2).
 */
export async function coverageLines(git: Git, policy: Policy, today: string, requested: readonly string[] = []): Promise<CoverageLines> {
  await refuseShallow(git);
  const refs = await git.refs({ remotes: true });
  const { facts, notes } = branchFacts(refs);
  const all: CoverageLine[] = [];
  for (const l of linesToday(discoverLines(facts, policy), policy, today)) {
    if (l.kind !== 'release' || !l.branch) continue;
    const anchor = l.line.prereleases[0]?.commit ?? l.line.releases[0]?.commit ?? null;
    all.push({ key: l.key, branch: l.branch, status: l.backportStatus ?? l.status, anchor });
  }
  if (requested.length === 0) {
    return { columns: all.filter((l) => l.status !== 'end-of-life' && l.status !== 'feature'), all, refs, notes };
  }
  const columns: CoverageLine[] = [];
  for (const name of requested) {
    // A line key, its branch, or the branch as the remote names it (`origin/release-0.2.x`).
    const l = all.find((x) => x.key === name) ?? all.find((x) => x.branch === name || `${DEFAULT_REMOTE}/${x.branch}` === name);
    if (!l) {
      const known = all.map((x) => x.key).join(', ') || 'none';
      throw new TrellisError('usage', `unknown line '${name}' (lines with a branch: ${known})`, 2);
    }
    if (!columns.includes(l)) columns.push(l);
  }
  return { columns, all, refs, notes };
}
