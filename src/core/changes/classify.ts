/**
 * The kind of a commit under the policy's change rules: THE classifier `trellis missing`,
 * `backport --auto` and `missing --explain` share. Tried in order, the first that holds decides:
 *
 * 1. the policy's rules (`changes.rules`), in order;
 * 2. security: the commit is named as a fix by an advisory record (`trellis advisory`), a CVE id
 *    (`CVE-2024-12345`) or a GitHub advisory id (`GHSA-xxxx-xxxx-xxxx`) anywhere in the message, a pattern of `changes.security.patterns`, a security label, a
 *    `security` conventional type or scope;
 * 3. the built-in rules (defaults.ts) unless `changes.defaults: false`: docs/tests/CI-only
 *    changes and maintenance subjects are `other`, security words make a fix `security`;
 * 4. what the message says: a bug or feature label, the conventional type (`feat`, `fix`), a
 *    `Fixes:` trailer, or (unless the type is a maintenance one) a subject whose first word after
 *    an `area:` prefix is fix/fixes/fixed;
 * 5. otherwise `other`.
 *
 * The decision says which rule or signal decided and what matched, as data. Rules with path
 * conditions need the changed paths; when they are not given (null), the classification lists
 * the rules whose paths would decide (`byPaths`), and {@link settleByPaths} finishes it once the
 * paths are read, so a caller reads paths only for the commits whose kind depends on them. Pure.
 */
import { parseConventionalHeader, type ConventionalHeader } from './conventional.js';
import { matchesAny } from './glob.js';
import { isMaintenanceType, labelKind, subjectIsFix, typeKind, type ChangeKind } from './kind.js';
import { DEFAULT_CHANGE_RULES, describeRule, type ChangeRules, type CompiledRule } from './rules.js';
import { fixedCommits, parseTrailers, type CommitTrailers } from './trailers.js';

/** What decided a kind. */
export type KindSignal =
  | 'policy-rule'
  | 'default-rule'
  | 'security-advisory'
  | 'security-id'
  | 'security-pattern'
  | 'security-label'
  | 'security-type'
  | 'label'
  | 'conventional-type'
  | 'fixes-trailer'
  | 'fix-subject'
  | 'none';

export interface KindReason {
  signal: KindSignal;
  /** The rule: `changes.rules[2]`, `changes.security.patterns[0]` or a built-in rule's name; null for what the message says. */
  rule: string | null;
  /** What matched: ids, paths, the matched text of a subject, a label, a type, commits named by `Fixes:`. */
  matched: string[];
}

export interface KindDecision {
  kind: ChangeKind;
  reason: KindReason;
}

/** A decision made without the changed paths: the rules whose paths would decide first. */
export interface Classification extends KindDecision {
  /**
   * Rules whose other conditions hold and whose paths were not known, in order: the first whose
   * paths match decides instead of `kind` (see {@link settleByPaths}). Empty when paths were given.
   */
  byPaths: CompiledRule[];
}

/** A rule tried before the decision and why it did not hold (for `--explain`). */
export interface RuleCheck {
  rule: string;
  kind: ChangeKind;
  /** The rule's conditions, e.g. `paths: docs/**; subject: /^wip/`. */
  conditions: string;
  why: string;
}

export interface ChangeInput {
  message: string;
  /** Changed paths; null when not read (rules with path conditions are then left to {@link settleByPaths}). */
  paths: readonly string[] | null;
  /** Pull-request or issue labels. */
  labels?: readonly string[] | undefined;
  /** The message's trailers, when the caller parsed them already. */
  trailers?: CommitTrailers | undefined;
  /** The advisories (ids) whose records name this commit as a fix: it is a security fix. */
  advisories?: readonly string[] | undefined;
}

interface Message {
  message: string;
  subject: string;
  body: string;
  header: ConventionalHeader | null;
  labels: readonly string[];
  trailers: CommitTrailers | undefined;
  advisories: readonly string[];
}

const CVE_ID = /\bCVE-\d{4}-\d{4,}\b/gi;
const GHSA_ID = /\bGHSA(?:-[0-9a-z]{4}){3}\b/gi;

/** CVE and GitHub advisory ids anywhere in a message, in order, each once (`CVE-…` upper-case, `GHSA-…` lower-case after the prefix). */
export function securityIds(message: string): string[] {
  if (!/cve-|ghsa-/i.test(message)) return [];
  const out = new Set<string>();
  for (const m of message.matchAll(CVE_ID)) out.add(m[0].toUpperCase());
  for (const m of message.matchAll(GHSA_ID)) out.add(`GHSA${m[0].slice(4).toLowerCase()}`);
  return [...out];
}

