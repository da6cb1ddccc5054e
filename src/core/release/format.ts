/** Release and branch-cut plans as text for people (the CLI prints exactly this for `--dry-run`). Pure. */
import { entryText } from './changelog.js';
import type { BranchCutPlan, CommitRef, RemoteStart, RepoPlan, ReleasePlan } from './types.js';

/** What was written when the plan was applied (absent for a dry run). */
export interface Applied {
  commits: string[];
  tags: Record<string, string>;
  worktrees: Array<{ path: string; branch: string }>;
}

const short = (oid: string): string => oid.slice(0, 10);

function refText(r: CommitRef, applied?: Applied): string {
  if ('commit' in r) return short(r.commit);
  const written = applied?.commits[r.planned];
  return written ? short(written) : `(commit ${r.planned + 1})`;
}

function body(plan: RepoPlan, applied?: Applied): string[] {
  const out: string[] = [];
  if (plan.commits.length > 0) {
    out.push('commits:');
    plan.commits.forEach((c, i) => {
      const id = applied?.commits[i] ? short(applied.commits[i]!) : `(commit ${i + 1})`;
      out.push(`  ${id} on ${c.branch}: ${c.message.split('\n')[0]}${c.files.length === 0 ? ' (empty)' : ''}`);
      for (const f of c.files) {
        out.push(`    ${f.path}${f.before === null ? ' (new file)' : ''}: ${f.what.join('; ')}`);
        for (const e of f.edits) out.push(`      line ${e.line}: ${e.oldValue} -> ${e.newValue}`);
      }
    });
  }
  if (plan.tags.length > 0) {
    out.push('tags:');
    for (const t of plan.tags) {
      const sign = t.sign === false ? 'annotated' : `annotated, signed${t.sign === true ? '' : ` (${t.sign})`}`;
      out.push(`  ${t.name} -> ${refText(t.target, applied)} (${sign})`);
      for (const l of t.message.trimEnd().split('\n')) out.push(`    | ${l}`);
    }
  }
  if (plan.branches.length > 0 || plan.tags.length > 0) {
    out.push('refs (one transaction):');
    for (const b of plan.branches) out.push(`  ${b.branch}: ${b.old === null ? '(new)' : short(b.old)} -> ${refText(b.to, applied)}`);
    for (const t of plan.tags) out.push(`  tag ${t.name}: (new) -> ${applied?.tags[t.name] ? short(applied.tags[t.name]!) : 'tag object'}`);
  }
  if (plan.fromRemote) out.push(remoteStartsLine(plan.fromRemote));
  if (plan.done.length > 0) {
    out.push('already done:');
    for (const d of plan.done) out.push(`  ${d}`);
  }
  for (const w of plan.warnings) out.push(`warning: ${w}`);
  for (const wt of applied?.worktrees ?? []) out.push(`updated the worktree at ${wt.path} (${wt.branch} was checked out there, clean)`);
  return out;
}

/**
 * The one line that says which branches were read from their remote-tracking refs and how the
 * local ones are written: `... release-1.3.x from origin/release-1.3.x at f6817ddcd5 (local branch created)`.
 */
export function remoteStartsLine(starts: readonly RemoteStart[]): string {
  const parts = starts.map(
    (s) =>
      `${s.branch} from ${s.remote}/${s.branch} at ${short(s.tip)} (${s.local === null ? 'local branch created' : `local branch fast-forwarded from ${short(s.local)}`})`,
  );
  return `read from the remote, written locally (nothing is pushed): ${parts.join('; ')}`;
}

/** A release plan as text; with `applied`, what was written. */
export function formatReleasePlan(plan: ReleasePlan, applied?: Applied): string {
  const out: string[] = [];
  const verb = plan.nothingToDo ? 'nothing left to do for' : applied ? 'released' : 'would release';
  out.push(`${verb} ${plan.version} (line ${plan.line}, branch ${plan.branch}, tag ${plan.tag}): ${plan.reason}`);
  out.push(plan.previousTag ? `changes since ${plan.previousTag}:` : 'changes:');
  if (plan.changes.length === 0) out.push('  (none listed)');
  for (const c of plan.changes) out.push(`  ${c.section}: ${entryText(c, false)}`);
  out.push(...body(plan, applied));
  if (plan.manualSteps.length > 0 && !plan.nothingToDo) {
    out.push('then, by hand:');
    for (const s of plan.manualSteps) out.push(`  - ${s}`);
  }
  return `${out.join('\n')}\n`;
}

/** A branch-cut plan as text; with `applied`, what was written. */
export function formatBranchCutPlan(plan: BranchCutPlan, applied?: Applied): string {
  const out: string[] = [];
  const verb = plan.nothingToDo ? 'nothing left to do for' : applied ? 'cut' : 'would cut';
  out.push(
    `${verb} ${plan.branch} for line ${plan.line} (first version ${plan.version}) from ${plan.from.name} at ${short(plan.from.commit)}`,
  );
  if (plan.entrypoint) out.push(`entrypoint: ${plan.entrypoint} on the development branch`);
  out.push(...body(plan, applied));
  return `${out.join('\n')}\n`;
}
