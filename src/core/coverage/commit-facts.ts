/**
 * What coverage needs to know about one commit, read from its message and the paths it
 * changes. Pure: the facts layer reads commits from git (and caches these records by commit
 * id, since a commit never changes); everything here is derived from text.
 *
 * The patterns for pull-request references are the ones bots and people write on release
 * branches: a squash merge `subject (#N)` on main, and on a line `subject (backport #N) (#M)`
 * (Mergify), "This is an automatic backport of pull request #N" (Mergify's body),
 * "Backport #N" / "Backport of #N" / "Backport <sha> from #N" (the backport actions and CLI),
 * or a manual pick that keeps the original `(#N)` in its subject.
 */
import { namingCommit, type AdvisoryFixes } from '../advisory/fixes.js';
import { classifyCommit, pendingKindOf, type PendingKind } from '../changes/classify.js';
import type { ChangeKind } from '../changes/kind.js';
import type { ChangeRules } from '../changes/rules.js';
import { backportDirective, fixedCommits, parseTrailers, trailerValues } from '../changes/trailers.js';

/** The facts of one commit that coverage needs. Plain data; cached by commit id. */
export interface CommitFacts {
  oid: string;
  subject: string;
  /** Number of parents (a merge has two or more). */
  parents: number;
  kind: ChangeKind;
  /**
   * Commits this one was copied from: every `(cherry picked from commit <sha>)` line and every
   * value of the policy's origin trailer (`Backport-of: <sha>`), lower-case, possibly abbreviated.
   */
  origins: string[];
  /** The pull request this commit is (the last `(#N)` of its subject, or `Merge pull request #N`). */
  ownPr: number | null;
  /** Pull requests this commit declares itself a backport of (`(backport #N)`, bot bodies). */
  backportOf: number[];
  /** Every pull request the commit refers to as its own or as its source (includes the two above). */
  prRefs: number[];
  /** Commits named by `This reverts commit <sha>`. */
  reverts: string[];
  /** Commits named by `Fixes: <sha>` trailers. */
  fixes: string[];
  /** `Backport: no` (the policy's opt-out trailer) was given. */
  optOut: boolean;
  /** Lines named by a `Backport: 3.1, 3.0` trailer (empty when none). */
  backportTargets: string[];
  /**
   * The sorted changed paths joined by NUL ('' for merges and empty commits), or null when the
   * paths were not read (they are read only for commits whose patch-id can matter).
   */
  pathsKey: string | null;
  /**
   * Set when the kind depends on changed paths that were not read (a change rule with path
   * conditions): what to settle it with once they are (`kindByPaths`). Not stored or cached.
   */
  pendingKind?: PendingKind;
}

/** Policy-dependent inputs of {@link commitFacts} (part of the cache key). */
export interface FactsParams {
  /** Trailer key that records an origin besides `(cherry picked from commit ...)` (`Backport-of`). */
  originTrailer: string;
  /** Trailer key whose `no` value opts a change out (`Backport`). */
  optOutTrailer: string;
  /** The policy's change rules (default: the built-in rules only). */
  changes?: ChangeRules;
  /**
   * What the advisory records say of their fixing commits (core/advisory/fixes.ts): such a
   * commit, or one carried from it, is a security fix (the classifier's `security-advisory`), and
   * fixes what the record's `introduced` commit brought (as a `Fixes:` trailer would say).
   */
  advisoryFixes?: AdvisoryFixes | undefined;
}

