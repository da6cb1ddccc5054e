/** Use case `version sort`: versions in ascending (or descending) order; equal versions keep their order. */
import { versionScheme, type SchemeRequest } from './version-scheme.js';

export interface VersionSortRequest extends SchemeRequest {
  versions: readonly string[];
  reverse?: boolean | undefined;
}

export interface VersionSortResult {
  versions: string[];
}

/** Throws `bad-version` naming every invalid line. */
export function versionSort(req: VersionSortRequest): VersionSortResult {
  return { versions: versionScheme(req).sort(req.versions, { reverse: req.reverse === true }) };
}
