/**
 * What `trellis checklist VERSION` ticks from: the refs (one for-each-ref), the line's history
 * (one git log), a few files at branches, and the notes and changelog in the work tree.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { lineKeyOf } from '../core/lines/index.js';
import type { Policy } from '../core/policy/schema.js';
import { renderTemplate } from '../core/policy/template.js';
import type { ChecklistFacts, FileFact } from '../core/release/checklist.js';
import { policyScheme, releaseTags } from '../core/release/gitflow.js';
import type { Git } from '../git/index.js';
import type { BranchReadOptions } from './branches.js';
import { readLineFacts } from './repository.js';

async function workTreeText(git: Git, path: string): Promise<string | null> {
  if (git.workTree === null) return null;
  return readFile(isAbsolute(path) ? path : join(git.workTree, path), 'utf8').catch(() => null);
}

/**
 * A file at a branch; `branches` (the existing ones, with their commits as status reads them: the
 * remote's tip in a plain clone) tells a missing file from a branch that is not there (yet).
 */
async function atBranch(git: Git, branches: ReadonlyMap<string, string | null>, branch: string, path: string): Promise<FileFact> {
  const commit = branches.get(branch);
  if (commit === undefined) return { path, from: branch, text: null, branchMissing: true };
  const blob = commit === null ? null : await git.readFile(commit, path).catch(() => null);
  return { path, from: branch, text: blob === null ? null : blob.toString('utf8') };
}

/** The branch the template names for a version's line (null when it needs a codename nobody gave). */
function templateBranch(policy: Policy, line: string, release: readonly number[]): string | null {
  const [major = 0, minor = 0, patch = 0] = release;
  try {
    const t = policy.branches.release[0]?.template;
    return t ? renderTemplate(t, { major, minor, patch, line, codename: policy.branches.codenames[line] ?? '' }) : null;
  } catch {
    return null; // a template that needs a codename nobody gave
  }
}

/** Reads what `buildChecklist` needs: refs (one for-each-ref), a few files at branches, the work tree's notes. */
export async function readChecklistFacts(git: Git, policy: Policy, asked: string, opts: BranchReadOptions = {}): Promise<ChecklistFacts> {
  const scheme = policyScheme(policy);
  const parsed = scheme.parse(asked);
  const { refs, discovery } = await readLineFacts(git, policy, opts);
  const line = lineKeyOf(parsed, policy.versioning.line);
  // A projected development key names no line; a development line that tags name lives on the
  // development branch until its own branch is cut.
  const found = discovery.lines.find((l) => l.key === line && (l.kind === 'release' || !l.keyProjected));
  const lineBranch = found?.kind === 'release' ? found.branch : null;
  const livesOn = found?.kind === 'development' ? found.branch : null;
  const [major = 0, minor = 0, patch = 0] = parsed.release;
  const expectedBranch = templateBranch(policy, line, parsed.release);
  const tags = refs.filter((r) => r.kind === 'tag');
  const releases = releaseTags(
    policy,
    tags.map((t) => ({ name: t.name, commit: t.commit })),
  ).map((r) => r.version);
  // A version asked as written otherwise (PEP 440's `0.7` is `0.7.0`) is the release as tagged:
  // its tag is v0.7.0, not a v0.7 nobody made.
  const asTagged = releases.find((v) => v !== parsed.raw && scheme.tryParse(v) !== null && scheme.compare(v, parsed) === 0);
  const version = asTagged ?? parsed.raw;
  const branches = new Map(refs.filter((r) => r.kind === 'branch').map((r) => [r.name, r.commit]));
  // Where each role's files are read: the line's branch, or the one the template names while it is not cut.
  const branchOf = (where: 'line' | 'main' | 'develop'): string | null =>
    where === 'line'
      ? (lineBranch ?? livesOn ?? expectedBranch)
      : where === 'main'
        ? policy.branches.main
        : (policy.branches.develop ?? null);
  const when = parsed.isPrerelease ? 'prerelease' : 'release';
  const versionFiles: ChecklistFacts['versionFiles'] = [];
  for (const spec of policy.versionFiles) {
    if (!spec.when.includes(when)) continue;
    const branch = branchOf(spec.branch);
    const file: FileFact =
      branch === null
        ? { path: spec.path, from: spec.branch === 'line' ? `line ${line}` : spec.branch, text: null, branchMissing: true }
        : await atBranch(git, branches, branch, spec.path);
    versionFiles.push({ spec, file });
  }
  const notes: FileFact[] = [];
  if (policy.flow.prepare.notes) {
    const path = renderTemplate(policy.flow.prepare.notes, { version, line, major, minor, patch });
    notes.push({ path, from: 'work tree', text: await workTreeText(git, path) });
    // Each branch once: a git-flow line that lives on main has main as its branch.
    for (const b of new Set([lineBranch ?? livesOn, policy.branches.main, policy.branches.develop])) {
      if (b) notes.push(await atBranch(git, branches, b, path));
    }
  }
  const changelog: FileFact[] = [];
  if (policy.release.changelog !== false) {
    const path = policy.release.changelog;
    const at = lineBranch ?? livesOn;
    if (at) changelog.push(await atBranch(git, branches, at, path));
    changelog.push({ path, from: 'work tree', text: await workTreeText(git, path) });
  }
  return {
    policy,
    version,
    releases,
    tags: new Set(tags.map((t) => t.name)),
    line,
    lineBranch,
    livesOn,
    expectedBranch,
    versionFiles,
    notes,
    changelog,
  };
}
