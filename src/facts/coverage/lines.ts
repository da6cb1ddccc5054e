/** The columns of a coverage run: today's release lines with a branch, read as every command reads branches (../branches.ts). */
import type { CoverageLine } from '../../core/coverage/types.js';
import { TrellisError } from '../../core/errors.js';
import { discoverLines, linesToday } from '../../core/lines/index.js';
import type { Policy } from '../../core/policy/schema.js';
import type { Git } from '../../git/git.js';
import type { RefInfo } from '../../git/refs.js';
import { readProjectBranches, type BranchReadOptions, type ProjectBranches } from '../branches.js';
import { refuseShallow } from '../repository.js';

/** The columns of a run and every line known. */
export interface CoverageLines {
  /** Columns: maintained lines (or those asked for with `--line`). */
  columns: CoverageLine[];
  /** Every release line with a branch. */
  all: CoverageLine[];
  /**
   * The branches as read (a branch read from its remote under its short name, with the
   * remote-tracking ref's full name) and the tags: the run's branches and the result cache's key.
   */
  refs: RefInfo[];
  /** Where a local branch is behind its remote-tracking branch, which was read instead. */
  notes: string[];
}

/**
 * Today's release lines with their support status (one `for-each-ref` where local and remote
 * branches agree, no history walk): the
 * columns are the maintained lines (status prerelease, full, bugfix or security), oldest
 * last, or exactly the lines named by `requested` (a line key or its branch; an unknown name is
 * a usage error, exit 2).
 */
export async function coverageLines(
  git: Git,
  policy: Policy,
  today: string,
  requested: readonly string[] = [],
  opts: BranchReadOptions = {},
): Promise<CoverageLines> {
  await refuseShallow(git);
  const branches = await readProjectBranches(git, policy, opts);
  const refs = refsAsRead(branches);
  const notes = branches.notes;
  const all: CoverageLine[] = [];
  for (const l of linesToday(discoverLines(branches.facts, policy), policy, today)) {
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
    const l =
      all.find((x) => x.key === name) ??
      all.find((x) => x.branch === name || (branches.remote !== null && `${branches.remote}/${x.branch}` === name));
    if (!l) {
      const known = all.map((x) => x.key).join(', ') || 'none';
      throw new TrellisError('usage', `unknown line '${name}' (lines with a branch: ${known})`, 2);
    }
    if (!columns.includes(l)) columns.push(l);
  }
  return { columns, all, refs, notes };
}

/** Each branch's ref as read, as a branch under its short name, and the tags. */
function refsAsRead(branches: ProjectBranches): RefInfo[] {
  const byName = new Map(branches.refs.map((r) => [r.name, r]));
  const out: RefInfo[] = [];
  for (const t of branches.tips.values()) {
    const ref = t.ref !== null ? byName.get(t.ref) : undefined;
    if (ref) out.push({ ...ref, kind: 'branch', shortName: t.name });
  }
  return [...out, ...branches.refs.filter((r) => r.kind === 'tag')];
}
