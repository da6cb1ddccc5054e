/**
 * Paths of files that Trellis writes into a repository's tree or work tree (changelog, version
 * files, draft notes, the opt-out list). The one place these rules live: the policy loader checks
 * every path it names with them, and the git adapter checks them again before any write.
 *
 * Written by hand because the rules are git's own (verify_path in git's read-cache.c: no `.`,
 * `..` or empty component, no `.git` under any case, with trailing dots or spaces, or as the
 * NTFS short name `git~1`), which no library exposes, plus the rule that a path is relative and
 * stays inside the repository.
 */

/** Why `path` cannot name a file inside a repository, or null when it can. */
export function repoFilePathProblem(path: string): string | null {
  if (path === '') return 'it is empty';
  for (const ch of path) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f) return 'it contains a control character';
  }
  if (path.includes('\\')) return "it contains '\\' (write '/' between folders)";
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'it is absolute: name a file inside the repository, relative to its root';
  if (path.endsWith('/')) return "it ends with '/': name a file, not a folder";
  for (const component of path.split('/')) {
    if (component === '') return "it contains '//'";
    if (component === '..') return "its component '..' leaves the repository";
    if (component === '.') return "it contains the component '.'";
    if (isGitDirName(component)) return `its component '${component}' names git's own folder`;
  }
  return null;
}

/**
 * True when a path component is git's own folder as some file system would see it: `.git` in any
 * case, with trailing dots or spaces (Windows drops them), or its NTFS short name `git~1`.
 */
export function isGitDirName(component: string): boolean {
  const c = component.toLowerCase().replace(/[. ]+$/, '');
  return c === '.git' || c === 'git~1';
}

/** The folders that contain `path`, outermost first (`a/b/c` → `a`, `a/b`). */
export function parentPaths(path: string): string[] {
  const parts = path.split('/');
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}
