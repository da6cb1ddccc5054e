/**
 * The two questions a GitHub backport answers before picking: which commits carry the merged
 * change (the squash or merge commit, or the pull request's commits when it was rebase-merged),
 * and which lines were asked for (line keys, `all-supported`, `lts`, `auto`) with the rule that
 * chose each, and the lines left out (end-of-life, unknown) as rows of the summary.
 */
import type { BackportRow } from '../core/github/backport.js';
import { supportLabel } from '../core/vocabulary.js';
import { backportBranch } from '../core/github/backport.js';
import type { LineToday } from '../core/lines/today.js';
import { readBranches, linesTodayOf } from '../facts/backport.js';
import type { Git } from '../git/index.js';
import type { PullInfo } from '../github/index.js';
import type { AppContext } from './context.js';

/** The merged change as revisions for the backport engine. */
export interface MergedChange {
  revisions: string[];
  mainline: number | null;
  how: 'merge' | 'squash' | 'rebase';
}

/**
 * Reads how `pr` was merged: a merge commit (picked with mainline 1), a squash commit, or, when a
 * pull request of several commits left a single-parent commit that does not name it, a rebase
 * (the last `commits` first-parent commits up to the merge commit).
 */
export async function mergedChange(git: Git, pr: PullInfo): Promise<MergedChange> {
  const sha = pr.mergeCommit as string;
  const [commit] = await git.readCommits([sha]);
  if (!commit) throw new Error(`merge commit ${sha} is not in the repository`);
  if (commit.parents.length > 1) return { revisions: [sha], mainline: 1, how: 'merge' };
  const namesPull = commit.message.split('\n')[0]?.includes(`(#${pr.number})`) ?? false;
  if (pr.commits > 1 && !namesPull) return { revisions: [`${sha}~${pr.commits}..${sha}`], mainline: null, how: 'rebase' };
  return { revisions: [sha], mainline: null, how: 'squash' };
}

/** The lines to backport to, with why, and the rows of lines left out. */
export interface ChosenLines {
  /** Line key → the rule or request that chose it. */
  to: Map<string, string>;
  auto: boolean;
  rows: BackportRow[];
}

const eol = (l: LineToday) => l.status === 'end-of-life';
const takes = (l: LineToday, base: string, tips: ReadonlyMap<string, string>) =>
  !eol(l) && l.branch !== null && l.branch !== base && tips.has(l.branch) && l.status !== 'feature';

/** Turns the asks into lines under the policy of the base branch. */
export async function chooseLines(ctx: AppContext, pr: PullInfo, asks: readonly string[]): Promise<ChosenLines> {
  const branches = await readBranches(ctx.git, ctx.policy, { remote: ctx.remote });
  const lines = linesTodayOf(branches, ctx.policy, ctx.today);
  const out: ChosenLines = { to: new Map(), auto: false, rows: [] };
  const add = (l: LineToday, why: string) => {
    if (!out.to.has(l.key)) out.to.set(l.key, why);
  };
  for (const ask of asks) {
    if (ask === 'auto') out.auto = true;
    else if (ask === 'all-supported' || ask === 'lts') {
      for (const l of lines) {
        if (ask === 'lts' && !l.lts) continue;
        if (takes(l, pr.baseRef, branches.tips))
          add(l, `\`${ask}\`: line ${l.key} is ${ask === 'lts' ? 'an LTS line, ' : ''}supported (${supportLabel(l.status, l.support)})`);
      }
    } else {
      const l = lines.find((x) => x.key === ask || x.branch === ask);
      if (!l) out.rows.push({ line: ask, branch: null, outcome: 'failed', reason: `no line ${ask} in the policy of ${pr.baseRef}` });
      else if (eol(l))
        out.rows.push({
          line: l.key,
          branch: null,
          outcome: 'skipped',
          reason: `end-of-life${l.endOfLife ? ` since ${l.endOfLife}` : ''}, by the support policy`,
        });
      else if (!l.branch || !branches.tips.has(l.branch))
        out.rows.push({ line: l.key, branch: null, outcome: 'failed', reason: `line ${l.key} has no branch` });
      else add(l, `asked for line ${l.key} (${supportLabel(l.status, l.support)})`);
    }
  }
  return out;
}

/** The backport branch of a line for `pr`. */
export const branchFor = (line: string, pr: PullInfo) => backportBranch(line, pr.number);
