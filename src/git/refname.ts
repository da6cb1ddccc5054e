/**
 * Ref-name validation without calling git: the rules of `git check-ref-format` (see
 * git-check-ref-format(1)), plus Trellis's own rule that a name never starts with `-` so it can
 * never be read as an option. Names from users and policy templates pass through here before
 * they reach git. Written by hand because no maintained npm package implements these rules
 * (they are a dozen lines and must match git exactly).
 */
import { TrellisError } from '../core/errors.js';

/** Why a ref name is invalid, or `undefined` when it is valid. */
export function refNameProblem(name: string, opts: { allowOneLevel?: boolean } = {}): string | undefined {
  if (name === '') return 'is empty';
  if (name.startsWith('-')) return "starts with '-'";
  if (name === '@') return "is '@'";
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f]/.test(name)) return 'contains a space or control character';
  if (/[~^:?*[\\]/.test(name)) return "contains one of '~ ^ : ? * [ \\'";
  if (name.includes('..')) return "contains '..'";
  if (name.includes('@{')) return "contains '@{'";
  if (name.includes('//')) return "contains '//'";
  if (name.startsWith('/') || name.endsWith('/')) return "starts or ends with '/'";
  if (name.endsWith('.')) return "ends with '.'";
  for (const part of name.split('/')) {
    if (part.startsWith('.')) return "has a component starting with '.'";
    if (part.endsWith('.lock')) return "has a component ending with '.lock'";
  }
  if (!opts.allowOneLevel && !name.includes('/')) return "has a single component (expected e.g. 'refs/heads/x')";
  return undefined;
}

/** True when `name` is a valid full ref name (`refs/heads/x`, `refs/tags/v1`). */
export function isValidRefName(name: string, opts: { allowOneLevel?: boolean } = {}): boolean {
  return refNameProblem(name, opts) === undefined;
}

/** True when `name` is valid as a branch or tag short name (`release-1.2.x`, `v1.2.3`). */
export function isValidShortRefName(name: string): boolean {
  return refNameProblem(name, { allowOneLevel: true }) === undefined && name !== 'HEAD';
}

/** Throws `bad-ref-name` unless `name` is a valid full ref name. */
export function assertRefName(name: string, what = 'ref name'): string {
  const p = refNameProblem(name);
  if (p) throw new TrellisError('bad-ref-name', `invalid ${what} '${printable(name)}': ${p}`, 2);
  return name;
}

/** Throws `bad-ref-name` unless `name` is a valid branch or tag short name. */
export function assertShortRefName(name: string, what = 'branch or tag name'): string {
  const p = name === 'HEAD' ? "is 'HEAD'" : refNameProblem(name, { allowOneLevel: true });
  if (p) throw new TrellisError('bad-ref-name', `invalid ${what} '${printable(name)}': ${p}`, 2);
  return name;
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

function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
