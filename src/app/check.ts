/**
 * Use case `check`: the processes' rules as gates for CI and pre-merge (Goose-style feature
 * freeze, Lightspeed-style end-of-life exceptions, Llama Stack-style testing windows, security
 * fixes and backports that are missing, tags on the wrong line, conflict markers on release
 * branches, advisories past their SLA). With `base` and `head` the check is about a pull request (the commits base..head
 * going into base's line); without them it is about the repository's state on `date`.
 *
 * The facts are read by facts/check.ts (only what the rules that are on need); the rules are
 * pure (core/check/); the policy's `check.rules` says which are errors, warnings or off. The
 * exit intent is data: 1 when any finding is an error, else 0.
 */
import { fixIndex } from '../core/advisory/fixes.js';
import { exitCodeOf, ruleEnabled, ruleLevels, runRules } from '../core/check/index.js';
import type { CheckFinding, PolicyProblemFact } from '../core/check/types.js';
import type { ChangeKind } from '../core/changes/kind.js';
import { TrellisError } from '../core/errors.js';
import { isValidDate } from '../core/policy/duration.js';
import { PolicyError, type PolicyProblem } from '../core/policy/problems.js';
import { readAdvisories, type AdvisoryFile } from '../facts/advisories.js';
import { readCheckFacts } from '../facts/check.js';
import { viewsOf } from './advisory-shared.js';
import { openApp, type AppContext, type OpenOptions, type Workspace } from './context.js';
import { policyCheck } from './policy-check.js';

export type { CheckFinding } from '../core/check/types.js';

export interface CheckRequest {
  /** The pull request's base branch (with `head`). */
  base?: string;
  /** The pull request's head revision (with `base`). */
  head?: string;
  /** The pull request's kind (from its labels, say), overriding each commit's. */
  kind?: ChangeKind;
  /** The day the check is about (`YYYY-MM-DD`); default: today. */
  date?: string;
}

export interface CheckReport {
  base?: string;
  head?: string;
  /** Every rule that runs, with the level the policy gives it. */
  rules: Array<{ rule: string; level: 'error' | 'warning' | 'off' }>;
  findings: CheckFinding[];
  /** 1 when any finding is an error, else 0. */
  exitCode: 0 | 1;
}

export async function check(ctx: AppContext, request: CheckRequest): Promise<CheckReport> {
  const date = request.date ?? ctx.today;
  if (!isValidDate(date)) throw new TrellisError('usage', `invalid date '${date}' (expected YYYY-MM-DD)`, 2);
  const policyProblems = ctx.policy.check.rules['policy-valid'] === 'off' ? [] : await repositoryProblems(ctx);
  const advisories = await readRecords(ctx);
  const facts = await readCheckFacts(ctx.git, ctx.policy, {
    date,
    base: request.base,
    head: request.head,
    kind: request.kind,
    remote: ctx.remote,
    policyProblems,
    advisoryFixes: advisories.records.length > 0 ? fixIndex(advisories.records.map((r) => r.record)) : undefined,
  });
  facts.advisoryProblems = advisories.problems;
  if (ruleEnabled(ctx.policy, 'advisory-sla') && advisories.records.length > 0) {
    const views = await viewsOf(ctx, facts.lines, advisories.records, date);
    facts.advisories = views.map((v) => ({
      id: v.id,
      severity: v.severity.level,
      reported: v.record.database_specific.reported,
      triaged: v.record.database_specific.triaged ?? null,
      embargoUntil: v.record.database_specific.embargo_until ?? null,
      fixes: v.record.database_specific.fixes,
      lines: v.lines,
    }));
  }
  const findings = runRules(facts);
  return {
    ...(request.base !== undefined ? { base: request.base } : {}),
    ...(request.head !== undefined ? { head: request.head } : {}),
    rules: ruleLevels(ctx.policy),
    findings,
    exitCode: exitCodeOf(findings),
  };
}

/**
 * Opens the repository and its policy and checks; a policy that does not load is the
 * `policy-valid` finding (one per problem, located) instead of an error, so CI shows it like
 * any other finding.
 */
export async function checkWorkspace(ws: Workspace, open: OpenOptions, request: CheckRequest): Promise<CheckReport> {
  let ctx: AppContext;
  try {
    ctx = await openApp(ws, open);
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    const findings: CheckFinding[] = e.problems.map((p) => ({ rule: 'policy-valid', severity: 'error', ...located(p) }));
    return {
      ...(request.base !== undefined ? { base: request.base } : {}),
      ...(request.head !== undefined ? { head: request.head } : {}),
      rules: ruleLevels(null),
      findings,
      exitCode: 1,
    };
  }
  return check(ctx, request);
}

/**
 * The advisory records (for `advisory-sla`, and for the classifier: a commit a record names as
 * its fix is a security fix). Bad records are `advisory-sla` findings, located, when that rule is
 * on; otherwise they stop the check (exit 2) as they stop every command that reads them.
 */
async function readRecords(ctx: AppContext): Promise<{ records: AdvisoryFile[]; problems: PolicyProblemFact[] }> {
  try {
    return { records: (await readAdvisories(ctx.git, ctx.policy)).records, problems: [] };
  } catch (e) {
    if (!(e instanceof TrellisError) || e.code !== 'bad-input' || !Array.isArray(e.details) || !ruleEnabled(ctx.policy, 'advisory-sla'))
      throw e;
    const problems = (e.details as PolicyProblem[]).map((p) => ({ message: p.message, file: p.file, line: p.line, column: p.col }));
    return { records: [], problems };
  }
}

/** The problems and warnings `trellis policy check` finds (against the repository too: version files, tags the scheme cannot read). */
async function repositoryProblems(ctx: AppContext): Promise<PolicyProblemFact[]> {
  // A policy given by a library caller has no file to locate problems in.
  if (ctx.policyFile === '(given)') return [];
  const file = ctx.policyFile.startsWith('HEAD:') ? undefined : ctx.policyFile;
  const report = await policyCheck(ctx, { ...(file !== undefined ? { file } : {}), repo: ctx.git.workTree ?? ctx.git.gitDir });
  const fact = (p: PolicyProblem, warning: boolean): PolicyProblemFact => ({
    message: p.message,
    file: p.file,
    line: p.line,
    column: p.col,
    ...(warning ? { warning } : {}),
  });
  return [...report.problems.map((p) => fact(p, false)), ...report.warnings.map((p) => fact(p, true))];
}

function located(p: PolicyProblem): Omit<CheckFinding, 'rule' | 'severity'> {
  return { message: p.message, file: p.file, fileLine: p.line, fileColumn: p.col };
}
