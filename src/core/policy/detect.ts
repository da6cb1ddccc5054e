/**
 * Reading a repository's release process from its shape (`trellis init` without a preset): the
 * development branch, the release-branch and tag templates, the version scheme and the files
 * that carry the version. Pure: the facts come in as names and file texts (facts/repository-shape.ts).
 * Every guess keeps its evidence, which the written policy quotes as a comment.
 */
import { getScheme } from '../version/index.js';
import { isDevelopmentMarker } from '../version/markers.js';
import { compareLineKeys } from '../lines/keys.js';
import { duration, subtractDuration } from './duration.js';
import { guessName, guessVersionFiles } from './detect-files.js';
import type { Guess, ReleaseTemplateGuess, RepoReading, RepoShape } from './detect-types.js';

export type { Guess, ReleaseTemplateGuess, RepoReading, RepoShape, VersionFileGuess } from './detect-types.js';

/** How many names to quote as evidence. */
const QUOTE = 3;

function quote(names: readonly string[]): string {
  const shown = names.slice(0, QUOTE).join(', ');
  return names.length > QUOTE ? `${shown} and ${names.length - QUOTE} more` : shown;
}

/** Reads the repository's shape into guesses, each with its evidence. */
export function readRepoShape(shape: RepoShape): RepoReading {
  const main = guessMain(shape);
  const tag = guessTags(shape.tags);
  const python = shape.files.some((f) => /^(?:pyproject\.toml|setup\.py|setup\.cfg)$/.test(f));
  const scheme = guessScheme(tag.versions, python);
  const release = guessReleaseBranches(shape.branches);
  return {
    ...guessName(shape),
    main,
    develop: guessDevelop(shape.branches, main.value),
    release: release.kept,
    releaseLeftOut: release.left,
    tag: tag.guess,
    scheme,
    prerelease: guessPrerelease(tag.versions, scheme.value),
    versionFiles: guessVersionFiles(shape),
    hotfix: guessHotfix(shape.branches),
    entrypoint: guessEntrypoint(shape.tags),
    recentLines: recentLines(shape, tag.guess.value, scheme.value),
    strayTags: strayTags(shape.tags, tag.guess.value, scheme.value),
  };
}

/** The tags a kept tag template (`{prefix}{version}`) names, with the version each writes. */
function versionsUnder(tags: readonly string[], templates: readonly string[]): Array<{ tag: string; version: string }> {
  const prefixes = templates.map((t) => t.slice(0, t.indexOf('{version}')));
  const out: Array<{ tag: string; version: string }> = [];
  for (const tag of tags) {
    const m = VERSION_TAG.exec(tag);
    if (m?.groups && prefixes.includes(m.groups.prefix ?? '')) out.push({ tag, version: m.groups.version as string });
  }
  return out;
}

/** At most this many stray tags are listed in `versioning.ignoreTags`; more say the scheme may be wrong, and the warning stays. */
const STRAY_MAX = 10;

/**
 * Tags a kept tag template matches but the chosen scheme cannot read (tarantool's lone
 * `1.6.8.525` beside SemVer tags): every command would warn about them, so init lists a few in
 * `versioning.ignoreTags`. Entrypoint tags and two-component SemVer tags (`v0.5`) are read
 * otherwise and are not stray.
 */
function strayTags(tags: readonly string[], templates: readonly string[], schemeName: 'semver' | 'pep440'): Guess<string[]> | null {
  const scheme = getScheme(schemeName);
  const stray = versionsUnder(tags, templates)
    .filter(({ version }) => {
      if (/^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)-entrypoint$/.test(version)) return false;
      if (schemeName === 'semver' && /^(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)$/.test(version)) return false;
      return scheme.tryParse(version) === null;
    })
    .map(({ tag }) => tag);
  if (stray.length === 0 || stray.length > STRAY_MAX) return null;
  const n = stray.length;
  return {
    value: stray.sort(byVersionIn),
    evidence: `${n} tag${n === 1 ? '' : 's'} like a version that ${schemeName} cannot read: ${quote(stray)}`,
  };
}

/** How far back from the newest release {@link recentLines} looks. */
const RECENT_MONTHS = 6;

/**
 * The lines the team patched lately: the newest released line, and every older line with a
 * final release (not a pre-release or a development marker) dated on or after a newer line's
 * first release, in the {@link RECENT_MONTHS} months up to the newest final release; newest
 * first. The support rule is the team's to say, but this shows how many lines it really
 * patches: tarantool released 3.7, 3.6, 3.5, 3.3, 3.2 and 2.11 after newer series were out, in
 * the six months to 2026-07-09, seven lines with 3.8, where the default `maintained: 2` keeps
 * two. A young project shipping a minor a month (vmpilot's 0.1 to 0.6) patches none.
 */
