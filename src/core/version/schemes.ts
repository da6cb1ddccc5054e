import { usageError } from '../errors.js';
import { debScheme } from './deb.js';
import { pep440Scheme } from './pep440.js';
import { rpmScheme } from './rpm.js';
import { semverScheme } from './semver.js';
import { SCHEME_NAMES, type SchemeName, type SchemeOptions, type VersionScheme } from './types.js';

const plain = new Map<SchemeName, VersionScheme>();

export function isSchemeName(name: string): name is SchemeName {
  return (SCHEME_NAMES as readonly string[]).includes(name);
}

/**
 * The scheme called `name`. `opts.prereleaseLabels` switches semver to numbered-label order
 * (alpha < beta < rc, then the number); the other schemes ignore options. Schemes are
 * stateless; those without options are shared.
 *
 * @example
 *   const s = getScheme('semver', { prereleaseLabels: ['alpha', 'beta', 'rc'] });
 *   s.compare('3.0.0-rc10', '3.0.0-rc2'); // 1
 *   const [major, minor] = s.parse('3.1.2').release; // line key "3.1"
 */
export function getScheme(name: SchemeName | string, opts: SchemeOptions = {}): VersionScheme {
  if (!isSchemeName(name)) throw usageError(`unknown version scheme '${name}' (expected ${SCHEME_NAMES.join(', ')})`);
  const labelled = name === 'semver' && (opts.prereleaseLabels?.length ?? 0) > 0;
  if (labelled) return semverScheme(opts);
  let s = plain.get(name);
  if (!s) {
    s = name === 'semver' ? semverScheme() : name === 'pep440' ? pep440Scheme() : name === 'rpm' ? rpmScheme() : debScheme();
    plain.set(name, s);
  }
  return s;
}
