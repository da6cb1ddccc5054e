import { TrellisError } from '../../errors.js';
import { formatKeyPath, parseKeyPath } from './key-path.js';
import { locateJsonKey, locateJsonPins } from './json.js';
import { isPlainVersionToken, textPins } from './pins.js';
import { DEFAULT_MARKER, locateRegex } from './regex.js';
import { applySlots, badSpec, checkNewValue, locateWithoutBom, notFound, occurrencesOf } from './text.js';
import { locateTomlKey, locateTomlPins } from './toml.js';
import type { VersionFileContext, VersionFileSpec, VersionFileUpdate, VersionOccurrence, VersionSlot } from './types.js';
import { locateYamlKey, locateYamlPins } from './yaml.js';

/**
 * Version-file updaters: pure text-in/text-out functions, one per kind of file. Only the bytes of
 * the version value change; everything else (comments, quoting, spacing, CRLF line endings, a
 * byte-order mark) is kept byte for byte. See docs/version-files.md.
 */

export type {
  VersionChange,
  VersionFileContext,
  VersionFileKind,
  VersionFileSpec,
  VersionFileUpdate,
  VersionOccurrence,
  VersionSlot,
} from './types.js';
export { formatKeyPath, parseKeyPath, type KeySegment } from './key-path.js';
export { matchConstraint, matchRequirement, normalizePythonName, textPins, type RequirementMatch } from './pins.js';
export { DEFAULT_MARKED_PATTERN, DEFAULT_MARKER } from './regex.js';
export { JSON_PIN_ROOTS } from './json.js';
export { TOML_PIN_ROOTS } from './toml.js';

/** The structured format a pin is looked for in, from the file's extension. */
export function pinFormat(path: string): 'json' | 'toml' | 'yaml' | 'text' {
  const lower = path.toLowerCase();
  if (lower.endsWith('.json') || lower.endsWith('.jsonc')) return 'json';
  if (lower.endsWith('.toml')) return 'toml';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  return 'text';
}

/** A one-line description of what a spec points at, for messages. */
export function describeVersionSpec(spec: VersionFileSpec): string {
  switch (spec.kind) {
    case 'json':
    case 'toml':
    case 'yaml':
      return spec.key === undefined ? `${spec.kind} key (none given)` : `key ${spec.key}`;
    case 'regex':
      if (spec.marker !== undefined || spec.pattern === undefined) return `marker ${spec.marker ?? DEFAULT_MARKER}`;
      return `pattern /${spec.pattern}/`;
    case 'pin':
      return `pin of ${spec.package ?? '(no package given)'}`;
  }
}

function requireKey(spec: VersionFileSpec, ctx: VersionFileContext): string {
  if (spec.key === undefined || spec.key === '') throw badSpec(ctx, `a ${spec.kind} version file needs a key`);
  return spec.key;
}

function locate(text: string, spec: VersionFileSpec, ctx: VersionFileContext): VersionSlot[] {
  switch (spec.kind) {
    case 'json':
      return locateWithoutBom(text, (t) => locateJsonKey(t, requireKey(spec, ctx), ctx));
    case 'toml':
      return locateWithoutBom(text, (t) => locateTomlKey(t, requireKey(spec, ctx), ctx));
    case 'yaml':
      return locateWithoutBom(text, (t) => locateYamlKey(t, requireKey(spec, ctx), ctx));
    case 'regex':
      return locateRegex(text, spec.pattern, spec.marker, ctx);
    case 'pin': {
      const pkg = spec.package;
      if (pkg === undefined || pkg === '') throw badSpec(ctx, 'a pin version file needs a package');
      const format = pinFormat(spec.path);
      const slots = locateWithoutBom(text, (t) => {
        switch (format) {
          case 'json':
            return locateJsonPins(t, pkg, spec.key, ctx);
          case 'toml':
            return locateTomlPins(t, pkg, spec.key, ctx);
          case 'yaml':
            return locateYamlPins(t, pkg, spec.key, ctx);
          case 'text':
            return textPins(t, pkg).map((p) => ({ ...p, encode: (v: string) => v }));
        }
      });
      if (slots.length === 0) {
        const where = spec.key !== undefined ? ` under ${formatKeyPath(parseKeyPath(spec.key))}` : '';
        throw notFound(ctx, `a pinned version of ${pkg}${where}`);
      }
      return slots;
    }
    default:
      throw badSpec(ctx, `unknown version file kind ${JSON.stringify((spec as { kind: unknown }).kind)}`);
  }
}

