/** Errors of the JSON Schema validator (ajv) turned into located problems with plain-words messages. */

/**
 * One error of the generated validator, as ajv reports it (the fields read here). Declared here
 * rather than imported from ajv: ajv is a build-time tool (npm run schema) and the published
 * types must not need it.
 */
export interface ErrorObject {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- ajv's params differ per keyword
  params: Record<string, any>;
  message?: string;
  schema?: unknown;
  parentSchema?: unknown;
  data?: unknown;
}
import { LINE_KEY_PATTERN, TRAILER_KEY_PATTERN } from './constants.js';
import { DATE_PATTERN, DURATION_PATTERN, DURATION_RANGE_PATTERN, parseDuration, parseDurationRange } from './duration.js';
import { pathText, type Path, type PolicyDocument, type PolicyProblem } from './problems.js';
import { didYouMean } from './template.js';

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
  // YAML's .inf and .nan are numbers JSON cannot spell (JSON.stringify gives "null").
  if (typeof v === 'number' && !Number.isFinite(v)) return `${v > 0 ? '.inf' : v < 0 ? '-.inf' : '.nan'} (not a finite number)`;
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

/** The located problems of the validator's errors (one per place and message). */
export function schemaProblems(errors: ErrorObject[], data: unknown, ctx: PolicyDocument): PolicyProblem[] {
  const before = ctx.problems.length;
  const seen = new Set<string>();
  for (const e of pruneAnyOf(errors)) {
    const { at, message, which } = schemaProblem(e, decodePointer(e.instancePath, data), ctx);
    const id = `${pathText(at)}\u0000${message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    ctx.at(at, message, { which });
  }
  return ctx.problems.splice(before);
}

interface SchemaProblem {
  at: Path;
  message: string;
  which: 'key' | 'value';
}

/** One validator error in words, and where to point at (the value, or the key of an unknown key). */
function schemaProblem(e: ErrorObject, path: Path, ctx: PolicyDocument): SchemaProblem {
  const where = path.length ? pathText(path) : 'the top level';
  const said = (message: string): SchemaProblem => ({ at: path, message, which: 'value' });
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      return { at: [...path, key], message: unknownKeyMessage(e, path, key), which: 'key' };
    }
    case 'required':
      return said(`${where} needs the key '${(e.params as { missingProperty: string }).missingProperty}'`);
    case 'type': {
      const want = String((e.params as { type: string }).type);
      let message = `${where} must be ${TYPE_WORDS[want] ?? want}, not ${valueWord(e.data)}`;
      if (want === 'string' && (typeof e.data === 'number' || typeof e.data === 'boolean')) {
        const src = ctx.source(path);
        if (src !== undefined) message += `; quote it: "${src}"`;
      }
      return said(message);
    }
    case 'enum': {
      const allowed = (e.schema as unknown[]).map(String);
      const suggestion = typeof e.data === 'string' ? didYouMean(e.data, allowed) : undefined;
      return said(
        `${where} must be one of ${allowed.join(', ')}, not ${valueWord(e.data)}${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`,
      );
    }
    case 'const':
      return said(`${where} must be ${JSON.stringify(e.schema)}`);
    case 'pattern':
      return said(`${where}: ${patternMessage(String(e.schema), String(e.data))}`);
    case 'minimum':
      return said(`${where} must be at least ${String(e.schema)}, not ${valueWord(e.data)}`);
    case 'minItems':
    case 'minLength':
      return said(`${where} must not be empty`);
    case 'uniqueItems': {
      const { i, j } = e.params as { i: number; j: number };
      return { at: [...path, Math.max(i, j)], message: `${where} lists ${JSON.stringify((e.data as unknown[])[j])} twice`, which: 'value' };
    }
    case 'anyOf':
      return said(`${where} ${(e as ErrorObject & { trellisMessage?: string }).trellisMessage ?? 'has an invalid value'}`);
    default:
      return said(`${where} ${e.message ?? 'is invalid'}`);
  }
}

/** An unknown key: not a line (under `support.lines`), not matching the key pattern, or a likely typo. */
function unknownKeyMessage(e: ErrorObject, path: Path, key: string): string {
  const inWhere = path.length ? `in ${pathText(path)}` : 'at the top level';
  const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
  const pattern = parent.patternProperties ? Object.keys(parent.patternProperties as object)[0] : undefined;
  if (pattern === LINE_KEY_PATTERN) return `'${key}' is not a line (write "X.Y" such as "0.5", or "X" when lines are majors)`;
  if (pattern) return `key '${key}' ${inWhere} must match ${pattern}`;
  const allowed = Object.keys((parent.properties as object | undefined) ?? {});
  const suggestion = didYouMean(key, allowed);
  return `unknown key '${key}' ${inWhere}${suggestion ? ` (did you mean '${suggestion}'?)` : `; expected one of: ${allowed.join(', ')}`}`;
}

/** Why a value does not match a pattern, in the words of what the pattern stands for. */
function patternMessage(pattern: string, value: string): string {
  if (pattern === DURATION_PATTERN) {
    const d = parseDuration(value);
    return d.ok ? `'${value}' is not a duration` : d.error;
  }
  if (pattern === DURATION_RANGE_PATTERN) {
    const d = parseDurationRange(value);
    return d.ok ? `'${value}' is not a duration or range` : d.error;
  }
  if (pattern === DATE_PATTERN) return `'${value}' is not a date (write YYYY-MM-DD, e.g. 2027-03-31)`;
  if (pattern === LINE_KEY_PATTERN) return `'${value}' is not a line (write "X.Y" such as "0.5", or "X")`;
  if (pattern === TRAILER_KEY_PATTERN) return `'${value}' is not a trailer key (letters, digits and '-', e.g. Backport-of)`;
  return `'${value}' must match ${pattern}`;
}
