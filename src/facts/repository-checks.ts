/**
 * What the checks of a policy against its repository read (core/repo-checks): the refs (one
 * `for-each-ref`, remote-tracking branches included, as status reads them) and, when the policy
 * names version files, those files at the tips of the branches they are written on (one
 * `cat-file --batch`). No history is read.
 */
import { discoverLines, linesToday } from '../core/lines/index.js';
import type { Policy } from '../core/policy/schema.js';
import { repositoryFindings, versionFileReads, type RepoFinding, type RepositoryFacts } from '../core/repo-checks/index.js';
import type { Git } from '../git/index.js';
import { refFacts } from './repository.js';

/** The findings of the repository checks for `policy` on `today` (`YYYY-MM-DD`). */
export async function readRepositoryFindings(git: Git, policy: Policy, today: string): Promise<RepoFinding[]> {
  const refs = refFacts(await git.refs({ remotes: true }));
  const facts: RepositoryFacts = {
    lines: linesToday(discoverLines(refs, policy), policy, today),
    branches: new Map(refs.filter((r) => r.kind === 'branch').map((r) => [r.name, r.commit])),
    tags: refs.filter((r) => r.kind === 'tag').map((r) => r.name),
  };
  const reads = versionFileReads(policy, facts);
  const names = [...new Set(reads.map((r) => `${r.commit}:${r.path}`))];
  const objects = names.length > 0 ? await git.readObjects(names) : [];
  const texts = new Map<string, string>();
  names.forEach((name, i) => {
    const o = objects[i];
    if (o?.type === 'blob') texts.set(name, o.content.toString('utf8'));
  });
  return repositoryFindings(policy, facts, reads, (r) => texts.get(`${r.commit}:${r.path}`));
}
