/** The version scheme a `version` use case works in, as its request names it. */
import { getScheme, type SchemeName, type SchemeOptions, type VersionScheme } from '../core/version/index.js';

/** The scheme part of a `version` request. */
export interface SchemeRequest {
  scheme: SchemeName;
  /** Scheme options (semver: numbered pre-release labels in rank order, e.g. alpha, beta, rc). */
  options?: SchemeOptions | undefined;
}

export function versionScheme(req: SchemeRequest): VersionScheme {
  return getScheme(req.scheme, req.options ?? {});
}
