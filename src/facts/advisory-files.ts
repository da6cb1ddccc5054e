/**
 * Whether there are advisory records at all, without reading them: `status` shows advisories
 * only when the repository has some, and loads the advisory modules (CVSS calculators, record
 * checks) only then (facts/advisories.ts reads and checks the records).
 */
import { readdir } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import type { Policy } from '../core/policy/schema.js';
import type { Git } from '../git/git.js';

/**
 * The policy's records folder, absolute; `outside` when the policy names a folder outside the
 * repository; null without a work tree (a bare repository has no records).
 */
export function recordsFolder(git: Git, policy: Policy): string | 'outside' | null {
  if (git.workTree === null) return null;
  const folder = resolve(git.workTree, policy.security.advisories);
  const rel = relative(git.workTree, folder);
  return rel.startsWith('..') || rel.startsWith(sep) || resolve(rel) === rel ? 'outside' : folder;
}

/**
 * True when the policy's advisories folder holds a record file (`*.json`), or lies outside the
 * repository (then reading the records reports that); false without a work tree or folder.
 */
export async function hasAdvisoryFiles(git: Git, policy: Policy): Promise<boolean> {
  const folder = recordsFolder(git, policy);
  if (folder === null || folder === 'outside') return folder === 'outside';
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.some((n) => n.endsWith('.json'));
}
