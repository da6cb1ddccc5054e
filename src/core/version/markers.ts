/**
 * Versions that mark development rather than a release: a PEP 440 `.devN` tag (`v1.4.0.dev0`,
 * also rpm/deb `.N.dev` builds), a `-dev` pre-release (`v1.4.0-dev`, `v1.4.0-dev.3`), or a tag
 * spelled as an entrypoint (`3.1.0-entrypoint`). Llama Stack tags its main branch
 * `v0.7.2-dev` when 0.7.1 ships: where work toward a version starts, not something shipped.
 * Changelogs and unreleased counts start from such a tag only when no release is found.
 */
import type { ParsedVersion } from './types.js';

/** True for a version that marks development rather than a release (see the module comment). */
export function isDevelopmentMarker(v: ParsedVersion): boolean {
  return v.dev !== null || /^(dev|entrypoint)$/i.test(v.pre?.label ?? '');
}
