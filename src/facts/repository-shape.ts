/**
 * What `trellis init` reads of a repository to propose a policy (see core/policy/detect.ts): the
 * branch and tag names (one `for-each-ref`), the remotes' default branch, the files at the
 * development branch (one `ls-tree`) and the few files that name versions (one `cat-file` each).
 */
import { filesToRead } from '../core/policy/detect-files.js';
import type { RepoShape } from '../core/policy/detect.js';
import { checkedOutBranch, remoteHeadBranch, remoteNames, type Git } from '../git/index.js';

/** How deep in the tree version files are looked for (`src/pkg/version.py`). */
const MAX_DEPTH = 3;

export async function readRepositoryShape(
  git: Git,
  folder: string,
): Promise<Omit<RepoShape, 'files' | 'texts'> & { files: string[]; texts: Record<string, string> }> {
  const [refs, remotes, checkedOut] = await Promise.all([git.refs({ remotes: true }), remoteNames(git), checkedOutBranch(git)]);
  const remote = remotes.includes('origin') ? 'origin' : remotes[0];
  const head = await headOf(git, remote, checkedOut);
  const branches = new Set<string>();
  const tags: string[] = [];
  const tagDates: Record<string, string> = {};
  for (const r of refs) {
    if (r.kind === 'tag') {
      tags.push(r.shortName);
      // The date as recorded, in its own offset (as status shows a release's day).
      if (r.date) tagDates[r.shortName] = r.date.slice(0, 10);
    } else if (r.kind === 'branch') branches.add(r.shortName);
    else if (r.kind === 'remote' && remote !== undefined && r.shortName.startsWith(`${remote}/`) && !r.shortName.endsWith('/HEAD')) {
      branches.add(r.shortName.slice(remote.length + 1));
    }
  }
  const tip = head ? refs.find((r) => r.shortName === head.branch || r.shortName === `${remote}/${head.branch}`)?.commit : undefined;
  const files = tip ? await filesAt(git, tip) : [];
  const texts: Record<string, string> = {};
  for (const path of filesToRead(files)) {
    const content = await git.readFile(tip as string, path);
    if (content) texts[path] = content.toString('utf8');
  }
  return { branches: [...branches].sort(), tags, tagDates, head, files, texts, folder };
}

async function headOf(git: Git, remote: string | undefined, checkedOut: string | null): Promise<RepoShape['head']> {
  const remoteHead = remote !== undefined ? await remoteHeadBranch(git, remote) : null;
  if (remoteHead) return { branch: remoteHead, source: `${remote}/HEAD points at '${remoteHead}'` };
  if (checkedOut) return { branch: checkedOut, source: `'${checkedOut}' is checked out` };
  return null;
}

async function filesAt(git: Git, commit: string): Promise<string[]> {
  const entries = await git.listTree(commit, { recursive: true });
  return entries.filter((e) => e.type === 'blob' && e.path.split('/').length <= MAX_DEPTH).map((e) => e.path);
}