/** The kind of a commit under `rules` (default: the built-in rules only). */
export function classifyCommit(input: ChangeInput, rules: ChangeRules = DEFAULT_CHANGE_RULES): Classification {
  return evaluate(parse(input), input.paths, rules, null);
}

/** True when the changed paths can still change a classification's kind (read them, then {@link settleByPaths}). */
export function kindNeedsPaths(c: Classification): boolean {
  return c.byPaths.some((r) => r.kind !== c.kind);
}

/**
 * What a caller keeps of a classification whose kind the paths decide: the kind without them
 * and the rules to try. No reason (its matched text could hold the whole message alive), and
 * one shared object per distinct outcome, so a long history keeps a handful, not one per commit.
 */
export interface PendingKind {
  readonly kind: ChangeKind;
  readonly byPaths: readonly CompiledRule[];
}

const pendingMemo = new WeakMap<CompiledRule, Map<string, PendingKind>>();

/** The {@link PendingKind} of a classification, or null when the paths cannot change its kind. */
export function pendingKindOf(c: Classification): PendingKind | null {
  if (!kindNeedsPaths(c)) return null;
  const first = c.byPaths[0] as CompiledRule;
  let memo = pendingMemo.get(first);
  if (!memo) pendingMemo.set(first, (memo = new Map()));
  const key = `${c.kind}\0${c.byPaths.map((r) => r.ref).join('\0')}`;
  let p = memo.get(key);
  if (!p) memo.set(key, (p = { kind: c.kind, byPaths: [...c.byPaths] }));
  return p;
}

/** The kind of a pending classification once the changed paths are known. */
export function kindByPaths(p: PendingKind, paths: readonly string[]): ChangeKind {
  for (const r of p.byPaths) if (pathsHold(r, paths, [], null)) return r.kind;
  return p.kind;
}

/** The decision once the changed paths are known. */
export function settleByPaths(c: Classification, paths: readonly string[]): KindDecision {
  for (const r of c.byPaths) {
    const matched: string[] = [];
    if (pathsHold(r, paths, matched, null)) return { kind: r.kind, reason: ruleReason(r, matched) };
  }
  return { kind: c.kind, reason: c.reason };
}

/** The decision with the paths given, and every rule tried before it with why it did not hold. */
export function explainKind(
  input: ChangeInput & { paths: readonly string[] },
  rules: ChangeRules = DEFAULT_CHANGE_RULES,
): {
  decision: KindDecision;
  checked: RuleCheck[];
} {
  const checked: RuleCheck[] = [];
  const c = evaluate(parse(input), input.paths, rules, checked);
  return { decision: { kind: c.kind, reason: c.reason }, checked };
}

function parse(input: ChangeInput): Message {
  const message = input.message.replace(/\r\n/g, '\n');
  const nl = message.indexOf('\n');
  const subject = (nl < 0 ? message : message.slice(0, nl)).trim();
  return {
    message,
    subject,
    body: nl < 0 ? '' : message.slice(nl + 1),
    header: parseConventionalHeader(subject),
    labels: input.labels ?? [],
    trailers: input.trailers,
    advisories: input.advisories ?? [],
  };
}

const reason = (signal: KindSignal, matched: string[], rule: string | null = null): KindReason => ({ signal, rule, matched });
const ruleReason = (r: CompiledRule, matched: string[]): KindReason =>
  reason(r.source === 'policy' ? 'policy-rule' : 'default-rule', matched, r.ref);

function evaluate(m: Message, paths: readonly string[] | null, rules: ChangeRules, trace: RuleCheck[] | null): Classification {
  const byPaths: CompiledRule[] = [];
  const decided = (kind: ChangeKind, why: KindReason): Classification => ({ kind, reason: why, byPaths });
  const tryRules = (list: readonly CompiledRule[]): Classification | null => {
    for (const r of list) {
      const matched: string[] = [];
      const held = ruleHolds(r, m, paths, matched, trace);
      if (held === 'paths-unknown') byPaths.push(r);
      else if (held) return decided(r.kind, ruleReason(r, matched));
    }
    return null;
  };
  const byRule = tryRules(rules.rules);
  if (byRule) return byRule;
  const security = securitySignal(m, rules);
  if (security) return decided('security', security);
  const byDefault = tryRules(rules.defaults);
  if (byDefault) return byDefault;
  const said = messageSignal(m);
  return decided(said.kind, said.reason);
}

