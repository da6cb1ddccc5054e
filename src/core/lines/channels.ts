/**
 * Delivery channels of a line (Tarantool-style "Delivery channels", policy `delivery.channels`):
 * the package repositories and tarball folders its builds are published to, the policy's URL
 * templates filled with the line's `{major}`, `{minor}` and `{line}`. Pure.
 */
import type { Policy } from '../policy/schema.js';
import { compareLineKeys } from './discover.js';

/** One channel of a line as `status --json` shows it. */
export interface LineChannel {
  kind: string;
  /** What readers call it: the policy's `name`, else a name for the kind. */
  name: string;
  url: string;
  /** The repository of pre-releases (alpha, beta, rc) rather than of releases. */
  prerelease: boolean;
}

const KIND_NAMES: Record<string, string> = {
  yum: 'YUM repository',
  apt: 'APT repository',
  tarball: 'Tarballs',
  brew: 'Homebrew tap',
  other: 'Download',
};

/** The channels of line `key` (empty when the policy declares none or none applies). */
export function channelsOf(policy: Policy, key: string): LineChannel[] {
  const [major = '', minor = '0'] = key.split('.');
  const values: Record<string, string> = { major, minor, line: key };
  return (policy.delivery?.channels ?? [])
    .filter(
      (c) => (c.from === undefined || compareLineKeys(key, c.from) >= 0) && (c.until === undefined || compareLineKeys(key, c.until) <= 0),
    )
    .map((c) => ({
      kind: c.kind,
      name: c.name ?? KIND_NAMES[c.kind] ?? c.kind,
      // Only the line's own placeholders: {os}, {dist} and the like are the reader's to fill.
      url: c.url.replace(/\{(major|minor|line)\}/g, (_, name: string) => values[name] ?? ''),
      prerelease: c.prerelease === true,
    }));
}
