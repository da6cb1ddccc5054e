/** Backport branches (`branches.backport`, e.g. `backport/{line}/{sha}`) among a repository's branches. */
import type { Policy } from '../policy/schema.js';
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
