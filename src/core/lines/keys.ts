/** Line keys (`X.Y`, or `X` when lines are majors) and the policy's version scheme. Pure. */
import type { Policy } from '../policy/schema.js';
import { getScheme } from '../version/index.js';
import type { ParsedVersion, VersionScheme } from '../version/types.js';

/** The policy's version scheme with its pre-release labels (rc10 after rc2). */
export function schemeOf(policy: Policy): VersionScheme {
  return getScheme(policy.versioning.scheme, { prereleaseLabels: policy.versioning.prerelease.labels });
}

/** `{ major, minor }` of a line key. */
export function parseLineKey(key: string): { major: number; minor: number | null } {
  const [a, b] = key.split('.');
  return { major: Number(a), minor: b === undefined ? null : Number(b) };
}

/** Orders line keys numerically (`0.10` after `0.9`). */
export function compareLineKeys(a: string, b: string): number {
  const x = parseLineKey(a);
  const y = parseLineKey(b);
  return x.major - y.major || (x.minor ?? -1) - (y.minor ?? -1);
}

/** The line key of a version: `X.Y` (minor lines) or `X` (major lines). */
export function lineKeyOf(v: ParsedVersion, by: 'minor' | 'major'): string {
  const major = v.release[0] ?? 0;
  return by === 'major' ? `${major}` : `${major}.${v.release[1] ?? 0}`;
}

/** The calendar date as recorded (`2025-03-01T23:30:00-05:00` gives 2025-03-01, like `git log --date=short`). */
export function dayOf(iso: string | null): string | null {
  return iso === null ? null : iso.slice(0, 10);
}

/** The next line after `key` (`0.4` → `0.5`, `3` → `4`). */
export function nextLineKey(key: string): string {
  const { major, minor } = parseLineKey(key);
  return minor === null ? `${major + 1}` : `${major}.${minor + 1}`;
}
