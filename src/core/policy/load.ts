import type { ErrorObject, ValidateFunction } from 'ajv';
import { valid as pep440Valid } from '@renovatebot/pep440';
import semver from 'semver';
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { TrellisError, formatLocation } from '../errors.js';
import {
  DATE_PATTERN,
  DURATION_PATTERN,
  DURATION_RANGE_PATTERN,
  compareDurations,
  formatDuration,
  parseDate,
  parseDuration,
  parseDurationRange,
  type Duration,
} from './duration.js';
import { LINE_KEY_PATTERN, RELEASE_TYPES, TRAILER_KEY_PATTERN } from './constants.js';
import type { Policy, ReleaseType } from './schema.js';
import { validate as generatedValidate } from './validate.generated.js';
import { TemplateError, didYouMean, parseTemplate, templateRefNameProblem, type Template, type TemplateRole } from './template.js';
import { refNameProblem } from '../refname.js';
import { repoFilePathProblem } from '../repo-path.js';
import { parseKeyPath } from '../release/updaters/key-path.js';

/** One problem in a policy file, located at `file:line:col` (1-based). */
export interface PolicyProblem {
  file: string;
  line: number;
  col: number;
  message: string;
  /** Where in the document, as a dotted path (`support.lines.0.5.eol` is written `support.lines["0.5"].eol`). */
  path: string;
}

export interface PolicyCheckResult {
  /** The loaded policy, or null when there is any problem. */
  policy: Policy | null;
  problems: PolicyProblem[];
}

export function formatProblem(p: PolicyProblem): string {
  return `${formatLocation(p)}: ${p.message}`;
}

