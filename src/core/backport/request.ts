/**
 * The rules a backport request must follow before any commit is picked: the flags that go
 * together, the revision syntax, merge commits and `--mainline`. Pure: every failure is a
 * `TrellisError` with exit 2.
 */
import { TrellisError } from '../errors.js';
import type { BackportOptions, ConflictMode, ResultMode } from './types.js';
import type { Policy } from '../policy/schema.js';

/** The request's flags that are checked against each other. */
export interface RequestFlags {
  to: readonly string[];
  auto: boolean;
  forceEol: boolean;
  reason: string | null;
  mainline: number | null;
  /** `--allow-feature`: a feature or breaking change may go to a line whose next release is a patch. */
  allowFeature?: boolean | undefined;
}

/** Refuses flags that do not go together (exit 2). */
export function checkRequestFlags(req: RequestFlags): void {
  if (req.to.length === 0 && !req.auto)
    throw new TrellisError('usage', 'say where to backport: --to LINE|BRANCH (repeatable) or --auto', 2);
  if (req.forceEol && !req.reason?.trim())
    throw new TrellisError('usage', '--force-eol needs --reason TEXT (it is recorded in each commit)', 2);
  if (req.allowFeature && !req.reason?.trim())
    throw new TrellisError('usage', '--allow-feature needs --reason TEXT (it is recorded in each commit)', 2);
  if (req.allowFeature && req.to.length === 0)
    throw new TrellisError('usage', '--allow-feature goes with --to LINE (--auto never backports a feature to a patch line)', 2);
  if (req.reason && !req.forceEol && !req.allowFeature)
    throw new TrellisError('usage', '--reason goes with --force-eol or --allow-feature', 2);
  if (req.mainline !== null && (!Number.isInteger(req.mainline) || req.mainline < 1)) {
    throw new TrellisError('usage', `--mainline must be a parent number (1, 2, ...), got '${req.mainline}'`, 2);
  }
}

/** One revision argument: a single commit, or a range `A..B` (commits in B not in A). */
export type RevisionArg = { rev: string } | { range: string; from: string; to: string };

/** Checks the syntax of the revision arguments (no option look-alikes, `A..B` with both ends, no `A...B`). */
export function parseRevisions(revisions: readonly string[]): RevisionArg[] {
  if (revisions.length === 0) throw new TrellisError('usage', 'name at least one commit or range to backport', 2);
  return revisions.map((rev) => {
    if (rev.startsWith('-')) throw new TrellisError('bad-input', `invalid revision '${rev}'`, 2);
    if (rev.includes('...')) throw new TrellisError('bad-input', `'${rev}': use A..B (commits in B not in A), not A...B`, 2);
    const dots = rev.indexOf('..');
    if (dots < 0) return { rev };
    const from = rev.slice(0, dots);
    const to = rev.slice(dots + 2);
    if (from === '' || to === '') throw new TrellisError('bad-input', `'${rev}': a range needs both ends (A..B)`, 2);
    return { range: rev, from, to };
  });
}

/** Merge commits need `--mainline N` within their parent count; `--mainline` above 1 needs a merge. */
export function checkMainline(commits: ReadonlyArray<{ oid: string; parents: readonly string[] }>, mainline: number | null): void {
  for (const c of commits) {
    if (c.parents.length > 1 && mainline === null) {
      throw new TrellisError('bad-input', `commit ${c.oid.slice(0, 12)} is a merge; say which parent is the mainline (--mainline N)`, 2);
    }
    if (mainline !== null && c.parents.length > 1 && mainline > c.parents.length) {
      throw new TrellisError('bad-input', `commit ${c.oid.slice(0, 12)} has no parent number ${mainline}`, 2);
    }
  }
  if (mainline !== null && mainline > 1 && commits.every((c) => c.parents.length <= 1)) {
    throw new TrellisError('bad-input', '--mainline applies only to merge commits, and none was given', 2);
  }
}

/** What the request says about the run's shape, with the policy's `backport` section for what it leaves out. */
export interface OptionFlags {
  mode?: ResultMode | undefined;
  conflicts?: ConflictMode | undefined;
  chain?: boolean | undefined;
  keepGoing: boolean;
  mainline: number | null;
  forceEol: boolean;
  reason: string | null;
  allowFeature?: boolean | undefined;
}

/** The options of a run: the request's flags over the policy's defaults. */
export function backportOptions(policy: Policy, req: OptionFlags): BackportOptions {
  return {
    mode: req.mode ?? policy.backport.mode,
    conflicts: req.conflicts ?? policy.backport.conflicts,
    chain: req.chain ?? policy.backport.chain,
    keepGoing: req.keepGoing,
    mainline: req.mainline,
    origin: { style: policy.backport.origin, trailer: policy.backport.originTrailer },
    eolReason: req.forceEol ? (req.reason ?? '').trim() : null,
    ...(req.allowFeature ? { featureReason: (req.reason ?? '').trim() } : {}),
  };
}