function recentLines(shape: RepoShape, templates: readonly string[], schemeName: 'semver' | 'pep440'): Guess<string[]> | null {
  const dates = shape.tagDates;
  if (!dates) return null;
  const scheme = getScheme(schemeName);
  const released: Array<{ line: string; date: string }> = [];
  const first = new Map<string, string>();
  for (const { tag, version } of versionsUnder(shape.tags, templates)) {
    const date = dates[tag];
    if (!date) continue;
    const v = scheme.tryParse(version);
    if (!v || v.isPrerelease || isDevelopmentMarker(v)) continue;
    const line = `${v.release[0] ?? 0}.${v.release[1] ?? 0}`;
    released.push({ line, date });
    const known = first.get(line);
    if (known === undefined || date < known) first.set(line, date);
  }
  if (released.length === 0) return null;
  const lines = [...first.keys()].sort((a, b) => compareLineKeys(b, a));
  const newest = released.reduce((a, b) => (b.date > a.date ? b : a)).date;
  const from = subtractDuration(newest, duration(`${RECENT_MONTHS} months`));
  // A release of an older line on or after a newer line's first release patched a line that was not the newest.
  const newerOut = (line: string, date: string): boolean =>
    lines.some((l) => compareLineKeys(l, line) > 0 && (first.get(l) as string) <= date);
  const patched = new Set(released.filter((r) => r.date >= from && newerOut(r.line, r.date)).map((r) => r.line));
  const older = lines.filter((l) => patched.has(l));
  const evidence =
    older.length === 0
      ? `no older line had a release after a newer one was out, in the ${RECENT_MONTHS} months to ${newest}`
      : `releases of ${older.length} older line${older.length === 1 ? '' : 's'} after a newer one was out, in the ${RECENT_MONTHS} months to ${newest}: ${older.join(', ')}`;
  return { value: [lines[0] as string, ...older], evidence };
}

function guessMain(shape: RepoShape): Guess<string> {
  const has = new Set(shape.branches);
  const trunk = ['main', 'master', 'trunk'].find((b) => has.has(b));
  // In git-flow the remote's HEAD is often the integration branch; the release branch is main/master.
  if (shape.head && !isDevelop(shape.head.branch)) return { value: shape.head.branch, evidence: shape.head.source };
  if (trunk) return { value: trunk, evidence: `the repository has a '${trunk}' branch` };
  if (shape.head) return { value: shape.head.branch, evidence: shape.head.source };
  return { value: 'main', evidence: 'no branch found; the usual name' };
}

const DEVELOP_NAMES = ['develop', 'dev', 'development'];

function isDevelop(name: string): boolean {
  return DEVELOP_NAMES.includes(name);
}

function guessDevelop(branches: readonly string[], main: string): Guess<string> | null {
  const found = DEVELOP_NAMES.find((d) => branches.includes(d) && d !== main);
  return found ? { value: found, evidence: `the repository has '${found}' beside '${main}' (git-flow)` } : null;
}

/** A release branch name: prefix, X.Y or X.Y.Z, then `.x` or `-codename`. */
const RELEASE_BRANCH =
  /^(?<prefix>(?:[A-Za-z][A-Za-z_]*[/-])*v?)(?<major>0|[1-9]\d*)\.(?<minor>0|[1-9]\d*)(?<patch>\.(?:0|[1-9]\d*))?(?<suffix>\.x|-[a-z][a-z0-9]*)?$/;

/** Prefixes that name other kinds of branches. */
const NOT_RELEASE = /^(?:hotfix|backport|feature|fix|bugfix|dependabot|renovate|revert|support)[/-]/;

/** The template a branch name follows, or null. */
export function releaseTemplateOf(branch: string): string | null {
  if (NOT_RELEASE.test(branch)) return null;
  const m = RELEASE_BRANCH.exec(branch);
  if (!m?.groups) return null;
  const { prefix = '', patch, suffix } = m.groups;
  // A bare X.Y.Z branch is more likely a stray tag-like name than a line; X.Y is a line (Tarantool-style).
  if (prefix === '' && patch !== undefined) return null;
  let t = `${prefix}{major}.{minor}`;
  if (patch !== undefined) t += '.{patch}';
  if (suffix === '.x') t += '.x';
  else if (suffix !== undefined) t += '-{codename}';
  return t;
}

