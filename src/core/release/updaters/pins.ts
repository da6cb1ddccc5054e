import { parsePipRequirementsLine, RequirementsSyntaxError, type RequirementWithLocation } from 'pip-requirements-js';
import { escapeRegExp } from '../../regex.js';
import type { KeySegment } from './key-path.js';
import { badFile } from './text.js';
import type { VersionFileContext, VersionSlot } from './types.js';

/**
 * Dependency pins inside strings: PEP 508 requirement strings (`name[extras]==1.2.3; marker`),
 * keyed constraints (`"name": "^1.2.3"` in package.json, `name = "^1.2.3"` in Poetry tables) and
 * free text (requirements files, scripts). Only the version token is ever replaced, so extras,
 * markers, operators and spacing stay as they were.
 *
 * Requirement strings are parsed by pip-requirements-js (PEP 508 grammar, with source locations).
 * The single-version constraint and free-text scanners are hand-written: they are one regular
 * expression each, and no library finds a pin inside arbitrary text.
 */

/** Operators that pin a version (the one that is bumped); other clauses (`<0.5`, `!=0.4.2`) stay. */
const PIN_OPERATORS = new Set(['==', '===', '~=', '>=']);
const VERSION_TOKEN = String.raw`[0-9A-Za-z][0-9A-Za-z.*+!_-]*`;

/** PEP 503 normalisation: case-insensitive, runs of `-`, `_`, `.` are equal. */
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export type RequirementMatch =
  | { kind: 'other' }
  | { kind: 'unpinned' }
  | { kind: 'ambiguous'; operators: string[] }
  | { kind: 'pinned'; start: number; end: number; value: string; operator: string };

/**
 * Finds the pinned version of `pkg` in one PEP 508 requirement string (offsets into `raw`).
 * pip-requirements-js parses the requirement and gives each token's source location.
 */
export function matchRequirement(raw: string, pkg: string): RequirementMatch {
  let parsed: RequirementWithLocation | null;
  try {
    parsed = parsePipRequirementsLine(raw, { includeLocations: true });
  } catch (e) {
    if (e instanceof RequirementsSyntaxError) return { kind: 'other' };
    throw e;
  }
  if (parsed === null) return { kind: 'other' };
  const req = parsed.data;
  if (!('name' in req) || normalizePythonName(req.name.data) !== normalizePythonName(pkg)) return { kind: 'other' };
  if (!('versionSpec' in req)) return { kind: 'unpinned' }; // a direct URL reference has no version to bump
  const pins = (req.versionSpec ?? []).map((spec) => spec.data).filter((spec) => PIN_OPERATORS.has(spec.operator.data));
  if (pins.length === 0) return { kind: 'unpinned' };
  if (pins.length > 1) return { kind: 'ambiguous', operators: pins.map((p) => p.operator.data) };
  const pin = pins[0] as (typeof pins)[number];
  const { startIdx, endIdx } = pin.version.location;
  return { kind: 'pinned', start: startIdx, end: endIdx, value: pin.version.data, operator: pin.operator.data };
}

/**
 * A keyed constraint such as `^0.4.4`, `~0.4.4`, `>=0.4.4`, `==0.4.4` or a bare `0.4.4` (npm and
 * Poetry). Returns null for anything else (ranges with several parts, tags, URLs, workspaces).
 */
export function matchConstraint(raw: string): { start: number; end: number; value: string } | null {
  const m = new RegExp(String.raw`^(\s*(?:\^|~=|~|===|==|>=|=)?\s*v?)(${VERSION_TOKEN})\s*$`).exec(raw);
  if (!m || !/^[0-9]/.test(m[2] as string)) return null;
  const start = (m[1] as string).length;
  return { start, end: start + (m[2] as string).length, value: m[2] as string };
}

/** How a string found at `path` relates to the dependency `pkg`. */
export function pinRole(
  path: readonly KeySegment[],
  pkg: string,
  sameName: (a: string, b: string) => boolean,
): 'requirement' | 'constraint' | null {
  const last = path[path.length - 1];
  if (typeof last === 'number') return 'requirement';
  if (last === undefined) return null;
  if (sameName(last, pkg)) return 'constraint';
  const parent = path[path.length - 2];
  if (last === 'version' && typeof parent === 'string' && sameName(parent, pkg)) return 'constraint';
  return null;
}

export const pythonNamesMatch = (a: string, b: string): boolean => normalizePythonName(a) === normalizePythonName(b);
export const exactNamesMatch = (a: string, b: string): boolean => a === b;

/**
 * Pins of `pkg` in free text: `name==1.2.3`, `name[extra]>=1.2.3`, `name~=1.2` and npm's
 * `name@^1.2.3`. Returns the version tokens' offsets.
 */
export function textPins(text: string, pkg: string): Array<{ start: number; end: number; value: string }> {
  const name = pkg
    .split(/[-_.]+/)
    .map(escapeRegExp)
    .join('[-_.]+');
  const re = new RegExp(
    String.raw`(?<![A-Za-z0-9._/@-])${name}(?:(?:[ \t]*\[[^\]\n]*\])?[ \t]*(?:===|==|~=|>=)[ \t]*|@(?:\^|~|>=|=)?)(${VERSION_TOKEN})`,
    'gid',
  );
  const out: Array<{ start: number; end: number; value: string }> = [];
  for (const m of text.matchAll(re)) {
    const span = m.indices?.[1];
    if (!span || !/^[0-9]/.test(m[1] as string)) continue;
    out.push({ start: span[0], end: span[1], value: m[1] as string });
  }
  return out;
}

/** A bumped pin value is a bare version: it must not need quoting or escaping in any format. */
export function isPlainVersionToken(value: string): boolean {
  return new RegExp(`^${VERSION_TOKEN}$`).test(value);
}

/**
 * The slot of `pkg`'s version inside one string of a structured file. `inner` is the offset in
 * `text` where the string's contents (`raw`) start. Null when the string is not a pin of `pkg`.
 */
export function pinSlot(
  text: string,
  inner: number,
  raw: string,
  role: 'requirement' | 'constraint',
  pkg: string,
  ctx: VersionFileContext,
): VersionSlot | null {
  if (role === 'requirement') {
    const m = matchRequirement(raw, pkg);
    if (m.kind === 'ambiguous') {
      throw badFile(
        ctx,
        text,
        inner,
        `requirement ${JSON.stringify(raw)} pins ${pkg} with several operators (${m.operators.join(', ')}); use a regex spec to say which`,
      );
    }
    if (m.kind !== 'pinned') return null;
    return { start: inner + m.start, end: inner + m.end, value: m.value, encode: (v) => v };
  }
  const m = matchConstraint(raw);
  if (m === null) throw badFile(ctx, text, inner, `${pkg} is constrained by ${JSON.stringify(raw)}, which is not a single version`);
  return { start: inner + m.start, end: inner + m.end, value: m.value, encode: (v) => v };
}
