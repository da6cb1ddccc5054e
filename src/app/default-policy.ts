/**
 * Opening a context for commands that work without a policy file: the repository's policy when
 * it has one, else the defaults (`trellis backport --to BRANCH` needs no `.trellis.yml`).
 */
import { TrellisError } from '../core/errors.js';
import { loadPolicy } from '../core/policy/load.js';
import { readPolicy } from '../facts/policy-file.js';
import { openRepo, withPolicy, type AppContext, type OpenOptions, type Workspace } from './context.js';

/** The name shown for the built-in defaults. */
export const DEFAULT_POLICY_NAME = '(default policy)';

/** Like `openApp`, but a repository without a policy file (and no `policy` asked for) gets the default policy. */
export async function openAppOrDefaults(ws: Workspace, opts: OpenOptions = {}): Promise<AppContext> {
  const ctx = await openRepo(ws, opts.repo);
  try {
    const { policy, file } = await readPolicy({ git: ctx.git, cwd: ws.cwd, file: opts.policy });
    return withPolicy(ctx, policy, file);
  } catch (e) {
    if (opts.policy === undefined && e instanceof TrellisError && e.code === 'not-found') {
      return withPolicy(ctx, loadPolicy('', DEFAULT_POLICY_NAME), DEFAULT_POLICY_NAME);
    }
    throw e;
  }
}
