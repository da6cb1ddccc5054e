/**
 * "A line and its status on a day": the one shape every command, the site and the Action use
 * for it, and the one function that makes it (discovery + the support rules of the policy).
 */
import type { Policy, SupportLevel } from '../policy/schema.js';
import { backportStatus, supportFacts, supportOf, type LineStatus, type LineSupport } from './support.js';
import type { LineDiscovery, ReleaseLine } from './types.js';
import type { BackportStatus } from '../policy/schema.js';

/** A discovered line with its support on the day asked. */
export interface LineToday {
  /** `X.Y` (or `X` when lines are majors). */
  key: string;
  kind: ReleaseLine['kind'];
  /** The branch fixes for the line go to (short name), or null (tags only). */
  branch: string | null;
  /** Support status on the day: feature, prerelease, bugfix, security, end-of-life. */
  status: LineStatus;
  /** The support level in the policy's words (full, bugfix, security, end-of-life), null for feature and pre-release lines. */
  support: SupportLevel | null;
  /** The status name the backport rules use (`backport.kinds`), null when the line takes no backports. */
  backportStatus: BackportStatus | null;
  lts: boolean;
  /** First day of support, last day of bug fixes, last day of any fix (`YYYY-MM-DD`), when known. */
  start: string | null;
  endOfBugfix: string | null;
  endOfLife: string | null;
  /** Everything discovery found about the line (tags, branches, fork point, unreleased commits). */
  line: ReleaseLine;
  /** The support rules' full answer (notes, overrides). */
  detail: LineSupport;
}

/** Every discovered line with its support on `date` (`YYYY-MM-DD`), in discovery order. */
export function linesToday(discovery: LineDiscovery, policy: Policy, date: string): LineToday[] {
  const supports = supportOf(discovery.lines.map(supportFacts), policy.support, date);
  return discovery.lines.map((line, i) => {
    const s = supports[i]!;
    return {
      key: line.key,
      kind: line.kind,
      branch: line.branch,
      status: s.status,
      support: s.support,
      backportStatus: backportStatus(s),
      lts: s.lts,
      start: s.start,
      endOfBugfix: s.endOfBugfix,
      endOfLife: s.endOfLife,
      line,
      detail: s,
    };
  });
}
