/**
 * Writing the policy file (`trellis init`): where it goes in a folder and whether one is there.
 * The one place outside the git adapter that writes to the work tree for a use case.
 */
import { stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { TrellisError } from '../core/errors.js';
import { POLICY_FILE } from './policy-file.js';

/** Where the policy file of folder `dir` is, and whether something is there already. */
export interface PolicyFileTarget {
  path: string;
  exists: boolean;
}

/** The policy file of the folder `dir` (relative to `cwd`). Throws `not-found` (exit 2) when `dir` is not a folder. */
export async function policyFileTarget(cwd: string, dir: string | undefined): Promise<PolicyFileTarget> {
  const folder = resolve(cwd, dir ?? '.');
  const st = await stat(folder).catch(() => null);
  if (!st?.isDirectory()) throw new TrellisError('not-found', `no such folder: ${dir ?? folder}`, 2);
  const path = join(folder, POLICY_FILE);
  const exists = (await stat(path).catch(() => null)) !== null;
  return { path, exists };
}

/** Writes the policy text (replacing a file that is there). */
export async function writePolicyFile(path: string, text: string): Promise<void> {
  await writeFile(path, text);
}
