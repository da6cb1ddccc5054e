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
  const found = await policyTextIn(ws, { git: ctx.git, cwd: ws.cwd, file: opts.policy }).catch((e: unknown) => {
    if (opts.policy === undefined && e instanceof TrellisError && e.code === 'not-found') return null;
    throw e;
  });
  // The defaults are the empty policy, checked like any other (not kept: there is no file).
  const { text, file } = found ?? { text: '', file: DEFAULT_POLICY_NAME };
  const policy = await policyOf(await checkedPolicy(ws.session, found ? ctx.git : null, text, file));
  return withPolicy(ctx, policy, file);
}
