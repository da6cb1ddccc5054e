import { TrellisError } from './errors.js';

/**
 * Git ref-name rules (`git check-ref-format`), plus Trellis's own rule that a name must not start
 * with '-' (git would read it as an option). The one place these rules live: the policy loader
 * checks templates with them and the git adapter checks every name before it reaches git.
 * Written by hand because the core may not spawn git, and no maintained library implements these
 * rules; they are short and fixed by git's documentation (git-check-ref-format(1), rules 1-10).
 */

export interface RefNameOptions {
  /** Accept names without a '/' (branch and tag short names such as `main`). Default true. */
  allowOneLevel?: boolean;
}

/** Why `name` is not a valid ref name, or null when it is. */
export function refNameProblem(name: string, options: RefNameOptions = {}): string | null {
  const allowOneLevel = options.allowOneLevel ?? true;
  if (name === '') return 'it is empty';
  if (name.startsWith('-')) return "it starts with '-' (git would read it as an option)";
  if (name === '@') return "it is the single character '@'";
  for (const ch of name) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f) return 'it contains a control character';
    if (ch === ' ') return 'it contains a space';
    if ('~^:?*[\\'.includes(ch)) return `it contains '${ch}'`;
  }
  if (name.includes('..')) return "it contains '..'";
  if (name.includes('@{')) return "it contains '@{'";
  if (name.startsWith('/')) return "it starts with '/'";
  if (name.endsWith('/')) return "it ends with '/'";
  if (name.includes('//')) return "it contains '//'";
  if (name.endsWith('.')) return "it ends with '.'";
  for (const component of name.split('/')) {
    if (component.startsWith('.')) return `its component '${component}' starts with '.'`;
    if (component.endsWith('.lock')) return `its component '${component}' ends with '.lock'`;
  }
  if (!allowOneLevel && !name.includes('/')) return "it has no '/'";
  return null;
}

export function isValidRefName(name: string, options?: RefNameOptions): boolean {
  return refNameProblem(name, options) === null;
}

/** Throws a `bad-ref-name` TrellisError (exit 2) naming `what` when `name` is not a legal ref name. */
export function assertRefName(name: string, what = 'ref name', options?: RefNameOptions): string {
  const problem = refNameProblem(name, options);
  if (problem) throw new TrellisError('bad-ref-name', `${what} '${printable(name)}' is not a valid git ref name: ${problem}`);
  return name;
}

/** True when `name` is valid as a branch or tag short name (`release-1.2.x`, `v1.2.3`); `HEAD` is not. */
export function isValidShortRefName(name: string): boolean {
  return name !== 'HEAD' && refNameProblem(name) === null;
}

/** Throws `bad-ref-name` unless `name` is a valid branch or tag short name. */
export function assertShortRefName(name: string, what = 'branch or tag name'): string {
  if (name === 'HEAD') throw new TrellisError('bad-ref-name', `${what} 'HEAD' is not a valid git ref name: it is 'HEAD'`);
  return assertRefName(name, what);
}

/** `refs/heads/<name>` after validating `name`. */
export function branchRef(name: string): string {
  return `refs/heads/${assertShortRefName(name, 'branch name')}`;
}

/** `refs/tags/<name>` after validating `name`. */
export function tagRef(name: string): string {
  return `refs/tags/${assertShortRefName(name, 'tag name')}`;
}

/**
 * Throws `bad-input` when a revision expression given to git could be read as an option or
 * breaks a line-based protocol (a leading '-', a newline or a NUL). Revisions are looser than
 * ref names (`HEAD~2`, `v1^{commit}`, `a..b`), so only what is unsafe is refused here.
 */
export function assertSafeRevision(rev: string): string {
  // eslint-disable-next-line no-control-regex
  if (rev === '' || rev.startsWith('-') || /[\x00\n\r]/.test(rev)) {
    throw new TrellisError('bad-input', `invalid revision '${printable(rev)}'`, 2);
  }
  return rev;
}

/** Control characters shown as `\xNN` so a message stays one printable line. */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
