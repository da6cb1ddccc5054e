/**
 * Resuming a publish that was interrupted (`trellis release … --push --github-release` killed
 * after its local release, or after its atomic push but before the GitHub release): the re-run
 * finds the release made ("nothing left to do") and pushes what the remote does not have yet,
 * then creates the GitHub release. What the remote holds already is read first (`ls-remote`):
 * a ref there at the same object is not pushed again; a release tag there at another object is
 * someone else's release and is refused in one line, with nothing pushed.
 */
import { TrellisError } from '../core/errors.js';
import { parseTrailers, trailerValues } from '../core/changes/trailers.js';
import { STEP_TRAILER } from '../core/release/changelog.js';
import type { ReleasePlan } from '../core/release/types.js';
import { commitsInRange, readCommitMessages, remoteRefValues, type RemoteRefUpdate } from '../git/index.js';
import type { AppContext } from './context.js';

/**
 * The refs of a release made already (its plan has nothing left to do) that may still have to
 * reach the remote: the tag, and each branch the release wrote to whose commits since the
 * remote's tip (as this clone last saw it) are all this release's own (`Trellis-Step: release V`
 * or `post-release V`). Other local work on those branches is never pushed by a resume.
 */
export async function resumeUpdates(
  ctx: AppContext,
  plan: ReleasePlan,
  remote: string,
  viaPull: { branch: string; base: string } | null,
): Promise<RemoteRefUpdate[]> {
  const tagRef = `refs/tags/${plan.tag}`;
  const branches = [...new Set([plan.branch, ctx.policy.branches.main])];
  const names = [tagRef, ...branches.flatMap((b) => [`refs/heads/${b}`, `refs/remotes/${remote}/${b}`])];
  const known = await ctx.git.revParse(names, { allowMissing: true });
  const tag = known.get(tagRef);
  if (!tag) return [];
  const out: RemoteRefUpdate[] = [];
  for (const b of branches) {
    const oid = known.get(`refs/heads/${b}`);
    const seen = known.get(`refs/remotes/${remote}/${b}`) ?? null;
    if (!oid || oid === seen || !(await onlyReleaseCommits(ctx, seen, oid, plan.version))) continue;
    if (viaPull && b === viaPull.base) out.push({ ref: `refs/heads/${viaPull.branch}`, oid, expect: null });
    else out.push({ ref: `refs/heads/${b}`, oid, expect: seen });
  }
  out.push({ ref: tagRef, oid: tag, expect: null });
  return out;
}

/** True when every commit of `from..to` is one this release wrote (none when `from` is null: a branch the remote lacks). */
async function onlyReleaseCommits(ctx: AppContext, from: string | null, to: string, version: string): Promise<boolean> {
  if (from === null) return false;
  const oids = await commitsInRange(ctx.git, from, to);
  if (oids.length === 0) return false;
  const steps = new Set([`release ${version}`, `post-release ${version}`]);
  let ours = 0;
  await readCommitMessages(
    ctx.git,
    oids,
    (c) => void (trailerValues(parseTrailers(c.message), STEP_TRAILER).some((s) => steps.has(s)) && ours++),
    { paths: false },
  );
  return ours === oids.length;
}

/**
 * `updates` less what the remote holds already at the same object (pushed by an earlier,
 * interrupted run); refused (exit 2, nothing pushed) when a tag is there at another object.
 */
export async function notPushedYet(
  ctx: AppContext,
  remote: string,
  updates: readonly RemoteRefUpdate[],
): Promise<{ send: RemoteRefUpdate[]; there: string[] }> {
  const now = await remoteRefValues(
    ctx.git,
    remote,
    updates.map((u) => u.ref),
  );
  const send: RemoteRefUpdate[] = [];
  const there: string[] = [];
  for (const u of updates) {
    const at = now.get(u.ref);
    if (at === u.oid) there.push(u.ref);
    else if (at !== undefined && u.ref.startsWith('refs/tags/'))
      throw new TrellisError(
        'refused',
        `tag ${u.ref.slice('refs/tags/'.length)} is on ${remote} already at ${at.slice(0, 12)}, not at this release's ${u.oid.slice(0, 12)}: it was released from elsewhere; nothing was pushed`,
        2,
      );
    else send.push(u);
  }
  return { send, there };
}
