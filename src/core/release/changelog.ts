/**
 * Changelogs from commits: Keep a Changelog sections (Added, Changed, Deprecated, Removed,
 * Fixed, Security), a backport listed once with its origin, changes already released left out.
 * One renderer serves `trellis changelog`, the changelog file section written by `trellis
 * release` and the annotated tag message (Tarantool-style: "List changes in the tag message
 * (since the previous tag)"). Pure: commits (and, where a rule on paths can change a kind, their
 * changed paths) come in as data.
 *
 * Each change is classified by THE classifier `trellis missing` and `backport --auto` use
 * (core/changes/classify.ts) under the policy's `changes:` rules, and its kind decides the
 * section (see {@link sectionOf}): security → Security (also whenever the message names a CVE or
 * GHSA id, listed with the entry), bugfix → Fixed, feature → Added. A change of kind `other`
 * (maintenance: lint, typos, tests, CI, docs, version bumps; or a message that says neither fix
 * nor feature) goes where non-fix, non-feature changes always went: under its conventional
 * type's section when that type names one (`perf`, `refactor`, `revert` → Changed, `deprecate`
 * → Deprecated, `remove` → Removed), left out when its type is a maintenance one (`chore`,
 * `docs`, `test`, `ci`, `build`, `style`) and not breaking, and under Changed otherwise.
 *
 * The grouping is hand-written: changelog libraries (git-cliff, conventional-changelog) bring
 * their own classifiers, template engines and repository readers, which Trellis already has.
 */
import { escapeRegExp } from '../regex.js';
import { classifyCommit, kindNeedsPaths, securityIds } from '../changes/classify.js';
import { parseConventional, type ConventionalCommit } from '../changes/conventional.js';
import type { ChangeKind } from '../changes/kind.js';
import { DEFAULT_CHANGE_RULES, type ChangeRules } from '../changes/rules.js';
import { parseTrailers, trailerValues } from '../changes/trailers.js';

export const CHANGELOG_SECTIONS = ['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'] as const;
export type ChangelogSection = (typeof CHANGELOG_SECTIONS)[number];

/** A commit as the changelog reads it. */
export interface ChangelogCommit {
  oid: string;
  parents: string[];
  message: string;
}

/** One line of a changelog. */
export interface ChangeEntry {
  commit: string;
  section: ChangelogSection;
  kind: ChangeKind;
  /** Conventional type (`feat`, `fix`), null for other messages. */
  type: string | null;
  scope: string | null;
  breaking: boolean;
  subject: string;
  /** The CVE and GitHub advisory (GHSA) ids the message names anywhere, CVEs first. */
  cves: string[];
  /** The commit this one was carried from (`cherry picked from commit`, or the origin trailer), oldest first. */
  origin: string | null;
}

/** A changelog for a range. */
export interface Changelog {
  /** Version the section is for, or null (an unreleased range). */
  version: string | null;
  /** `YYYY-MM-DD`, or null. */
  date: string | null;
  /** The revisions the range was read from (`v0.4.4`, `release-0.4.x`). */
  from: string | null;
  to: string;
  sections: Array<{ name: ChangelogSection; entries: ChangeEntry[] }>;
  /** Commits left out, with why (merges, release chores, already released, types not listed). */
  omitted: Array<{ commit: string; subject: string; reason: string }>;
}

const TYPE_SECTION: Record<string, ChangelogSection | null> = {
  feat: 'Added',
  feature: 'Added',
  fix: 'Fixed',
  bugfix: 'Fixed',
  hotfix: 'Fixed',
  security: 'Security',
  perf: 'Changed',
  refactor: 'Changed',
  revert: 'Changed',
  change: 'Changed',
  deprecate: 'Deprecated',
  deprecated: 'Deprecated',
  remove: 'Removed',
  removed: 'Removed',
  docs: null,
  doc: null,
  chore: null,
  ci: null,
  build: null,
  test: null,
  tests: null,
  style: null,
};

/** The trailer Trellis puts on the commits it writes (release bumps, entrypoints); never in changelogs. */
export const STEP_TRAILER = 'Trellis-Step';

