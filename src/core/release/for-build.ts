/**
 * The version a build must use (Llama Stack-style "Workflow Modes"): "release: published ->
 * From tag (v0.4.5 -> 0.4.5)", "schedule (nightly) -> {fallback_base}.dev{YYYYMMDD}",
 * "workflow_dispatch -> ... or manual version input". Pure: the app layer reads the tags and the
 * version file.
 */
import { TrellisError } from '../errors.js';
import type { VersionScheme } from '../version/types.js';

export const BUILD_MODES = ['release', 'nightly', 'dispatch'] as const;
export type BuildMode = (typeof BUILD_MODES)[number];

/** What `trellis version for-build` answers. */
export interface ForBuildResult {
  mode: BuildMode;
  /** The version the build must use. */
  version: string;
  /** Where it came from: the tag (release), the version file and its value (nightly), the input (dispatch). */
  from: { tag?: string; file?: string; ref?: string; fallback?: string; input?: string };
}

/** A published release: a tag of the policy naming a version. */
export interface PublishedTag {
  tag: string;
  version: string;
}

/** `{fallback_base}.dev{YYYYMMDD}`: the release part of the version file's value (`0.5.1.dev0` -> `0.5.1`) and the day. */
export function nightlyVersion(fallback: string, date: string, scheme: VersionScheme): string {
  const parsed = scheme.tryParse(fallback);
  if (!parsed) throw new TrellisError('bad-version', `the fallback version '${fallback}' is not a ${scheme.name} version`, 2);
  if (!/^\d{4}-\d\d-\d\d$/.test(date)) throw new TrellisError('usage', `--date must be YYYY-MM-DD, got '${date}'`, 2);
  const version = `${parsed.release.join('.')}.dev${date.replaceAll('-', '')}`;
  const problem = scheme.validate(version);
  if (problem) throw new TrellisError('bad-version', `a nightly version '${version}' is not a ${scheme.name} version: ${problem}`, 2);
  return version;
}

/** Refuses (exit 2) a version equal to a published release's. */
export function refuseCollision(version: string, published: readonly PublishedTag[], scheme: VersionScheme, mode: BuildMode): void {
  const hit = published.find((p) => scheme.compare(p.version, version) === 0);
  if (hit) {
    throw new TrellisError(
      'refused',
      `${mode} version ${version} collides with the published release ${hit.tag}; a ${mode === 'dispatch' ? 'manual' : 'nightly'} build must not reuse a released version`,
      2,
    );
  }
}