const PR_IN_SUBJECT = /\(#([1-9][0-9]*)\)/g;
/** A backport's or a pick's wording, then one pull-request number or a list (`#1, #2 and #3`). */
const COPY_WORDS = String.raw`\b(?:backport(?:s|ed)?(?: of)?|cherry[- ]?pick(?:ed)?(?: of| from)?)(?: (?:pr|prs|pull requests?))?`;
const BACKPORT_PR = [
  /\(backport #([1-9][0-9]*)\)/gi,
  /\[backport #([1-9][0-9]*)\]/gi,
  /automatic backport of pull request #([1-9][0-9]*)/gi,
  /\bbackport [0-9a-f]{7,64} from #([1-9][0-9]*)/gi,
  // "Backport of the `[starter]` pip extra from #5423" (one line, no other number between).
  /\bbackport of [^#\n]{1,200}? from #([1-9][0-9]*)/gi,
];
/**
 * "Backport #N", "Backports #N and #M", "Backport of #N", "Backport PR #N", "Cherry-pick of #N",
 * "cherry picked from #N"; and duckdb's bare numbers ("backport 21815 & 21427 (#22137)": three
 * digits or more, closing the phrase, so "backport 2 fixes" is not read as a number).
 */
const COPY_LIST = new RegExp(String.raw`${COPY_WORDS} #[1-9][0-9]*(?:(?:,? and|,|&| &|\/) ?#[1-9][0-9]*)*`, 'gi');
const COPY_BARE = new RegExp(String.raw`${COPY_WORDS} [1-9][0-9]{2,}(?:(?:,? and|,|&| &|\/) ?[1-9][0-9]{2,})*(?=\s*(?:[(.,;:)]|$))`, 'gim');
/** A word that each of BACKPORT_PR, COPY_LIST and COPY_BARE needs (a quick test before them). */
const COPY_WORD = /backport|cherry/i;
const MERGE_PR = /^Merge pull request #([1-9][0-9]*) /;
const REVERTS = /This reverts commit ([0-9a-f]{7,64})/g;
const CHERRY = /^\(cherry picked from commit ([0-9a-f]{7,64})\)\s*$/gm;
const SHA = /^([0-9a-f]{7,64})\b/i;

/** Every number of each match of `re` (a phrase with a list of pull requests). */
function listed(text: string, re: RegExp): number[] {
  const out: number[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) for (const n of m[0].match(/[0-9]+/g) ?? []) out.push(Number(n));
  return out;
}

function numbers(text: string, re: RegExp): number[] {
  const out: number[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(Number(m[1]));
  return out;
}

// Most commits have none of these lists: one shared empty array instead of six per commit.
const EMPTY: never[] = Object.freeze([]) as unknown as never[];
const uniq = <T>(xs: T[]): T[] => (xs.length === 0 ? EMPTY : xs.length === 1 ? xs : [...new Set(xs)]);

/**
 * The kind of a change from its message alone under the built-in change rules (the classifier
 * of src/core/changes/classify.ts without paths: rules on paths are not applied).
 */
export function coverageKind(message: string, trailers = parseTrailers(message)): ChangeKind {
  return classifyCommit({ message, paths: null, trailers }).kind;
}

/** Derives the {@link CommitFacts} of a commit from its raw message and changed paths. */
export function commitFacts(
  c: { oid: string; parents: number; message: string; paths: readonly string[] | null },
  params: FactsParams,
): CommitFacts {
  const message = c.message.replace(/\r\n/g, '\n');
  const subject = (message.split('\n', 1)[0] ?? '').trim();
  const trailers = parseTrailers(message);
  const origins: string[] = [];
  CHERRY.lastIndex = 0;
  for (let m = CHERRY.exec(message); m; m = CHERRY.exec(message)) origins.push((m[1] as string).toLowerCase());
  if (params.originTrailer.toLowerCase() !== 'cherry-picked-from') {
    for (const v of trailerValues(trailers, params.originTrailer)) {
      const m = SHA.exec(v.trim());
      if (m) origins.push((m[1] as string).toLowerCase());
    }
  }
  const backportOf = backportPrs(message, subject);
  const subjectPrs = subjectPrsOf(subject);
  const ownPr = ownPrOf(subject, subjectPrs);
  const prRefs = uniq([...subjectPrs, ...backportOf, ...(ownPr !== null ? [ownPr] : [])]);
  const directive = optOutDirective(trailerValues(trailers, params.optOutTrailer));
  // A merge is never a row and has no paths of its own: its rules on paths do not hold.
  const named = params.advisoryFixes?.ids.size ? params.advisoryFixes : undefined;
  const advisories = named ? namingCommit(named.ids, c.oid, origins) : undefined;
  const kind = classifyCommit({ message, paths: c.parents > 1 ? [] : c.paths, trailers, advisories }, params.changes);
  const pendingKind = pendingKindOf(kind);
  return {
    oid: c.oid,
    subject,
    parents: c.parents,
    kind: kind.kind,
    origins: uniq(origins),
    ownPr,
    backportOf,
    prRefs,
    reverts: uniq(numbersOrShas(message)),
    fixes: named ? uniq([...fixedCommits(trailers), ...namingCommit(named.introduced, c.oid, origins)]) : orEmpty(fixedCommits(trailers)),
    optOut: directive.skip,
    backportTargets: orEmpty(directive.targets),
    pathsKey: c.parents > 1 ? '' : c.paths === null ? null : pathsKeyOf(c.paths),
    ...(pendingKind ? { pendingKind } : {}),
  };
}

/** The pull requests a message declares itself a backport or pick of ({@link CommitFacts.backportOf}); none for a revert. */
function backportPrs(message: string, subject: string): number[] {
  // Every pattern below needs one of these words: most messages have neither, and one scan
  // for them costs a third of the seven scans they would skip.
  if (!COPY_WORD.test(message) || /^Revert "/.test(subject)) return EMPTY;
  return uniq([...BACKPORT_PR.flatMap((re) => numbers(message, re)), ...copyLists(message)]);
}

/** The `(#N)` of a subject; a revert quotes the reverted subject, `(#N)` included: only what follows the quote is its own. */
function subjectPrsOf(subject: string): number[] {
  return numbers(subject.replace(/^Revert ".*"(?=[^"]*$)/, ''), PR_IN_SUBJECT);
}

/** {@link CommitFacts.ownPr}: `Merge pull request #N`, else the last `(#N)` of the subject. */
function ownPrOf(subject: string, subjectPrs: readonly number[]): number | null {
  const mergePr = MERGE_PR.exec(subject);
  return mergePr ? Number(mergePr[1]) : subjectPrs.length > 0 ? (subjectPrs[subjectPrs.length - 1] as number) : null;
}

/**
 * The pull request a commit's change is, as its facts name it: the one it declares itself a
 * backport or pick of ("Backport of #N", "Cherry-pick of #N", "(backport #N)", ...), else its
 * own (a squash subject "(#N)", "Merge pull request #N"); null when it names none. Backport
 * branches are named by it (`{pr}` in `branches.backport`) and `missing` finds them by it.
 */
export function changePullRequest(facts: Pick<CommitFacts, 'ownPr' | 'backportOf'>): number | null {
  return facts.backportOf[0] ?? facts.ownPr;
}

/** {@link changePullRequest} of a raw commit message. */
export function pullRequestOfMessage(raw: string): number | null {
  const message = raw.replace(/\r\n/g, '\n');
  const subject = (message.split('\n', 1)[0] ?? '').trim();
  return changePullRequest({ ownPr: ownPrOf(subject, subjectPrsOf(subject)), backportOf: backportPrs(message, subject) });
}

/** The {@link CommitFacts.pathsKey} of a non-merge commit that changes `paths`. */
export function pathsKeyOf(paths: readonly string[]): string {
  return paths.length === 1 ? (paths[0] as string) : [...paths].sort().join('\0');
}

/** The pull requests named by "backport"/"cherry-pick" phrases with a number or a list of them. */
function copyLists(message: string): number[] {
  const out = listed(message, COPY_LIST);
  // Bare numbers only where no `#` list was found in the same message (a `(#N)` after a bare list is the commit's own).
  return out.length > 0 ? out : listed(message, COPY_BARE);
}

const orEmpty = <T>(xs: T[]): T[] => (xs.length === 0 ? EMPTY : xs);

function numbersOrShas(message: string): string[] {
  const out: string[] = [];
  REVERTS.lastIndex = 0;
  for (let m = REVERTS.exec(message); m; m = REVERTS.exec(message)) out.push((m[1] as string).toLowerCase());
  return out;
}

/** Reads `Backport: no` / `Backport: 3.1, 3.0` values with the shared directive rules. */
function optOutDirective(values: string[]): { skip: boolean; targets: string[] } {
  if (values.length === 0) return { skip: false, targets: [] };
  const d = backportDirective({ trailers: values.map((value) => ({ key: 'Backport', value })), cherryPickedFrom: [] });
  return d ? { skip: d.skip, targets: d.targets } : { skip: false, targets: [] };
}

/**
 * A subject reduced to what survives a backport: pull-request suffixes (`(#N)`,
 * `(backport #N)`), bracketed prefixes (`[release-0.2.x]`, `[Backport 3.1]`), `Backport:` /
 * `cherry-pick:` prefixes, case and runs of blanks. Used only for the `probable` state.
 */
export function normalizeSubject(subject: string): string {
  let s = subject.trim();
  for (let prev = ''; prev !== s;) {
    prev = s;
    s = s
      .replace(/^\[[^\]]{1,60}\]\s*/, '')
      .replace(/^(backport|cherry[- ]pick(ed)?)\b[^:]{0,40}:\s*/i, '')
      .replace(/\s*\((backport )?#[0-9]+\)\s*$/i, '')
      .replace(/\s*\(backport\)\s*$/i, '')
      .trim();
  }
  return s.toLowerCase().replace(/\s+/g, ' ');
}
