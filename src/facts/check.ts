/**
 * What `trellis check` reads through the git adapter (src/core/check/ decides). Only what the
 * rules that are on need, and only for the mode asked:
 *
 * - always: the branches and the lines (facts/repository.ts: one `for-each-ref`, at most one log);
 * - a pull request (`--base/--head`): one `git log --name-only` of base..head, then the files it
 *   changes at head (one `cat-file --batch`) when base is a release or backport branch;
 * - the repository's state: each release line's own commits (one `git log` per line, from where
 *   it left the development branch), the coverage ledger of `trellis missing`
 *   (facts/coverage/, with its caches) and the dates of changes missing somewhere, the files the
 *   lines changed (one `cat-file --batch`);
 * - tags (./check-tags.ts): which branches hold the tags judged (one `rev-list` per line) and
 *   the messages of the final ones (one `cat-file --batch`).
 *
 * The advisory records are read by the use case (app/check.ts): their fixes are given here, so
 * commits are classified as `missing` classifies them, and their lines are derived as `advisory
 * sla` derives them.
 */
import { namingCommit, type AdvisoryFixes } from '../core/advisory/fixes.js';
import type { ChangeKind } from '../core/changes/kind.js';
import { classifyCommit } from '../core/changes/classify.js';
import { compileChangeRules, type ChangeRules } from '../core/changes/rules.js';
import type { CheckCommit, CheckFacts, ChangedFile, LineCommits, PolicyProblemFact, PullRequestFacts } from '../core/check/types.js';
import { ruleEnabled } from '../core/check/index.js';
import { TrellisError } from '../core/errors.js';
import { linesToday, type LineToday } from '../core/lines/today.js';
import { dateOf } from '../core/policy/duration.js';
import type { CheckRuleId } from '../core/policy/schema-check.js';
import type { Policy } from '../core/policy/schema.js';
import { matchTemplate, parseTemplate } from '../core/policy/template.js';
import { originOf } from '../core/release/changelog.js';
import type { CommitInfo, Git } from '../git/index.js';
import type { BranchTips } from './branches.js';
import { readMissingChanges, readTagFacts } from './check-tags.js';
import { readLineFacts } from './repository.js';

export interface CheckReadOptions {
  /** The day the check is about (`YYYY-MM-DD`). */
  date: string;
  base?: string | undefined;
  head?: string | undefined;
  /** The pull request's kind, overriding each commit's. */
  kind?: ChangeKind | undefined;
  remote?: string | null | undefined;
  policyProblems: PolicyProblemFact[];
  /**
   * What the advisory records say of their fixes (core/advisory/fixes.ts): such a commit, or one
   * carried from it, is a security fix for every rule, as for `missing` and `backport --auto`.
   */
  advisoryFixes?: AdvisoryFixes | undefined;
}

/** Files larger than this are not searched for conflict markers (generated or binary files). */
const MAX_FILE_BYTES = 2_000_000;