/** The line (`1.2`) a release branch name carries. */
function lineIn(branch: string): string {
  const m = RELEASE_BRANCH.exec(branch);
  return `${m?.groups?.major}.${m?.groups?.minor}`;
}

function guessReleaseBranches(branches: readonly string[]): { kept: ReleaseTemplateGuess[]; left: string[] } {
  const byTemplate = new Map<string, string[]>();
  for (const b of branches) {
    const t = releaseTemplateOf(b);
    if (t) byTemplate.set(t, [...(byTemplate.get(t) ?? []), b]);
  }
  const guesses = [...byTemplate].map(([value, names]) => ({
    value,
    names: names.sort(byVersionIn),
    eol: /^(?:archive|old|eol)[/-]/.test(value),
  }));
  // The most used first, to decide what to keep.
  guesses.sort((a, b) => Number(a.eol) - Number(b.eol) || b.names.length - a.names.length || a.value.localeCompare(b.value));
  // Real clones hold branches that merely end in a version: someone's topic branch
  // (`skaplun/fix-integrational-ci-2.11`) or a bot's mirror of the release branches
  // (`konflux/references/release/0.7`). A live template is kept when it is the most used one,
  // or when it has two branches or more and names a line no kept template names.
  const kept: Array<ReleaseTemplateGuess & { newest: string }> = [];
  const left: string[] = [];
  const lines = new Set<string>();
  const top = guesses[0]?.names.length ?? 0;
  for (const g of guesses) {
    const own = g.names.map(lineIn);
    const first = kept.length === 0;
    const topic = !first && !g.eol && g.names.length === 1 && top > 1;
    const mirror = !first && !g.eol && own.every((l) => lines.has(l));
    if (topic || mirror) {
      left.push(`${quote(g.names)} (${topic ? 'a single branch of its shape' : 'lines the branches above already name'})`);
      continue;
    }
    own.forEach((l) => lines.add(l));
    const n = g.names.length;
    const evidence = `${n} branch${n === 1 ? '' : 'es'}: ${quote(g.names)}`;
    kept.push({ value: g.value, eol: g.eol, evidence, newest: g.names[0] ?? '' });
  }
  // Live templates first, the one naming the newest line first: it names new branches (Llama
  // Stack's release-X.Y.x came after 28 per-patch release-X.Y.Z branches).
  kept.sort((a, b) => Number(a.eol) - Number(b.eol) || byVersionIn(lineIn(a.newest), lineIn(b.newest)));
  return { kept: kept.map(({ value, eol, evidence }) => ({ value, eol, evidence })), left };
}

/** Names sorted newest version first (by the numbers in them). */
function byVersionIn(a: string, b: string): number {
  const na = (a.match(/\d+/g) ?? []).map(Number);
  const nb = (b.match(/\d+/g) ?? []).map(Number);
  for (let i = 0; i < Math.max(na.length, nb.length); i++) {
    const d = (nb[i] ?? -1) - (na[i] ?? -1);
    if (d !== 0) return d;
  }
  return a.localeCompare(b);
}

/** A version tag: an optional prefix, then a version starting with X.Y. */
const VERSION_TAG = /^(?<prefix>(?:[A-Za-z][A-Za-z_-]*[/-])?v?)(?<version>(?:0|[1-9]\d*)\.\d+[0-9A-Za-z.+_-]*)$/;

function guessTags(tags: readonly string[]): { guess: Guess<string[]>; versions: string[] } {
  const byPrefix = new Map<string, string[]>();
  for (const t of tags) {
    const m = VERSION_TAG.exec(t);
    if (m?.groups) byPrefix.set(m.groups.prefix ?? '', [...(byPrefix.get(m.groups.prefix ?? '') ?? []), t]);
  }
  if (byPrefix.size === 0)
    return { guess: { value: ['v{version}'], evidence: 'no version tags yet; the usual shape v1.2.3' }, versions: [] };
  const ranked = [...byPrefix].sort((a, b) => b[1].length - a[1].length);
  const value = ranked.map(([p]) => `${p}{version}`);
  const evidence = ranked
    .map(([p, names]) => `${names.length} tag${names.length === 1 ? '' : 's'} like ${p}1.2.3 (${quote(names.sort(byVersionIn))})`)
    .join('; ');
  const versions = ranked.flatMap(([p, names]) => names.map((n) => n.slice(p.length)));
  return { guess: { value, evidence }, versions };
}

/**
 * The scheme that reads more of the tags: one stray tag must not decide (tarantool's lone
 * `1.6.8.525` beside 53 `X.Y.Z-entrypoint` tags only SemVer reads). Python projects keep PEP 440
 * on a tie.
 */
