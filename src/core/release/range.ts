/**
 * Where the changes of a release (its tag message and changelog section) and of `trellis
 * changelog` are counted from: the previous RELEASE. Pure: which commits the range's end
 * contains comes in as data (facts/changelog-range.ts reads it).
 *
 * A development marker (core/version/markers.ts) is not a release: a `.devN` or `-dev` tag, or
 * a tag spelled as an entrypoint where the policy names none (`3.1.0-entrypoint`). Such a tag is
 * only a range's start when no release is found before it.
 */
import { compareLineKeys } from '../lines/discover.js';
import { isDevelopmentMarker } from '../version/markers.js';
import type { ParsedVersion, VersionScheme } from '../version/types.js';
import type { ReleaseLineToday } from './lines.js';
import type { LineTagFact, ReleaseLineFacts } from './types.js';

export { isDevelopmentMarker };

/** A named revision: a tag, a branch, or a short commit id, with its commit. */
export interface NamedCommit {
  name: string;
  commit: string;
}

/** What the base is chosen for. */
export interface RangeRequest {
  /** The version being released (tags from it up are not bases); null for `trellis changelog`. */
  version: string | null;
  /** Final releases only (the changelog file's section); else pre-releases count too. */
  finalOnly: boolean;
}

/** The candidates whose containment the chooser needs: older lines' tags and fork points. */
export function rangeQuestions(line: ReleaseLineFacts, lines: readonly ReleaseLineToday[]): string[] {
  const { tags, forks } = olderOf(line, lines);
  return [...new Set([...tags.map((t) => t.commit).filter((c): c is string => c !== null), ...forks])];
}

function olderOf(line: ReleaseLineFacts, lines: readonly ReleaseLineToday[]): { tags: LineTagFact[]; forks: string[] } {
  const older = lines.filter((l) => compareLineKeys(l.key, line.key) < 0).sort((a, b) => compareLineKeys(b.key, a.key));
  return {
    tags: older.flatMap((l) => l.tags),
    forks: older.map((l) => l.source.forkPoint?.commit).filter((c): c is string => c !== undefined),
  };
}

/** The newest tag below the version that is a release (or, with `markers`, a development marker). */
function newestBelow(scheme: VersionScheme, tags: readonly LineTagFact[], req: RangeRequest, markers: boolean): NamedCommit | null {
  const v = req.version ? scheme.parse(req.version) : null;
  let best: { name: string; commit: string; p: ParsedVersion } | null = null;
  for (const t of tags) {
    const p = scheme.tryParse(t.version);
    if (!p || !t.commit || (req.finalOnly && p.isPrerelease) || isDevelopmentMarker(p) !== markers) continue;
    if (v && scheme.compare(p, v) >= 0) continue;
    if (!best || scheme.compare(p, best.p) > 0) best = { name: t.tag, commit: t.commit, p };
  }
  return best && { name: best.name, commit: best.commit };
}

/**
 * The range's start from the line's own tags, when it has one (no history needed):
 * 1. the line's newest release below the version (final only when asked);
 * 2. else its entrypoint (Tarantool-style `X.Y.0-entrypoint`: "since the previous tag").
 */
export function ownRangeBase(scheme: VersionScheme, line: ReleaseLineFacts, req: RangeRequest): NamedCommit | null {
  return (
    newestBelow(scheme, line.tags, req, false) ??
    (line.entrypoint?.commit ? { name: line.entrypoint.tag, commit: line.entrypoint.commit } : null)
  );
}

/**
 * The range's start when the line has none of its own ({@link ownRangeBase}); `contained`: the
 * commits among {@link rangeQuestions} that the range's end contains. In order:
 * 3. the newest release of an older line that the end contains;
 * 4. else the newest development marker below the version (the line's own, or an older line's
 *    that the end contains): never when a release is found, never for the changelog file;
 * 5. else where the previous line left the development branch (a short commit id).
 */
export function olderRangeBase(
  scheme: VersionScheme,
  line: ReleaseLineFacts,
  lines: readonly ReleaseLineToday[],
  req: RangeRequest,
  contained: ReadonlySet<string>,
): NamedCommit | null {
  const older = olderOf(line, lines);
  const reached = older.tags.filter((t) => t.commit !== null && contained.has(t.commit));
  const base = newestBelow(scheme, reached, req, false) ?? newestBelow(scheme, [...line.tags, ...reached], req, true);
  if (base) return base;
  const fork = older.forks.find((c) => contained.has(c));
  return fork ? { name: fork.slice(0, 10), commit: fork } : null;
}
