/**
 * The release planners: `planRelease` (version-file bumps and the changelog section on the
 * line's branch, the annotated tag, the post-release bumps) and `planBranchCut` (the new branch,
 * its version files, the Tarantool-style entrypoint on the development branch, the development bump).
 * Pure: file texts and refs come in as data; the plan is plain data (types.ts).
 *
 * Every step is checked against what is already there, so a re-run after a failure part-way (or
 * after steps done by hand) plans only what is left: version files already at their values write
 * no commit, a changelog section already present is not added again, an existing tag at the
 * planned commit is kept, an existing branch is not created again.
 */
import { TrellisError } from '../errors.js';
import type { Policy, VersionFile } from '../policy/schema.js';
import { renderTemplate, type TemplateValues } from '../policy/template.js';
import {
  changelogEntries,
  insertChangelogSection,
  renderTagMessage,
  STEP_TRAILER,
  hasChangelogSection,
  type Changelog,
} from './changelog.js';
import type { BranchCutPlan, CommitRef, ReleaseLineFacts, PlannedCommit, PlannedFile, PlannedTag, ReleasePlan } from './types.js';
import { planVersionFileUpdates, type VersionFileSpec } from './updaters/index.js';
import { templateValues, type VersionChoice } from './version.js';

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
class Builder {
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

  branchUpdates(): Array<{ branch: string; old: string | null; to: CommitRef }> {
    const out: Array<{ branch: string; old: string | null; to: CommitRef }> = [];
    for (const [branch, to] of this.heads) {
      const old = this.created.has(branch) ? null : (this.tips.get(branch) ?? null);
      if (old !== null && 'commit' in to && to.commit === old) continue;
      out.push({ branch, old, to });
    }
    return out;
  }
}

