/** Whether a repository is a shallow clone (its history cut at a depth). */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { GitBase } from './base.js';

/**
 * True for a shallow repository: git records the cut in `<common dir>/shallow` (what
 * `git rev-parse --is-shallow-repository` reads), so no process is needed.
 */
export async function isShallow(git: Pick<GitBase, 'commonDir'>): Promise<boolean> {
  const st = await stat(join(git.commonDir, 'shallow')).catch(() => null);
  return st !== null && st.isFile() && st.size > 0;
}