/** Options for {@link buildChangelog}. */
export interface ChangelogOptions {
  version?: string | null;
  date?: string | null;
  from: string | null;
  to: string;
  /** The trailer that records a backport's origin besides `(cherry picked from commit ...)`, e.g. `Backport-of`. */
  originTrailer?: string;
  /** Origins already released before the range (left out: "changes already released on the line are not repeated"). */
  released?: ReadonlySet<string>;
  /** The policy's change rules (`compileChangeRules(policy.changes)`); default: the built-in rules. */
  rules?: ChangeRules;
  /**
   * Changed paths of the commits {@link changelogPathsWanted} names (merges and commits without
   * changes: none). A commit not in it is classified without the rules on paths.
   */
  paths?: ReadonlyMap<string, readonly string[]>;
  /**
   * The public ids (CVE, GHSA) of the advisory records naming a commit (or its origin) as a fix:
   * listed with the entry, which goes under Security (core/advisory/fixes.ts).
   */
  advisoryIds?: ((c: ChangelogCommit) => readonly string[]) | undefined;
}

/**
 * The area prefix of a subject that is not a conventional type (Tarantool-style: `box: fix crash ...`,
 * `net.box: ...`): shown as the entry's scope, like a conventional one. The shape the
 * classifier reads a fix after (`subjectIsFix`), without spaces in the area.
 */
const AREA = /^([\w./-]{1,40})!?:\s+(\S.*)$/;

function firstLine(message: string): string {
  return (message.replace(/^\s+/, '').split('\n')[0] ?? '').trim();
}

/** The origin of a commit: the oldest recorded `cherry picked from`, else the origin trailer. */
export function originOf(message: string, originTrailer?: string): string | null {
  const t = parseTrailers(message);
  if (t.cherryPickedFrom.length > 0) return t.cherryPickedFrom[0] ?? null;
  if (originTrailer) {
    const v = trailerValues(t, originTrailer)[0];
    const m = v ? /^[0-9a-f]{7,64}/i.exec(v.trim()) : null;
    if (m) return m[0].toLowerCase();
  }
  return null;
}

/** True for commits Trellis wrote itself (release bumps, post-release bumps, entrypoints). */
export function isTrellisCommit(message: string): boolean {
  return trailerValues(parseTrailers(message), STEP_TRAILER).length > 0;
}

/** What decides which commits a changelog lists and their kinds (what {@link changelogPathsWanted} needs). */
export type ChangelogListing = Pick<ChangelogOptions, 'originTrailer' | 'released' | 'rules'>;

/** A commit the changelog lists, before its section is chosen. */
interface Listed {
  commit: ChangelogCommit;
  subject: string;
  origin: string | null;
}

/**
 * The commits a changelog lists and the ones it leaves out with why (merges, Trellis's own
 * commits, a change whose backport is in the range, backports already released or listed).
 */
function listCommits(commits: readonly ChangelogCommit[], opts: ChangelogListing): { listed: Listed[]; omitted: Changelog['omitted'] } {
  const omitted: Changelog['omitted'] = [];
  const listed: Listed[] = [];
  const origins = new Map<string, string>();
  for (const c of commits) {
    const o = originOf(c.message, opts.originTrailer);
    if (o) origins.set(c.oid, o);
  }
  // Commits in the range that something else in the range was carried from.
  const carried = new Set<string>();
  for (const o of origins.values()) {
    for (const c of commits) if (c.oid === o || (o.length >= 7 && c.oid.startsWith(o))) carried.add(c.oid);
  }
  const seenOrigins = new Set<string>();
  for (const c of commits) {
    const subject = firstLine(c.message);
    const leave = (reason: string) => omitted.push({ commit: c.oid, subject, reason });
    if (c.parents.length > 1) {
      leave('merge commit');
      continue;
    }
    if (isTrellisCommit(c.message)) {
      leave('written by Trellis (release step)');
      continue;
    }
    const origin = origins.get(c.oid) ?? null;
    if (carried.has(c.oid)) {
      leave('listed as the backport carried from it');
      continue;
    }
    if (origin !== null) {
      if (opts.released && [...opts.released].some((r) => r === origin || r.startsWith(origin) || origin.startsWith(r))) {
        leave(`already released (backport of ${origin.slice(0, 10)})`);
        continue;
      }
      if (seenOrigins.has(origin)) {
        leave(`another backport of ${origin.slice(0, 10)} is listed`);
        continue;
      }
      seenOrigins.add(origin);
    }
    listed.push({ commit: c, subject, origin });
  }
  return { listed, omitted };
}

