/**
 * Facts of a Goose-style extension and its core: the core opened as a second repository (the
 * submodule's own repository, else a local clone), its phase read from its own policy and refs,
 * the extension's active branches, and the pinned core versions (the submodule commit and the
 * workflow file's target version) with the core refs each one matches.
 *
 * Cost: the core's line facts (see facts/repository.ts: one `for-each-ref`, one bounded `git log`),
 * the extension's, and per pin one `ls-tree` or `cat-file` plus a few `merge-base --is-ancestor`.
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { TrellisError } from '../core/errors.js';
import type { CoreRef } from '../core/extension/types.js';
import { linesToday, type ReleaseLine } from '../core/lines/index.js';
import { phaseCycle } from '../core/lines/target-phases.js';
import { loadPolicy } from '../core/policy/load.js';
import type { Phase, Policy } from '../core/policy/schema.js';
import { repoFilePathProblem } from '../core/repo-path.js';
import { Git, updateMirror } from '../git/index.js';
import { readPolicy } from './policy-file.js';
import { readLineFacts } from './repository.js';

export type ExtensionPolicy = NonNullable<Policy['extension']>;

/** A branch and the commit it is at. */
export interface BranchAt {
  branch: string;
  commit: string;
}

/** The core as the extension tables read it. */
export interface CoreFacts {
  git: Git;
  policy: Policy;
  /** Where the core was opened from, as shown (`submodule goose`, `../goose`). */
  where: string;
  phase: Phase;
  phaseSource: string;
  main: BranchAt;
  /** The newest released line `x.y`, its branch `vx.y-codename` and its newest release `vx.y.z`. */
  current: { line: string; branch: BranchAt | null; release: { tag: string; version: string; commit: string } | null } | null;
  /** The line being prepared `x.<y+1>` and its branch `vx.<y+1>-codename` once it exists. */
  next: { line: string; branch: BranchAt | null } | null;
  warnings: string[];
}

/** The extension's policy section, or a `bad-input` error saying how to declare one. */
export function extensionPolicy(policy: Policy, file: string): ExtensionPolicy {
  if (!policy.extension)
    throw new TrellisError(
      'bad-input',
      `${file} has no 'extension' section: this repository is not declared as an extension of a core (see docs/extensions.md)`,
      2,
    );
  return policy.extension;
}

/** The core repository opened, where it is (as shown), and whether its branches are the fetched ones (`origin/*`). */
export interface OpenedCore {
  git: Git;
  where: string;
  /** A submodule or a fetched copy: the remote's branches are the core's, the local ones are stale. */
  tracking: boolean;
  warnings: string[];
}

/** Opens the core's repository: the submodule's repository (checked out or only under .git/modules), a local clone, or a fetched copy of a remote. */
export async function openCoreRepository(ext: Git, policy: ExtensionPolicy, env: NodeJS.ProcessEnv): Promise<OpenedCore> {
  const { submodule, path, remote } = policy.core;
  if ([submodule, path, remote].filter((x) => x !== undefined).length !== 1)
    throw new TrellisError('bad-input', `extension.core needs exactly one of 'submodule', 'path' and 'remote'`, 2);
  const root = ext.workTree ?? ext.gitDir;
  if (submodule !== undefined) {
    const problem = repoFilePathProblem(submodule);
    if (problem) throw new TrellisError('bad-input', `extension.core.submodule '${submodule}': ${problem}`, 2);
    const checkedOut = join(root, submodule);
    const hasGit = await stat(join(checkedOut, '.git')).catch(() => null);
    const dir = hasGit ? checkedOut : join(ext.commonDir, 'modules', submodule);
    if (!(await stat(dir).catch(() => null)))
      throw new TrellisError(
        'not-found',
        `the core submodule '${submodule}' is not cloned: run 'git submodule update --init -- ${submodule}'`,
        2,
      );
    return { git: await Git.open(dir, { env }), where: `submodule ${submodule}`, tracking: true, warnings: [] };
  }
  if (remote !== undefined) {
    const { dir, stale } = await updateMirror(ext, 'core', remote);
    const warnings = stale ? [`could not fetch the core from ${remote} (${stale}): reading the copy as last fetched`] : [];
    return { git: await Git.open(dir, { env }), where: `remote ${remote}`, tracking: true, warnings };
  }
  const dir = resolve(root, path!);
  if (!(await stat(dir).catch(() => null))) throw new TrellisError('not-found', `extension.core.path: ${dir} does not exist`, 2);
  return { git: await Git.open(dir, { env }), where: path!, tracking: false, warnings: [] };
}