export async function readCheckFacts(git: Git, policy: Policy, opts: CheckReadOptions): Promise<CheckFacts> {
  const on = (id: CheckRuleId) => ruleEnabled(policy, id);
  const { discovery, branches } = await readLineFacts(git, policy, { remote: opts.remote });
  const lines = linesToday(discovery, policy, opts.date);
  const branchNames = new Set(branches.tips.keys());
  const rules: Classifier = {
    rules: compileChangeRules(policy.changes),
    fixes: opts.advisoryFixes?.ids,
    originTrailer: policy.backport.originTrailer,
  };
  const facts: CheckFacts = {
    policy,
    date: opts.date,
    discovery,
    lines,
    branches: branchNames,
    pr: null,
    policyProblems: opts.policyProblems,
    lineCommits: null,
    missing: null,
    tags: null,
    files: null,
    advisories: null,
    advisoryProblems: [],
  };
  if (opts.base !== undefined || opts.head !== undefined) {
    if (opts.base === undefined || opts.head === undefined) throw new TrellisError('usage', 'give both --base BRANCH and --head REV', 2);
    const pr = await readPullRequest(git, policy, lines, branches.tips, { ...opts, base: opts.base, head: opts.head }, rules);
    facts.pr = pr.facts;
    if (on('conflict-markers') && pr.facts.releaseOrBackport) facts.files = await readFiles(git, pr.headOid, pr.facts.head, null, pr.paths);
  } else {
    if (on('eol-commits') || on('feature-into-closed-line') || on('conflict-markers')) {
      facts.lineCommits = await readLineCommits(git, lines, opts.kind, rules);
    }
    if (on('security-missing') || on('backport-overdue'))
      facts.missing = await readMissingChanges(git, policy, opts.date, opts.remote, opts.advisoryFixes);
    if (on('conflict-markers')) facts.files = await readLineFiles(git, lines, facts.lineCommits ?? []);
  }
  if (on('tag-on-wrong-line') || on('testing-window')) {
    const inRange = facts.pr ? new Set(facts.pr.commits.map((c) => c.oid)) : null;
    facts.tags = await readTagFacts(git, policy, lines, opts.date, inRange);
  }
  return facts.pr ? facts : sinceBaseline(facts, policy.check.since);
}

/**
 * The repository's state from `check.since` on (a project adopting Trellis accepts its history):
 * commits, missing changes and tags dated before it are left out; release candidates stay as
 * context for the testing window.
 */
function sinceBaseline(facts: CheckFacts, since: string | undefined): CheckFacts {
  if (since === undefined) return facts;
  const recent = (d: string | null) => d === null || d >= since;
  return {
    ...facts,
    lineCommits: facts.lineCommits?.map((lc) => ({ ...lc, commits: lc.commits.filter((c) => recent(c.date)) })) ?? null,
    missing: facts.missing?.filter((c) => recent(c.date)) ?? null,
    tags: facts.tags?.map((t) => ({ ...t, inScope: t.inScope && recent(t.date) })) ?? null,
  };
}

