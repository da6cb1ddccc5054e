/**
 * The facts a backport is planned from, read through the git adapter in batches: the commits
 * to carry, every branch tip, today's release lines, and which line branches contain a commit.
 */
import type { RevisionArg } from '../core/backport/index.js';
import { TrellisError } from '../core/errors.js';
import { discoverLines, linesToday, type LineToday } from '../core/lines/index.js';
import { renderTemplate } from '../core/policy/template.js';
import type { Policy } from '../core/policy/schema.js';
import { branchesContaining, commitsInRange, type CommitObject, type Git } from '../git/index.js';
import { refFacts } from './repository.js';

/** Reads the commits of checked revision arguments, ranges oldest first, each commit once; exit 2 when a range is empty. */
export async function readSourceCommits(git: Git, args: readonly RevisionArg[]): Promise<CommitObject[]> {
  const oids: string[] = [];
  for (const arg of args) {
    if ('range' in arg) {
      const ends = await git.revParse([arg.from, arg.to], { peel: 'commit' });
      const inRange = await commitsInRange(git, ends.get(arg.from) as string, ends.get(arg.to) as string);
      if (inRange.length === 0) throw new TrellisError('bad-input', `range '${arg.range}' has no commits`, 2);
      oids.push(...inRange);
    } else {
      oids.push((await git.revParse([arg.rev], { peel: 'commit' })).get(arg.rev) as string);
    }
  }
  return git.readCommits([...new Set(oids)]);
}

/** Branch (short name) → tip, for every local branch: one `for-each-ref`. */
export async function readBranchTips(git: Git): Promise<Map<string, string>> {
  const refs = await git.refs({ patterns: ['refs/heads'] });
  return new Map(refs.filter((r) => r.commit).map((r) => [r.shortName, r.commit as string]));
}

/**
 * Today's lines with their support status: discovered from refs by the policy's templates (one
 * `for-each-ref`), support computed for `date`. No history walk is needed.
 */
export async function readLinesToday(git: Git, policy: Policy, date: string): Promise<LineToday[]> {
  return linesToday(discoverLines(refFacts(await git.refs()), policy), policy, date);
}

/** `--introduced REV|VERSION`: a revision, or a version rendered through the tag templates. */
export async function resolveIntroduced(git: Git, policy: Policy, value: string): Promise<string> {
  if (value.startsWith('-')) throw new TrellisError('bad-input', `invalid --introduced '${value}'`, 2);
  const found = await git.revParse([value], { peel: 'commit', allowMissing: true });
  const direct = found.get(value);
  if (direct) return direct;
  const tags = policy.versioning.tag.map((t) => renderTemplate(t, { version: value }));
  const viaTag = await git.revParse(
    tags.map((t) => `refs/tags/${t}`),
    { peel: 'commit', allowMissing: true },
  );
  for (const t of tags) {
    const c = viaTag.get(`refs/tags/${t}`);
    if (c) return c;
  }
  throw new TrellisError(
    'bad-input',
    `--introduced '${value}' is neither a commit nor a released version (no tag ${tags.join(' or ')})`,
    2,
  );
}

/**
 * The keys of the lines whose branch contains one of `commits` (revisions, resolved first; exit
 * 2 naming the first the repository does not have). `lines` with a branch that exists only.
 */
export async function linesContainingAny(
  git: Git,
  commits: readonly string[],
  lines: ReadonlyArray<{ key: string; branch: string | null }>,
): Promise<Set<string>> {
  const resolved = await git.revParse(commits, { peel: 'commit', allowMissing: true });
  const missing = commits.filter((i) => !resolved.has(i));
  if (missing.length > 0)
    throw new TrellisError(
      'bad-input',
      `Fixes: names commit '${missing[0]}', which this repository does not have; say where the bug came from with --introduced REV|VERSION`,
      2,
    );
  const out = new Set<string>();
  for (const oid of resolved.values()) for (const key of await linesContaining(git, oid, lines)) out.add(key);
  return out;
}

/** The keys of the lines whose branch contains `commit`: one `for-each-ref --contains`. */
export async function linesContaining(
  git: Git,
  commit: string,
  lines: ReadonlyArray<{ key: string; branch: string | null }>,
): Promise<Set<string>> {
  const has = await branchesContaining(
    git,
    commit,
    lines.flatMap((l) => (l.branch ? [l.branch] : [])),
  );
  return new Set(lines.filter((l) => l.branch && has.has(l.branch)).map((l) => l.key));
}