/**
 * The core's policy. A submodule's checkout is the pinned commit, whose policy may be old: the
 * phase is the core's today, so a tracked core's policy is read from its development branch as
 * fetched (`origin/HEAD`), else from its checkout.
 */
async function corePolicy(core: OpenedCore, cwd: string): Promise<Policy> {
  if (core.tracking) {
    const rev = 'refs/remotes/origin/HEAD';
    const blob = await core.git.readFile(rev, '.trellis.yml').catch(() => null);
    if (blob) return loadPolicy(blob.toString('utf8'), `${core.where}: ${rev}:.trellis.yml`);
  }
  if (core.git.workTree === null && core.tracking)
    throw new TrellisError('not-found', `the core (${core.where}) has no .trellis.yml on origin/HEAD`, 2);
  return (await readPolicy({ git: core.git, cwd })).policy;
}

/** The core's phase, lines and branches on `date`. */
export async function readCoreFacts(
  ext: Git,
  policy: ExtensionPolicy,
  env: NodeJS.ProcessEnv,
  cwd: string,
  date: string,
): Promise<CoreFacts> {
  const core = await openCoreRepository(ext, policy, env);
  const facts = await coreFactsOf(core.git, await corePolicy(core, cwd), core.where, date, core.tracking);
  facts.warnings.unshift(...core.warnings);
  return facts;
}

/** The phase, lines and branches on `date` of a core already opened (the repository itself when run in the core). */
export async function coreFactsOf(git: Git, cp: Policy, where: string, date: string, tracking = false): Promise<CoreFacts> {
  if (!cp.phases)
    throw new TrellisError(
      'bad-input',
      `the core (${where}) has no 'phases' in its policy: its phase cannot be read (use the goose preset)`,
      2,
    );
  const { discovery, refs, branches } = await readLineFacts(git, cp);
  // A submodule's local branches stay where the clone made them; its fetched remote is the core
  // (facts/branches.ts reads the newer tip), so notes about stale local branches say nothing here.
  const warnings = tracking ? discovery.warnings.filter((w) => !branches.notes.includes(w)) : discovery.warnings;
  const branchCommit = new Map(refs.filter((r) => r.kind === 'branch' && r.commit).map((r) => [r.name, r.commit!]));
  const cycle = phaseCycle({
    policy: cp,
    lines: linesToday(discovery, cp, date),
    developmentBranch: discovery.developmentBranch,
    branches: new Set(branchCommit.keys()),
    kind: 'bugfix',
    date,
  });
  const mainCommit = branchCommit.get(cycle.main);
  if (!mainCommit) throw new TrellisError('not-found', `the core (${where}) has no branch ${cycle.main}`, 2);
  const at = (b: string | null): BranchAt | null => (b && branchCommit.get(b) ? { branch: b, commit: branchCommit.get(b)! } : null);
  const cur: ReleaseLine | null = cycle.current;
  const rel = cur?.latestRelease;
  return {
    git,
    policy: cp,
    where,
    phase: cycle.phase,
    phaseSource: cycle.source,
    main: { branch: cycle.main, commit: mainCommit },
    current: cur
      ? { line: cur.key, branch: at(cur.branch), release: rel?.commit ? { tag: rel.tag, version: rel.version, commit: rel.commit } : null }
      : null,
    next: cycle.nextKey ? { line: cycle.nextKey, branch: at(cycle.nextBranch) } : null,
    warnings,
  };
}

/** The extension's branches: main and the branches of the core's current and next lines (`vx.y-codename`, `vx.<y+1>-codename`). */
export interface ExtensionBranches {
  main: BranchAt;
  current: BranchAt | null;
  next: BranchAt | null;
  /** Codename branches of older lines: inactive ("vx.<y-n>-codename where n >= 1"). */
  inactive: string[];
  /** Codename branches of lines the core does not have yet (after x.<y+1>). */
  ahead: string[];
}

