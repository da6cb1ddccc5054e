/**
 * Release lines as the release planners see them (made from the one "line today" shape,
 * core/lines/today.ts), the choice of the line a command means, and what a release of a line
 * must not collide with. Pure.
 */
import { TrellisError } from '../errors.js';
import { compareLineKeys } from '../lines/discover.js';
import { linesToday, type LineToday } from '../lines/today.js';
import type { LineDiscovery, ReleaseLine } from '../lines/types.js';
import type { Policy } from '../policy/schema.js';
import type { ParsedVersion, VersionScheme } from '../version/types.js';
import type { LineTagFact, ReleaseLineFacts } from './types.js';

/** A line for the release commands: the planners' facts plus everything discovery found (`source`). */
export interface ReleaseLineToday extends ReleaseLineFacts {
  source: ReleaseLine;
}

/** The release planners' view of lines with their status today, in the same order (newest first). */
export function releaseLinesOf(today: readonly LineToday[]): ReleaseLineToday[] {
  const settled = today.filter((t) => t.kind === 'release' && (t.branch !== null || t.line.releases.length > 0));
  return today.map((t) => {
    const l = t.line;
    const head = l.branches.find((b) => b.name === l.branch) ?? null;
    return {
      key: t.key,
      kind: t.kind,
      branch: t.branch,
      patch: head?.patch ?? null,
      tags: [...l.releases, ...l.prereleases].map((x) => ({ tag: x.tag, version: x.version, commit: x.commit })),
      entrypoint: l.entrypoint,
      status: t.status,
      newest: t.kind === 'development' || !settled.some((o) => compareLineKeys(o.key, t.key) > 0),
      source: l,
    };
  });
}

/** Lines as the release planners see them, newest first, with their support status on `date`. */
export function releaseLines(discovery: LineDiscovery, policy: Policy, date: string): ReleaseLineToday[] {
  return releaseLinesOf(linesToday(discovery, policy, date));
}

/**
 * The line a command means: by key (`0.4`) or branch name (`release-0.4.x`) when `wanted` is
 * given; else the line of `current` (the checked-out branch): a release line's branch, or the
 * development branch when tags name its line (Tarantool-style: master with 3.0.0-entrypoint or
 * 3.0.0-alpha1 releases 3.0.0-alpha2). A key Trellis only guessed is never released implicitly.
 */
export function findLine<L extends ReleaseLineToday>(lines: readonly L[], wanted: string | undefined, current: string | null): L {
  if (wanted !== undefined) {
    const l = lines.find((x) => x.key === wanted || x.branch === wanted || x.source.branches.some((b) => b.name === wanted));
    if (!l) {
      const known = lines.map((x) => x.key).join(', ');
      throw new TrellisError('not-found', `no release line '${wanted}'${known ? ` (lines: ${known})` : ''}`, 2);
    }
    return l;
  }
  const l = current
    ? lines.find((x) => x.kind === 'release' && (x.branch === current || x.source.branches.some((b) => b.name === current)))
    : undefined;
  if (l) return l;
  const dev = current ? lines.find((x) => x.kind === 'development' && x.branch === current && !x.source.keyProjected) : undefined;
  if (dev) return dev;
  const known = lines.filter((x) => x.kind === 'release' && x.branch !== null).map((x) => x.key);
  throw new TrellisError('usage', `name the line to release${known.length > 0 ? ` (one of: ${known.join(', ')})` : ''}`, 2);
}

/** The line's branch and its commit; refused for a line without a branch (`why` says what to do instead). */
export function lineBranchOf(line: ReleaseLineToday, why = 'has no branch to release from'): { branch: string; commit: string } {
  if (line.branch === null || line.source.branchCommit === null) throw new TrellisError('refused', `line ${line.key} ${why}`, 2);
  return { branch: line.branch, commit: line.source.branchCommit };
}

/** The versions of every other line (normalized version → tag): a version that exists anywhere is refused. */
export function otherLineVersions(scheme: VersionScheme, lines: readonly ReleaseLineFacts[], key: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const l of lines) {
    if (l.key === key) continue;
    for (const t of l.tags) {
      const p = scheme.tryParse(t.version);
      if (p) out.set(p.normalized, t.tag);
    }
  }
  return out;
}

/** The line's tag of `version`, if it has one. */
export function tagOfVersion(scheme: VersionScheme, line: ReleaseLineFacts, version: ParsedVersion): LineTagFact | undefined {
  return line.tags.find((t) => {
    const p = scheme.tryParse(t.version);
    return p !== null && scheme.compare(p, version) === 0;
  });
}
