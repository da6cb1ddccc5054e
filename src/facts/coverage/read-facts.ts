/** Commit facts read from git: the adapter's log read, each message made into {@link CommitFacts} as it arrives. */
import { commitFacts, type CommitFacts, type FactsParams } from '../../core/coverage/commit-facts.js';
import { readCommitMessages } from '../../git/commit-messages.js';
import type { GitBase } from '../../git/base.js';

/**
 * Reads many commits' facts (and, unless `paths: false`, changed paths) in one streaming
 * `git log --no-walk --stdin`: each commit becomes {@link CommitFacts} as it arrives, so memory
 * holds facts, not the log. Unknown ids are skipped. The facts' strings are copies, not slices of
 * the message (a slice would keep the whole message alive). Without paths a commit's `pathsKey`
 * is null (not read).
 */
export async function readCommitFacts(
  git: GitBase,
  oids: readonly string[],
  params: FactsParams,
  each: (f: CommitFacts) => void,
  opts: { paths?: boolean } = {},
): Promise<void> {
  await readCommitMessages(git, oids, (c) => each(detach(commitFacts(c, params))), { paths: opts.paths !== false });
}

/** A fresh copy of a string (not a slice keeping a larger string alive). */
const own = (s: string): string => (s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8'));
const ownAll = (xs: string[]): string[] => (xs.length === 0 ? xs : xs.map(own));

/** The facts with every string copied out of the message it was matched in. */
function detach(f: CommitFacts): CommitFacts {
  f.subject = own(f.subject);
  f.origins = ownAll(f.origins);
  f.reverts = ownAll(f.reverts);
  f.fixes = ownAll(f.fixes);
  f.backportTargets = ownAll(f.backportTargets);
  return f;
}
