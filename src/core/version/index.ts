/**
 * Versions in every scheme Trellis knows: how they are written, validated, normalised,
 * ordered and bumped, and the package versions derived from `git describe`.
 *
 * Everything goes through one interface:
 *
 * ```ts
 * const scheme = getScheme(policy.scheme, { prereleaseLabels: policy.prereleaseLabels });
 * const v = scheme.parse(tagVersion);      // throws TrellisError('bad-version') with a reason
 * const lineKey = v.release.slice(0, 2);   // [3, 1] for 3.1.2
 * scheme.compare('3.0.0-rc10', '3.0.0-rc2'); // 1 with labels, -1 in plain SemVer
 * scheme.sort(lines);                      // stable; throws naming the first invalid line
 * ```
 *
 * The module is pure: no I/O, no clock.
 */
export { SCHEME_NAMES, ORDER_KEY } from './types.js';
export type { SchemeName, SchemeOptions, ParsedVersion, PreRelease, VersionScheme } from './types.js';
export { getScheme, isSchemeName } from './schemes.js';
export { formatInvalidLine, invalidLinesError, type InvalidLine } from './base.js';
export { explainInvalidSemver } from './semver.js';
export { rpmvercmp, splitEvr, rpmCompareEvr, type Evr } from './rpm.js';
export { verrevcmp, parseDeb, compareDeb, type DebVersion } from './deb.js';
export {
  parseDescribe,
  tryParseDescribe,
  tryParseDescribeOrTag,
  tarantoolTag,
  schemeTagReader,
  type Describe,
  type DescribeLabel,
  type TagReader,
  type TagVersion,
} from './describe.js';
export {
  convertDescribe,
  convertTo,
  deriveAll,
  setuptoolsScmVersion,
  CONVERT_FORMS,
  DERIVED_FORMS,
  type ConvertForm,
  type DerivedForm,
} from './describe-forms.js';
export {
  nextVersion,
  bumpFromChanges,
  BUMP_LEVELS,
  type BumpLevel,
  type NextOptions,
  type BumpInput,
  type BumpFromChangesOptions,
} from './bump.js';
