/**
 * Release checklists (the Llama Stack-style "Release Checklist" and "Technical Release Steps"): the items
 * the policy lists for a release type, with the testing window, each ticked when Trellis can
 * see it done in the repository. Pure: the facts (branches, tags, file texts) come in as data.
 *
 * Release type of VERSION: `prerelease` for a pre-release (falling back to its final version's
 * type when the policy has no prerelease checklist); otherwise the highest component that differs
 * from the previous release (the highest release below VERSION): major, minor or patch. Without a
 * previous release the version's own shape decides (X.0.0 major, X.Y.0 minor, else patch).
 */
import { escapeRegExp } from '../regex.js';
import { TrellisError } from '../errors.js';
import { checklistItems } from '../policy/load.js';
import type { Policy, ReleaseType, VersionFile } from '../policy/schema.js';
import { renderTemplate, type TemplateValues } from '../policy/template.js';
import type { ParsedVersion } from '../version/types.js';
import { readVersionFile } from './updaters/index.js';
import { policyScheme } from './gitflow-common.js';
import { templateValues } from './version.js';

/** How an item stands. */
export type ItemStatus = 'done' | 'todo' | 'manual' | 'unknown';

/** One checklist item as reported. */
export interface ChecklistItemReport {
  text: string;
  /** What Trellis checks to tick it, or null for a manual item. */
  check: string | null;
  /** done/todo: Trellis looked; manual: nothing to look at; unknown: Trellis cannot see it. */
  status: ItemStatus;
  /** What Trellis saw (empty for manual items). */
  detail: string;
}

/** The checklist of one release (the `--json` shape, see docs/checklist.md). */
export interface ChecklistReport {
  version: string;
  type: ReleaseType;
  /** The type whose checklist is shown (a pre-release without its own list uses its final type's). */
  listType: ReleaseType;
  previous: string | null;
  line: string;
  branch: string | null;
  tag: string;
  testingWindow: string | null;
  candidates: boolean;
  items: ChecklistItemReport[];
  done: number;
  total: number;
  notes: string[];
}

/** A file as read at a branch (or in the work tree). */
export interface FileFact {
  path: string;
  /** Where it was read: a branch name, or `work tree`. */
  from: string;
  /** The text, or null when the file (or the branch) does not exist. */
  text: string | null;
  /** True when `from` names a branch that does not exist (yet): the line's release branch not cut, no `develop`. */
  branchMissing?: boolean;
}

/** What the checklist reads from the repository. */
export interface ChecklistFacts {
  policy: Policy;
  version: string;
  /** Stable release versions (from tags). */
  releases: readonly string[];
  tags: ReadonlySet<string>;
  /** The line key of the version (`0.5`). */
  line: string;
  /** The existing branch of the line, or null. */
  lineBranch: string | null;
  /**
   * The development branch, when the line is the development line and has no branch of its own
   * (Tarantool-style: 3.1 released on master before 3.1 is forked): where it lives until it is cut.
   */
  livesOn?: string | null;
  /** The branch the policy's template names for the line (shown when missing). */
  expectedBranch: string | null;
  /** Every `versionFiles` entry written at release, with its file at its branch. */
  versionFiles: Array<{ spec: VersionFile; file: FileFact }>;
  /** Draft notes files (`flow.prepare.notes`) found; empty when none is configured. */
  notes: FileFact[];
  /** The changelog (`release.changelog`) found; empty when none is configured. */
  changelog: FileFact[];
}

/** The previous release of `version` (highest release below it), or null. */
export function previousRelease(policy: Policy, version: string, releases: readonly string[]): string | null {
  const scheme = policyScheme(policy);
  const below = releases.filter((r) => scheme.tryParse(r) && scheme.compare(r, version) < 0);
  return below.length === 0 ? null : scheme.sort(below).at(-1)!;
}

function levelBetween(v: ParsedVersion, prev: ParsedVersion | null): 'major' | 'minor' | 'patch' {
  const r = [...v.release];
  while (r.length < 3) r.push(0);
  if (prev) {
    const p = [...prev.release];
    while (p.length < 3) p.push(0);
    if (r[0] !== p[0]) return 'major';
    if (r[1] !== p[1]) return 'minor';
    return 'patch';
  }
  if (r[2] !== 0 || r.slice(3).some((n) => n !== 0)) return 'patch';
  if (r[1] !== 0) return 'minor';
  return r[0] === 0 ? 'minor' : 'major';
}

