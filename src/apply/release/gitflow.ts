/**
 * Carries out git-flow releases and hotfixes (src/core/release/gitflow.ts plans them):
 * reads the facts through the git adapter, runs the policy's test command without a shell,
 * makes merge commits without a work tree (`git merge-tree --write-tree`, then `commit-tree`
 * with both parents), writes annotated (optionally signed) tag objects, and changes every ref
 * in ONE `update-ref --stdin` transaction with expected old values.
 *
 * Any failed check or merge conflict: exit 1 and nothing changed (no ref, no file). The work
 * tree and index are only read (`git status` with optional locks off), never written; the one
 * file written is the draft release notes, and only when every check passed.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { repoFilePathProblem } from '../../core/repo-path.js';
import { TrellisError } from '../../core/errors.js';
import type { Policy } from '../../core/policy/schema.js';
import {
  findHotfixBranches,
  pickHotfix,
  gitflowBranches,
  planGitflowRelease,
  planHotfixFinish,
  planHotfixStart,
  releaseTags,
  testCheck,
  type BusyBranch,
  type CommitFact,
  type GitflowReleasePlan,
  type GitflowReport,
  type MergeOutcome,
  type MergeStep,
  type PrepareCheck,
  type RefChange,
  type ReleaseTag,
  type TestRun,
  type UpstreamFact,
  type WorkTreeFact,
} from '../../core/release/gitflow.js';
import { parseIdentLine, parseMergeTree, type Git, type RefUpdate, type Signature } from '../../git/index.js';
import { branchRef, tagRef } from '../../core/refname.js';

/** What every git-flow command needs. */
export interface GitflowContext {
  git: Git;
  policy: Policy;
  /** Environment for the test command (and signing). */
  env: NodeJS.ProcessEnv;
  /** Today, `YYYY-MM-DD` (notes heading). */
  today: string;
}

// ---- facts -------------------------------------------------------------------------------------

/** The branch checked out where Trellis runs and its uncommitted tracked changes; null without a work tree. */
export async function readWorkTree(git: Git): Promise<WorkTreeFact | null> {
  if (git.workTree === null) return null;
  const head = await git.run(['symbolic-ref', '-q', '--short', 'HEAD'], { okExitCodes: [0, 1] });
  const branch = head.exitCode === 0 ? head.stdout.toString('utf8').trim() : null;
  return { path: git.workTree, branch, dirty: await dirtyFiles(git, git.workTree) };
}

/**
 * Tracked files with uncommitted changes (staged or not) in a work tree. Untracked files do not
 * count: they are not changes a release would lose, and the draft notes are one of them.
 * GIT_OPTIONAL_LOCKS=0 (set by the adapter) keeps `git status` from rewriting the index.
 */
export async function dirtyFiles(git: Git, path: string): Promise<string[]> {
  const out = await git.text(['status', '--porcelain=v1', '-z', '--untracked-files=no', '--ignore-submodules=none'], { cwd: path });
  const files: string[] = [];
  const parts = out.split('\0');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] ?? '';
    if (p.length < 4) continue;
    files.push(p.slice(3));
    if (p[0] === 'R' || p[0] === 'C') i++; // the rename's source follows
  }
  return files;
}

/** Each branch's upstream and how many commits the branch lacks from it (no fetch). */
export async function readUpstreams(git: Git, branches: readonly string[]): Promise<UpstreamFact[]> {
  const out = await git.text(['for-each-ref', '--format=%(refname:short)%00%(upstream)', '--', ...branches.map((b) => branchRef(b))]);
  const facts: UpstreamFact[] = [];
  for (const line of out.split('\n')) {
    if (line === '') continue;
    const [branch = '', upstream = ''] = line.split('\0');
    if (upstream === '') {
      facts.push({ branch, upstream: null, behind: null });
      continue;
    }
    const known = await git.revParse([upstream], { allowMissing: true });
    if (!known.has(upstream)) {
      facts.push({ branch, upstream, behind: null });
      continue;
    }
    const n = await git.line(['rev-list', '--count', upstream, `^${branchRef(branch)}`, '--']);
    facts.push({ branch, upstream, behind: Number(n) });
  }
  return facts;
}

