/**
 * What the release planners (./plan.ts) build plans with: the version files the policy writes at
 * a moment and the branch each goes to, and a builder that tracks where each branch will be as
 * commits are planned, the files those commits write, and the branch updates that result (the
 * expected old value is the local branch's, also for a branch read from its remote). Pure.
 */
import { TrellisError } from '../errors.js';
import type { Policy, VersionFile } from '../policy/schema.js';
import { renderTemplate, type TemplateValues } from '../policy/template.js';
import { STEP_TRAILER } from './changelog.js';
import type { CommitRef, PlannedBranch, PlannedCommit, PlannedFile, PlannedTag, RemoteStart, RemoteTips } from './types.js';
import { planVersionFileUpdates, type VersionFileSpec } from './updaters/index.js';

export type Moment = VersionFile['when'][number];
export type BranchRole = VersionFile['branch'];

/** A version file to write at one moment, with its path and value filled in. */
export interface FileTarget {
  role: BranchRole;
  path: string;
  spec: VersionFileSpec;
  value: string;
}

/** The version files the policy writes at `moment`, paths and values rendered with `values`. */
export function versionFileTargets(policy: Policy, moment: Moment, values: TemplateValues): FileTarget[] {
  const out: FileTarget[] = [];
  for (const f of policy.versionFiles) {
    if (!f.when.includes(moment)) continue;
    const path = renderTemplate(f.path, values);
    const spec: VersionFileSpec = { path, kind: f.kind };
    if (f.key !== undefined) spec.key = f.key;
    if (f.pattern !== undefined) spec.pattern = f.pattern;
    if (f.marker !== undefined) spec.marker = f.marker;
    if (f.package !== undefined) spec.package = f.package;
    out.push({ role: f.branch, path, spec, value: renderTemplate(f.value, values) });
  }
  return out;
}

/** The branch a role names, or null when the policy has none (`develop` without `branches.develop`). */
export function roleBranch(policy: Policy, role: BranchRole, lineBranch: string): string | null {
  if (role === 'line') return lineBranch;
  if (role === 'main') return policy.branches.main;
  return policy.branches.develop ?? null;
}

/** Reads a file's text on a branch as it is now (before the plan): undefined when the caller did not read it. */
export type FileReader = (branch: string, path: string) => string | null | undefined;

/** Tracks where each branch will be as commits are planned, and the files those commits write. */
export class Builder {
  readonly commits: PlannedCommit[] = [];
  readonly tags: PlannedTag[] = [];
  readonly done: string[] = [];
  readonly warnings: string[] = [];
  private readonly heads = new Map<string, CommitRef>();
  private readonly overlay = new Map<string, Map<string, string>>();
  private readonly created = new Set<string>();

  constructor(
    private readonly tips: ReadonlyMap<string, string | null>,
    private readonly read: FileReader,
    private readonly remotes: RemoteTips = new Map(),
  ) {}

  head(branch: string): CommitRef {
    const h = this.heads.get(branch);
    if (h) return h;
    const tip = this.tips.get(branch);
    if (!tip) throw new TrellisError('not-found', `branch '${branch}' does not exist`, 2);
    return { commit: tip };
  }

  exists(branch: string): boolean {
    return this.heads.has(branch) || !!this.tips.get(branch);
  }

  createBranch(branch: string, at: CommitRef, readAs: string): void {
    this.heads.set(branch, at);
    this.created.add(branch);
    this.aliases.set(branch, readAs);
  }

  /** Files of a new branch are read where it starts. */
  private readonly aliases = new Map<string, string>();

  text(branch: string, path: string): string | null {
    const o = this.overlay.get(branch)?.get(path);
    if (o !== undefined) return o;
    const from = this.aliases.get(branch) ?? branch;
    const t = this.read(from, path);
    if (t === undefined) throw new Error(`internal: ${path} on ${from} was not read before planning`);
    return t;
  }

  commit(step: string, branch: string, message: string, files: PlannedFile[], opts: { empty?: boolean } = {}): CommitRef {
    if (files.length === 0 && !opts.empty) return this.head(branch);
    const parent = this.head(branch);
    this.commits.push({ step, branch, parent, message, files });
    const ref: CommitRef = { planned: this.commits.length - 1 };
    this.heads.set(branch, ref);
    let o = this.overlay.get(branch);
    if (!o) this.overlay.set(branch, (o = new Map()));
    for (const f of files) o.set(f.path, f.after);
    return ref;
  }

  /** The branches to write: the expected old value is the LOCAL branch's, also for a branch read from its remote. */
  branchUpdates(): PlannedBranch[] {
    const out: PlannedBranch[] = [];
    for (const [branch, to] of this.heads) {
      const remote = this.created.has(branch) ? undefined : this.remotes.get(branch);
      const old = this.created.has(branch) ? null : remote ? remote.local : (this.tips.get(branch) ?? null);
      if (old !== null && 'commit' in to && to.commit === old) continue;
      out.push({ branch, old, to });
    }
    return out;
  }

  /** The branches among `updates` that start from their remote's tip (the local branch is created or fast-forwarded). */
  fromRemote(updates: readonly PlannedBranch[]): { fromRemote?: RemoteStart[] } {
    const out: RemoteStart[] = [];
    for (const u of updates) {
      const r = this.created.has(u.branch) ? undefined : this.remotes.get(u.branch);
      const tip = this.tips.get(u.branch);
      if (r && tip) out.push({ branch: u.branch, remote: r.remote, tip, local: r.local });
    }
    return out.length > 0 ? { fromRemote: out } : {};
  }
}

/** Plans the version-file edits of `targets` on `branch` (all files checked before anything). */
export function fileEdits(b: Builder, branch: string, targets: readonly FileTarget[]): PlannedFile[] {
  if (targets.length === 0) return [];
  const planned = planVersionFileUpdates(
    targets.map((t) => t.spec),
    (path) => b.text(branch, path) ?? undefined,
    (spec) => targets.find((t) => t.spec === spec)!.value,
  );
  return planned
    .filter((p) => p.after !== p.before)
    .map((p) => ({
      path: p.path,
      before: p.before,
      after: p.after,
      edits: p.edits.flatMap((e) => e.changes).sort((x, y) => x.line - y.line),
      what: p.edits
        .filter((e) => e.changes.length > 0)
        .map((e) => `${e.spec.key ?? e.spec.package ?? e.spec.marker ?? e.spec.pattern ?? e.spec.kind} = ${e.value}`),
    }));
}

/** Groups targets by the branch their role names; roles without a branch are reported. */
export function byBranch(
  policy: Policy,
  lineBranch: string,
  targets: readonly FileTarget[],
  warnings: string[],
): Map<string, FileTarget[]> {
  const out = new Map<string, FileTarget[]>();
  for (const t of targets) {
    const branch = roleBranch(policy, t.role, lineBranch);
    if (branch === null) {
      warnings.push(`${t.path}: branch 'develop' is not set in the policy (branches.develop); skipped`);
      continue;
    }
    const list = out.get(branch) ?? [];
    list.push(t);
    out.set(branch, list);
  }
  return out;
}

export function trailer(step: string): string {
  return `${STEP_TRAILER}: ${step}`;
}