export async function readExtensionBranches(
  git: Git,
  policy: Policy,
  core: CoreFacts,
  remote: string | null | undefined,
): Promise<ExtensionBranches> {
  const { discovery, refs } = await readLineFacts(git, policy, { remote });
  const commitOf = new Map(refs.filter((r) => r.kind === 'branch' && r.commit).map((r) => [r.name, r.commit!]));
  const main = discovery.developmentBranch;
  if (!commitOf.get(main)) throw new TrellisError('not-found', `the extension has no branch ${main}`, 2);
  const byKey = (k: string | undefined): BranchAt | null => {
    const l = discovery.lines.find((x) => x.kind === 'release' && x.key === k && x.branch);
    return l?.branch && commitOf.get(l.branch) ? { branch: l.branch, commit: commitOf.get(l.branch)! } : null;
  };
  const cur = core.current?.line;
  const nxt = core.next?.line;
  const inactive: string[] = [];
  const ahead: string[] = [];
  for (const l of discovery.lines) {
    if (l.kind !== 'release' || !l.branch || l.key === cur || l.key === nxt) continue;
    (cur && compareKeys(l.key, cur) < 0 ? inactive : ahead).push(l.branch);
  }
  return { main: { branch: main, commit: commitOf.get(main)! }, current: byKey(cur), next: byKey(nxt), inactive, ahead };
}

function compareKeys(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

/** A pinned core version on one extension branch. */
export interface PinFact {
  source: 'submodule' | 'workflow';
  /** As written: the submodule commit, or the workflow's value (a tag, a branch, a commit). */
  value: string | null;
  /** Where it was looked for (`goose`, `.github/workflows/MainDistributionPipeline.yml`). */
  where: string;
  /** The core refs it matches (`release`: the newest release's commit; a branch: on that branch). */
  matches: CoreRef[];
}

/** The pins on the extension's commit `commit`: the submodule's commit and the workflow's target version. */
export async function readPins(ext: Git, policy: ExtensionPolicy, core: CoreFacts, commit: string): Promise<PinFact[]> {
  const pins: PinFact[] = [];
  if (policy.core.submodule) {
    const entry = (await ext.listTree(commit, { paths: [policy.core.submodule] })).find((e) => e.type === 'commit');
    const value = entry?.oid ?? null;
    pins.push({ source: 'submodule', value, where: policy.core.submodule, matches: value ? await matchCommit(core, value) : [] });
  }
  if (policy.workflow) {
    const value = await valueIn(ext, commit, policy.workflow);
    pins.push({ source: 'workflow', value, where: policy.workflow.file, matches: value ? await matchName(core, value) : [] });
  }
  return pins;
}

/** The first capture group of `pin.pattern` in `pin.file` at `rev`, or null. */
export async function valueIn(git: Git, rev: string, pin: { file: string; pattern: string }): Promise<string | null> {
  const blob = await git.readFile(rev, pin.file).catch(() => null);
  if (!blob) return null;
  let re: RegExp;
  try {
    re = new RegExp(pin.pattern, 'm');
  } catch (e) {
    throw new TrellisError('bad-input', `pattern '${pin.pattern}' for ${pin.file} is not a regular expression: ${(e as Error).message}`, 2);
  }
  return re.exec(blob.toString('utf8'))?.[1]?.trim() || null;
}

/** Which core refs a commit matches: the newest release's commit, or a commit on a cycle branch. */
async function matchCommit(core: CoreFacts, commit: string): Promise<CoreRef[]> {
  const out: CoreRef[] = [];
  if (core.current?.release?.commit === commit) out.push('release');
  const branches: Array<[CoreRef, BranchAt | null | undefined]> = [
    ['main', core.main],
    ['current', core.current?.branch],
    ['next', core.next?.branch],
  ];
  for (const [ref, b] of branches) if (b && (await core.git.isAncestor(commit, b.commit).catch(() => false))) out.push(ref);
  return out;
}

/** Which core refs a workflow's value names: a tag or branch by name, else a commit (`v1.2.1`, `main`, `v1.3-ossivalis`, `0a1b2c3`). */
async function matchName(core: CoreFacts, value: string): Promise<CoreRef[]> {
  if (core.current?.release && (value === core.current.release.tag || value === core.current.release.version)) return ['release'];
  if (value === core.main.branch) return ['main'];
  if (value === core.current?.branch?.branch) return ['current'];
  if (value === core.next?.branch?.branch) return ['next'];
  if (!/^[0-9a-f]{7,64}$/.test(value)) return [];
  const commit = await core.git.resolve(value, { peel: 'commit' }).catch(() => null);
  return commit ? matchCommit(core, commit) : [];
}
