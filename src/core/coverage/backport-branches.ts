/**
 * Backport branches (`branches.backport`, e.g. `backport/{line}/{sha}` or `backport/{line}/{pr}`)
 * among a repository's branches, and which change each is for: the template matched back into
 * its values, then the change's id (`{sha}`) or pull request (`{pr}`, as `backport` names it).
 */
import type { Policy } from '../policy/schema.js';
import { changePullRequest, type CommitFacts } from './commit-facts.js';
import { matchTemplate, parseTemplate } from '../policy/template.js';
import type { BackportBranch, CoverageLine } from './types.js';

/** Backport branches named by the policy's template, for the given lines (`branches`: short name → tip). */
export function findBackportBranches(
  policy: Policy,
  branches: ReadonlyMap<string, string>,
  lines: readonly CoverageLine[],
): BackportBranch[] {
  let template;
  try {
    template = parseTemplate(policy.branches.backport, 'backportBranch');
  } catch {
    return [];
  }
  const out: BackportBranch[] = [];
  for (const [name, tip] of branches) {
    const m = matchTemplate(template, name);
    if (!m) continue;
    const line = m.line ?? lines.find((l) => l.branch === m.branch)?.key;
    if (!line || !lines.some((l) => l.key === line)) continue;
    out.push({ name, line, sha: m.sha ?? null, pr: m.pr !== undefined ? Number(m.pr) : null, tip });
  }
  return out;
}

/**
 * Whether backport branch `b` is for change `c`: named by the change's id (`{sha}`, 7 hex digits
 * or more) or by its pull request (`{pr}`: its own, or the one it is a backport of, as
 * `backport` renders it).
 */
export function branchIsFor(b: BackportBranch, c: Pick<CommitFacts, 'oid' | 'ownPr' | 'backportOf'>): boolean {
  if (b.sha !== null && b.sha.length >= 7 && c.oid.startsWith(b.sha)) return true;
  return b.pr !== null && (b.pr === c.ownPr || b.pr === changePullRequest(c));
}
