/**
 * The changes of a release (or of `trellis changelog`): where they are counted from, the commits
 * of the range, and which of them were already released as backports. Read through the adapter;
 * grouped by the core (core/release/changelog.ts).
 */
import { compareLineKeys } from '../core/lines/discover.js';
import type { Policy } from '../core/policy/schema.js';
import { buildChangelog, originOf, type Changelog } from '../core/release/changelog.js';
import type { ReleaseLineToday } from '../core/release/lines.js';
import type { LineTagFact, ReleaseLineFacts } from '../core/release/types.js';
import { releaseScheme } from '../core/release/version.js';
import type { CommitInfo, Git } from '../git/index.js';

/** A named revision: a tag, a branch, or a short commit id, with its commit. */
export interface NamedCommit {
  name: string;
  commit: string;
}

/**
 * Where the changes of a release (or of `trellis changelog`) are counted from: "since the
 * previous tag" (Tarantool-style), always a revision that `target` contains.
 * 1. The line's latest tag below `version` (final releases only for the changelog file);
 * 2. else its entrypoint (Tarantool-style `X.Y.0-entrypoint`);
 * 3. else, for the first release of a line, the newest tag of an older line that `target`
 *    contains (the previous line's release made before the cut, or one merged back into main);
 * 4. else where the previous line left the development branch (its fork point, shown as a short
 *    commit id): the changes of this line since the previous one started.
 * An older line's tag that `target` does not contain (`v0.4.1` on release-0.4.x) is never a
 * base: the range would be everything since the lines parted. Changes whose copies were
 * released on an older line stay listed (the Tarantool process says only "since the previous tag").
 */
export async function rangeBase(
  git: Git,
  policy: Policy,
  line: ReleaseLineFacts,
  lines: readonly ReleaseLineToday[],
  opts: { version: string | null; finalOnly: boolean; target: string },
): Promise<NamedCommit | null> {
  const scheme = releaseScheme(policy);
  const v = opts.version ? scheme.parse(opts.version) : null;
  const newestTag = (tags: readonly LineTagFact[]) => {
    let best: { name: string; commit: string; p: ReturnType<typeof scheme.parse> } | null = null;
    for (const t of tags) {
      const p = scheme.tryParse(t.version);
      if (!p || !t.commit || (opts.finalOnly && p.isPrerelease)) continue;
      if (v && scheme.compare(p, v) >= 0) continue;
      if (!best || scheme.compare(p, best.p) > 0) best = { name: t.tag, commit: t.commit, p };
    }
    return best;
  };
  const own = newestTag(line.tags);
  if (own) return { name: own.name, commit: own.commit };
  if (line.entrypoint?.commit) return { name: line.entrypoint.tag, commit: line.entrypoint.commit };
  const older = lines.filter((l) => compareLineKeys(l.key, line.key) < 0).sort((a, b) => compareLineKeys(b.key, a.key));
  const olderTags = older.flatMap((l) => l.tags);
  const forks = older.map((l) => l.source.forkPoint?.commit).filter((c): c is string => c !== undefined);
  const contained = await git.reachableFrom(opts.target, [
    ...new Set([...olderTags.map((t) => t.commit).filter((c): c is string => c !== null), ...forks]),
  ]);
  const tag = newestTag(olderTags.filter((t) => t.commit !== null && contained.has(t.commit)));
  if (tag) return { name: tag.name, commit: tag.commit };
  const fork = forks.find((c) => contained.has(c));
  return fork ? { name: fork.slice(0, 10), commit: fork } : null;
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
  opts: { version?: string | null; date?: string | null } = {},
): Promise<Changelog> {
  const commits = await git.log(base ? [to.commit, `^${base.commit}`] : [to.commit]);
  const originTrailer = policy.backport.originTrailer;
  const released = await releasedOrigins(git, base?.commit ?? null, commits, originTrailer);
  return buildChangelog(
    commits.map((c) => ({ oid: c.oid, parents: c.parents, message: c.message })),
    { version: opts.version ?? null, date: opts.date ?? null, from: base?.name ?? null, to: to.name, originTrailer, released },
  );
}