function contextFor(spec: VersionFileSpec, ctx?: VersionFileContext): VersionFileContext {
  return ctx ?? { file: spec.path };
}

/**
 * Writes `newValue` (the final text: the caller has already filled any `{version}`/`{nextDev}`
 * template) into the place(s) the spec names. Throws a TrellisError (exit code 2) naming the file
 * and the key when the key is missing or the file cannot be parsed; nothing is returned then, so
 * a caller that updates every file in memory before writing any never writes half a release.
 */
export function updateVersionFile(
  text: string,
  spec: VersionFileSpec,
  newValue: string,
  ctx: VersionFileContext = { file: spec.path },
): VersionFileUpdate {
  checkNewValue(ctx, newValue);
  if (spec.kind === 'pin' && !isPlainVersionToken(newValue)) {
    throw badSpec(ctx, `a pin takes a bare version (the operator stays); got ${JSON.stringify(newValue)}`);
  }
  const result = applySlots(text, locate(text, spec, ctx), newValue);
  if (result.changes.length > 0) {
    // Read the edit back: a pattern that captures only part of the new value (or a format that
    // would decode it differently) must fail now, not double a suffix on the next release.
    const reread = locate(result.text, spec, ctx).find((s) => s.value !== newValue);
    if (reread !== undefined) {
      throw badSpec(
        ctx,
        `after writing ${JSON.stringify(newValue)} the ${describeVersionSpec(spec)} reads back as ${JSON.stringify(reread.value)}; the pattern must capture the whole version`,
      );
    }
  }
  return result;
}

/** The current value(s) at the place(s) the spec names, in file order. Same errors as `updateVersionFile`. */
export function readVersionFile(text: string, spec: VersionFileSpec, ctx?: VersionFileContext): VersionOccurrence[] {
  return occurrencesOf(text, locate(text, spec, contextFor(spec, ctx)));
}

/** One file's planned update: all specs naming that file, applied in order. */
export interface PlannedVersionFile {
  path: string;
  before: string;
  after: string;
  edits: Array<{ spec: VersionFileSpec; value: string } & VersionFileUpdate>;
}

/**
 * Plans every version-file update before anything is written. `read` returns a file's text, or
 * undefined when the file does not exist; `value` gives the final text for each spec. Specs naming
 * the same file are applied one after the other to that file's text (package-lock.json's `version`
 * and `packages."".version`). Every problem is collected: a single TrellisError (exit code 2)
 * names them all, so one run shows everything that needs fixing.
 */
export function planVersionFileUpdates(
  specs: readonly VersionFileSpec[],
  read: (path: string) => string | undefined,
  value: string | ((spec: VersionFileSpec) => string),
): PlannedVersionFile[] {
  const plans = new Map<string, PlannedVersionFile>();
  const problems: TrellisError[] = [];
  for (const spec of specs) {
    let plan = plans.get(spec.path);
    if (plan === undefined) {
      const text = read(spec.path);
      if (text === undefined) {
        problems.push(
          new TrellisError('not-found', `${spec.path}: file not found (it holds the ${describeVersionSpec(spec)})`, 2, { file: spec.path }),
        );
        continue;
      }
      plan = { path: spec.path, before: text, after: text, edits: [] };
      plans.set(spec.path, plan);
    }
    try {
      const v = typeof value === 'string' ? value : value(spec);
      const result = updateVersionFile(plan.after, spec, v, { file: spec.path });
      plan.after = result.text;
      plan.edits.push({ spec, value: v, ...result });
    } catch (e) {
      if (e instanceof TrellisError) problems.push(e);
      else throw e;
    }
  }
  const first = problems[0];
  if (first !== undefined) {
    if (problems.length === 1) throw first;
    const rest = problems.length - 1;
    throw new TrellisError(first.code, `${first.message} (and ${rest} more problem${rest === 1 ? '' : 's'})`, 2, {
      problems: problems.map((p) => ({ code: p.code, message: p.message, details: p.details })),
    });
  }
  return [...plans.values()];
}
