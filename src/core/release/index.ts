/**
 * Releases in the pure core: version choice and refusals, Keep a Changelog rendering, and the
 * release and branch-cut planners (plans are plain data, carried out by src/apply/release), the
 * lines as the release commands see them (./lines.ts) and the branch a cut makes (./cut.ts).
 * The version-file updaters live in ./updaters; git-flow releases and checklists in
 * ./gitflow.ts and ./checklist.ts.
 */
export * from './types.js';
export * from './changelog.js';
export * from './plan.js';
export * from './format.js';
export * from './lines.js';
export * from './cut.js';
export * from './sign.js';
export * from './range.js';
export {
  baseOf,
  checkReleaseVersion,
  chooseLineVersion,
  formatPrerelease,
  latestTagOf,
  lineOfVersion,
  prereleaseLabel,
  releaseScheme,
  templateValues,
  type VersionChoice,
  type VersionRequest,
  type VersionChange as ReleaseVersionChange,
} from './version.js';