function guessScheme(versions: readonly string[], python: boolean): Guess<'semver' | 'pep440'> {
  if (versions.length === 0) return { value: python ? 'pep440' : 'semver', evidence: 'no version tags yet; MAJOR.MINOR.PATCH' };
  const semver = getScheme('semver');
  const pep440 = getScheme('pep440');
  const onlyPep = versions.filter((v) => semver.tryParse(v) === null && pep440.tryParse(v) !== null);
  const onlySemver = versions.filter((v) => pep440.tryParse(v) === null && semver.tryParse(v) !== null);
  if (onlyPep.length === 0 && onlySemver.length === 0 && python)
    return { value: 'pep440', evidence: `a Python project, and both schemes read all ${versions.length} tag versions` };
  if (onlyPep.length > onlySemver.length || (onlyPep.length === onlySemver.length && python)) {
    const but = onlySemver.length > 0 ? `; only SemVer reads ${onlySemver.length}: ${quote(onlySemver)}` : '';
    return { value: 'pep440', evidence: `tags only PEP 440 reads: ${quote(onlyPep)}${but}` };
  }
  const valid = versions.filter((v) => semver.tryParse(v) !== null);
  const but = onlyPep.length > 0 ? `; only PEP 440 reads ${onlyPep.length}: ${quote(onlyPep)}` : '';
  return { value: 'semver', evidence: `${valid.length} of ${versions.length} tag versions are SemVer${but}` };
}

/** Pre-release labels and format from tags such as 1.2.0-rc.1, 3.0.0-alpha2, 0.6.0rc1. */
function guessPrerelease(versions: readonly string[], scheme: 'semver' | 'pep440'): Guess<{ labels: string[]; format: string }> | null {
  const found = new Map<string, string[]>();
  const shape = scheme === 'pep440' ? /^[\d.]+(?<sep>)(?<label>a|b|rc)(?<n>\d+)$/ : /^[\d.]+(?<sep>-)(?<label>[a-z]+)(?<dot>\.?)(?<n>\d+)$/;
  for (const v of versions) {
    const m = shape.exec(v);
    if (!m?.groups) continue;
    const format = scheme === 'pep440' ? '{label}{n}' : `-{label}${m.groups.dot ?? ''}{n}`;
    found.set(format, [...(found.get(format) ?? []), v]);
  }
  const [best] = [...found].sort((a, b) => b[1].length - a[1].length);
  if (!best) return null;
  const [format, names] = best;
  const seen = names.map((v) => /([a-z]+)\.?\d+$/.exec(v)?.[1] ?? '').filter((l) => l !== '');
  // The scheme's usual labels plus any other seen, lowest first (alpha before beta before rc).
  const usual = scheme === 'pep440' ? ['a', 'b', 'rc'] : ['alpha', 'beta', 'rc'];
  const labels = [...new Set([...usual, ...seen])].sort((a, b) => labelRank(a) - labelRank(b));
  return { value: { labels, format }, evidence: `pre-release tags: ${quote(names.sort(byVersionIn))}` };
}

const LABEL_ORDER = ['dev', 'a', 'alpha', 'b', 'beta', 'pre', 'preview', 'c', 'rc'];

function labelRank(label: string): number {
  const i = LABEL_ORDER.indexOf(label);
  return i < 0 ? LABEL_ORDER.length : i;
}

/** Tarantool-style entrypoint tags (`3.9.0-entrypoint`): where each line's development starts. */
function guessEntrypoint(tags: readonly string[]): Guess<string> | null {
  const byPrefix = new Map<string, string[]>();
  for (const t of tags) {
    const m = /^(?<prefix>v?)(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)-entrypoint$/.exec(t);
    if (m?.groups) byPrefix.set(m.groups.prefix ?? '', [...(byPrefix.get(m.groups.prefix ?? '') ?? []), t]);
  }
  const [best] = [...byPrefix].sort((a, b) => b[1].length - a[1].length);
  if (!best) return null;
  const [prefix, names] = best;
  const n = names.length;
  return {
    value: `${prefix}{major}.{minor}.{patch}-entrypoint`,
    evidence: `${n} entrypoint tag${n === 1 ? '' : 's'}: ${quote(names.sort(byVersionIn))}`,
  };
}

function guessHotfix(branches: readonly string[]): Guess<string> | null {
  const names = branches.filter((b) => /^hotfix[/-]/.test(b));
  if (names.length === 0) return null;
  const sep = names[0]?.charAt(6) ?? '/';
  return { value: `hotfix${sep}{version}`, evidence: `branches ${quote(names)}` };
}
