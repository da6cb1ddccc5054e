/**
 * Kinds that the changed paths decide (a change rule with path conditions, such as the built-in
 * "docs, tests or CI only"): the messages were read without paths, so those commits' kinds are
 * settled here, before the plan is made, from the paths read ahead where a read ahead runs,
 * else from one `diff-tree` over just those commits. Their paths are kept in the facts (and so
 * in the commit-facts cache, with the settled kind): the plan's own paths read skips them.
 */
import { kindByPaths } from '../../core/changes/classify.js';
import { pathsKeyOf } from '../../core/coverage/commit-facts.js';
import type { Equivalence } from '../../core/coverage/equivalence.js';
import { readChangedPaths } from '../../git/changed-paths.js';
import type { RunState } from './load-facts.js';
import type { PathsAhead } from './paths-ahead.js';

/** Settles the run's pending kinds; returns how many commits' paths were read for it. */
export async function settlePathKinds(run: RunState, equivalence: Equivalence, ahead: PathsAhead | null): Promise<number> {
  const { pendingKinds, graph } = run;
  if (pendingKinds.size === 0) return 0;
  // Paths read with the message need nothing; the others come from the read ahead, else one diff-tree.
  const unknown: string[] = [];
  for (const oid of pendingKinds.keys()) if (equivalence.get(oid)?.pathsKey === null) unknown.push(oid);
  const early = ahead && unknown.length > 0 ? await ahead.peek(unknown) : null;
  const rest = early ? unknown.filter((o) => !early.has(o)) : unknown;
  rest.sort((a, b) => (graph.index.get(a) ?? -1) - (graph.index.get(b) ?? -1));
  const read = new Map<string, string>();
  await readChangedPaths(run.git, rest, (oid, paths) => read.set(oid, pathsKeyOf(paths)));
  for (const [oid, pending] of pendingKinds) {
    const f = equivalence.get(oid);
    if (!f) continue;
    // diff-tree prints nothing for a commit without changes.
    const key = f.pathsKey ?? early?.get(oid) ?? read.get(oid) ?? '';
    if (f.pathsKey === null) equivalence.setPaths(oid, key);
    f.kind = kindByPaths(pending, key === '' ? NO_PATHS : key.split('\0'));
  }
  pendingKinds.clear();
  return rest.length;
}

const NO_PATHS: readonly string[] = [];
