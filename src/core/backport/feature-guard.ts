/**
 * The Lightspeed-style U3/U4 guard: "implement new feature planned in version x+1, but maintain
 * compatibility in version x" and "change the API, but the older versions should not be
 * affected". A feature (`feat`) or a breaking change (`!`, `BREAKING CHANGE`) does not go to a
 * line whose next release is a patch (the line has released already: SemVer's patch takes
 * neither) unless the user says so with `--allow-feature --reason TEXT`, recorded in each commit;
 * `--auto` never sends one there. Pure.
 */
import { parseConventional } from '../changes/index.js';
import { TrellisError } from '../errors.js';
import type { LineView } from './targets.js';
import type { BackportTarget } from './types.js';

/** The trailer that records why a feature or breaking change went to a patch line. */
export const FEATURE_TRAILER = 'Backport-Feature-Reason';

/** What makes a commit unfit for a patch release: `a feature (feat)`, `a breaking change (!)`, …; null when nothing. */
export function featureNature(message: string): string | null {
  const c = parseConventional(message);
  if (!c) return null;
  if (c.breakingNotes.length > 0) return 'a breaking change (BREAKING CHANGE)';
  if (c.breaking) return 'a breaking change (!)';
  if (c.type === 'feat') return 'a feature (feat)';
  return null;
}

/** The first commit (of those to carry) that a patch release may not take, with what it is. */
export function firstFeature(commits: ReadonlyArray<{ oid: string; message: string }>): { oid: string; nature: string } | null {
  for (const c of commits) {
    const nature = featureNature(c.message);
    if (nature) return { oid: c.oid, nature };
  }
  return null;
}

/** "next release is a patch (1.2.4)" for a released line, else null. */
export function patchNext(line: LineView | undefined): string | null {
  if (!line?.latestRelease) return null;
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(line.latestRelease);
  return m ? `its next release is a patch (${m[1]}.${m[2]}.${Number(m[3]) + 1})` : 'its next release is a patch';
}

/** Refuses (exit 2) explicit targets on released lines for a feature or breaking change, unless allowed. */
export function guardFeatureTargets(
  targets: readonly BackportTarget[],
  lines: readonly LineView[],
  commits: ReadonlyArray<{ oid: string; message: string }>,
  allowed: boolean,
): void {
  if (allowed) return;
  const feature = firstFeature(commits);
  if (!feature) return;
  for (const t of targets) {
    const next = patchNext(lines.find((l) => l.key === t.line));
    if (!next) continue;
    throw new TrellisError(
      'refused',
      `${feature.oid.slice(0, 10)} is ${feature.nature} and line ${t.line}: ${next}, which takes no features or breaking changes; backport it anyway with --allow-feature --reason TEXT`,
      2,
    );
  }
}

/** `--auto`: the targets a feature or breaking change may go to, and the released lines it skips. */
export function dropPatchLines(
  targets: readonly BackportTarget[],
  lines: readonly LineView[],
  commits: ReadonlyArray<{ oid: string; message: string }>,
): { targets: BackportTarget[]; skipped: Array<{ line: string; reason: string }> } {
  const feature = firstFeature(commits);
  if (!feature) return { targets: [...targets], skipped: [] };
  const kept: BackportTarget[] = [];
  const skipped: Array<{ line: string; reason: string }> = [];
  for (const t of targets) {
    const next = patchNext(lines.find((l) => l.key === t.line));
    if (next)
      skipped.push({ line: t.line ?? t.branch, reason: `${next}; the change is ${feature.nature} (--auto never backports one there)` });
    else kept.push(t);
  }
  return { targets: kept, skipped };
}
