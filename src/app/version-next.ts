/** Use case `version next`: the next version after a bump (a release, a pre-release, or a `.devN`). */
import { nextVersion, type BumpLevel, type SchemeName } from '../core/version/index.js';
import type { SchemeRequest } from './version-scheme.js';

export interface VersionNextRequest extends SchemeRequest {
  current: string;
  bump: BumpLevel;
  /** The pre-release label for pre bumps (default: the current label, else the first scheme label, else rc). */
  preLabel?: string | undefined;
}

export interface VersionNextResult {
  scheme: SchemeName;
  current: string;
  bump: BumpLevel;
  next: string;
}

export function versionNext(req: VersionNextRequest): VersionNextResult {
  const next = nextVersion(req.scheme, req.current, req.bump, {
    ...req.options,
    ...(req.preLabel !== undefined ? { preLabel: req.preLabel } : {}),
  });
  return { scheme: req.scheme, current: req.current, bump: req.bump, next };
}
