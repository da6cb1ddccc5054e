import { TrellisError } from '../errors.js';
import { escapeRegExp } from '../regex.js';
import { refNameProblem } from '../refname.js';

/**
 * Name templates: `release-{major}.{minor}.x`, `v{version}`, `backport/{line}/{sha}`.
 * A template renders to a name from values, and matches a name back into values (the template
 * becomes an anchored regular expression with one named group per placeholder; literal parts are
 * escaped, a repeated placeholder must repeat the same text).
 */

export type Placeholder =
  | 'major'
  | 'minor'
  | 'patch'
  | 'version'
  | 'line'
  | 'codename'
  | 'sha'
  | 'branch'
  | 'n'
  | 'label'
  | 'pr'
  | 'nextDev'
  | 'nextPatch'
  | 'nextMinor';

/** What each placeholder matches. */
const PATTERNS: Record<Placeholder, string> = {
  major: '0|[1-9][0-9]*',
  minor: '0|[1-9][0-9]*',
  patch: '0|[1-9][0-9]*',
  n: '0|[1-9][0-9]*',
  pr: '[1-9][0-9]*',
  version: '[0-9][0-9A-Za-z.+!_-]*',
  nextDev: '[0-9][0-9A-Za-z.+!_-]*',
  nextPatch: '[0-9][0-9A-Za-z.+!_-]*',
  nextMinor: '[0-9][0-9A-Za-z.+!_-]*',
  line: '(?:0|[1-9][0-9]*)(?:\\.(?:0|[1-9][0-9]*))?',
  codename: '[A-Za-z0-9][A-Za-z0-9._-]*',
  sha: '[0-9a-f]{4,64}',
  branch: '[^\\s]+',
  label: '[A-Za-z]+',
};

export const PLACEHOLDERS = Object.keys(PATTERNS) as Placeholder[];

/** Which placeholders each kind of template may use. */
export const TEMPLATE_ROLES = {
  tag: ['version'],
  releaseBranch: ['major', 'minor', 'patch', 'line', 'codename'],
  hotfixBranch: ['version', 'major', 'minor', 'patch', 'line'],
  backportBranch: ['line', 'sha', 'branch', 'pr'],
  entrypointTag: ['major', 'minor', 'patch', 'line'],
  prereleaseFormat: ['label', 'n'],
  value: ['version', 'major', 'minor', 'patch', 'line', 'nextDev', 'nextPatch', 'nextMinor'],
  path: ['version', 'line', 'major', 'minor', 'patch'],
} as const satisfies Record<string, readonly Placeholder[]>;

export type TemplateRole = keyof typeof TEMPLATE_ROLES;

export type TemplatePart = { literal: string } | { placeholder: Placeholder };

export type TemplateValues = Partial<Record<Placeholder, string | number>>;

export interface Template {
  readonly source: string;
  readonly parts: readonly TemplatePart[];
  /** Placeholders in order of first use. */
  readonly placeholders: readonly Placeholder[];
  readonly regex: RegExp;
}

/**
 * A template error with the character offset in the template text where it was found: a
 * TrellisError (exit 2, one line), so a bad template reaching any caller is never a crash.
 */
export class TemplateError extends TrellisError {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super('policy', message, 2, { offset });
  }
}

/**
 * Parses a template. Throws `TemplateError` for an unclosed or empty brace, or a placeholder
 * that is unknown or not allowed for `role`.
 */
export function parseTemplate(source: string, role?: TemplateRole): Template {
  const allowed: readonly Placeholder[] = role ? TEMPLATE_ROLES[role] : PLACEHOLDERS;
  const parts: TemplatePart[] = [];
  const placeholders: Placeholder[] = [];
  let i = 0;
  let literal = '';
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '}') throw new TemplateError(`'}' without '{' in template '${source}'`, i);
    if (ch !== '{') {
      literal += ch;
      i++;
      continue;
    }
    const close = source.indexOf('}', i + 1);
    if (close < 0) throw new TemplateError(`unclosed '{' in template '${source}'`, i);
    const name = source.slice(i + 1, close);
    if (name === '') throw new TemplateError(`empty placeholder '{}' in template '${source}'`, i);
    if (!(allowed as readonly string[]).includes(name)) {
      const known = allowed.map((p) => `{${p}}`).join(', ');
      if (PLACEHOLDERS.includes(name as Placeholder)) {
        throw new TemplateError(`placeholder {${name}} cannot be used in template '${source}'; allowed here: ${known}`, i);
      }
      const suggestion = didYouMean(name, allowed);
      throw new TemplateError(
        `unknown placeholder {${name}} in template '${source}'${suggestion ? ` (did you mean {${suggestion}}?)` : ''}; known: ${known}`,
        i,
      );
    }
    if (literal) parts.push({ literal });
    literal = '';
    parts.push({ placeholder: name as Placeholder });
    if (!placeholders.includes(name as Placeholder)) placeholders.push(name as Placeholder);
    i = close + 1;
  }
  if (literal) parts.push({ literal });
  const seen = new Set<string>();
  const body = parts
    .map((p) => {
      if ('literal' in p) return escapeRegExp(p.literal);
      if (seen.has(p.placeholder)) return `\\k<${p.placeholder}>`;
      seen.add(p.placeholder);
      return `(?<${p.placeholder}>${PATTERNS[p.placeholder]})`;
    })
    .join('');
  return { source, parts, placeholders, regex: new RegExp(`^${body}$`) };
}

function asTemplate(t: Template | string): Template {
  return typeof t === 'string' ? parseTemplate(t) : t;
}

/** Renders a template; a placeholder without a value is a `policy` TrellisError. */
export function renderTemplate(template: Template | string, values: TemplateValues): string {
  const t = asTemplate(template);
  return t.parts
    .map((p) => {
      if ('literal' in p) return p.literal;
      const v = values[p.placeholder];
      if (v === undefined || v === '') {
        throw new TrellisError('policy', `template '${t.source}' needs a value for {${p.placeholder}}`);
      }
      return String(v);
    })
    .join('');
}

/** Matches a name against a template: the placeholder values, or null when it does not match. */
export function matchTemplate(template: Template | string, name: string): Partial<Record<Placeholder, string>> | null {
  const t = asTemplate(template);
  const m = t.regex.exec(name);
  if (!m) return null;
  const out: Partial<Record<Placeholder, string>> = {};
  for (const p of t.placeholders) out[p] = m.groups![p]!;
  return out;
}

/** Values used to check that a template renders to a legal ref name. */
export const SAMPLE_VALUES: Record<Placeholder, string> = {
  major: '1',
  minor: '2',
  patch: '3',
  version: '1.2.3',
  line: '1.2',
  codename: 'andium',
  sha: '0123abc',
  branch: 'release/1.2',
  n: '1',
  label: 'rc',
  pr: '42',
  nextDev: '1.2.4.dev0',
  nextPatch: '1.2.4',
  nextMinor: '1.3.0',
};

/** Why the rendered sample of a ref-name template is not a legal git ref name, or null. */
export function templateRefNameProblem(template: Template | string): string | null {
  const t = asTemplate(template);
  const sample = renderTemplate(t, SAMPLE_VALUES);
  const problem = refNameProblem(sample);
  return problem ? `template '${t.source}' gives ref names like '${sample}', which git rejects: ${problem}` : null;
}

/** Levenshtein distance (small inputs: keys and placeholder names). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate within a distance that scales with the word, case-insensitively. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  return best !== undefined && bestD <= limit ? best : undefined;
}