/** The short branch name a base is given as (`refs/heads/X`, `origin/X` when X is a known branch). */
function baseBranchName(base: string, tips: BranchTips): string {
  const name = base.replace(/^refs\/heads\//, '').replace(/^refs\/remotes\/[^/]+\//, '');
  if (tips.has(name)) return name;
  const slash = name.indexOf('/');
  return slash > 0 && tips.has(name.slice(slash + 1)) ? name.slice(slash + 1) : name;
}

async function readPullRequest(
  git: Git,
  policy: Policy,
  lines: readonly LineToday[],
  tips: BranchTips,
  req: CheckReadOptions & { base: string; head: string },
  rules: Classifier,
): Promise<{ facts: PullRequestFacts; headOid: string; paths: string[] }> {
  for (const [flag, v] of [
    ['--base', req.base],
    ['--head', req.head],
  ] as const) {
    if (v === '' || v.startsWith('-')) throw new TrellisError('usage', `${flag} needs a branch or revision, got '${v}'`, 2);
  }
  const name = baseBranchName(req.base, tips);
  const tip = tips.get(name);
  const baseOid = tip?.commit ?? (await git.resolve(req.base, { peel: 'commit' }));
  const headOid = await git.resolve(req.head, { peel: 'commit' });
  const log = await git.log([headOid, `^${baseOid}`], { paths: true });
  const line = lines.find((l) => l.branch === name || l.line.branches.some((b) => b.name === name)) ?? null;
  const commits = log.map((c) => checkCommit(c, req.kind, rules));
  const paths = [...new Set(log.flatMap((c) => c.paths ?? []))];
  return {
    facts: {
      base: name,
      head: req.head,
      line,
      releaseOrBackport: line?.kind === 'release' || isBackportBranch(policy, name) || isBackportBranch(policy, req.head),
      commits,
    },
    headOid,
    paths,
  };
}

function isBackportBranch(policy: Policy, name: string): boolean {
  try {
    return matchTemplate(parseTemplate(policy.branches.backport, 'backportBranch'), name) !== null;
  } catch {
    return false;
  }
}

/** The change rules and what the advisory records say (a commit they name as a fix is a security fix). */
interface Classifier {
  rules: ChangeRules;
  fixes: ReadonlyMap<string, readonly string[]> | undefined;
  originTrailer: string | undefined;
}

/** A commit as the rules read it: its kind by the policy's change rules (or the one asked), its committer day. */
function checkCommit(c: CommitInfo, kind: ChangeKind | undefined, cl: Classifier): CheckCommit {
  const seconds = Date.parse(c.committer.date);
  return {
    oid: c.oid,
    subject: c.subject,
    message: c.message,
    date: Number.isNaN(seconds) ? '0000-01-01' : dateOf(new Date(seconds)),
    kind: kind ?? classifyCommit({ message: c.message, paths: c.paths ?? null, advisories: advisoriesOf(c, cl) }, cl.rules).kind,
  };
}

/** The advisories naming the commit (or the commit it was carried from) as a fix. */
function advisoriesOf(c: CommitInfo, cl: Classifier): string[] | undefined {
  if (!cl.fixes || cl.fixes.size === 0) return undefined;
  const origin = originOf(c.message, cl.originTrailer);
  return namingCommit(cl.fixes, c.oid, origin ? [origin] : []);
}

/** Each release line's own commits: from its branch back to where it left the development branch. */
async function readLineCommits(
  git: Git,
  lines: readonly LineToday[],
  kind: ChangeKind | undefined,
  rules: Classifier,
): Promise<Array<LineCommits & { paths: string[] }>> {
  const dev = lines.find((l) => l.kind === 'development')?.line.branchCommit ?? null;
  const out: Array<LineCommits & { paths: string[] }> = [];
  for (const l of lines) {
    const tip = l.line.branchCommit;
    if (l.kind !== 'release' || l.branch === null || tip === null) continue;
    const stop = l.line.forkPoint?.commit ?? dev;
    if (stop === null) continue;
    const log = await git.log([tip, `^${stop}`], { paths: true });
    out.push({
      line: l.key,
      branch: l.branch,
      commits: log.map((c) => checkCommit(c, kind, rules)),
      paths: [...new Set(log.flatMap((c) => c.paths ?? []))],
    });
  }
  return out;
}

/** The files the maintained lines changed, at each line's tip (end-of-life lines are not read). */
async function readLineFiles(git: Git, lines: readonly LineToday[], lineCommits: readonly LineCommits[]): Promise<ChangedFile[]> {
  const out: ChangedFile[] = [];
  for (const lc of lineCommits as ReadonlyArray<LineCommits & { paths?: string[] }>) {
    const l = lines.find((x) => x.key === lc.line);
    if (!l || l.status === 'end-of-life' || l.line.branchCommit === null) continue;
    out.push(...(await readFiles(git, l.line.branchCommit, lc.branch, l.key, lc.paths ?? [])));
  }
  return out;
}

/** The text of `paths` at commit `at` (deleted and oversized files left out), in one `cat-file --batch`. */
async function readFiles(git: Git, at: string, shown: string, line: string | null, paths: readonly string[]): Promise<ChangedFile[]> {
  // A path with a newline cannot be asked for on cat-file's line protocol; such a file is not read.
  const asked = paths.filter((p) => !p.includes('\n'));
  const objects = await git.readObjects(asked.map((p) => `${at}:${p}`));
  const out: ChangedFile[] = [];
  objects.forEach((o, i) => {
    if (!o || o.type !== 'blob' || o.size > MAX_FILE_BYTES) return;
    out.push({ path: asked[i]!, at: shown, line, text: o.content.toString('utf8') });
  });
  return out;
}
