/** The release lines as the release commands see them, read through the adapter (refs and line history). */
import { findLine, releaseLines, type ReleaseLineToday } from '../core/release/lines.js';
import type { Policy } from '../core/policy/schema.js';
import { checkedOutBranch, type Git } from '../git/index.js';
import type { BranchReadOptions } from './branches.js';
import { readLineFacts, type LineFacts } from './repository.js';

/** Refs, history and discovery (see facts/repository.ts), and the lines with their status on `date`. */
export async function readReleaseLines(
  git: Git,
  policy: Policy,
  date: string,
  opts: BranchReadOptions = {},
): Promise<LineFacts & { lines: ReleaseLineToday[] }> {
  const facts = await readLineFacts(git, policy, opts);
  return { ...facts, lines: releaseLines(facts.discovery, policy, date) };
}

/** The line named by key or branch; without one, the line of the checked-out branch (read only then). */
export async function lineAsked<L extends ReleaseLineToday>(git: Git, lines: readonly L[], wanted: string | undefined): Promise<L> {
  const current = wanted === undefined ? await checkedOutBranch(git) : null;
  return findLine(lines, wanted, current);
}
