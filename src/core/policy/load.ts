/**
 * Loading a policy text: YAML with located problems (problems.ts), the JSON Schema check
 * (schema-problems.ts), the semantic checks (semantic-checks.ts), then the resolved policy
 * (resolve.ts). Pure: the text comes in, nothing is read.
 */
import { firstLine, MAX_POLICY_BYTES, PolicyDocument, PolicyError, type PolicyCheckResult } from './problems.js';
import { checkDurationLengths } from './duration-checks.js';
import { resolve } from './resolve.js';
import type { Policy, ReleaseType } from './schema.js';
import { schemaProblems, type ErrorObject } from './schema-problems.js';
import { policyWarnings } from './policy-warnings.js';
import { semanticChecks, type InputShape } from './semantic-checks.js';
import { validate as generatedValidate } from './validate.generated.js';

export { DEFAULT_RELEASE_TEMPLATE, DEFAULT_TAG_TEMPLATE, PRERELEASE_DEFAULTS } from './defaults.js';
export { PolicyError, formatProblem, inFileOrder, locatePolicyMessages, type PolicyCheckResult, type PolicyProblem } from './problems.js';

/**
 * The schema's validator, compiled ahead of time by `npm run schema` (codegen.ts): strict, all
 * errors, defaults applied, verbose so each error carries the schema it failed (to describe
 * alternatives). Compiling it here on every run cost about 85 ms.
 */
type ValidateFunction = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
const MAX_SCHEMA_ERRORS = 200;

function validate(): ValidateFunction {
  return generatedValidate as ValidateFunction;
}

/**
 * Checks a policy text and returns the loaded policy (or null) with every problem, each located
 * at file:line:col. Pure: the text comes in, nothing is read.
 */
export function checkPolicy(text: string, file = '.trellis.yml'): PolicyCheckResult {
  if (text.length > MAX_POLICY_BYTES) {
    const problem = {
      file,
      line: 1,
      col: 1,
      message: `the policy is ${text.length} characters long; at most ${MAX_POLICY_BYTES}`,
      path: '',
    };
    return { policy: null, problems: [problem], warnings: [] };
  }
  const ctx = new PolicyDocument(text, file);
  const doc = ctx.doc;
  for (const e of [...doc.errors, ...doc.warnings]) {
    const [line, col] = ctx.linePos(e.pos[0]);
    ctx.problems.push({ file, line, col, message: `YAML: ${firstLine(e.message)}`, path: '' });
  }
  if (doc.errors.length > 0) return ctx.result(null);

  ctx.checkKeys(doc.contents, []);
  if (ctx.problems.length > 0) return ctx.result(null);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (e) {
    ctx.problems.push({ file, line: 1, col: 1, message: `YAML: ${firstLine((e as Error).message)}`, path: '' });
    return ctx.result(null);
  }
  const v = validate();
  if (!v(data)) {
    // Each problem is located by a walk of the document: a bounded number keeps that linear.
    for (const p of schemaProblems((v.errors ?? []).slice(0, MAX_SCHEMA_ERRORS), data, ctx)) ctx.problems.push(p);
  }
  if (ctx.problems.length > 0) return ctx.result(null);
  checkDurationLengths(data, ctx);
  if (ctx.problems.length > 0) return ctx.result(null);
  const input = data as Record<string, unknown>;
  semanticChecks(input as unknown as InputShape, ctx);
  if (ctx.problems.length > 0) return ctx.result(null);
  policyWarnings(input as unknown as InputShape, ctx);
  return ctx.result(resolve(input as unknown as InputShape));
}

/** Loads a policy text: the typed, defaulted policy, or a `PolicyError` (exit 2) naming every problem. */
export function loadPolicy(text: string, file = '.trellis.yml'): Policy {
  const r = checkPolicy(text, file);
  if (!r.policy) throw new PolicyError(r.problems);
  return r.policy;
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
