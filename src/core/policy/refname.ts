import { TrellisError } from '../errors.js';

/**
 * Git ref-name rules (`git check-ref-format`), plus Trellis's own rule that a name must not start
 * with '-' (git would read it as an option). Written by hand because the core may not spawn git,
 * and no maintained library implements these rules; they are short and fixed by git's
 * documentation (git-check-ref-format(1), rules 1-10).
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
  if (problem) throw new TrellisError('bad-ref-name', `${what} '${name}' is not a valid git ref name: ${problem}`);
  return name;
}
