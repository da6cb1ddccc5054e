/**
 * What a git-flow command did or would do (release, hotfix start, hotfix finish): merge
 * outcomes, ref changes, checks, one summary line; and the report as text. Pure.
 */
import { branchRef, tagRef } from '../refname.js';
import { remoteStartsLine } from './format.js';
import type { MergeStep, PrepareCheck } from './gitflow-common.js';
import type { RemoteStart } from './types.js';

/** A merge as made (or predicted) by apply. */
export interface MergeOutcome {
  into: string;
  from: string;
  status: 'merged' | 'already-merged' | 'conflict';
  /** The merge commit (null for already-merged, conflicts and dry runs). */
  commit: string | null;
  conflicts: Array<{ path: string; kind: string }>;
}

/** A ref change as reported. */
export interface RefChange {
  ref: string;
  action: 'create' | 'update' | 'delete';
  /** The value now (null when the ref does not exist yet). */
  old: string | null;
  /** The new value (null for a delete, and in a dry run for objects not made yet). */
  new: string | null;
  /** What the new value is: `merge of dev into main`, `annotated tag v1.1.0`, ... */
  what: string;
}

/** What a git-flow command did or would do. */
export interface GitflowReport {
  command: 'release' | 'hotfix start' | 'hotfix finish';
  dryRun: boolean;
  version: string;
  tag: string | null;
  branch: string | null;
  checks: PrepareCheck[];
  merges: MergeOutcome[];
  refs: RefChange[];
  /** Branches written from their remote's tip (a plain clone; a local branch behind); absent when none. */
  fromRemote?: RemoteStart[];
  notes: { path: string; written: boolean; kept: boolean } | null;
  /** 0 done (or the dry run would succeed), 1 a check failed or a merge conflicts. */
  exitCode: 0 | 1;
  /** One line saying what happened. */
  summary: string;
}

/** True when a check failed (the run then changes nothing and exits 1). */
export function anyFailed(checks: readonly PrepareCheck[]): boolean {
  return checks.some((c) => c.status === 'fail');
}

/** The ids of the failed checks, for the summary: `tests, merge`. */
export function failedIds(checks: readonly PrepareCheck[]): string {
  return checks
    .filter((c) => c.status === 'fail')
    .map((c) => c.id)
    .join(', ');
}

/** The `merge` check: every merge clean (or already made), or the conflicts. */
export function mergeCheck(outcomes: readonly MergeOutcome[]): PrepareCheck {
  const bad = outcomes.filter((o) => o.status === 'conflict');
  if (bad.length === 0) {
    return {
      id: 'merge',
      status: 'ok',
      message: outcomes
        .map((o) => `${o.from} merges cleanly into ${o.into}${o.status === 'already-merged' ? ' (already merged)' : ''}`)
        .join('; '),
    };
  }
  return {
    id: 'merge',
    status: 'fail',
    message:
      bad.map((o) => `${o.from} conflicts with ${o.into} in ${o.conflicts.map((c) => `${c.path} (${c.kind})`).join(', ')}`).join('; ') +
      '; resolve by merging on a work tree, then run again',
  };
}

/** The branch updates of the merges that make a commit (not the ones already merged); `new` is the merge commit once written. */
export function mergeRefChanges(steps: readonly MergeStep[], outcomes: readonly MergeOutcome[]): RefChange[] {
  const refs: RefChange[] = [];
  outcomes.forEach((m, i) => {
    const step = steps[i]!;
    if (m.status === 'already-merged') return;
    refs.push({
      ref: branchRef(step.into),
      action: 'update',
      old: step.ours,
      new: m.commit,
      what: `merge of ${step.from} into ${step.into}`,
    });
  });
  return refs;
}

/** The creation of the release tag on `branch`; `new` is the tag object once written. */
export function tagRefChange(tag: string, signed: boolean, branch: string): RefChange {
  return { ref: tagRef(tag), action: 'create', old: null, new: null, what: `${signed ? 'signed ' : ''}annotated tag ${tag} on ${branch}` };
}

const short = (oid: string | null) => (oid ? oid.slice(0, 10) : '(none)');

/** The report as lines of text for people. */
export function formatGitflowReport(r: GitflowReport): string {
  const out: string[] = [];
  const title =
    r.command === 'hotfix start'
      ? `hotfix start ${r.version}`
      : r.command === 'hotfix finish'
        ? `hotfix finish ${r.version}`
        : `release ${r.version} (git-flow)`;
  out.push(`${title}${r.dryRun ? ' - dry run, nothing changed' : ''}`);
  if (r.checks.length > 0) {
    out.push('checks:');
    for (const c of r.checks) out.push(`  ${c.status.padEnd(4)} ${c.id}: ${c.message}`);
  }
  for (const m of r.merges) {
    if (m.status === 'conflict') {
      out.push(`merge ${m.from} into ${m.into}: CONFLICT in ${m.conflicts.map((c) => `${c.path} (${c.kind})`).join(', ')}`);
    } else if (m.status === 'already-merged') {
      out.push(`merge ${m.from} into ${m.into}: already merged`);
    } else {
      out.push(`merge ${m.from} into ${m.into}: ${m.commit ? `merge commit ${short(m.commit)}` : 'clean'}`);
    }
  }
  if (r.notes) {
    const how = r.notes.kept ? 'kept existing' : r.notes.written ? 'wrote' : r.dryRun ? 'would write' : 'not written';
    out.push(`notes: ${how} ${r.notes.path}`);
  }
  if (r.refs.length > 0) {
    out.push(
      r.exitCode !== 0 ? 'ref changes (not made):' : r.dryRun ? 'ref changes (one transaction):' : 'refs changed (one transaction):',
    );
    for (const u of r.refs) {
      const to = u.new ? short(u.new) : `(${u.what})`;
      const what =
        u.action === 'delete' ? `delete (was ${short(u.old)})` : u.action === 'create' ? `create ${to}` : `${short(u.old)} -> ${to}`;
      out.push(`  ${u.ref}: ${what}${u.new && u.action !== 'delete' ? `  ${u.what}` : ''}`);
    }
  }
  if (r.fromRemote) out.push(remoteStartsLine(r.fromRemote));
  out.push(r.summary);
  return out.join('\n') + '\n';
}
