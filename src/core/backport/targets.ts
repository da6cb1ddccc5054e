/**
 * Choosing where a change goes: explicit `--to LINE|BRANCH` names, `--auto` from the change's
 * kind and today's line statuses, the chain order, and backport branch names. Pure.
 */
import { messageKind, parseTrailers, fixedCommits, type ChangeKind } from '../changes/index.js';
import { backportStatusLabel } from '../vocabulary.js';
import { TrellisError } from '../errors.js';
import { matchTemplate, parseTemplate, renderTemplate } from '../policy/template.js';
import { refNameProblem } from '../refname.js';
import type { Policy, SupportLevel } from '../policy/schema.js';
import { compareLineKeys } from '../lines/discover.js';
import { backportStatus, type LineStatus } from '../lines/support.js';
import type { LineToday } from '../lines/today.js';
import type { BackportTarget } from './types.js';

/**
 * What backporting needs to know about a release line today: made from the one "line and its
 * status today" shape ({@link LineToday}) by {@link lineViewsOf}.
 */
export interface LineView {
  /** `1.2` (or `3` for major-keyed lines). */
  key: string;
  /** The line's branch (short name), or `null` when it has none yet. */
  branch: string | null;
  /** Support status today: feature, prerelease, full, bugfix, security, end-of-life. */
  status: string;
  /** The line's latest stable release (`1.2.3`): its next release is a patch. Absent when unknown or none. */
  latestRelease?: string | null;
}

/** Today's lines as backporting sees them: the status is the name `backport.kinds` uses, else the support status. */
export function lineViewsOf(lines: readonly LineToday[]): LineView[] {
  return lines.map((l) => ({
    key: l.key,
    branch: l.branch,
    status: l.backportStatus ?? l.status,
    latestRelease: l.line.latestRelease?.version ?? null,
  }));
}

/** Statuses that mean "gets no more changes". */
export function isEndOfLife(status: string | null): boolean {
  return status === 'end-of-life' || status === 'eol';
}

/** The line key a branch name stands for under the policy's release templates, or `null`. */
export function lineOfBranch(policy: Policy, branch: string): string | null {
  for (const t of policy.branches.release) {
    const m = matchTemplate(t.template, branch);
    if (!m) continue;
    if (m.line) return m.line;
    if (m.major !== undefined && m.minor !== undefined) return `${m.major}.${m.minor}`;
    if (m.major !== undefined) return m.major;
  }
  return null;
}

/** Throws `bad-input` when a `--to` value could be read by git as an option or is not a name at all. */
export function assertTargetName(name: string): void {
  if (name.startsWith('-')) throw new TrellisError('bad-input', `invalid target '${name}': a line or branch name cannot start with '-'`, 2);
  const p = refNameProblem(name, { allowOneLevel: true });
  if (p || name === 'HEAD') throw new TrellisError('bad-input', `invalid target '${name}': ${p ?? "is 'HEAD'"}`, 2);
}

/**
 * Resolves `--to` values: a line key names the line's branch; otherwise an existing branch.
 * Unknown names, duplicates and end-of-life lines (without `forceEol`) are refused (exit 2).
 */
export function resolveTargets(
  names: readonly string[],
  facts: { lines: readonly LineView[]; branches: ReadonlySet<string>; policy: Policy; forceEol: boolean },
): BackportTarget[] {
  const out: BackportTarget[] = [];
  const seen = new Set<string>();
  for (const raw of names) {
    const name = raw.startsWith('refs/heads/') ? raw.slice('refs/heads/'.length) : raw;
    assertTargetName(name);
    const line = facts.lines.find((l) => l.key === name) ?? facts.lines.find((l) => l.branch === name);
    let target: BackportTarget;
    if (line && (line.key === name || facts.branches.has(name))) {
      if (!line.branch || !facts.branches.has(line.branch)) {
        throw new TrellisError(
          'bad-input',
          `line ${line.key} has no branch yet${line.branch ? ` ('${line.branch}' does not exist)` : ''}`,
          2,
        );
      }
      target = { name: line.key, line: line.key, branch: line.branch, status: line.status, reason: `--to ${raw}` };
    } else if (facts.branches.has(name)) {
      const key = lineOfBranch(facts.policy, name);
      target = { name, line: key, branch: name, status: null, reason: `--to ${raw}` };
    } else {
      throw new TrellisError('bad-input', `unknown line or branch '${raw}'`, 2);
    }
    if (isEndOfLife(target.status) && !facts.forceEol) {
      throw new TrellisError('refused', `line ${target.name} is end-of-life; backporting to it needs --force-eol --reason TEXT`, 2);
    }
    if (seen.has(target.branch)) continue;
    seen.add(target.branch);
    out.push(target);
  }
  return out;
}

/**
 * The kind of a change from its message alone, without the policy's change rules or paths
 * (`CVE:` trailer, conventional type, `Fixes:`, a non-conventional `area: fix ...`), or the
 * override. `backport --auto` classifies with the policy's rules instead (`classifyCommit`).
 */
export function changeKind(message: string, override?: ChangeKind | null): ChangeKind {
  if (override) return override;
  return messageKind(message);
}

const severity: Record<ChangeKind, number> = { security: 3, bugfix: 2, feature: 1, other: 0 };

/** The most severe of some kinds (security, bugfix, feature, other); `other` for none. */
export function mostSevereKind(kinds: readonly ChangeKind[]): ChangeKind {
  return kinds.reduce<ChangeKind>((a, b) => (severity[b] > severity[a] ? b : a), 'other');
}

/** The kind of a change made of several commits from their messages alone: the most severe of their {@link changeKind}s. */
export function severestKind(messages: readonly string[], override?: ChangeKind | null): ChangeKind {
  return mostSevereKind(messages.map((m) => changeKind(m, override)));
}

