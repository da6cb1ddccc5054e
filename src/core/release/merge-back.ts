/**
 * Merging a release branch back into the development branch (Lightspeed-style "Merge into main
 * (optional step): git checkout main && git merge release/1.2.0"; Goose-style "patches are
 * merged into vx.y-codename first, then frequently merged back into main"): the report and the
 * merge commit's message. Pure.
 */
import { trailer } from './plan-builder.js';

/** What `trellis merge-back` did or would do. */
export interface MergeBackReport {
  /** The line merged back (`1.2`), or null when a plain branch was named. */
  line: string | null;
  /** The branch merged (`release/1.2.0`, `v1.2-codename`). */
  from: string;
  /** The branch merged into (the development branch). */
  into: string;
  /** `merged`: a merge commit was written (or would be, in a dry run); `already-merged`: nothing to do; `conflict`: refused. */
  status: 'merged' | 'already-merged' | 'conflict';
  /** The commits of `from` that `into` does not have yet. */
  commits: number;
  /** `into`'s tip before, and `from`'s tip. */
  ours: string;
  theirs: string;
  /** The merge commit written (null in a dry run, on conflict, or when already merged). */
  commit: string | null;
  conflicts: Array<{ path: string; kind: string }>;
  /** The worktree brought along because `into` is checked out there, if any. */
  worktree: string | null;
  dryRun: boolean;
  /** Set when the merge was made by a run killed before it could say so (this run found its journal). */
  killedRun?: true;
  /** 0 merged or nothing to do, 1 a conflict (nothing changed). */
  exitCode: 0 | 1;
}

/** The merge commit's message, as `git merge` words it, with the step trailer Trellis marks its commits with. */
export function mergeBackMessage(from: string, into: string, line: string | null): string {
  return `Merge branch '${from}' into ${into}\n\n${trailer(`merge-back ${line ?? from}`)}\n`;
}

/** The report as text. */
export function formatMergeBack(r: MergeBackReport): string {
  const out: string[] = [];
  const what = `${r.from}${r.line ? ` (line ${r.line})` : ''} into ${r.into}`;
  if (r.status === 'already-merged') out.push(`${r.into} already has every commit of ${r.from}: nothing to merge back`);
  else if (r.status === 'conflict') {
    out.push(`refused: merging ${what} conflicts in ${r.conflicts.length} path(s); nothing was changed:`);
    for (const c of r.conflicts) out.push(`  ${c.path}  (${c.kind})`);
    out.push(`merge by hand (git checkout ${r.into} && git merge ${r.from}) or fix ${r.from} first`);
  } else if (r.dryRun) out.push(`dry run: would merge ${what}: ${r.commits} commit(s), a merge commit on ${r.into}`);
  else {
    const by = r.killedRun ? ' (by a run that was killed before it could say so; nothing left to do)' : '';
    out.push(`merged ${what}: ${r.commits} commit(s); ${r.into} is now ${r.commit!.slice(0, 12)}${by}`);
    if (r.worktree) out.push(`work tree ${r.worktree} brought along`);
  }
  return `${out.join('\n')}\n`;
}
