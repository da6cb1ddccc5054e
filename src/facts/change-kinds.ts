/**
 * The kinds of given commits under the policy's change rules (src/core/changes/classify.ts),
 * with the changed paths read only where a rule on paths can change a kind: one batched
 * `diff-tree` for all of them. What `backport --auto` and `missing --explain` read; `trellis
 * missing` and `check` do the same inside their own pipeline (facts/coverage/path-kinds.ts,
 * core/coverage/commit-facts.ts), given the same advisory records.
 */
import { classifyCommit, explainKind, settleByPaths, kindNeedsPaths, type KindDecision, type RuleCheck } from '../core/changes/classify.js';
import type { ChangeRules } from '../core/changes/rules.js';
import type { GitBase } from '../git/base.js';
import { readChangedPaths } from '../git/changed-paths.js';

/** A commit as the classifier needs it: a merge (two parents or more) has no paths of its own. */
export interface CommitToClassify {
  oid: string;
  message: string;
  parents: number;
}

/** The changed paths of `commits` (merges: none), in one `diff-tree`; a commit without changes has none. */
export async function changedPathsOf(git: GitBase, commits: readonly CommitToClassify[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const read: string[] = [];
  for (const c of commits) {
    out.set(c.oid, []);
    if (c.parents <= 1) read.push(c.oid);
  }
  await readChangedPaths(git, read, (oid, paths) => out.set(oid, paths));
  return out;
}

/**
 * Each commit's kind and what decided it, in order; paths are read only for the commits whose kind they can change.
 * `advisories`: the advisories naming each commit as a fix (a security fix whatever its message says).
 */
export async function commitKinds(
  git: GitBase,
  commits: readonly CommitToClassify[],
  rules: ChangeRules,
  advisories?: (c: CommitToClassify) => readonly string[],
): Promise<KindDecision[]> {
  const first = commits.map((c) =>
    classifyCommit({ message: c.message, paths: c.parents > 1 ? [] : null, advisories: advisories?.(c) }, rules),
  );
  const needing = commits.filter((_, i) => kindNeedsPaths(first[i] as (typeof first)[number]));
  const paths = needing.length > 0 ? await changedPathsOf(git, needing) : new Map<string, string[]>();
  return first.map((c, i) => {
    const p = paths.get((commits[i] as CommitToClassify).oid);
    return p ? settleByPaths(c, p) : { kind: c.kind, reason: c.reason };
  });
}

/** One commit's kind with its changed paths and every rule tried before the decision (for `missing --explain`). */
export async function explainCommitKind(
  git: GitBase,
  commit: CommitToClassify,
  rules: ChangeRules,
  advisories?: readonly string[],
): Promise<{ decision: KindDecision; checked: RuleCheck[]; paths: string[] }> {
  const paths = (await changedPathsOf(git, [commit])).get(commit.oid) ?? [];
  return { ...explainKind({ message: commit.message, paths, advisories }, rules), paths };
}