/** A policy with problems; the message is the first problem, `problems` has them all. */
export class PolicyError extends TrellisError {
  constructor(readonly problems: PolicyProblem[]) {
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more; run 'trellis policy check')` : '';
    super('policy', `${first ? formatProblem(first) : 'invalid policy'}${more}`, 2, problems);
  }
}

/** Default pre-release labels and formats per scheme (PEP 440 normalises alpha/beta to a/b). */
export const PRERELEASE_DEFAULTS = {
  semver: { labels: ['alpha', 'beta', 'rc'], format: '-{label}.{n}' },
  pep440: { labels: ['a', 'b', 'rc'], format: '{label}{n}' },
} as const;

export const DEFAULT_TAG_TEMPLATE = 'v{version}';
export const DEFAULT_RELEASE_TEMPLATE = 'release/{major}.{minor}';
const PEP440_LABELS = ['a', 'alpha', 'b', 'beta', 'rc', 'c', 'pre', 'preview'];

type Path = Array<string | number>;

/**
 * The schema's validator, compiled ahead of time by `npm run schema` (codegen.ts): strict, all
 * errors, defaults applied, verbose so each error carries the schema it failed (to describe
 * alternatives). Compiling it here on every run cost about 85 ms.
 */
function validate(): ValidateFunction {
  return generatedValidate as ValidateFunction;
}

/**
 * Checks a policy text and returns the loaded policy (or null) with every problem, each located
 * at file:line:col. Pure: the text comes in, nothing is read.
 */
export function checkPolicy(text: string, file = '.trellis.yml'): PolicyCheckResult {
  const ctx = new Context(text, file);
  const doc = ctx.doc;
  for (const e of [...doc.errors, ...doc.warnings]) {
    const [line, col] = ctx.linePos(e.pos[0]);
    ctx.problems.push({ file, line, col, message: `YAML: ${firstLine(e.message)}`, path: '' });
  }
  if (doc.errors.length > 0) return ctx.result(null);

  ctx.checkKeys(doc.contents, []);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 }) ?? {};
  } catch (e) {
    ctx.problems.push({ file, line: 1, col: 1, message: `YAML: ${firstLine((e as Error).message)}`, path: '' });
    return ctx.result(null);
  }
  const v = validate();
  if (!v(data)) {
    for (const p of schemaProblems(v.errors ?? [], data, ctx)) ctx.problems.push(p);
  }
  if (ctx.problems.length > 0) return ctx.result(null);
  const input = data as Record<string, unknown>;
  semanticChecks(input as unknown as InputShape, ctx);
  if (ctx.problems.length > 0) return ctx.result(null);
  return ctx.result(resolve(input as unknown as InputShape));
}

/** Loads a policy text: the typed, defaulted policy, or a `PolicyError` (exit 2) naming every problem. */
export function loadPolicy(text: string, file = '.trellis.yml'): Policy {
  const r = checkPolicy(text, file);
  if (!r.policy) throw new PolicyError(r.problems);
  return r.policy;
}

// ---------------------------------------------------------------------------------------------

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

function pathText(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `["${seg}"]`;
  }
  return out;
}

class Context {
  readonly lineCounter = new LineCounter();
  readonly doc: Document.Parsed;
  readonly problems: PolicyProblem[] = [];
  constructor(
    readonly text: string,
    readonly file: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lineCounter, prettyErrors: false, uniqueKeys: true });
  }

  linePos(offset: number): [number, number] {
    const p = this.lineCounter.linePos(offset);
    return [p.line, p.col];
  }

  result(policy: Policy | null): PolicyCheckResult {
    const problems = [...this.problems].sort((a, b) => a.line - b.line || a.col - b.col);
    return { policy, problems };
  }

  /** The YAML node at `path` (or its key), or the deepest node on the way when part is absent. */
  locate(path: Path, which: 'key' | 'value' = 'value'): { node: Node | null; exact: boolean } {
    let node: Node | null = (this.doc.contents as Node | null) ?? null;
    let keyNode: Node | null = null;
    for (const seg of path) {
      if (node && isAlias(node)) node = (node.resolve(this.doc) as Node | undefined) ?? node;
      if (node && isMap(node)) {
        const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(seg));
        if (!pair) return { node, exact: false };
        keyNode = pair.key as Node;
        node = (pair.value as Node | null) ?? keyNode;
      } else if (node && isSeq(node)) {
        const item = node.items[Number(seg)] as Node | undefined;
        if (!item) return { node, exact: false };
        keyNode = item;
        node = item;
      } else {
        return { node, exact: false };
      }
    }
    return { node: which === 'key' && keyNode ? keyNode : node, exact: true };
  }

  at(path: Path, message: string, opts: { which?: 'key' | 'value'; offset?: number } = {}): void {
    const { node, exact } = this.locate(path, opts.which);
    let offset = node?.range?.[0] ?? 0;
    if (exact && node && opts.offset !== undefined && isScalar(node)) {
      if (node.type === 'PLAIN') offset += opts.offset;
      else if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') offset += 1 + opts.offset;
    }
    const [line, col] = this.linePos(offset);
    this.problems.push({ file: this.file, line, col, message, path: pathText(path) });
  }

  /** The source text of the node at `path`. */
  source(path: Path): string | undefined {
    const { node, exact } = this.locate(path);
    if (!exact || !node?.range) return undefined;
    return this.text.slice(node.range[0], node.range[1]);
  }

  /** Map keys that YAML reads as something other than the text written (`1.10:` is the number 1.1). */
  checkKeys(node: unknown, path: Path): void {
    if (isMap(node)) {
      for (const it of node.items) {
        if (!isPair(it)) continue;
        const key = it.key;
        if (isScalar(key) && typeof key.value !== 'string' && key.range) {
          const written = this.text.slice(key.range[0], key.range[1]);
          if (written !== String(key.value)) {
            const [line, col] = this.linePos(key.range[0]);
            this.problems.push({
              file: this.file,
              line,
              col,
              message: `key ${written} is read as ${String(key.value)}; quote it: "${written}"`,
              path: pathText([...path, String(key.value)]),
            });
          }
        }
        this.checkKeys(it.value, [...path, isScalar(key) ? String(key.value) : '?']);
      }
    } else if (isSeq(node)) {
      node.items.forEach((it, i) => this.checkKeys(it, [...path, i]));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Schema errors -> located problems.

/** JSON pointer -> path; segments that index a list (in `data`) become numbers. */
function decodePointer(pointer: string, data: unknown): Path {
  if (pointer === '') return [];
  const out: Path = [];
  let cur: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      out.push(Number(seg));
      cur = cur[Number(seg)];
    } else {
      out.push(seg);
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

function describeSchema(s: unknown): string {
  const o = (s ?? {}) as Record<string, unknown>;
  if ('const' in o) return JSON.stringify(o.const);
  if (Array.isArray(o.enum)) return `one of ${o.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  switch (o.type) {
    case 'string':
      return 'a string';
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping';
    case 'boolean':
      return 'true or false';
    case 'integer':
      return 'a whole number';
    case 'number':
      return 'a number';
    default:
      return 'a valid value';
  }
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  array: 'a list',
  object: 'a mapping',
  boolean: 'true or false',
  integer: 'a whole number',
  number: 'a number',
  null: 'empty',
};

function valueWord(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v === 'string' ? 'the string' : typeof v === 'number' ? 'the number' : 'the value'} ${JSON.stringify(v)}`;
}

/** Removes the noise of `anyOf`: keep the errors of the alternative that fits the value's type. */
function pruneAnyOf(errors: ErrorObject[]): ErrorObject[] {
  let list = [...errors];
  const anyOfs = list.filter((e) => e.keyword === 'anyOf').sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const e of anyOfs) {
    if (!list.includes(e)) continue;
    const prefix = `${e.schemaPath}/`;
    const inBranch = (x: ErrorObject) => x.schemaPath.startsWith(prefix);
    const branchOf = (x: ErrorObject) => Number(x.schemaPath.slice(prefix.length).split('/')[0]);
    const branches = new Map<number, ErrorObject[]>();
    for (const x of list) if (inBranch(x)) branches.set(branchOf(x), [...(branches.get(branchOf(x)) ?? []), x]);
    const fits = [...branches.entries()].filter(
      ([, errs]) => !errs.some((x) => x.instancePath === e.instancePath && ['type', 'const', 'enum'].includes(x.keyword)),
    );
    if (fits.length > 0) {
      const keep = new Set(fits[0]![1]);
      list = list.filter((x) => x !== e && (!inBranch(x) || keep.has(x)));
    } else {
      list = list.filter((x) => !inBranch(x));
      const alternatives = (e.schema as unknown[]).map(describeSchema);
      (e as ErrorObject & { trellisMessage?: string }).trellisMessage = `must be ${alternatives.join(' or ')}, not ${valueWord(e.data)}`;
    }
  }
  return list;
}

function schemaProblems(errors: ErrorObject[], data: unknown, ctx: Context): PolicyProblem[] {
  const before = ctx.problems.length;
  const seen = new Set<string>();
  for (const e of pruneAnyOf(errors)) {
    const path = decodePointer(e.instancePath, data);
    const where = path.length ? pathText(path) : 'the top level';
    const inWhere = path.length ? `in ${where}` : 'at the top level';
    const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
    let message: string;
    let at: Path = path;
    let which: 'key' | 'value' = 'value';
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String((e.params as { additionalProperty: string }).additionalProperty);
        at = [...path, key];
        which = 'key';
        const pattern = parent.patternProperties ? Object.keys(parent.patternProperties as object)[0] : undefined;
        if (pattern === LINE_KEY_PATTERN) {
          message = `'${key}' is not a line (write "X.Y" such as "0.5", or "X" when lines are majors)`;
        } else if (pattern) {
          message = `key '${key}' ${inWhere} must match ${pattern}`;
        } else {
          const allowed = Object.keys((parent.properties as object | undefined) ?? {});
          const suggestion = didYouMean(key, allowed);
          message = `unknown key '${key}' ${inWhere}${suggestion ? ` (did you mean '${suggestion}'?)` : `; expected one of: ${allowed.join(', ')}`}`;
        }
        break;
      }
      case 'required':
        message = `${where} needs the key '${(e.params as { missingProperty: string }).missingProperty}'`;
        break;
      case 'type': {
        const want = String((e.params as { type: string }).type);
        message = `${where} must be ${TYPE_WORDS[want] ?? want}, not ${valueWord(e.data)}`;
        if (want === 'string' && (typeof e.data === 'number' || typeof e.data === 'boolean')) {
          const src = ctx.source(path);
          if (src !== undefined) message += `; quote it: "${src}"`;
        }
        break;
      }
      case 'enum': {
        const allowed = (e.schema as unknown[]).map(String);
        const suggestion = typeof e.data === 'string' ? didYouMean(e.data, allowed) : undefined;
        message = `${where} must be one of ${allowed.join(', ')}, not ${valueWord(e.data)}${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`;
        break;
      }
      case 'const':
        message = `${where} must be ${JSON.stringify(e.schema)}`;
        break;
      case 'pattern': {
        const p = String(e.schema);
        const value = String(e.data);
        if (p === DURATION_PATTERN) {
          const d = parseDuration(value);
          message = `${where}: ${d.ok ? `'${value}' is not a duration` : d.error}`;
        } else if (p === DURATION_RANGE_PATTERN) {
          const d = parseDurationRange(value);
          message = `${where}: ${d.ok ? `'${value}' is not a duration or range` : d.error}`;
        } else if (p === DATE_PATTERN) {
          message = `${where}: '${value}' is not a date (write YYYY-MM-DD, e.g. 2027-03-31)`;
        } else if (p === LINE_KEY_PATTERN) {
          message = `${where}: '${value}' is not a line (write "X.Y" such as "0.5", or "X")`;
        } else if (p === TRAILER_KEY_PATTERN) {
          message = `${where}: '${value}' is not a trailer key (letters, digits and '-', e.g. Backport-of)`;
        } else {
          message = `${where}: '${value}' must match ${p}`;
        }
        break;
      }
      case 'minimum':
        message = `${where} must be at least ${String(e.schema)}, not ${valueWord(e.data)}`;
        break;
      case 'minItems':
        message = `${where} must not be empty`;
        break;
      case 'minLength':
        message = `${where} must not be empty`;
        break;
      case 'uniqueItems': {
        const { i, j } = e.params as { i: number; j: number };
        message = `${where} lists ${JSON.stringify((e.data as unknown[])[j])} twice`;
        at = [...path, Math.max(i, j)];
        break;
      }
      case 'anyOf':
        message = `${where} ${(e as ErrorObject & { trellisMessage?: string }).trellisMessage ?? 'has an invalid value'}`;
        break;
      default:
        message = `${where} ${e.message ?? 'is invalid'}`;
    }
    const id = `${pathText(at)}\u0000${message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    ctx.at(at, message, { which });
  }
  return ctx.problems.splice(before);
}

// ---------------------------------------------------------------------------------------------
// Semantic checks: templates, dates, and rules that cannot hold together.

interface InputShape {
  project: Policy['project'];
  versioning: {
    scheme: 'semver' | 'pep440';
    prerelease: { labels?: string[]; format?: string };
    tag?: string | string[];
    line: 'minor' | 'major';
    zeroMajor: 'minor' | 'major';
  };
  branches: Omit<Policy['branches'], 'release'> & { release?: string | Array<string | { template: string; eol?: boolean }> };
  support: Policy['support'];
  cadence: Policy['cadence'];
  phases?: Policy['phases'];
  versionFiles: Policy['versionFiles'];
  backport: Policy['backport'];
  security: Policy['security'];
  release: Omit<Policy['release'], 'checklists'> & {
    checklists: Partial<
      Record<
        ReleaseType,
        Omit<NonNullable<Policy['release']['checklists']['minor']>, 'items'> & { items?: Array<string | { text: string; check?: string }> }
      >
    >;
  };
  flow: Policy['flow'];
}

function checkTemplate(ctx: Context, path: Path, text: string, role: TemplateRole, isRef: boolean): Template | null {
  let t: Template;
  try {
    t = parseTemplate(text, role);
  } catch (e) {
    if (e instanceof TemplateError) {
      ctx.at(path, e.message, { offset: e.offset });
      return null;
    }
    throw e;
  }
  if (isRef) {
    const problem = templateRefNameProblem(t);
    if (problem) {
      ctx.at(path, problem);
      return null;
    }
  }
  return t;
}

/** Why a version-file pattern cannot be used: not a regular expression, or not one version group. */
function regexProblem(pattern: string): string | null {
  let probe: RegExpExecArray;
  try {
    new RegExp(pattern, 'gm');
    // An alternative that matches the empty string reveals the pattern's groups.
    probe = new RegExp(`(?:${pattern})|`).exec('') as RegExpExecArray;
  } catch (e) {
    return `not a regular expression: ${(e as Error).message}`;
  }
  if (probe.groups && 'version' in probe.groups) return null;
  if (probe.length - 1 !== 1)
    return `the pattern needs exactly one capture group (or a group named version) around the version; it has ${probe.length - 1}`;
  return null;
}

function checkDate(ctx: Context, path: Path, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const d = parseDate(text);
  if (!d.ok) {
    ctx.at(path, d.error);
    return undefined;
  }
  return text;
}

function dur(text: string | undefined): Duration | undefined {
  if (text === undefined) return undefined;
  const d = parseDuration(text);
  return d.ok ? d.value : undefined;
}

function semanticChecks(p: InputShape, ctx: Context): void {
  const v = p.versioning;
  const lineShape = v.line === 'minor' ? /^\d+\.\d+$/ : /^\d+$/;
  const lineHint = v.line === 'minor' ? 'X.Y, e.g. "0.5"' : 'X, e.g. "3"';
  const checkLineKey = (path: Path, key: string, which: 'key' | 'value') => {
    if (!lineShape.test(key)) ctx.at(path, `'${key}' is not a line: versioning.line is ${v.line}, so write ${lineHint}`, { which });
  };

  // versioning
  const labels = v.prerelease.labels ?? PRERELEASE_DEFAULTS[v.scheme].labels;
  if (v.scheme === 'pep440' && v.prerelease.labels) {
    v.prerelease.labels.forEach((l, i) => {
      if (!PEP440_LABELS.includes(l.toLowerCase())) {
        ctx.at(
          ['versioning', 'prerelease', 'labels', i],
          `'${l}' is not a PEP 440 pre-release label (use a, b or rc; alpha, beta, c, pre, preview are also read)`,
        );
      }
    });
  }
  const format = v.prerelease.format ?? PRERELEASE_DEFAULTS[v.scheme].format;
  if (v.prerelease.format !== undefined) {
    const path = ['versioning', 'prerelease', 'format'];
    const t = checkTemplate(ctx, path, format, 'prereleaseFormat', false);
    if (t) {
      if (!t.placeholders.includes('label') || !t.placeholders.includes('n')) {
        ctx.at(path, `pre-release format '${format}' needs both {label} and {n}`);
      } else {
        for (const label of labels) {
          const sample = `1.2.3${format.replace('{label}', label).replace('{n}', '1')}`;
          const ok = v.scheme === 'semver' ? semver.valid(sample) !== null : pep440Valid(sample) !== null;
          if (!ok) {
            ctx.at(path, `pre-release format '${format}' gives '${sample}', which is not a valid ${v.scheme} version`);
            break;
          }
        }
      }
    }
  }
  const tags = v.tag === undefined ? [] : typeof v.tag === 'string' ? [v.tag] : v.tag;
  tags.forEach((tag, i) => {
    const path = typeof v.tag === 'string' ? ['versioning', 'tag'] : ['versioning', 'tag', i];
    const t = checkTemplate(ctx, path, tag, 'tag', true);
    if (t && !t.placeholders.includes('version')) ctx.at(path, `tag template '${tag}' needs {version}`);
  });

  // branches
  const b = p.branches;
  for (const key of ['main', 'develop'] as const) {
    const name = b[key];
    if (name === undefined) continue;
    const problem = refNameProblem(name);
    if (problem) ctx.at(['branches', key], `branch name '${name}' is not a valid git ref name: ${problem}`);
  }
  if (b.develop !== undefined && b.develop === b.main)
    ctx.at(['branches', 'develop'], `branches.develop must differ from branches.main ('${b.main}')`);
  const releases = b.release === undefined ? [] : typeof b.release === 'string' ? [b.release] : b.release;
  releases.forEach((r, i) => {
    const isObj = typeof r !== 'string';
    const text = isObj ? r.template : r;
    const path: Path =
      typeof b.release === 'string' ? ['branches', 'release'] : isObj ? ['branches', 'release', i, 'template'] : ['branches', 'release', i];
    const t = checkTemplate(ctx, path, text, 'releaseBranch', true);
    if (!t) return;
    const ph = t.placeholders;
    const identifies = ph.includes('line') || (ph.includes('major') && (v.line === 'major' || ph.includes('minor')));
    if (!identifies) {
      ctx.at(
        path,
        `release branch template '${text}' does not say which line a branch belongs to: use {line}, or {major}${v.line === 'minor' ? ' and {minor}' : ''}`,
      );
    }
    if (i === 0 && isObj && r.eol) {
      ctx.at(
        ['branches', 'release', 0],
        'the first release branch template names new branches, so it cannot be an end-of-life template; list it after the active one',
      );
    }
  });
  checkTemplate(ctx, ['branches', 'hotfix'], b.hotfix, 'hotfixBranch', true);
  const bp = checkTemplate(ctx, ['branches', 'backport'], b.backport, 'backportBranch', true);
  if (bp && (!bp.placeholders.includes('sha') || !(bp.placeholders.includes('line') || bp.placeholders.includes('branch')))) {
    ctx.at(
      ['branches', 'backport'],
      `backport branch template '${b.backport}' needs {sha} and {line} or {branch}, so that two backports never get the same name`,
    );
  }
  for (const key of Object.keys(b.codenames)) checkLineKey(['branches', 'codenames', key], key, 'key');

  // support
  const s = p.support;
  const bugfix = dur(s.bugfix);
  const security = dur(s.security);
  if (bugfix && security && compareDurations(security, bugfix) < 0) {
    ctx.at(
      ['support', 'security'],
      `the security window (${formatDuration(security)}) is shorter than the bugfix window (${formatDuration(bugfix)}); a line’s end of life cannot come before its end of bug fixes`,
    );
  }
  const ltsDuration = dur(s.lts.duration);
  const regular = security ?? bugfix;
  if (ltsDuration && regular && compareDurations(ltsDuration, regular) < 0) {
    ctx.at(
      ['support', 'lts', 'duration'],
      `LTS support (${formatDuration(ltsDuration)}) is shorter than regular support (${formatDuration(regular)})`,
    );
  }
  s.lts.lines.forEach((l, i) => checkLineKey(['support', 'lts', 'lines', i], l, 'value'));
  for (const [key, entry] of Object.entries(s.lines)) {
    checkLineKey(['support', 'lines', key], key, 'key');
    const base: Path = ['support', 'lines', key];
    const start = checkDate(ctx, [...base, 'start'], entry.start);
    const eob = checkDate(ctx, [...base, 'endOfBugfix'], entry.endOfBugfix);
    const eol = checkDate(ctx, [...base, 'eol'], entry.eol);
    if (start && eob && eob < start) ctx.at([...base, 'endOfBugfix'], `end of bug fixes ${eob} is before the start ${start}`);
    if (start && eol && eol < start) ctx.at([...base, 'eol'], `end of life ${eol} is before the start ${start}`);
    if (eob && eol && eol < eob) ctx.at([...base, 'eol'], `end of life ${eol} is before the end of bug fixes ${eob}`);
    if (entry.branch !== undefined) {
      const problem = refNameProblem(entry.branch);
      if (problem) ctx.at([...base, 'branch'], `branch name '${entry.branch}' is not a valid git ref name: ${problem}`);
    }
  }

  // cadence
  for (const key of ['major', 'minor', 'patch'] as const) {
    const text = p.cadence[key];
    if (text === undefined) continue;
    const r = parseDurationRange(text);
    if (!r.ok) ctx.at(['cadence', key], r.error);
  }

  // phases
  if (p.phases) {
    let previous: string | undefined;
    p.phases.schedule.forEach((entry, i) => {
      const date = checkDate(ctx, ['phases', 'schedule', i, 'from'], entry.from);
      if (entry.line !== undefined) checkLineKey(['phases', 'schedule', i, 'line'], entry.line, 'value');
      if (date && previous && date <= previous)
        ctx.at(['phases', 'schedule', i, 'from'], `phase dates must increase: ${date} is not after ${previous}`);
      if (date) previous = date;
    });
  }

  // version files
  p.versionFiles.forEach((f, i) => {
    const base: Path = ['versionFiles', i];
    checkTemplate(ctx, [...base, 'path'], f.path, 'path', false);
    checkFilePath(ctx, [...base, 'path'], f.path);
    checkTemplate(ctx, [...base, 'value'], f.value, 'value', false);
    const needs: Record<string, string[]> = { json: ['key'], toml: ['key'], yaml: ['key'], regex: [], pin: ['package'] };
    const allowed: Record<string, string[]> = {
      json: ['key'],
      toml: ['key'],
      yaml: ['key'],
      regex: ['pattern', 'marker'],
      pin: ['package', 'key'],
    };
    for (const k of needs[f.kind]!)
      if ((f as Record<string, unknown>)[k] === undefined) ctx.at(base, `a ${f.kind} version file needs '${k}'`);
    for (const k of ['key', 'pattern', 'marker', 'package']) {
      if ((f as Record<string, unknown>)[k] !== undefined && !allowed[f.kind]!.includes(k)) {
        ctx.at([...base, k], `'${k}' does not apply to a ${f.kind} version file (it uses ${allowed[f.kind]!.join(' and ')})`, {
          which: 'key',
        });
      }
    }
    if (f.key !== undefined) {
      try {
        parseKeyPath(f.key);
      } catch (e) {
        ctx.at([...base, 'key'], (e as Error).message);
      }
    }
    if (f.kind === 'regex' && f.pattern !== undefined) {
      const problem = regexProblem(f.pattern);
      if (problem) ctx.at([...base, 'pattern'], problem);
    }
    if (f.branch === 'develop' && p.branches.develop === undefined) {
      ctx.at([...base, 'branch'], 'branch: develop needs branches.develop');
    }
  });

  // security
  for (const sev of ['critical', 'high', 'medium', 'low'] as const) {
    const sla = p.security.sla[sev];
    const triage = dur(sla?.triage);
    const fix = dur(sla?.fix);
    if (triage && fix && compareDurations(fix, triage) < 0) {
      ctx.at(
        ['security', 'sla', sev, 'fix'],
        `the fix time (${formatDuration(fix)}) is shorter than the triage time (${formatDuration(triage)})`,
      );
    }
  }

  // release
  const rel = p.release;
  if (rel.entrypoint !== false) checkTemplate(ctx, ['release', 'entrypoint'], rel.entrypoint, 'entrypointTag', true);
  const inCycle = new Set<ReleaseType>();
  for (const type of RELEASE_TYPES) {
    const window = rel.checklists[type]?.testingWindow;
    if (window !== undefined) {
      const r = parseDurationRange(window);
      if (!r.ok) ctx.at(['release', 'checklists', type, 'testingWindow'], r.error);
    }
    const seen: ReleaseType[] = [type];
    let cur = rel.checklists[type]?.extends;
    while (cur) {
      if (seen.includes(cur)) {
        if (inCycle.has(cur)) break;
        for (const t of seen) inCycle.add(t);
        ctx.at(['release', 'checklists', type, 'extends'], `checklists extend each other in a circle: ${[...seen, cur].join(' -> ')}`);
        break;
      }
      if (!rel.checklists[cur]) {
        ctx.at(['release', 'checklists', seen[seen.length - 1]!, 'extends'], `there is no '${cur}' checklist to extend`);
        break;
      }
      seen.push(cur);
      cur = rel.checklists[cur]?.extends;
    }
  }

  // flow
  const f = p.flow;
  if (f.model === 'gitflow' && p.branches.develop === undefined) {
    ctx.at(['flow', 'model'], 'gitflow needs branches.develop (the integration branch, e.g. dev)');
  }
  if (f.hotfix.mergeInto.includes('develop') && p.branches.develop === undefined) {
    ctx.at(['flow', 'hotfix', 'mergeInto'], 'merging hotfixes into develop needs branches.develop');
  }
  if (f.prepare.notes !== undefined) {
    checkTemplate(ctx, ['flow', 'prepare', 'notes'], f.prepare.notes, 'path', false);
    checkFilePath(ctx, ['flow', 'prepare', 'notes'], f.prepare.notes);
  }
  if (rel.changelog !== false) checkFilePath(ctx, ['release', 'changelog'], rel.changelog);
  if (p.backport.optOutFile !== undefined) checkFilePath(ctx, ['backport', 'optOutFile'], p.backport.optOutFile);
}

/** A file Trellis writes or reads in the repository: relative, inside it, never git's own folder. */
function checkFilePath(ctx: Context, path: Path, text: string): void {
  const problem = repoFilePathProblem(text);
  if (problem) ctx.at(path, `'${text}' cannot name a file in the repository: ${problem}`);
}

// ---------------------------------------------------------------------------------------------

/** Normalises a validated input into the resolved `Policy` (scheme defaults, lists). */
function resolve(p: InputShape): Policy {
  const v = p.versioning;
  const tag = v.tag === undefined ? [DEFAULT_TAG_TEMPLATE] : typeof v.tag === 'string' ? [v.tag] : v.tag;
  const release =
    p.branches.release === undefined
      ? [{ template: DEFAULT_RELEASE_TEMPLATE, eol: false }]
      : (typeof p.branches.release === 'string' ? [p.branches.release] : p.branches.release).map((r) =>
          typeof r === 'string' ? { template: r, eol: false } : { template: r.template, eol: r.eol ?? false },
        );
  const checklists: Policy['release']['checklists'] = {};
  for (const type of RELEASE_TYPES) {
    const c = p.release.checklists[type];
    if (!c) continue;
    checklists[type] = {
      ...c,
      items: (c.items ?? []).map((it) =>
        typeof it === 'string' ? { text: it } : { text: it.text, ...(it.check ? { check: it.check as never } : {}) },
      ),
    };
  }
  return {
    ...p,
    versioning: {
      ...v,
      prerelease: {
        labels: v.prerelease.labels ?? [...PRERELEASE_DEFAULTS[v.scheme].labels],
        format: v.prerelease.format ?? PRERELEASE_DEFAULTS[v.scheme].format,
      },
      tag,
    },
    branches: { ...p.branches, release },
    release: { ...p.release, checklists },
  } as Policy;
}

/** The checklist items of a release type, with the items of the types it extends first. */
export function checklistItems(policy: Policy, type: ReleaseType): Array<{ text: string; check?: string }> {
  const out: Array<{ text: string; check?: string }> = [];
  const seen = new Set<ReleaseType>();
  const visit = (t: ReleaseType | undefined) => {
    if (!t || seen.has(t)) return;
    seen.add(t);
    const c = policy.release.checklists[t];
    if (!c) return;
    visit(c.extends);
    out.push(...c.items);
  };
  visit(type);
  return out;
}
