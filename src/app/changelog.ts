/**
 * Use case `changelog`: Keep a Changelog sections from the commits of a range (default: the
 * line's last tag..its branch), each classified under the policy's `changes:` rules as `missing`
 * classifies it, backports listed once with their origin, CVE and GHSA ids in Security, changes
 * already released left out. Read only.
 */
import { usageError } from '../core/errors.js';
import type { Changelog } from '../core/release/changelog.js';
import { lineBranchOf } from '../core/release/lines.js';
import { branchRevisions } from '../facts/branch-tips.js';
import { rangeBase, readChangelog, type NamedCommit } from '../facts/changelog-range.js';
import { lineAsked, readReleaseLines } from '../facts/release-lines.js';
import { publicIdsNamingFixes } from './advisory-fixes.js';
import type { AppContext } from './context.js';

/** What `trellis changelog` asks for. */
export interface ChangelogRequest {
  /** `FROM..TO`, or undefined for the line's last tag..its branch. */
  range?: string | undefined;
  /** The line (`X.Y`) or its branch; default: the line of the checked-out branch. */
  line?: string | undefined;
  /**
   * The range as revisions already resolved (a caller holding the tags' commits, such as the site
   * listing every release): read as is, without resolving names again. Wins over `range` and `line`.
   */
  between?: { from: NamedCommit | null; to: NamedCommit } | undefined;
}

/** `trellis changelog`: the changes of a range, grouped. */
export async function changelog(ctx: AppContext, req: ChangelogRequest = {}): Promise<Changelog> {
  const { git, policy } = ctx;
  if (req.between !== undefined) return readChangelog(git, policy, req.between.from, req.between.to);
  if (req.range !== undefined) {
    const m = /^(.*?)\.\.(.+)$/.exec(req.range);
    if (!m || req.range.includes('...')) throw usageError(`'${req.range}' is not a range: write FROM..TO`);
    const from = m[1] ?? '';
    const to = m[2]!;
    const names = from === '' ? [to] : [from, to];
    // A branch name reads as status reads it (its remote's tip in a plain clone); anything else is git's.
    const branches = await branchRevisions(git, policy, names, { remote: ctx.remote });
    const others = names.filter((n) => branches.get(n) === null);
    const revs = others.length > 0 ? await git.revParse(others, { peel: 'commit' }) : new Map<string, string>();
    const commit = (n: string) => branches.get(n) ?? revs.get(n)!;
    return readChangelog(
      git,
      policy,
      from === '' ? null : { name: from, commit: commit(from) },
      { name: to, commit: commit(to) },
      await advisories(ctx),
    );
  }
  const { lines } = await readReleaseLines(git, policy, ctx.today, { remote: ctx.remote });
  const line = await lineAsked(git, lines, req.line);
  const { branch, commit } = lineBranchOf(line, 'has no branch; give a range FROM..TO');
  const base = await rangeBase(git, policy, line, lines, { version: null, finalOnly: false, target: commit });
  return readChangelog(git, policy, base, { name: branch, commit }, await advisories(ctx));
}

/** The CVE and GHSA ids of the disclosed advisories naming each commit as a fix (app/advisory-fixes.ts). */
async function advisories(ctx: AppContext): Promise<{ advisoryIds?: (c: { oid: string; message: string }) => string[] }> {
  const named = await publicIdsNamingFixes(ctx, ctx.today);
  return named ? { advisoryIds: named } : {};
}