/** The `Fixes: <sha>` commits a message names. */
export function fixesOf(message: string): string[] {
  return fixedCommits(parseTrailers(message));
}

/** True when a policy status list admits a line status (`full` and `bugfix` name the same thing). */
export function statusAdmitted(list: readonly string[], status: string): boolean {
  if (list.includes(status)) return true;
  if (status === 'bugfix' && list.includes('full')) return true;
  if (status === 'full' && list.includes('bugfix')) return true;
  return false;
}

/** Input of {@link autoTargets}. */
export interface AutoInput {
  lines: readonly LineView[];
  kind: ChangeKind;
  policy: Policy;
  /** Branches that exist. */
  branches: ReadonlySet<string>;
  /**
   * Line keys whose branch contains the commit that introduced the bug (`Fixes:` or
   * `--introduced`); `null` when the change names no such commit.
   */
  introducedIn: ReadonlySet<string> | null;
  /** Lines to skip (their branch already holds the picked commits, e.g. the source line). */
  exclude: ReadonlySet<string>;
  forceEol: boolean;
}

/** A line that `--auto` considered and did not take, with the reason (for `--dry-run`). */
export interface SkippedLine {
  line: string;
  reason: string;
}

/**
 * `--auto`: security fixes go to the lines whose status the policy lists for security (bugfix
 * and security lines by default), bug fixes to bugfix lines, features only where the policy
 * allows; when the change names where the bug came from, only lines containing that commit;
 * end-of-life lines only with `forceEol`. Lines are returned newest first.
 */
export function autoTargets(input: AutoInput): { targets: BackportTarget[]; skipped: SkippedLine[] } {
  const { policy, kind } = input;
  const admitted: readonly string[] =
    kind === 'security'
      ? policy.backport.kinds.security
      : kind === 'bugfix'
        ? policy.backport.kinds.bugfix
        : kind === 'feature'
          ? policy.backport.kinds.feature
          : [];
  const targets: BackportTarget[] = [];
  const skipped: SkippedLine[] = [];
  const lines = [...input.lines].sort((a, b) => compareLineKeys(b.key, a.key));
  for (const l of lines) {
    const eol = isEndOfLife(l.status);
    if (input.exclude.has(l.key)) {
      skipped.push({ line: l.key, reason: 'holds the change already' });
      continue;
    }
    if (eol && !input.forceEol) {
      skipped.push({ line: l.key, reason: 'end-of-life' });
      continue;
    }
    if (!eol && !statusAdmitted(admitted, l.status)) {
      skipped.push({ line: l.key, reason: `${backportStatusLabel(l.status)} line takes no ${kind} changes` });
      continue;
    }
    if (input.introducedIn && !input.introducedIn.has(l.key)) {
      skipped.push({ line: l.key, reason: 'does not contain the commit that introduced the bug' });
      continue;
    }
    if (!l.branch || !input.branches.has(l.branch)) {
      skipped.push({ line: l.key, reason: 'has no branch' });
      continue;
    }
    targets.push({
      name: l.key,
      line: l.key,
      branch: l.branch,
      status: l.status,
      reason: `auto: ${kind} to ${eol ? 'end-of-life (forced)' : backportStatusLabel(l.status)} line${input.introducedIn ? ' containing the bug' : ''}`,
    });
  }
  return { targets, skipped };
}

/** Orders targets for `--chain`: newest line first (plain branches after lines, in given order). */
export function chainOrder(targets: readonly BackportTarget[]): BackportTarget[] {
  const withLine = targets.filter((t) => t.line !== null).sort((a, b) => compareLineKeys(b.line as string, a.line as string));
  return [...withLine, ...targets.filter((t) => t.line === null)];
}

/**
 * Backport branch name from the policy template (`backport/{line}/{sha}`, `backport/{line}/{pr}`);
 * refused (exit 2) when git would reject it, or when the template names branches by pull request
 * and the commits name none (`pullRequest` null).
 */
export function backportBranchName(policy: Policy, target: BackportTarget, firstCommit: string, pullRequest: number | null = null): string {
  const template = parseTemplate(policy.branches.backport);
  if (pullRequest === null && template.placeholders.includes('pr')) {
    throw new TrellisError(
      'bad-input',
      `branches.backport '${template.source}' names backport branches by pull request, and ${firstCommit.slice(0, 10)} names none (no "(#N)", "Merge pull request #N" or backport text such as "Backport of #N"); use {sha} in branches.backport to backport it`,
      2,
    );
  }
  const name = renderTemplate(template, {
    line: target.line ?? target.branch,
    sha: firstCommit.slice(0, 10),
    branch: target.branch,
    ...(pullRequest !== null ? { pr: pullRequest } : {}),
  });
  const p = refNameProblem(`refs/heads/${name}`);
  if (p) throw new TrellisError('policy', `backport branch name '${name}' (from branches.backport) is not a valid branch name: ${p}`, 2);
  return name;
}

/**
 * Lines as the release-lines module discovers them, with today's support (same order): the
 * status is the name the policy's `backport.kinds` use (`prerelease`, `full`, `bugfix`,
 * `security`), or `feature` / `end-of-life` for lines that take no backports by rule.
 */
export function lineViews(
  lines: ReadonlyArray<{ key: string; branch: string | null }>,
  supports: ReadonlyArray<{ status: LineStatus; support: SupportLevel | null }>,
): LineView[] {
  return lines.map((l, i) => {
    const s = supports[i];
    return { key: l.key, branch: l.branch, status: s ? (backportStatus(s) ?? s.status) : 'unknown' };
  });
}