/** Every tag name with its commit, and the stable releases among tags reachable from `from`. */
export async function readReleases(git: Git, policy: Policy, from: string): Promise<{ tags: Set<string>; releases: ReleaseTag[] }> {
  const format = '%(refname:short)%00%(objecttype)%00%(objectname)%00%(*objectname)';
  const parse = (out: string) =>
    out
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => {
        const [name = '', type = '', oid = '', peeled = ''] = l.split('\0');
        return { name, commit: type === 'tag' ? peeled || null : type === 'commit' ? oid : null };
      });
  const all = parse(await git.text(['for-each-ref', `--format=${format}`, 'refs/tags']));
  const merged = parse(await git.text(['for-each-ref', `--format=${format}`, `--merged=${from}`, 'refs/tags']));
  return { tags: new Set(all.map((t) => t.name)), releases: releaseTags(policy, merged) };
}

/** Non-merge commits of `range`, newest first. */
async function changesOf(git: Git, range: string[]): Promise<CommitFact[]> {
  const log = await git.log(range, { merges: false });
  return log.map((c) => ({ oid: c.oid, parents: c.parents, subject: c.subject, message: c.message }));
}

/** Worktrees that have one of `branches` checked out (or are rebasing/bisecting it), with their uncommitted files. */
export async function readBusy(git: Git, branches: readonly string[]): Promise<BusyBranch[]> {
  const trees = await git.worktrees();
  const busy: BusyBranch[] = [];
  for (const b of branches) {
    const ref = branchRef(b);
    for (const wt of trees) {
      if (wt.branch !== ref && !wt.busyBranches.includes(ref)) continue;
      busy.push({ branch: b, path: wt.path, dirty: wt.bare ? [] : await dirtyFiles(git, wt.path) });
    }
  }
  return busy;
}

async function branchCommit(git: Git, name: string, role: string): Promise<string> {
  const ref = branchRef(name);
  const found = await git.revParse([ref], { allowMissing: true });
  const oid = found.get(ref);
  if (!oid) throw new TrellisError('not-found', `the ${role} branch '${name}' does not exist`, 2);
  return oid;
}

async function allBranches(git: Git): Promise<Map<string, string>> {
  const out = await git.text(['for-each-ref', '--format=%(refname:short)%00%(objectname)', 'refs/heads']);
  const map = new Map<string, string>();
  for (const line of out.split('\n')) {
    if (line === '') continue;
    const [name = '', oid = ''] = line.split('\0');
    map.set(name, oid);
  }
  return map;
}

// ---- effects -----------------------------------------------------------------------------------

/**
 * Runs the test command as argv (no shell) in `cwd`, with output captured; resolves with its exit
 * code and the last lines of its output. Never throws: a command that cannot start is a failed check.
 */
