/**
 * The release planners: `planRelease` (version-file bumps and the changelog section on the
 * line's branch, the annotated tag, the post-release bumps) and `planBranchCut` (the new branch,
 * its version files, the Tarantool-style entrypoint on the development branch, the development bump).
 * Pure: file texts and refs come in as data; the plan is plain data (types.ts). The builder the
 * two share is ./plan-builder.ts.
 *
 * Every step is checked against what is already there, so a re-run after a failure part-way (or
 * after steps done by hand) plans only what is left: version files already at their values write
 * no commit, a changelog section already present is not added again, an existing tag at the
 * planned commit is kept, an existing branch is not created again.
 */
import { TrellisError } from '../errors.js';
import { schemeOf } from '../lines/keys.js';
import type { Policy } from '../policy/schema.js';
import { renderTemplate, type TemplateValues } from '../policy/template.js';
import { changelogEntries, insertChangelogSection, renderTagMessage, hasChangelogSection, type Changelog } from './changelog.js';
import {
  Builder,
  byBranch,
  fileEdits,
  trailer,
  versionFileTargets,
  type FileReader,
  type FileTarget,
  type Moment,
} from './plan-builder.js';
import { readVersionFile } from './updaters/index.js';
import type { BranchCutPlan, ReleaseLineFacts, ReleasePlan, RemoteTips } from './types.js';
import { templateValues, type VersionChoice } from './version.js';

export { roleBranch, versionFileTargets, type BranchRole, type FileReader, type FileTarget, type Moment } from './plan-builder.js';

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
  /** The branches among `tips` read from their remote-tracking ref (a plain clone; a local branch behind its remote). */
  remotes?: RemoteTips;
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
    const forward = target === branch ? list : forwardOnly(b, policy, target, list, warnings);
    if (forward.length === 0) continue;
    const files = fileEdits(b, target, forward);
    if (files.length === 0) b.done.push(`post-release files on ${target} already hold their values`);
    b.commit(
      'post-release',
      target,
      `chore(release): after ${version} on ${target}\n\nPost-release version files after ${version}.\n\n${trailer(`post-release ${version}`)}\n`,
      files,
    );
  }
}

/**
 * A post-release value never moves another branch's version backwards: main already past this
 * line (1.4.0.dev0 after the 1.4 cut) keeps its version when 1.3.0 would set 1.3.1.dev0 there.
 */
function forwardOnly(b: Builder, policy: Policy, target: string, list: readonly FileTarget[], warnings: string[]): FileTarget[] {
  const scheme = schemeOf(policy);
  const next = (t: FileTarget) => scheme.tryParse(t.value);
  return list.filter((t) => {
    const text = b.text(target, t.spec.path);
    const value = next(t);
    if (text === null || value === null) return true;
    let held: string[];
    try {
      held = readVersionFile(text, t.spec).map((o) => o.value);
    } catch {
      return true; // the edit itself reports a missing key or an unreadable file
    }
    const newer = held.find((v) => {
      const p = scheme.tryParse(v);
      return p !== null && scheme.compare(p, value) > 0;
    });
    if (newer === undefined) return true;
    warnings.push(`post-release ${t.spec.path} on ${target} skipped: it holds ${newer}, newer than ${t.value}`);
    return false;
  });
}

/** Plans a release. Throws TrellisError (exit 2) for a version file or key that is missing. */
export function planRelease(input: ReleaseInput): ReleasePlan {
  const { policy, line, version, prerelease } = input;
  const b = new Builder(input.tips, input.read, input.remotes);
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
    // Tarantool RFC: "the same commit should be identified either as a release candidate or as a
    // release in an unambiguous way": a tip already tagged (an rc) gets an empty release commit.
    const tip = lineFiles.length === 0 ? (input.tips.get(branch) ?? null) : null;
    const tagged = tip ? line.tags.filter((t) => t.commit === tip && t.tag !== tag).map((t) => t.tag) : [];
    const body =
      tagged.length > 0
        ? `An empty commit: the tip of ${branch} is tagged ${tagged.join(', ')}, and one commit is either a\npre-release or a release, never both.`
        : `Update the ${what || 'release files'} for ${version} on ${branch}.`;
    const target = b.commit('release', branch, `chore(release): ${version}\n\n${body}\n\n${trailer(`release ${version}`)}\n`, lineFiles, {
      empty: tagged.length > 0,
    });
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
    ...b.fromRemote(branches),
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
  /** The branches among `tips` read from their remote-tracking ref (see {@link ReleaseInput.remotes}). */
  remotes?: RemoteTips;
  read: FileReader;
  /** The entrypoint tag name for the next line on the development branch, or null. */
  entrypoint: { name: string; exists: boolean; line: string; onNewBranch?: boolean } | null;
  sign: boolean | 'gpg' | 'ssh';
}

/** Plans a branch cut. */
export function planBranchCut(input: BranchCutInput): BranchCutPlan {
  const { policy, branch } = input;
  const b = new Builder(input.tips, input.read, input.remotes);
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
      // On the new branch (a feature set of an older series cut --from its branch), the tag must
      // not be reachable from the branch it was forked from; else from the new branch.
      const on = ep.onNewBranch ? branch : dev;
      const away = ep.onNewBranch ? input.from.name : branch;
      if (ep.exists) b.done.push(`entrypoint tag ${ep.name} exists`);
      else {
        const target = b.commit(
          'entrypoint',
          on,
          `chore: start the ${ep.line} feature set\n\nAn empty commit for the entrypoint tag ${ep.name}: the tag must not be reachable from\n${away}, so that git describe on ${on} counts from it and on ${away} does not.\n\n${trailer(`entrypoint ${ep.line}`)}\n`,
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
    ...b.fromRemote(branches),
    done: b.done,
    warnings: [...warnings, ...b.warnings],
    nothingToDo: b.commits.length === 0 && b.tags.length === 0 && branches.length === 0,
  };
}
