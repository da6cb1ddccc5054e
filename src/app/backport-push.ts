/**
 * Use case `pushBackport` (`trellis backport … --push`): the branches a backport run just wrote
 * go to the remote in one atomic push, each only if the remote's branch is where the run found
 * it (absent for a new backport branch), so nothing someone else pushed is overwritten.
 *
 * Resumable: a run killed after its local transaction but before the push leaves the backport
 * branch written; the re-run finds it (`pending`: the branch holds the backport already) and
 * pushes it now, unless the remote has it at the same commit already (then it is reported as
 * pushed by the earlier run, and nothing is sent).
 */
import type { BackportReport } from '../core/backport/index.js';
import { pushRefs, remoteRefValues, type RemoteRefUpdate } from '../git/index.js';
import type { RepoContext } from './context.js';

export interface PushBackportResult {
  remote: string;
  /** Branches pushed (short names). */
  pushed: string[];
  /** Backport branches the remote holds already at the same commit (an earlier run pushed them); absent when none. */
  alreadyPushed?: string[];
}

/** Pushes the refs a run created or moved (its report's `updates`), and the backport branches an earlier run wrote but never pushed. */
export async function pushBackport(ctx: RepoContext, req: { report: BackportReport; remote: string }): Promise<PushBackportResult> {
  const fresh: RemoteRefUpdate[] = req.report.updates
    .filter((u) => u.newOid !== null && u.ref.startsWith('refs/heads/'))
    .map((u) => ({ oid: u.newOid as string, ref: u.ref, expect: u.oldOid }));
  const earlier = await writtenEarlier(ctx, req.report);
  const there = await remoteRefValues(
    ctx.git,
    req.remote,
    earlier.map((u) => u.ref),
  );
  const resume = earlier.filter((u) => there.get(u.ref) !== u.oid);
  const sent = [...fresh, ...resume];
  await pushRefs(ctx.git, req.remote, sent);
  const short = (ref: string) => ref.slice('refs/heads/'.length);
  const held = earlier.filter((u) => there.get(u.ref) === u.oid).map((u) => short(u.ref));
  return { remote: req.remote, pushed: sent.map((u) => short(u.ref)), ...(held.length > 0 ? { alreadyPushed: held } : {}) };
}

/** The backport branches the report found written already (`pending`), as they are here: to push when the remote lacks them. */
async function writtenEarlier(ctx: RepoContext, report: BackportReport): Promise<RemoteRefUpdate[]> {
  const plan = report.plan;
  if (!plan) return [];
  const pending = plan.targets
    .map((t, i) => ({ ref: t.resultRef, result: report.results[i] }))
    .filter((x) => x.result && 'outcome' in x.result && x.result.outcome === 'pending' && x.ref.startsWith('refs/heads/'));
  if (pending.length === 0) return [];
  const here = await ctx.git.revParse(
    pending.map((p) => p.ref),
    { allowMissing: true },
  );
  return pending
    .filter((p) => here.get(p.ref) === (p.result as { head: string }).head)
    .map((p) => ({ ref: p.ref, oid: here.get(p.ref)!, expect: null }));
}