function securitySignal(m: Message, rules: ChangeRules): KindReason | null {
  if (m.advisories.length > 0) return reason('security-advisory', [...m.advisories]);
  const ids = securityIds(m.message);
  if (ids.length > 0) return reason('security-id', ids);
  for (const p of rules.security) {
    const hit = p.pattern.exec(m.message);
    if (hit) return reason('security-pattern', [hit[0]], p.ref);
  }
  const label = m.labels.find((l) => labelKind(l) === 'security');
  if (label !== undefined) return reason('security-label', [label]);
  const h = m.header;
  if (h && (h.type === 'security' || scopesOf(h).includes('security'))) return reason('security-type', [headerText(h)]);
  return null;
}

function messageSignal(m: Message): KindDecision {
  for (const kind of ['bugfix', 'feature'] as const) {
    const label = m.labels.find((l) => labelKind(l) === kind);
    if (label !== undefined) return { kind, reason: reason('label', [label]) };
  }
  const h = m.header;
  const byType = h ? typeKind(h.type) : null;
  if (h && byType) return { kind: byType, reason: reason('conventional-type', [headerText(h)]) };
  const fixes = fixedCommits(m.trailers ?? parseTrailers(m.message));
  if (fixes.length > 0) return { kind: 'bugfix', reason: reason('fixes-trailer', fixes) };
  if (!(h && isMaintenanceType(h.type)) && subjectIsFix(m.subject)) return { kind: 'bugfix', reason: reason('fix-subject', [m.subject]) };
  return { kind: 'other', reason: reason('none', []) };
}

const headerText = (h: ConventionalHeader): string => `${h.type}${h.scope !== null ? `(${h.scope})` : ''}`;
const scopesOf = (h: ConventionalHeader): string[] =>
  h.scope === null
    ? []
    : h.scope
        .toLowerCase()
        .split(',')
        .map((s) => s.trim());

/**
 * Whether a rule holds: true/false, or `'paths-unknown'` when every other condition holds and
 * the paths decide but were not given. `matched` collects what matched; a failed rule is added
 * to `trace` with the reason.
 */
function ruleHolds(
  r: CompiledRule,
  m: Message,
  paths: readonly string[] | null,
  matched: string[],
  trace: RuleCheck[] | null,
): boolean | 'paths-unknown' {
  const fail = (why: string): false => {
    trace?.push({ rule: r.ref, kind: r.kind, conditions: describeRule(r.input), why });
    return false;
  };
  const h = m.header;
  if (r.types) {
    if (!h) return fail('the subject is not a conventional header');
    if (!r.types.has(h.type)) return fail(`type '${h.type}' is not listed`);
    matched.push(`type ${h.type}`);
  }
  if (r.scopes) {
    const scope = h ? scopesOf(h).find((s) => r.scopes?.has(s)) : undefined;
    if (scope === undefined) return fail(h?.scope ? `scope '${h.scope}' is not listed` : 'the header has no scope');
    matched.push(`scope ${scope}`);
  }
  if (r.subject) {
    const hit = r.subject.exec(m.subject);
    if (!hit) return fail('the subject does not match');
    matched.push(`subject "${hit[0]}"`);
  }
  if (r.body) {
    const hit = r.body.exec(m.body);
    if (!hit) return fail('the body does not match');
    matched.push(`body "${hit[0]}"`);
  }
  if (!r.paths && !r.anyPaths) return true;
  if (paths === null) return 'paths-unknown';
  return pathsHold(r, paths, matched, (why) => fail(why));
}

/** The path conditions of a rule (`excludePaths` first, then `paths` and `anyPaths`). */
function pathsHold(r: CompiledRule, paths: readonly string[], matched: string[], fail: ((why: string) => false) | null): boolean {
  const no = (why: string): false => (fail ? fail(why) : false);
  const kept = r.excludePaths ? paths.filter((p) => !matchesAny(p, r.excludePaths as RegExp[])) : paths;
  if (kept.length === 0) return no(paths.length === 0 ? 'the change has no changed paths' : 'every changed path is excluded');
  if (r.paths) {
    const outside = kept.find((p) => !matchesAny(p, r.paths as RegExp[]));
    if (outside !== undefined) return no(`${outside} is outside paths`);
    matched.push(...kept);
  }
  if (r.anyPaths) {
    const hits = kept.filter((p) => matchesAny(p, r.anyPaths as RegExp[]));
    if (hits.length === 0) return no('no changed path matches anyPaths');
    if (!r.paths) matched.push(...hits);
  }
  return true;
}
