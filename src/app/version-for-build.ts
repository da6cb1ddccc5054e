/**
 * Use case `versionForBuild`: the version a build must use (Llama Stack-style workflow modes).
 * `release`: the version of the release tag (`--tag`, else the tag on the revision built);
 * `nightly`: `{fallback_base}.dev{YYYYMMDD}` with the base read from the policy's version file on
 * the branch built (default: the development branch); `dispatch`: the version given. A nightly
 * or dispatch version equal to a published release's is refused.
 */
import { TrellisError } from '../core/errors.js';
import { tagMeaning } from '../core/lines/tag-names.js';
import { developmentBranchOf } from '../core/policy/flow.js';
import { nightlyVersion, refuseCollision, type BuildMode, type ForBuildResult, type PublishedTag } from '../core/release/for-build.js';
import { readVersionFile, type VersionFileSpec } from '../core/release/updaters/index.js';
import { releaseScheme } from '../core/release/version.js';
import { readFilesAt } from '../facts/release-files.js';
import { tagCommits } from '../git/index.js';
import type { AppContext } from './context.js';

export interface VersionForBuildRequest {
  mode: BuildMode;
  /** The day of a nightly build (default: today). */
  date?: string | undefined;
  /** dispatch: the version input. */
  version?: string | undefined;
  /** release: the tag published. */
  tag?: string | undefined;
  /** The revision built (release: default HEAD; nightly: default the development branch). */
  ref?: string | undefined;
}

/** `trellis version for-build`. */
export async function versionForBuild(ctx: AppContext, req: VersionForBuildRequest): Promise<ForBuildResult> {
  const scheme = releaseScheme(ctx.policy);
  if (req.mode !== 'dispatch' && req.version !== undefined) throw new TrellisError('usage', '--version goes with --mode dispatch', 2);
  if (req.mode !== 'release' && req.tag !== undefined) throw new TrellisError('usage', '--tag goes with --mode release', 2);
  if (req.mode !== 'nightly' && req.date !== undefined) throw new TrellisError('usage', '--date goes with --mode nightly', 2);
  const tags = await tagCommits(ctx.git);
  const meaning = tagMeaning(ctx.policy);
  const published: Array<PublishedTag & { commit: string | null }> = [];
  for (const t of tags) {
    const m = meaning(t.name);
    if (m.kind === 'version') published.push({ tag: t.name, version: m.version, commit: t.commit });
  }
  if (req.mode === 'release') return releaseVersion(ctx, req, published);
  if (req.mode === 'dispatch') {
    if (req.version === undefined) throw new TrellisError('usage', '--mode dispatch needs --version V (the manual version input)', 2);
    const version = scheme.normalize(req.version);
    refuseCollision(version, published, scheme, 'dispatch');
    return { mode: 'dispatch', version, from: { input: req.version } };
  }
  const ref = req.ref ?? developmentBranchOf(ctx.policy);
  const { file, value } = await fallbackOf(ctx, ref);
  const version = nightlyVersion(value, req.date ?? ctx.today, scheme);
  refuseCollision(version, published, scheme, 'nightly');
  return { mode: 'nightly', version, from: { file, ref, fallback: value } };
}

async function releaseVersion(
  ctx: AppContext,
  req: VersionForBuildRequest,
  published: ReadonlyArray<PublishedTag & { commit: string | null }>,
): Promise<ForBuildResult> {
  if (req.tag !== undefined) {
    const hit = published.find((p) => p.tag === req.tag);
    if (!hit)
      throw new TrellisError('not-found', `'${req.tag}' is not a release tag here (no such tag, or not named by versioning.tag)`, 2);
    return { mode: 'release', version: releaseScheme(ctx.policy).normalize(hit.version), from: { tag: hit.tag } };
  }
  const rev = req.ref ?? 'HEAD';
  const commit = await ctx.git.resolve(rev, { peel: 'commit' });
  const on = published.filter((p) => p.commit === commit);
  if (on.length === 0)
    throw new TrellisError('not-found', `no release tag on ${rev}: a release build needs the published tag (--tag TAG)`, 2);
  const scheme = releaseScheme(ctx.policy);
  const newest = [...on].sort((a, b) => scheme.compare(b.version, a.version))[0]!;
  return { mode: 'release', version: scheme.normalize(newest.version), from: { tag: newest.tag, ref: rev } };
}

/** The first version file of the policy (post-release ones first: they hold the development version) readable on `ref`. */
async function fallbackOf(ctx: AppContext, ref: string): Promise<{ file: string; value: string }> {
  const commit = await ctx.git.resolve(ref, { peel: 'commit' });
  const files = [...ctx.policy.versionFiles].sort(
    (a, b) => Number(b.when.includes('post-release')) - Number(a.when.includes('post-release')),
  );
  const literal = files.filter((f) => !f.path.includes('{'));
  const read = await readFilesAt(ctx.git, new Map([[ref, commit]]), [...new Set(literal.map((f) => f.path))]);
  for (const f of literal) {
    if (f.kind === 'pin') continue;
    const text = read.get(ref)?.get(f.path);
    if (!text) continue;
    const spec: VersionFileSpec = { path: f.path, kind: f.kind };
    if (f.key !== undefined) spec.key = f.key;
    if (f.pattern !== undefined) spec.pattern = f.pattern;
    if (f.marker !== undefined) spec.marker = f.marker;
    const value = readVersionFile(text, spec)[0]?.value;
    if (value) return { file: f.path, value };
  }
  throw new TrellisError(
    'not-found',
    `no version file of the policy (versionFiles) holds a version on ${ref}: a nightly build needs the fallback version`,
    2,
  );
}
