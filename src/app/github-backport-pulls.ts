/**
 * The pull request of one backported line: opened once (a draft with the conflict markers when
 * the pick conflicted), found again on a re-run by its head branch and brought up to date (the
 * `trellis/conflict-markers` status and the `backport-conflict` label follow the markers).
 */
import { CONFLICT_LABEL, MARKER_STATUS, backportBody, backportTitle, type BackportRow } from '../core/github/backport.js';
import type { RemoteRefUpdate } from '../git/index.js';
import {
  addLabels,
  createPull,
  createStatus,
  removeLabel,
  requestReviewers,
  setMilestone,
  type GitHub,
  type PullInfo,
} from '../github/index.js';

/** One planned line on its way to a pull request. */
export interface LinePull {
  line: string;
  /** `backport/<line>/<pr>`. */
  branch: string;
  /** The line's branch (the pull request's base). */
  lineBranch: string;
  /** Why this line (the policy rule or the request). */
  reason: string;
  /** `(cherry picked from …)` lines of the result. */
  origins: string[];
  /** Labels of the source pull request to copy (backport labels left out). */
  labels: string[];
  /** The milestone of the line's next release, when one is open. */
  milestone?: number | null;
  remote: string;
  /** The row when nothing is opened (already present, failed), or the starting row. */
  row: BackportRow;
  /** Nothing to open: the row says why. */
  skip?: boolean;
  /** The result to push to the backport branch. */
  push?: RemoteRefUpdate;
  /** The commit the branch holds after the push. */
  head?: string;
  /** The paths left with conflict markers by the pick. */
  conflict?: string[];
  /** The backport branch exists already (an earlier run): its tip and the paths still holding markers. */
  existing?: { tip: string; markers: string[] } | undefined;
}

const isBot = (login: string) => login.endsWith('[bot]') || login === '';

/** Opens the line's pull request, or finds (among `openNow`, the open pull requests) and updates the one an earlier run opened; the summary row. */
export async function openOrUpdatePull(gh: GitHub, source: PullInfo, l: LinePull, openNow: readonly PullInfo[]): Promise<BackportRow> {
  if (l.skip) return l.row;
  const open = openNow.find((p) => p.headRef === l.branch && p.state === 'open');
  const markers = l.conflict ?? l.existing?.markers ?? [];
  const head = l.head ?? l.existing?.tip;
  if (open) {
    if (head) await setMarkerStatus(gh, head, markers);
    if (markers.length === 0 && open.labels.includes(CONFLICT_LABEL)) await removeLabel(gh, open.number, CONFLICT_LABEL);
    if (markers.length > 0)
      return { line: l.line, branch: l.branch, outcome: 'conflict', pull: open.number, url: open.url, paths: markers, existing: true };
    const resolved = open.labels.includes(CONFLICT_LABEL) ? { paths: [] } : {};
    return {
      line: l.line,
      branch: l.branch,
      outcome: 'opened',
      pull: open.number,
      url: open.url,
      reason: l.reason,
      existing: true,
      ...resolved,
    };
  }
  const body = backportBody({
    line: l.line,
    lineBranch: l.lineBranch,
    source: { number: source.number, title: source.title, author: source.author, url: source.url },
    reason: l.reason,
    origins: l.origins,
    ...(markers.length > 0 ? { conflict: { branch: l.branch, paths: markers, remote: l.remote } } : {}),
  });
  const made = await createPull(gh, {
    title: backportTitle(l.line, source.title, source.number),
    body,
    head: l.branch,
    base: l.lineBranch,
    draft: markers.length > 0,
  });
  await addLabels(gh, made.number, [...l.labels, ...(markers.length > 0 ? [CONFLICT_LABEL] : [])]);
  if (l.milestone) await setMilestone(gh, made.number, l.milestone);
  if (!isBot(source.author)) await requestReviewers(gh, made.number, [source.author]);
  if (head) await setMarkerStatus(gh, head, markers);
  if (markers.length > 0) return { line: l.line, branch: l.branch, outcome: 'conflict', pull: made.number, url: made.url, paths: markers };
  return { line: l.line, branch: l.branch, outcome: 'opened', pull: made.number, url: made.url, reason: l.reason };
}

/** Failing while `markers` lists paths with conflict markers, green once none is left. */
export async function setMarkerStatus(gh: GitHub, sha: string, markers: readonly string[]): Promise<void> {
  await createStatus(gh, {
    sha,
    context: MARKER_STATUS,
    state: markers.length > 0 ? 'failure' : 'success',
    description: markers.length > 0 ? `conflict markers in ${markers.join(', ')}`.slice(0, 140) : 'no conflict markers',
  });
}
