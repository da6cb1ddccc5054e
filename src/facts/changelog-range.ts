/**
 * The changes of a release (or of `trellis changelog`): where they are counted from, the commits
 * of the range, which of them were already released as backports, and the changed paths of those
 * whose kind a rule on paths can change (one batched `diff-tree`). Read through the adapter;
 * classified and grouped by the core (core/release/changelog.ts).
 */
import { compileChangeRules } from '../core/changes/rules.js';
import type { Policy } from '../core/policy/schema.js';
import {
  buildChangelog,
  changelogPathsWanted,
  originOf,
  type Changelog,
  type ChangelogCommit,
  type ChangelogListing,
  type ChangelogOptions,
} from '../core/release/changelog.js';
import type { ReleaseLineToday } from '../core/release/lines.js';
import { olderRangeBase, ownRangeBase, rangeQuestions, type NamedCommit, type RangeRequest } from '../core/release/range.js';
import type { ReleaseLineFacts } from '../core/release/types.js';
import { releaseScheme } from '../core/release/version.js';
import type { CommitInfo, Git } from '../git/index.js';
import { changedPathsOf } from './change-kinds.js';

export type { NamedCommit };

/**
 * Where the changes of a release (or of `trellis changelog`) are counted from: the previous
 * release that `target` contains ("since the previous tag", Tarantool-style), chosen by the core
 * (core/release/range.ts: the line's latest release, else its entrypoint, else an older line's
 * release, else a development marker, else the previous line's fork point). Reads, only when the
 * line has no base of its own, which of the older lines' tags and fork points `target` contains
 * (one `rev-list`). An older line's tag
 * that `target` does not contain (`v0.4.1` on release-0.4.x) is never a base: the range would be
 * everything since the lines parted. Changes whose copies were released on an older line stay
 * listed (the Tarantool process says only "since the previous tag").
 */
export async function rangeBase(
  git: Git,
  policy: Policy,
  line: ReleaseLineFacts,
  lines: readonly ReleaseLineToday[],
  opts: RangeRequest & { target: string },
): Promise<NamedCommit | null> {
  const scheme = releaseScheme(policy);
  const own = ownRangeBase(scheme, line, opts);
  if (own) return own;
  return olderRangeBase(scheme, line, lines, opts, await git.reachableFrom(opts.target, rangeQuestions(line, lines)));
}

/** Origins (full ids) of `commits` already in `base`'s history: backports released before the range. */
async function releasedOrigins(git: Git, base: string | null, commits: readonly CommitInfo[], originTrailer: string): Promise<Set<string>> {
  if (base === null) return new Set();
  const origins = commits
    .map((c) => originOf(c.message, originTrailer))
    .filter((o): o is string => o !== null && /^[0-9a-f]{40,64}$/.test(o));
  if (origins.length === 0) return new Set();
  const found = await git.reachableFrom(base, origins);
  // A backport of the same origin made before the range (origin recorded in an older commit).
  if (found.size < origins.length) {
    const older = await git.log([base], { maxCount: 5000 });
    for (const c of older) {
      const o = originOf(c.message, originTrailer);
      if (o && origins.includes(o)) found.add(o);
    }
  }
  return found;
}

/** Reads the changes of `base..to` and groups them. */
export async function readChangelog(
  git: Git,
  policy: Policy,
  base: NamedCommit | null,
  to: NamedCommit,
  opts: { version?: string | null; date?: string | null; advisoryIds?: ChangelogOptions['advisoryIds'] } = {},
): Promise<Changelog> {
  const commits = await git.log(base ? [to.commit, `^${base.commit}`] : [to.commit]);
  const originTrailer = policy.backport.originTrailer;
  const released = await releasedOrigins(git, base?.commit ?? null, commits, originTrailer);
  const rules = compileChangeRules(policy.changes);
  const changes = commits.map((c) => ({ oid: c.oid, parents: c.parents, message: c.message }));
  const options: ChangelogOptions = {
    version: opts.version ?? null,
    date: opts.date ?? null,
    from: base?.name ?? null,
    to: to.name,
    originTrailer,
    released,
    rules,
    advisoryIds: opts.advisoryIds,
  };
  return buildChangelog(changes, { ...options, paths: await changelogPaths(git, changes, options) });
}

/**
 * The changed paths a changelog of `commits` needs (core: {@link changelogPathsWanted}): those
 * of the listed commits whose kind a rule on paths can change, in one `diff-tree`; none read when
 * no rule on paths can change a kind.
 */
export async function changelogPaths(
  git: Git,
  commits: readonly ChangelogCommit[],
  opts: ChangelogListing,
): Promise<ReadonlyMap<string, readonly string[]>> {
  const wanted = new Set(changelogPathsWanted(commits, opts));
  if (wanted.size === 0) return new Map();
  const asked = commits.filter((c) => wanted.has(c.oid)).map((c) => ({ oid: c.oid, message: c.message, parents: c.parents.length }));
  return changedPathsOf(git, asked);
}
