/**
 * The policy's change rules (`changes:` in `.trellis.yml`), checked and compiled once per run:
 * each rule's globs and regular expressions made into `RegExp`s, the built-in rules appended
 * unless `changes.defaults: false`, and a fingerprint that names the whole set (part of the
 * commit-facts cache key: a commit's kind depends on the rules). Pure.
 */
import { BUILT_IN_CHANGE_RULES } from './defaults.js';
import { globToRegExp } from './glob.js';
import type { ChangeKind } from './kind.js';

/** One rule as written in `changes.rules` (every condition given must hold). */
export interface ChangeRuleInput {
  kind: ChangeKind;
  /** Every changed path (but those in `excludePaths`) matches one of these globs. */
  paths?: string[] | undefined;
  /** At least one changed path (but those in `excludePaths`) matches one of these globs. */
  anyPaths?: string[] | undefined;
  /** Changed paths left out before `paths` and `anyPaths` are tested. */
  excludePaths?: string[] | undefined;
  /** A regular expression the subject (first line) matches, case-insensitively. */
  subject?: string | undefined;
  /** A regular expression the body (after the first line, trailers included) matches, case-insensitively, `^`/`$` at lines. */
  body?: string | undefined;
  /** Conventional types (`fix`, `chore`, ...), one of which the header has. */
  types?: string[] | undefined;
  /** Conventional scopes (`deps`, `security`, ...), one of which the header has. */
  scopes?: string[] | undefined;
}

/** The `changes` section as written (every key optional). */
export interface ChangesInput {
  /** Apply the built-in rules (docs/tests/CI-only changes, maintenance subjects, security words); default true. */
  defaults?: boolean | undefined;
  rules?: ChangeRuleInput[] | undefined;
  security?: { patterns?: string[] | undefined } | undefined;
}

/** A rule made ready to test. */
export interface CompiledRule {
  /** Where it comes from, as `--explain` names it: `changes.rules[2]`, or a built-in rule's name. */
  ref: string;
  source: 'policy' | 'default';
  kind: ChangeKind;
  /** The rule as written (for explanations). */
  input: ChangeRuleInput;
  paths: RegExp[] | null;
  anyPaths: RegExp[] | null;
  excludePaths: RegExp[] | null;
  subject: RegExp | null;
  body: RegExp | null;
  types: ReadonlySet<string> | null;
  scopes: ReadonlySet<string> | null;
}

/** A pattern of `changes.security.patterns`, compiled. */
export interface SecurityPattern {
  ref: string;
  pattern: RegExp;
}

/** Everything the classifier needs from the policy. */
export interface ChangeRules {
  /** The policy's rules, in order. */
  rules: CompiledRule[];
  /** The built-in rules, in order (empty with `changes.defaults: false`). */
  defaults: CompiledRule[];
  security: SecurityPattern[];
  /** Names the rule set (the policy's section and the built-in rules' version). */
  fingerprint: string;
}

/**
 * Bump when the classifier's order or logic changes: cached kinds are then recomputed (bump the
 * result cache's RESULT_KEY_VERSION in src/app/missing.ts too). The built-in rules' text is in
 * the fingerprint itself.
 */
const CLASSIFIER_VERSION = 'k1';

/** Why a rule's regular expression cannot be used, or null. */
export function patternProblem(pattern: string): string | null {
  try {
    new RegExp(pattern, 'im');
    return null;
  } catch (e) {
    return `not a regular expression: ${(e as Error).message}`;
  }
}

const lower = (xs: readonly string[] | undefined): ReadonlySet<string> | null =>
  xs && xs.length > 0 ? new Set(xs.map((x) => x.toLowerCase())) : null;
const globs = (xs: readonly string[] | undefined): RegExp[] | null => (xs && xs.length > 0 ? xs.map(globToRegExp) : null);

/** Compiles one rule (its globs and patterns were checked when the policy was loaded). */
export function compileRule(input: ChangeRuleInput, ref: string, source: 'policy' | 'default'): CompiledRule {
  return {
    ref,
    source,
    kind: input.kind,
    input,
    paths: globs(input.paths),
    anyPaths: globs(input.anyPaths),
    excludePaths: globs(input.excludePaths),
    subject: input.subject !== undefined ? new RegExp(input.subject, 'i') : null,
    body: input.body !== undefined ? new RegExp(input.body, 'im') : null,
    types: lower(input.types),
    scopes: lower(input.scopes),
  };
}

const DEFAULTS_COMPILED: CompiledRule[] = BUILT_IN_CHANGE_RULES.map((r) => compileRule(r, r.name, 'default'));

/** The rules of a policy's `changes` section (absent: the built-in rules only). */
export function compileChangeRules(input: ChangesInput | undefined = {}): ChangeRules {
  const rules = (input.rules ?? []).map((r, i) => compileRule(r, `changes.rules[${i}]`, 'policy'));
  const security = (input.security?.patterns ?? []).map((p, i) => ({
    ref: `changes.security.patterns[${i}]`,
    pattern: new RegExp(p, 'im'),
  }));
  const defaults = input.defaults === false ? [] : DEFAULTS_COMPILED;
  // The built-in rules themselves, not only whether they apply: a cached kind then follows any
  // change to them (a version to bump by hand was once forgotten).
  const builtIn = input.defaults === false ? false : BUILT_IN_CHANGE_RULES;
  const fingerprint = JSON.stringify([CLASSIFIER_VERSION, builtIn, input.rules ?? [], input.security?.patterns ?? []]);
  return { rules, defaults, security, fingerprint };
}

/** The built-in rules alone (a policy without a `changes` section). */
export const DEFAULT_CHANGE_RULES: ChangeRules = compileChangeRules();

/** A short description of a rule's conditions, e.g. `paths: docs/**, subject: /^wip/`. */
export function describeRule(r: ChangeRuleInput): string {
  const parts: string[] = [];
  if (r.paths) parts.push(`paths: ${r.paths.join(', ')}`);
  if (r.anyPaths) parts.push(`anyPaths: ${r.anyPaths.join(', ')}`);
  if (r.excludePaths) parts.push(`excludePaths: ${r.excludePaths.join(', ')}`);
  if (r.subject !== undefined) parts.push(`subject: /${r.subject}/`);
  if (r.body !== undefined) parts.push(`body: /${r.body}/`);
  if (r.types) parts.push(`types: ${r.types.join(', ')}`);
  if (r.scopes) parts.push(`scopes: ${r.scopes.join(', ')}`);
  return parts.join('; ');
}