/**
 * The commits of a changelog whose changed paths can change their kind under `opts.rules` (a
 * rule on paths would decide otherwise): read their paths, in one batch, and give them as
 * `opts.paths`. Commits left out of the changelog are never asked for.
 */
export function changelogPathsWanted(commits: readonly ChangelogCommit[], opts: ChangelogListing): string[] {
  const rules = opts.rules ?? DEFAULT_CHANGE_RULES;
  return listCommits(commits, opts)
    .listed.filter((l) => kindNeedsPaths(classifyCommit({ message: l.commit.message, paths: null }, rules)))
    .map((l) => l.commit.oid);
}

/**
 * The section of a change of `kind` (the module's comment states the rule), null when it is left
 * out. `ids`: the CVE and GHSA ids its message names.
 */
export function sectionOf(kind: ChangeKind, ids: readonly string[], cc: ConventionalCommit | null): ChangelogSection | null {
  if (ids.length > 0 || kind === 'security') return 'Security';
  if (kind === 'bugfix') return 'Fixed';
  if (kind === 'feature') return 'Added';
  const byType = cc !== null && cc.type in TYPE_SECTION ? TYPE_SECTION[cc.type] : undefined;
  if (byType === null) return cc?.breaking ? 'Changed' : null;
  // A `fix:` or `feat:` the rules made `other` (`fix(tests): ...`, a feature touching docs only) is not a fix or a feature.
  return byType === 'Deprecated' || byType === 'Removed' ? byType : 'Changed';
}

/**
 * Groups commits (newest first, as `git log` gives them) into Keep a Changelog sections.
 * A change and its backport in the same range are listed once, as the backport with its
 * origin; commits whose origin was already released are left out.
 */
export function buildChangelog(commits: readonly ChangelogCommit[], opts: ChangelogOptions): Changelog {
  const rules = opts.rules ?? DEFAULT_CHANGE_RULES;
  const { listed, omitted } = listCommits(commits, opts);
  const entries: ChangeEntry[] = [];
  for (const { commit: c, subject, origin } of listed) {
    const cc = parseConventional(c.message);
    const trailers = parseTrailers(c.message);
    const named = opts.advisoryIds?.(c) ?? [];
    const { kind } = classifyCommit({ message: c.message, paths: opts.paths?.get(c.oid) ?? null, trailers, advisories: named }, rules);
    const cves = [...new Set([...securityIds(c.message), ...named])];
    const section = sectionOf(kind, cves, cc);
    if (section === null) {
      omitted.push({ commit: c.oid, subject, reason: `type '${cc?.type ?? ''}' is not listed` });
      continue;
    }
    const conventional = cc !== null && cc.type in TYPE_SECTION;
    const area = conventional ? null : AREA.exec(subject);
    entries.push({
      commit: c.oid,
      section,
      kind,
      type: conventional ? cc.type : null,
      scope: conventional ? cc.scope : (area?.[1] ?? null),
      breaking: cc?.breaking ?? false,
      subject: conventional ? cc.subject : (area?.[2] ?? subject),
      cves,
      origin,
    });
  }
  // Left out in the order of the commits, as they come.
  const at = new Map(commits.map((c, i) => [c.oid, i]));
  omitted.sort((a, b) => (at.get(a.commit) ?? 0) - (at.get(b.commit) ?? 0));
  // Oldest first inside a section reads like a story; git log gives newest first.
  entries.reverse();
  const sections = CHANGELOG_SECTIONS.map((name) => ({ name, entries: entries.filter((e) => e.section === name) })).filter(
    (s) => s.entries.length > 0,
  );
  return { version: opts.version ?? null, date: opts.date ?? null, from: opts.from, to: opts.to, sections, omitted };
}

/** All entries of a changelog, section by section. */
export function changelogEntries(log: Changelog): ChangeEntry[] {
  return log.sections.flatMap((s) => s.entries);
}

