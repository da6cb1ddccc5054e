/**
 * Use case `explainChange` (`trellis missing --explain SHA`): why a commit has the kind
 * `trellis missing` and `backport --auto` give it — the policy's change rule or the signal of
 * the message that decided, what matched, the changed paths, and the rules tried before. Reads
 * the commit and its paths (facts/change-kinds.ts) and the advisory records (a commit one names as
 * its fix is a security fix); the classifier is the core's.
 */
import { parseConventionalHeader, securityIds } from '../core/changes/index.js';
import { compileChangeRules } from '../core/changes/rules.js';
import type { ChangeExplanation } from '../core/changes/explain.js';
import { TrellisError } from '../core/errors.js';
import { explainCommitKind } from '../facts/change-kinds.js';
import { advisoriesNamingFixes } from './advisory-fixes.js';
import type { AppContext } from './context.js';

export interface ExplainChangeRequest {
  /** A revision naming one commit (`3f2a1b4`, `HEAD~2`, a tag). */
  commit: string;
}

export async function explainChange(ctx: AppContext, req: ExplainChangeRequest): Promise<ChangeExplanation> {
  const { git, policy } = ctx;
  if (req.commit === '' || req.commit.startsWith('-')) {
    throw new TrellisError('usage', `invalid --explain '${req.commit}': give a commit (a revision cannot start with '-')`, 2);
  }
  const oid = await git.resolve(req.commit, { peel: 'commit' });
  const [commit] = await git.readCommits([oid]);
  if (!commit) throw new TrellisError('not-found', `no commit '${req.commit}'`, 2);
  const rules = compileChangeRules(policy.changes);
  const named = await advisoriesNamingFixes(ctx);
  const source = { oid, message: commit.message, parents: commit.parents.length };
  const { decision, checked, paths } = await explainCommitKind(git, source, rules, named?.ids(source));
  // The first line, as `trellis missing` shows it and the classifier reads it.
  const subject = (commit.message.split('\n', 1)[0] ?? '').trim();
  const header = parseConventionalHeader(subject);
  return {
    commit: oid,
    subject,
    kind: decision.kind,
    reason: decision.reason,
    checked,
    paths,
    conventional: header ? { type: header.type, scope: header.scope } : null,
    securityIds: securityIds(commit.message),
    defaults: policy.changes.defaults,
  };
}