export function runTestCommand(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<TestRun> {
  return new Promise((done) => {
    const [cmd, ...args] = argv;
    if (!cmd) {
      done({ argv: [...argv], exitCode: null, error: 'empty command', tail: [] });
      return;
    }
    let output = '';
    const keep = (b: Buffer) => {
      output = (output + b.toString('utf8')).slice(-4000);
    };
    const child = spawn(cmd, args, { cwd, env, shell: false, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let failed: string | null = null;
    child.on('error', (e: NodeJS.ErrnoException) => {
      failed = e.code === 'ENOENT' ? `${cmd}: command not found` : e.message;
    });
    child.on('close', (code, signal) => {
      const tail = output
        .split('\n')
        .map((l) => l.trimEnd())
        .filter((l) => l !== '')
        .slice(-3);
      done({ argv: [...argv], exitCode: failed ? null : code, error: failed ?? (signal ? `killed by ${signal}` : null), tail });
    });
  });
}

/** The merge of `theirs` into `ours` without a work tree: the tree, or the conflicting paths. */
export async function mergeTrees(
  git: Git,
  ours: string,
  theirs: string,
): Promise<{ clean: true; tree: string } | { clean: false; conflicts: Array<{ path: string; kind: string }> }> {
  git.require('mergeTreeWriteTree', 'merging without a work tree');
  const res = await git.run(['merge-tree', '--write-tree', '-z', '--messages', ours, theirs], { okExitCodes: [0, 1] });
  const parsed = parseMergeTree(res.stdout.toString('utf8'));
  if (res.exitCode === 0) return { clean: true, tree: parsed.tree };
  return { clean: false, conflicts: parsed.conflicts.map((c) => ({ path: c.path, kind: c.kind })) };
}

async function identity(git: Git, which: 'AUTHOR' | 'COMMITTER'): Promise<Signature> {
  return parseIdentLine(await git.line(['var', `GIT_${which}_IDENT`]));
}

/**
 * An annotated tag object (no ref). Signed tags are made by git itself (`git tag -s`, so
 * `git tag -v` verifies them with the user's GPG or SSH setup) in a scratch repository that
 * borrows this repository's objects through `objects/info/alternates` and has refs of its own;
 * the signed object is then copied here. That keeps the tag ref out of git's hands so it joins
 * the one transaction with the branch updates.
 */
export async function writeTagObject(
  git: Git,
  opts: { name: string; target: string; message: string; sign: boolean | 'gpg' | 'ssh' },
): Promise<string> {
  if (opts.sign === false) return git.writeAnnotatedTag({ name: opts.name, target: opts.target, message: opts.message });
  tagRef(opts.name);
  const scratch = await mkdtemp(join(tmpdir(), 'trellis-sign-'));
  try {
    const dir = join(scratch, 'repo.git');
    await git.run(['init', '-q', '--bare', `--object-format=${git.objectFormat}`, dir]);
    await writeFile(join(dir, 'objects', 'info', 'alternates'), `${resolve(git.commonDir, 'objects')}\n`);
    // Repository-local settings (user.signingkey, gpg.format, ...) are not read there: pass them on.
    const local = await git.run(['config', '--local', '-z', '--get-regexp', '^(user|gpg|tag)\\.'], { okExitCodes: [0, 1] });
    const cfg: string[] = [];
    for (const entry of local.stdout.toString('utf8').split('\0')) {
      if (entry === '') continue;
      const nl = entry.indexOf('\n');
      cfg.push('-c', nl < 0 ? `${entry}=true` : `${entry.slice(0, nl)}=${entry.slice(nl + 1)}`);
    }
    if (opts.sign === 'gpg') cfg.push('-c', 'gpg.format=openpgp');
    if (opts.sign === 'ssh') cfg.push('-c', 'gpg.format=ssh');
    const target = await git.resolve(opts.target);
    await git.run([...cfg, 'tag', '-s', '-F', '-', '--', opts.name, target], { cwd: dir, input: opts.message });
    const oid = await git.line(['rev-parse', '--verify', `refs/tags/${opts.name}`], { cwd: dir });
    const body = (await git.run(['cat-file', 'tag', oid], { cwd: dir })).stdout;
    const copied = await git.line(['hash-object', '-t', 'tag', '-w', '--stdin'], { input: body });
    if (copied !== oid) throw new TrellisError('git', `signed tag object changed while copying (${oid} -> ${copied})`, 2);
    return oid;
  } catch (e) {
    if (e instanceof TrellisError && e.code === 'git') {
      throw new TrellisError('git', `could not sign tag ${opts.name}: ${e.message}`, 2);
    }
    throw e;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Makes (or, in a dry run, predicts) each merge: first every merge tree, then, only when all are
 * clean and this is no dry run, the merge commits (both parents). A conflict anywhere means no
 * commit is written at all.
 */
async function makeMerges(git: Git, steps: readonly MergeStep[], dryRun: boolean): Promise<MergeOutcome[]> {
  const trees: Array<string | null> = [];
  const outcomes: MergeOutcome[] = [];
  for (const m of steps) {
    if (m.alreadyMerged) {
      trees.push(null);
      outcomes.push({ into: m.into, from: m.from, status: 'already-merged', commit: null, conflicts: [] });
      continue;
    }
    const res = await mergeTrees(git, m.ours, m.theirs);
    trees.push(res.clean ? res.tree : null);
    outcomes.push({
      into: m.into,
      from: m.from,
      status: res.clean ? 'merged' : 'conflict',
      commit: null,
      conflicts: res.clean ? [] : res.conflicts,
    });
  }
  if (dryRun || outcomes.some((o) => o.status === 'conflict')) return outcomes;
  let author: Signature | null = null;
  let committer: Signature | null = null;
  for (const [i, m] of steps.entries()) {
    const tree = trees[i];
    if (!tree) continue;
    author ??= await identity(git, 'AUTHOR');
    committer ??= await identity(git, 'COMMITTER');
    outcomes[i]!.commit = await git.commitTree({ tree, parents: [m.ours, m.theirs], message: m.message, author, committer });
  }
  return outcomes;
}

function mergeCheck(outcomes: readonly MergeOutcome[]): PrepareCheck {
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

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function failed(checks: readonly PrepareCheck[]): boolean {
  return checks.some((c) => c.status === 'fail');
}

function toUpdates(refs: readonly RefChange[]): RefUpdate[] {
  return refs.map((r) => ({ ref: r.ref, newOid: r.new, oldOid: r.old }));
}

// ---- release -----------------------------------------------------------------------------------

/** Options of {@link gitflowRelease}. */
export interface GitflowReleaseRun {
  version?: string | null;
  sign?: boolean;
  /** Draft notes file: absolute, or relative to the repository root. Default: `flow.prepare.notes`. */
  notes?: string | null;
  dryRun?: boolean;
}

/** Reads the facts of a git-flow release and plans it (no effects). */
export async function readAndPlanGitflowRelease(ctx: GitflowContext, run: GitflowReleaseRun): Promise<GitflowReleasePlan> {
  const { git, policy } = ctx;
  const names = gitflowBranches(policy);
  const [mainCommit, devCommit] = [await branchCommit(git, names.main, 'main'), await branchCommit(git, names.develop, 'develop')];
  const { tags, releases } = await readReleases(git, policy, mainCommit);
  const latest = releases[releases.length - 1];
  const changes = await changesOf(git, latest ? [devCommit, `^${latest.commit}`] : [devCommit]);
  return planGitflowRelease(
    {
      policy,
      main: { name: names.main, commit: mainCommit },
      develop: { name: names.develop, commit: devCommit },
      workTree: await readWorkTree(git),
      upstreams: await readUpstreams(git, [names.develop, names.main]),
      releases,
      tags,
      changes,
      busy: await readBusy(git, [names.main]),
      developMerged: await git.isAncestor(devCommit, mainCommit),
    },
    { version: run.version, sign: run.sign, notes: run.notes, date: ctx.today },
  );
}

/**
 * `trellis release` for a git-flow policy: checks (each reported ok/fail/skip), then the merge of
 * develop into main, the tag and the notes. Returns the report; exit code 1 when anything failed
 * (then nothing was changed). Bad input (existing or backward version) throws exit 2.
 */
export async function gitflowRelease(
  ctx: GitflowContext,
  run: GitflowReleaseRun = {},
): Promise<GitflowReport & { plan: GitflowReleasePlan }> {
  const { git, policy } = ctx;
  const plan = await readAndPlanGitflowRelease(ctx, run);
  const dryRun = run.dryRun === true;
  const checks = [...plan.checks];
  // The test command runs in the work tree (dry runs too: the checks are part of the plan).
  const argv = policy.flow.prepare.test;
  if (argv && git.workTree !== null) checks.push(testCheck(policy, await runTestCommand(argv, git.workTree, ctx.env)));
  else checks.push(testCheck(policy, null, 'no work tree to run the tests in'));

  const merges = await makeMerges(git, [plan.merge], dryRun || failed(checks));
  checks.push(mergeCheck(merges));

  // A notes path from the policy stays inside the repository (checked when the policy loads, and
  // again here on the rendered name); one given on the command line is the user's own choice.
  if (plan.notes && (run.notes === undefined || run.notes === null)) {
    const problem = repoFilePathProblem(plan.notes.path);
    if (problem)
      throw new TrellisError('policy', `flow.prepare.notes: '${plan.notes.path}' cannot name a file in the repository: ${problem}`, 2);
  }
  const notesFile = plan.notes
    ? isAbsolute(plan.notes.path)
      ? plan.notes.path
      : resolve(git.workTree ?? git.commonDir, plan.notes.path)
    : null;
  const notesExist = notesFile ? await exists(notesFile) : false;
  if (plan.notes) {
    checks.push({
      id: 'notes',
      status: 'ok',
      message: notesExist
        ? `${plan.notes.path} exists: kept as written (not overwritten)`
        : `draft notes ${dryRun ? 'would be written' : 'written'} to ${plan.notes.path} (${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'})`,
    });
  } else {
    checks.push({ id: 'notes', status: 'skip', message: 'no notes file (flow.prepare.notes or --notes)' });
  }

  const merge = merges[0]!;
  const mainRef = branchRef(plan.merge.into);
  const refs: RefChange[] = [];
  if (merge.status !== 'already-merged') {
    refs.push({
      ref: mainRef,
      action: 'update',
      old: plan.merge.ours,
      new: merge.commit,
      what: `merge of ${plan.merge.from} into ${plan.merge.into}`,
    });
  }
  refs.push({
    ref: tagRef(plan.tag),
    action: 'create',
    old: null,
    new: null,
    what: `${plan.sign ? 'signed ' : ''}annotated tag ${plan.tag} on ${plan.merge.into}`,
  });

  const base = { command: 'release' as const, dryRun, version: plan.version, tag: plan.tag, branch: plan.merge.into, merges, refs };
  if (failed(checks)) {
    return {
      ...base,
      plan,
      checks,
      notes: plan.notes ? { path: plan.notes.path, written: false, kept: false } : null,
      exitCode: 1,
      summary: `release ${plan.version} refused: ${checks
        .filter((c) => c.status === 'fail')
        .map((c) => c.id)
        .join(', ')} failed; nothing was changed`,
    };
  }
  if (dryRun) {
    return {
      ...base,
      plan,
      checks,
      notes: plan.notes ? { path: plan.notes.path, written: false, kept: notesExist } : null,
      exitCode: 0,
      summary: `dry run: ${plan.version} would be released (${plan.tag} on a merge of ${plan.merge.from} into ${plan.merge.into})`,
    };
  }
  const target = merge.commit ?? plan.merge.ours;
  const tagOid = await writeTagObject(git, { name: plan.tag, target, message: plan.tagMessage, sign: signMode(policy, plan.sign) });
  refs[refs.length - 1]!.new = tagOid;
  let wrote = false;
  if (plan.notes && notesFile && !notesExist) {
    await mkdir(dirname(notesFile), { recursive: true });
    await writeFile(notesFile, plan.notes.text, { flag: 'wx' });
    wrote = true;
  }
  try {
    await git.updateRefs(toUpdates(refs), {
      message: `trellis: release ${plan.version} (merge ${plan.merge.from} into ${plan.merge.into})`,
    });
  } catch (e) {
    if (wrote && notesFile) await rm(notesFile, { force: true });
    throw e;
  }
  return {
    ...base,
    plan,
    checks,
    notes: plan.notes ? { path: plan.notes.path, written: wrote, kept: notesExist } : null,
    exitCode: 0,
    summary: `released ${plan.version}: ${plan.merge.from} merged into ${plan.merge.into}, tagged ${plan.tag}`,
  };
}

/** How to sign: false, true (git's configured format), or the policy's gpg/ssh. */
function signMode(policy: Policy, sign: boolean): boolean | 'gpg' | 'ssh' {
  if (!sign) return false;
  return policy.release.sign === 'gpg' || policy.release.sign === 'ssh' ? policy.release.sign : true;
}

// ---- hotfix ------------------------------------------------------------------------------------

/** `trellis hotfix start VERSION`: the hotfix branch at main's latest release. */
export async function hotfixStart(ctx: GitflowContext, opts: { version: string; dryRun?: boolean }): Promise<GitflowReport> {
  const { git, policy } = ctx;
  const main = policy.branches.main;
  const mainCommit = await branchCommit(git, main, 'main');
  const { releases } = await readReleases(git, policy, mainCommit);
  const plan = planHotfixStart(
    { policy, main: { name: main, commit: mainCommit }, releases, branches: await allBranches(git) },
    opts.version,
  );
  const dryRun = opts.dryRun === true;
  const ref = branchRef(plan.branch);
  const checks: PrepareCheck[] = [
    {
      id: 'develop-branch',
      status: 'ok',
      message: `${plan.version} is the next patch of ${plan.base.version} (${plan.base.tag}, the latest release on ${main})${plan.mainAhead ? `; ${main} has commits after it, which the hotfix leaves out` : ''}`,
    },
  ];
  const refs: RefChange[] = plan.exists
    ? []
    : [{ ref, action: 'create', old: null, new: plan.base.commit, what: `branch at ${plan.base.tag}` }];
  const report: GitflowReport = {
    command: 'hotfix start',
    dryRun,
    version: plan.version,
    tag: null,
    branch: plan.branch,
    checks,
    merges: [],
    refs,
    notes: null,
    exitCode: 0,
    summary: plan.exists
      ? `${plan.branch} already exists at ${plan.base.tag}: nothing to do`
      : dryRun
        ? `dry run: would create ${plan.branch} at ${plan.base.tag}`
        : `created ${plan.branch} at ${plan.base.tag}; commit the fix there, then run 'trellis hotfix finish ${plan.version}'`,
  };
  if (!dryRun && refs.length > 0) await git.updateRefs(toUpdates(refs), { message: `trellis: hotfix start ${plan.version}` });
  return report;
}

/**
 * `trellis hotfix finish [VERSION]`: the hotfix branch merged into every `flow.hotfix.mergeInto`
 * branch, the patch release tagged on main's merge, the hotfix branch deleted; one transaction.
 */
export async function hotfixFinish(
  ctx: GitflowContext,
  opts: { version?: string | null; dryRun?: boolean; sign?: boolean },
): Promise<GitflowReport> {
  const { git, policy } = ctx;
  const branches = await allBranches(git);
  const hotfixes = findHotfixBranches(policy, branches);
  const roles = policy.flow.hotfix.mergeInto;
  const targets: Array<{ name: string; commit: string; role: 'main' | 'develop' }> = [];
  for (const role of ['main', 'develop'] as const) {
    if (!roles.includes(role)) continue;
    const name = role === 'main' ? policy.branches.main : policy.branches.develop;
    if (name === undefined) throw new TrellisError('policy', 'flow.hotfix.mergeInto names develop but branches.develop is not set', 2);
    targets.push({ name, commit: await branchCommit(git, name, role), role });
  }
  const mainTarget = targets.find((t) => t.role === 'main');
  const { tags, releases } = await readReleases(git, policy, mainTarget?.commit ?? targets[0]?.commit ?? 'HEAD');
  const hotfix = pickHotfix(policy, hotfixes, opts.version);
  const contains = new Map<string, boolean>();
  for (const t of targets) contains.set(t.name, await git.isAncestor(hotfix.commit, t.commit));
  // The hotfix's changes: its commits since the release it started from (even when a target
  // already took them through a pull request).
  const started = (await readReleases(git, policy, hotfix.commit)).releases.at(-1);
  const changes = await changesOf(git, started ? [hotfix.commit, `^${started.commit}`] : [hotfix.commit]);
  const busy = await readBusy(git, [...targets.map((t) => t.name), hotfix.name]);
  const plan = planHotfixFinish(
    { policy, hotfixes, targets, contains, releases, tags, changes, busy },
    { version: hotfix.version, sign: opts.sign },
  );
  const dryRun = opts.dryRun === true;
  const checks = [...plan.checks];
  const merges = await makeMerges(git, plan.merges, dryRun || failed(checks));
  checks.push(mergeCheck(merges));
  const refs: RefChange[] = [];
  merges.forEach((m, i) => {
    const step = plan.merges[i]!;
    if (m.status === 'already-merged') return;
    refs.push({
      ref: branchRef(step.into),
      action: 'update',
      old: step.ours,
      new: m.commit,
      what: `merge of ${step.from} into ${step.into}`,
    });
  });
  const mainName = policy.branches.main;
  refs.push({
    ref: tagRef(plan.tag),
    action: 'create',
    old: null,
    new: null,
    what: `${plan.sign ? 'signed ' : ''}annotated tag ${plan.tag} on ${mainName}`,
  });
  refs.push({ ref: branchRef(plan.hotfix.name), action: 'delete', old: plan.hotfix.commit, new: null, what: 'hotfix branch deleted' });
  const report: GitflowReport = {
    command: 'hotfix finish',
    dryRun,
    version: plan.version,
    tag: plan.tag,
    branch: plan.hotfix.name,
    checks,
    merges,
    refs,
    notes: null,
    exitCode: 0,
    summary: '',
  };
  if (failed(checks)) {
    return {
      ...report,
      exitCode: 1,
      summary: `hotfix ${plan.version} not finished: ${checks
        .filter((c) => c.status === 'fail')
        .map((c) => c.id)
        .join(', ')} failed; nothing was changed`,
    };
  }
  if (dryRun) {
    return {
      ...report,
      summary: `dry run: would merge ${plan.hotfix.name} into ${plan.merges.map((m) => m.into).join(' and ')}, tag ${plan.tag}, delete ${plan.hotfix.name}`,
    };
  }
  const mainMerge = merges[plan.merges.findIndex((m) => m.into === mainName)];
  const target = mainMerge?.commit ?? targets.find((t) => t.role === 'main')!.commit;
  const tagOid = await writeTagObject(git, { name: plan.tag, target, message: plan.tagMessage, sign: signMode(policy, plan.sign) });
  refs[refs.length - 2]!.new = tagOid;
  await git.updateRefs(toUpdates(refs), { message: `trellis: hotfix finish ${plan.version}` });
  return {
    ...report,
    summary: `finished hotfix ${plan.version}: merged into ${plan.merges.map((m) => m.into).join(' and ')}, tagged ${plan.tag}, deleted ${plan.hotfix.name}`,
  };
}