/** Plans the version-file edits of `targets` on `branch` (all files checked before anything). */
function fileEdits(b: Builder, branch: string, targets: readonly FileTarget[]): PlannedFile[] {
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
function byBranch(policy: Policy, lineBranch: string, targets: readonly FileTarget[], warnings: string[]): Map<string, FileTarget[]> {
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

function trailer(step: string): string {
  return `${STEP_TRAILER}: ${step}`;
}

/** The tag name for a version (the first tag template). */
export function tagNameFor(policy: Policy, version: string): string {
  return renderTemplate(policy.versioning.tag[0] ?? 'v{version}', { version });
}

/** What `planRelease` needs. */
export interface ReleaseInput {
  policy: Policy;
  line: ReleaseLineFacts & { branch: string };
  choice: VersionChoice;
  version: string;
  prerelease: boolean;
  /** Tips of every branch the plan may touch (line, main, develop); null when missing. */
  tips: ReadonlyMap<string, string | null>;
  read: FileReader;
  /** The tag of `version` when it exists: where it points, and whether the line's branch contains it. */
  existingTag: { name: string; commit: string; onBranch: boolean } | null;
  /** Changes since the previous tag (the tag message and the plan). */
  notes: Changelog;
  /** Changes since the previous final release (the changelog file section; final releases only). */
  fileLog: Changelog;
  sign: boolean | 'gpg' | 'ssh';
}

/** Post-release commits (final releases only): the line's branch first, other branches for the newest line only. */
function postRelease(b: Builder, input: ReleaseInput, values: TemplateValues, warnings: string[]): void {
  const { policy, line, version } = input;
  const branch = line.branch;
  const post = byBranch(policy, branch, versionFileTargets(policy, 'post-release', values), warnings);
  const order = [branch, ...[...post.keys()].filter((k) => k !== branch)];
  for (const target of order) {
    const list = post.get(target);
    if (!list) continue;
    if (target !== branch && !line.newest) {
      warnings.push(`post-release files on ${target} skipped: line ${line.key} is not the newest line`);
      continue;
    }
    if (!b.exists(target)) {
      warnings.push(`post-release files on ${target} skipped: branch ${target} does not exist`);
      continue;
    }
    const files = fileEdits(b, target, list);
    if (files.length === 0) b.done.push(`post-release files on ${target} already hold their values`);
    b.commit(
      'post-release',
      target,
      `chore(release): after ${version} on ${target}\n\nPost-release version files after ${version}.\n\n${trailer(`post-release ${version}`)}\n`,
      files,
    );
  }
}

/** Plans a release. Throws TrellisError (exit 2) for a version file or key that is missing. */
export function planRelease(input: ReleaseInput): ReleasePlan {
  const { policy, line, version, prerelease } = input;
  const b = new Builder(input.tips, input.read);
  const warnings = [...input.choice.warnings];
  const values = templateValues(policy, version, line.key);
  const tag = input.existingTag?.name ?? tagNameFor(policy, version);
  const branch = line.branch;

  // 1. The release commit(s) and the tag.
  const moment: Moment = prerelease ? 'prerelease' : 'release';
  const targets = byBranch(policy, branch, versionFileTargets(policy, moment, values), warnings);
  if (input.existingTag) {
    if (!input.existingTag.onBranch) {
      throw new TrellisError('exists', `version ${version} already exists (tag ${tag} is not on ${branch})`, 2);
    }
    b.done.push(`tag ${tag} exists at ${input.existingTag.commit.slice(0, 10)} on ${branch}`);
  } else {
    const lineFiles = fileEdits(b, branch, targets.get(branch) ?? []);
    const changelogPath = policy.release.changelog;
    if (changelogPath !== false && !prerelease) {
      const before = b.text(branch, changelogPath);
      if (before !== null && hasChangelogSection(before, version)) {
        b.done.push(`${changelogPath} already has a section for ${version}`);
      } else {
        const after = insertChangelogSection(before, input.fileLog);
        lineFiles.push({ path: changelogPath, before, after, edits: [], what: [`changelog section ${version}`] });
      }
    }
    if (lineFiles.length === 0 && (targets.get(branch)?.length ?? 0) > 0) b.done.push(`version files on ${branch} already hold ${version}`);
    const what = [
      lineFiles.some((f) => f.what.some((w) => !w.startsWith('changelog'))) ? 'version files' : null,
      lineFiles.some((f) => f.what.some((w) => w.startsWith('changelog'))) ? 'changelog' : null,
    ]
      .filter((x) => x !== null)
      .join(' and ');
    const target = b.commit(
      'release',
      branch,
      `chore(release): ${version}\n\nUpdate the ${what || 'release files'} for ${version} on ${branch}.\n\n${trailer(`release ${version}`)}\n`,
      lineFiles,
    );
    b.tags.push({
      name: tag,
      target,
      message: renderTagMessage(version, input.notes, policy.release.tagMessage, prerelease),
      sign: input.sign,
    });
  }
  for (const [other, list] of targets) {
    if (other === branch) continue;
    const files = fileEdits(b, other, list);
    if (files.length === 0) b.done.push(`version files on ${other} already hold their ${version} values`);
    b.commit('release', other, `chore(release): ${version} on ${other}\n\n${trailer(`release ${version}`)}\n`, files);
  }

  // 2. Post-release steps (final releases only).
  if (!prerelease) postRelease(b, input, values, warnings);

  const branches = b.branchUpdates();
  const nothingToDo = b.commits.length === 0 && b.tags.length === 0 && branches.length === 0;
  return {
    kind: 'release',
    line: line.key,
    branch,
    version,
    tag,
    prerelease,
    reason: input.choice.reason,
    previousTag: input.notes.from,
    changes: changelogEntries(input.notes),
    manualSteps: prerelease ? [] : [...policy.release.postRelease],
    commits: b.commits,
    tags: b.tags,
    branches,
    done: b.done,
    warnings: [...warnings, ...b.warnings],
    nothingToDo,
  };
}

/** What `planBranchCut` needs. */
export interface BranchCutInput {
  policy: Policy;
  /** The line the new branch is for. */
  line: string;
  /** The branch to create (rendered from the first release template). */
  branch: string;
  from: { name: string; commit: string };
  /** The first version the branch will release (`0.5.0`, or `1.2.1` for a per-release branch). */
  version: string;
  /** A per-release branch cut from the line's previous one (Lightspeed-style release/1.2.1): no entrypoint, no development bump. */
  patchBranch: boolean;
  /** Tips of the branches involved (the new branch when it exists already, main, develop). */
  tips: ReadonlyMap<string, string | null>;
  read: FileReader;
  /** The entrypoint tag name for the next line on the development branch, or null. */
  entrypoint: { name: string; exists: boolean; line: string } | null;
  sign: boolean | 'gpg' | 'ssh';
}

/** Plans a branch cut. */
export function planBranchCut(input: BranchCutInput): BranchCutPlan {
  const { policy, branch } = input;
  const b = new Builder(input.tips, input.read);
  const warnings: string[] = [];
  const values = templateValues(policy, input.version, input.line);
  // The entrypoint's branch: develop only under `flow.model: gitflow`. Not developmentBranchOf():
  // for a trunk policy that names branches.develop that gives develop, and the entrypoint has
  // always gone on main there (kept; see releaseMergesDevelop in ./gitflow-common.ts).
  const dev = policy.flow.model === 'gitflow' && policy.branches.develop ? policy.branches.develop : policy.branches.main;

  if (b.exists(branch)) {
    b.done.push(`branch ${branch} exists`);
  } else {
    b.createBranch(branch, { commit: input.from.commit }, `${input.from.commit}`);
  }
  const targets = byBranch(policy, branch, versionFileTargets(policy, 'branch-cut', values), warnings);
  const lineFiles = fileEdits(b, branch, targets.get(branch) ?? []);
  if (lineFiles.length === 0 && (targets.get(branch)?.length ?? 0) > 0)
    b.done.push(`version files on ${branch} already hold ${input.version}`);
  b.commit(
    'branch-cut',
    branch,
    `chore(release): start ${branch} for ${input.version}\n\nVersion files of line ${input.line}.\n\n${trailer(`branch-cut ${input.line}`)}\n`,
    lineFiles,
  );

  if (!input.patchBranch) {
    if (input.entrypoint) {
      const ep = input.entrypoint;
      if (ep.exists) b.done.push(`entrypoint tag ${ep.name} exists`);
      else {
        const target = b.commit(
          'entrypoint',
          dev,
          `chore: start the ${ep.line} feature set\n\nAn empty commit for the entrypoint tag ${ep.name}: the tag must not be reachable from\n${branch}, so that git describe on ${dev} counts from it and on ${branch} does not.\n\n${trailer(`entrypoint ${ep.line}`)}\n`,
          [],
          { empty: true },
        );
        b.tags.push({ name: ep.name, target, message: `Entrypoint of the ${ep.line} feature set\n`, sign: input.sign });
      }
    }
    for (const [other, list] of targets) {
      if (other === branch) continue;
      if (!b.exists(other)) {
        warnings.push(`branch-cut files on ${other} skipped: branch ${other} does not exist`);
        continue;
      }
      const files = fileEdits(b, other, list);
      if (files.length === 0) b.done.push(`version files on ${other} already hold their values`);
      b.commit(
        'branch-cut',
        other,
        `chore(release): development continues after cutting ${branch}\n\n${trailer(`branch-cut ${input.line}`)}\n`,
        files,
      );
    }
  } else if ([...targets.keys()].some((k) => k !== branch)) {
    warnings.push(`a per-release branch (${branch}) changes no other branch; branch-cut files on main/develop skipped`);
  }

  const branches = b.branchUpdates();
  return {
    kind: 'branch-cut',
    line: input.line,
    branch,
    from: input.from,
    version: input.version,
    entrypoint: input.entrypoint && !input.patchBranch ? input.entrypoint.name : null,
    commits: b.commits,
    tags: b.tags,
    branches,
    done: b.done,
    warnings: [...warnings, ...b.warnings],
    nothingToDo: b.commits.length === 0 && b.tags.length === 0 && branches.length === 0,
  };
}
