/**
 * What the checks of a policy against its repository read (core/repo-checks): the refs (one
 * `for-each-ref`; remote-tracking branches count where no local branch has the name, as status
 * reads them) and, when the policy names version files, those files at the tips of the branches
 * they are written on (one `cat-file --batch`). No history is read. Only a policy with version
 * files on line branches needs the lines of today, and so the tags' dates; otherwise the names
 * and commits of the refs are enough (a lighter `for-each-ref` that reads no tag object).
 */
import { discoverLines, linesToday } from '../core/lines/index.js';
import type { Policy } from '../core/policy/schema.js';
import { needsLines, repositoryFindings, versionFileReads, type RepoFinding, type RepositoryFacts } from '../core/repo-checks/index.js';
import { refNames, type Git } from '../git/index.js';
import { DEFAULT_REMOTE, readProjectBranches } from './branches.js';

/** The findings of the repository checks for `policy` on `today` (`YYYY-MM-DD`). */
export async function readRepositoryFindings(git: Git, policy: Policy, today: string): Promise<RepoFinding[]> {
  const facts = needsLines(policy) ? await withLines(git, policy, today) : await namesOnly(git);
  const reads = versionFileReads(policy, facts);
  const names = [...new Set(reads.map((r) => `${r.commit}:${r.path}`))];
  const objects = names.length > 0 ? await git.readObjects(names) : [];
  const texts = new Map<string, string>();
  names.forEach((name, i) => {
    const o = objects[i];
    if (o?.type === 'blob') texts.set(name, o.content.toString('utf8'));
  });
  // The file parsers load only for a policy that has version files (these checks run before every command).
  const readFile = reads.length > 0 ? (await import('../core/release/updaters/index.js')).readVersionFile : () => undefined;
  return repositoryFindings(policy, facts, reads, (r) => texts.get(`${r.commit}:${r.path}`), readFile);
}

async function withLines(git: Git, policy: Policy, today: string): Promise<RepositoryFacts> {
  // The branches as every command reads them (facts/branches.ts): a clone's origin/* included.
  const refs = (await readProjectBranches(git, policy)).facts;
  return {
    lines: linesToday(discoverLines(refs, policy), policy, today),
    branches: new Map(refs.filter((r) => r.kind === 'branch').map((r) => [r.name, r.commit])),
    tags: refs.filter((r) => r.kind === 'tag').map((r) => r.name),
  };
}

async function namesOnly(git: Git): Promise<RepositoryFacts> {
  const { branches, remotes, tags } = await refNames(git);
  const prefix = `${DEFAULT_REMOTE}/`;
  const all = new Map<string, string | null>(branches);
  for (const [name, oid] of remotes) {
    const short = name.startsWith(prefix) ? name.slice(prefix.length) : null;
    if (short !== null && short !== 'HEAD' && !all.has(short)) all.set(short, oid);
  }
  return { lines: [], branches: all, tags };
}