/** The release type of `version` and the checklist type to show. */
export function releaseTypeOf(
  policy: Policy,
  version: string,
  releases: readonly string[],
): { type: ReleaseType; listType: ReleaseType; previous: string | null } {
  const scheme = policyScheme(policy);
  const v = scheme.parse(version);
  const previous = previousRelease(policy, version, releases);
  const finalType = levelBetween(v, previous === null ? null : scheme.parse(previous));
  if (!v.isPrerelease) return { type: finalType, listType: finalType, previous };
  return { type: 'prerelease', listType: policy.release.checklists.prerelease ? 'prerelease' : finalType, previous };
}

/** The testing window of a type: its own, else the nearest one it extends. */
export function testingWindowOf(policy: Policy, type: ReleaseType): { window: string | null; candidates: boolean } {
  const seen = new Set<ReleaseType>();
  let t: ReleaseType | undefined = type;
  const own = policy.release.checklists[type];
  while (t && !seen.has(t)) {
    seen.add(t);
    const c: (typeof policy.release.checklists)[ReleaseType] = policy.release.checklists[t];
    if (!c) break;
    if (c.testingWindow) return { window: c.testingWindow, candidates: own?.candidates ?? false };
    t = c.extends;
  }
  return { window: null, candidates: own?.candidates ?? false };
}

/** The placeholder values a version-file value template may use (the same values `trellis release` writes). */
export function versionValues(policy: Policy, version: string, line: string): TemplateValues {
  return templateValues(policy, version, line);
}

/** True when `text` names `version` as a whole version (0.4.5 is not in 0.4.50 or 0.4.5.dev0). */
export function mentionsVersion(text: string, version: string): boolean {
  const esc = escapeRegExp(version);
  return new RegExp(`(?<![0-9A-Za-z.])${esc}(?![0-9A-Za-z]|\\.[0-9A-Za-z])`).test(text);
}

function fileCheck(files: readonly FileFact[], version: string, what: string): { status: ItemStatus; detail: string } | null {
  if (files.length === 0) return null;
  const hit = files.find((f) => f.text !== null && mentionsVersion(f.text, version));
  if (hit) return { status: 'done', detail: `${hit.path} (${hit.from}) mentions ${version}` };
  const present = files.filter((f) => f.text !== null);
  if (present.length > 0)
    return { status: 'todo', detail: `${present.map((f) => `${f.path} (${f.from})`).join(', ')} does not mention ${version}` };
  return { status: 'todo', detail: `no ${what} yet (${files.map((f) => `${f.path} in ${f.from}`).join(', ')})` };
}

function tick(check: string, facts: ChecklistFacts, tag: string): { status: ItemStatus; detail: string } {
  const { policy, version } = facts;
  switch (check) {
    case 'branch-exists':
      return facts.lineBranch
        ? { status: 'done', detail: `branch ${facts.lineBranch} exists` }
        : {
            status: 'todo',
            detail: `no branch for line ${facts.line}${facts.expectedBranch ? ` (expected ${facts.expectedBranch})` : ''}${facts.livesOn ? `; it lives on ${facts.livesOn} until then` : ''}`,
          };
    case 'tag-exists':
      return facts.tags.has(tag) ? { status: 'done', detail: `tag ${tag} exists` } : { status: 'todo', detail: `no tag ${tag}` };
    case 'versions-bumped': {
      if (facts.versionFiles.length === 0) return { status: 'unknown', detail: 'the policy names no version files written at release' };
      const values = versionValues(policy, version, facts.line);
      const wrong: string[] = [];
      const right: string[] = [];
      // Branches not there yet, with the files bumped on them (said once per branch).
      const noBranch = new Map<string, { line: boolean; paths: string[] }>();
      for (const { spec, file } of facts.versionFiles) {
        let expected: string;
        try {
          expected = renderTemplate(spec.value, values);
        } catch {
          return { status: 'unknown', detail: `cannot render the value '${spec.value}' of ${spec.path}` };
        }
        if (file.text === null && file.branchMissing) {
          const entry = noBranch.get(file.from) ?? { line: spec.branch === 'line', paths: [] };
          if (!entry.paths.includes(file.path)) entry.paths.push(file.path);
          noBranch.set(file.from, entry);
          continue;
        }
        if (file.text === null) {
          wrong.push(`${spec.path} missing in ${file.from}`);
          continue;
        }
        try {
          const found = readVersionFile(file.text, spec, { file: spec.path });
          const off = found.filter((o) => o.value !== expected);
          if (off.length === 0) right.push(`${spec.path}=${expected}`);
          else wrong.push(`${spec.path}:${off[0]!.line} is ${off[0]!.value}, not ${expected} (${file.from})`);
        } catch (e) {
          wrong.push(e instanceof TrellisError ? e.message : String(e));
        }
      }
      const absent = [...noBranch].map(([branch, { line, paths }]) =>
        !line
          ? `branch ${branch} does not exist`
          : `${branch === facts.expectedBranch ? `release branch ${branch} not cut yet` : `no release branch for line ${facts.line} yet`} (${paths.join(', ')} ${paths.length === 1 ? 'is' : 'are'} bumped there)`,
      );
      wrong.unshift(...absent);
      return wrong.length === 0
        ? { status: 'done', detail: `${right.length} version value${right.length === 1 ? '' : 's'} read ${version}` }
        : { status: 'todo', detail: wrong.join('; ') };
    }
    case 'notes-written':
      return (
        fileCheck(facts.notes, version, 'notes file') ??
        fileCheck(facts.changelog, version, 'changelog') ?? {
          status: 'unknown',
          detail: 'no notes file or changelog in the policy (flow.prepare.notes, release.changelog)',
        }
      );
    case 'changelog-written':
      return (
        fileCheck(facts.changelog, version, 'changelog') ?? { status: 'unknown', detail: 'no changelog in the policy (release.changelog)' }
      );
    case 'tests-pass':
      return { status: 'unknown', detail: 'Trellis does not run the tests for a checklist (trellis release runs flow.prepare.test)' };
    default:
      return { status: 'unknown', detail: `unknown check ${check}` };
  }
}

