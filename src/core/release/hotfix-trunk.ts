/**
 * Hotfix branches in a trunk flow (Lightspeed-style: "Hotfixes (if needed): create
 * hotfix/x.y.z+1 from main, then follow same flow"): the branch `branches.hotfix` names for the
 * next patch of a released line, made from the development branch; `trellis release
 * hotfix/x.y.z+1` then releases that version from it and `trellis merge-back hotfix/x.y.z+1`
 * merges it into main. Pure.
 */
import { TrellisError } from '../errors.js';
import type { Policy } from '../policy/schema.js';
import { matchTemplate, renderTemplate } from '../policy/template.js';
import { branchRef } from '../refname.js';
import type { VersionScheme } from '../version/types.js';

/** The hotfix branch a version gets, checked as a ref name. */
export function hotfixBranchOf(policy: Policy, version: string): string {
  const name = renderTemplate(policy.branches.hotfix, { version });
  branchRef(name);
  return name;
}

/** The version a hotfix branch name stands for (`hotfix/1.2.1` → `1.2.1`), or null when it is no hotfix branch. */
export function hotfixVersionOf(policy: Policy, branch: string): string | null {
  return matchTemplate(policy.branches.hotfix, branch)?.version ?? null;
}

/** Refuses (exit 2) a version that is not the next patch of its line's latest release. */
export function checkNextPatch(scheme: VersionScheme, version: string, line: { key: string; latest: string | null; eol: boolean }): void {
  if (line.eol) throw new TrellisError('refused', `line ${line.key} is end-of-life; it gets no hotfix`, 2);
  if (line.latest === null) throw new TrellisError('refused', `line ${line.key} has no release yet: a hotfix patches a released line`, 2);
  const [x, y, z] = scheme.parse(line.latest).release as [number, number, number];
  const next = `${x}.${y}.${(z ?? 0) + 1}`;
  if (scheme.compare(version, next) !== 0)
    throw new TrellisError(
      'usage',
      `${version} is not the next patch of line ${line.key} (latest ${line.latest}): the hotfix is ${next}`,
      2,
    );
}
