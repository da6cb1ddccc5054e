/** Where given refs point now, and which branches contain a commit: one `for-each-ref` each. */
import type { GitBase } from './base.js';

/** Full ref name → the object it points at, for those of `refs` that exist (missing refs are absent). */
export async function refValues(git: GitBase, refs: readonly string[]): Promise<Map<string, string>> {
  if (refs.length === 0) return new Map();
  const out = await git.text(['for-each-ref', '--format=%(refname) %(objectname)', '--', ...refs]);
  const m = new Map<string, string>();
  for (const line of out.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp > 0 && refs.includes(line.slice(0, sp))) m.set(line.slice(0, sp), line.slice(sp + 1));
  }
  return m;
}

/** Which of `branches` (short names of local branches) contain `commit` (`for-each-ref --contains`). */
export async function branchesContaining(git: GitBase, commit: string, branches: readonly string[]): Promise<Set<string>> {
  const has = await refsContaining(
    git,
    commit,
    branches.map((b) => `refs/heads/${b}`),
  );
  return new Set([...has].map((r) => r.slice('refs/heads/'.length)));
}

/**
 * Which of `refs` (full names: local branches, remote-tracking branches, tags) contain `commit`:
 * one `for-each-ref --contains`.
 */
export async function refsContaining(git: GitBase, commit: string, refs: readonly string[]): Promise<Set<string>> {
  if (refs.length === 0) return new Set();
  const out = await git.text(['for-each-ref', '--format=%(refname)', `--contains=${commit}`, '--', ...refs]);
  return new Set(out.split('\n').filter((l) => refs.includes(l)));
}