const short = (oid: string): string => oid.slice(0, 7);

/** One entry as text: `**scope:** subject (CVE-..., GHSA-...) (abc1234, backport of def5678)`. */
export function entryText(e: ChangeEntry, markdown: boolean): string {
  const scope = e.scope ? (markdown ? `**${e.scope}:** ` : `${e.scope}: `) : '';
  const breaking = e.breaking ? (markdown ? '**BREAKING:** ' : 'BREAKING: ') : '';
  // Ids the subject already names (`fix: escape output (CVE-2026-0001)`) are not repeated.
  const ids = e.cves.filter((id) => !e.subject.toUpperCase().includes(id.toUpperCase()));
  const cves = ids.length > 0 ? ` (${ids.join(', ')})` : '';
  const refs = e.origin ? `${short(e.commit)}, backport of ${short(e.origin)}` : short(e.commit);
  return `${breaking}${scope}${e.subject}${cves} (${refs})`;
}

/** The changelog section as Markdown (`## [0.4.5] - 2026-05-01`, `### Fixed`, `- ...`). */
export function renderChangelogMarkdown(log: Changelog): string {
  const title = log.version ? `[${log.version}]${log.date ? ` - ${log.date}` : ''}` : `${log.from ?? '(start)'}..${log.to}`;
  const out = [`## ${title}`, ''];
  if (log.sections.length === 0) out.push('No notable changes.', '');
  for (const s of log.sections) {
    out.push(`### ${s.name}`, '');
    for (const e of s.entries) out.push(`- ${entryText(e, true)}`);
    out.push('');
  }
  return out.join('\n');
}

/**
 * An annotated tag message. `plain`: `Release 0.4.5`. `changes`: the subject, then the changes
 * since the previous tag grouped by section (plain text: no `#`, which git would strip as a
 * comment when a tag is edited).
 */
export function renderTagMessage(version: string, log: Changelog, style: 'plain' | 'changes', prerelease: boolean): string {
  const subject = `${prerelease ? 'Pre-release' : 'Release'} ${version}`;
  if (style === 'plain') return `${subject}\n`;
  const out = [subject, ''];
  const since = log.from ? `since ${log.from}` : 'in this first release';
  if (log.sections.length === 0) {
    out.push(`No notable changes ${since}.`);
    return `${out.join('\n')}\n`;
  }
  out.push(`Changes ${since}:`);
  for (const s of log.sections) {
    out.push('', `${s.name}:`);
    for (const e of s.entries) out.push(`- ${entryText(e, false)}`);
  }
  return `${out.join('\n')}\n`;
}

const CHANGELOG_HEADER = `# Changelog

All notable changes to this project are documented in this file.
The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/).

`;

/** True when the changelog text already has a section for `version` (`## [0.4.5]` or `## 0.4.5`). */
export function hasChangelogSection(text: string, version: string): boolean {
  const v = escapeRegExp(version);
  return new RegExp(`^##[ \\t]+(\\[${v}\\]|${v})(?=[\\s-]|$)`, 'm').test(text);
}

/**
 * The changelog file with the new section: before the first released section (after
 * `## [Unreleased]` and anything above), or after the text when there is none; a new file gets
 * the Keep a Changelog header. Unchanged when the section is already there (a re-run).
 */
export function insertChangelogSection(text: string | null, log: Changelog): string {
  const section = renderChangelogMarkdown(log);
  if (text === null || text.trim() === '') return `${CHANGELOG_HEADER}${section}`;
  if (log.version !== null && hasChangelogSection(text, log.version)) return text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const body = eol === '\n' ? section : section.replace(/\n/g, '\r\n');
  const lines = text.split(/(?<=\n)/);
  let offset = 0;
  for (const line of lines) {
    if (/^##[ \t]+/.test(line) && !/^##[ \t]+\[?unreleased\]?/i.test(line)) {
      return `${text.slice(0, offset)}${body}${eol}${text.slice(offset)}`;
    }
    offset += line.length;
  }
  const sep = text.endsWith(`${eol}${eol}`) ? '' : text.endsWith(eol) ? eol : `${eol}${eol}`;
  return `${text}${sep}${body}`;
}