/** The checklist of `facts.version` with every item Trellis can see ticked. */
export function buildChecklist(facts: ChecklistFacts): ChecklistReport {
  const { policy, version } = facts;
  const { type, listType, previous } = releaseTypeOf(policy, version, facts.releases);
  const tag = renderTemplate(policy.versioning.tag[0] ?? 'v{version}', { version });
  const items: ChecklistItemReport[] = checklistItems(policy, listType).map((item) => {
    if (!item.check) return { text: item.text, check: null, status: 'manual', detail: '' };
    return { text: item.text, check: item.check, ...tick(item.check, facts, tag) };
  });
  const { window, candidates } = testingWindowOf(policy, listType);
  const notes: string[] = [];
  if (!policy.release.checklists[listType]) notes.push(`the policy has no ${listType} checklist (release.checklists.${listType})`);
  if (type !== listType) notes.push(`no prerelease checklist: showing the ${listType} checklist`);
  return {
    version,
    type,
    listType,
    previous,
    line: facts.line,
    branch: facts.lineBranch ?? facts.livesOn ?? facts.expectedBranch,
    tag,
    testingWindow: window,
    candidates,
    items,
    done: items.filter((i) => i.status === 'done').length,
    total: items.length,
    notes,
  };
}

const BOX: Record<ItemStatus, string> = { done: '[x]', todo: '[ ]', manual: '[ ]', unknown: '[ ]' };

function heading(r: ChecklistReport): string[] {
  const type = r.type === r.listType ? r.type : `${r.type}, ${r.listType} list`;
  const lines = [`Release ${r.version} checklist (${type} release${r.previous ? `, after ${r.previous}` : ''})`];
  const parts: string[] = [];
  if (r.testingWindow) parts.push(`testing window: ${r.testingWindow}`);
  if (r.candidates) parts.push('release candidates first');
  parts.push(`line ${r.line}${r.branch ? `, branch ${r.branch}` : ''}, tag ${r.tag}`);
  lines.push(parts.join('; '));
  return lines;
}

/** Plain text: one `[x]`/`[ ]` line per item, what Trellis saw indented below. */
export function formatChecklistText(r: ChecklistReport): string {
  const out = heading(r);
  out.push('');
  for (const i of r.items) {
    const mark = i.status === 'unknown' ? '[?]' : BOX[i.status];
    out.push(`${mark} ${i.text}`);
    if (i.detail) out.push(`    ${i.check}: ${i.detail}`);
  }
  out.push(
    '',
    `${r.done} of ${r.total} done (Trellis ticks only what it can see: ${r.items.filter((i) => i.check).length} item(s) checked, the rest are manual)`,
  );
  for (const n of r.notes) out.push(`note: ${n}`);
  return out.join('\n') + '\n';
}

/** Markdown: a GitHub task list, ready for an issue or a release thread. */
export function formatChecklistMarkdown(r: ChecklistReport): string {
  const [title, sub] = heading(r);
  const out = [`## ${title}`, '', `_${sub}_`, ''];
  for (const i of r.items)
    out.push(`- ${BOX[i.status]} ${i.text}${i.detail ? ` <!-- ${i.check}: ${i.detail.replace(/--/g, '- -')} -->` : ''}`);
  out.push('', `${r.done} of ${r.total} done.`);
  for (const n of r.notes) out.push('', `> ${n}`);
  return out.join('\n') + '\n';
}
