/**
 * Opening a context for commands that work without a policy file: the repository's policy when
 * it has one, else the defaults (`trellis backport --to BRANCH` needs no `.trellis.yml`).
 */
import { TrellisError } from '../core/errors.js';
import { openRepo, policyTextIn, withPolicy, type AppContext, type OpenOptions, type Workspace } from './context.js';
import { checkedPolicy, policyOf } from './policy-load.js';

/** The name shown for the built-in defaults. */
export const DEFAULT_POLICY_NAME = '(default policy)';

/** Like `openApp`, but a repository without a policy file (and no `policy` asked for) gets the default policy. */
export async function openAppOrDefaults(ws: Workspace, opts: OpenOptions = {}): Promise<AppContext> {
  const ctx = await openRepo(ws, opts.repo);
  let found;
  try {
    found = await policyTextIn(ws, { git: ctx.git, cwd: ws.cwd, file: opts.policy });
  } catch (e) {
    if (opts.policy === undefined && e instanceof TrellisError && e.code === 'not-found') {
      const defaults = await policyOf(await checkedPolicy(ws.session, null, '', DEFAULT_POLICY_NAME));
      return withPolicy(ctx, defaults, DEFAULT_POLICY_NAME);
    }
    throw e;
  }
  const policy = await policyOf(await checkedPolicy(ws.session, ctx.git, found.text, found.file));
  return withPolicy(ctx, policy, found.file);
}
