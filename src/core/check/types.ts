/**
 * `trellis check`: the shapes every rule shares. A rule is a pure function from {@link CheckFacts}
 * (read by src/facts/check.ts) to findings; the registry (./index.ts) gives each finding its
 * rule id and the severity the policy asks for (`check.rules.<id>`).
 */
import type { AdvisoryLine } from '../advisory/derive.js';
import type { SeverityLevel } from '../advisory/severity.js';
import type { ChangeKind } from '../changes/kind.js';
import type { LineToday } from '../lines/today.js';
import type { LineDiscovery } from '../lines/types.js';
import type { CheckRuleId } from '../policy/schema-check.js';
import type { Policy } from '../policy/schema.js';

export type { CheckLevel, CheckRuleId } from '../policy/schema-check.js';

/** One finding, as every front end shows it (text, JSON, GitHub annotations). */
export interface CheckFinding {
  rule: string;
  severity: 'error' | 'warning';
  /** One line. */
  message: string;
  /** The release line concerned (`1.2`), if any. */
  line?: string;
  /** The commit concerned (full id), if any. */
  commit?: string;
  /** A file (repository path, or the policy file as shown) and where in it. */
  file?: string;
  fileLine?: number;
  fileColumn?: number;
}

/**
 * What a rule returns: a finding without its rule id and severity (the registry adds them from
 * the policy's level); `warningOnly` keeps it a warning even when the rule's level is error.
 */
export type RuleFinding = Omit<CheckFinding, 'rule' | 'severity'> & { warningOnly?: boolean };

/** A commit as the rules read it. */
export interface CheckCommit {
  oid: string;
  subject: string;
  /** The raw message (trailers are read from it). */
  message: string;
  /** Committer date, `YYYY-MM-DD` (UTC). */
  date: string;
  kind: ChangeKind;
}

/** A pull request: the commits base..head going into base's line. */
export interface PullRequestFacts {
  base: string;
  head: string;
  /** The line whose branch `base` is (development line included), or null (some other branch). */
  line: LineToday | null;
  /** True when `base` (or `head`) is a release line's branch or a backport branch. */
  releaseOrBackport: boolean;
  /** base..head, newest first. */
  commits: CheckCommit[];
}

/** A problem of the policy file (`policy-valid`). */
export interface PolicyProblemFact {
  message: string;
  /** What works but probably not as meant (a version file missing on a branch): a warning whatever the rule's level. */
  warning?: boolean;
  file?: string;
  line?: number;
  column?: number;
}

/** A release line's own commits (since it left the development branch). */
export interface LineCommits {
  line: string;
  branch: string;
  commits: CheckCommit[];
}

/** A row of the coverage ledger (`trellis missing`) with a backport missing somewhere. */
export interface MissingChange {
  commit: string;
  subject: string;
  kind: ChangeKind;
  /** Committer date of the change, `YYYY-MM-DD`. */
  date: string;
  /**
   * Lines (key and branch) that must have it and do not; `development`: the development branch
   * (a fix made on a line first that has not reached it: the reverse rows of `trellis missing`).
   */
  missing: Array<{ line: string; branch: string; development?: boolean }>;
}

/** A version tag with where its commit is. */
export interface TagFact {
  tag: string;
  /** The version as written in the tag. */
  version: string;
  /** The line the version belongs to (`X.Y`). */
  line: string;
  commit: string;
  /** `YYYY-MM-DD` of the tag (tagger date, else committer date), or null. */
  date: string | null;
  prerelease: boolean;
  /** The annotated tag's whole message ('' for a lightweight tag). */
  message: string;
  /** Keys of the release lines whose branches hold the commit. */
  heldBy: string[];
  /** The development branch holds the commit. */
  onDevelopment: boolean;
  /** Judged by the rules (state: a line not end-of-life, tagged by the day; pull request: on its commits); the others are context (release candidates). */
  inScope: boolean;
}

/** A file changed on a release or backport branch, as it is at the branch's tip (or the pull request's head). */
export interface ChangedFile {
  path: string;
  /** The branch (or revision) it was read at. */
  at: string;
  /** The line it belongs to, if known. */
  line: string | null;
  text: string;
}

/** An advisory as `advisory-sla` reads it: what the SLA is computed from (core/advisory/sla.ts) and its lines as derived from git. */
export interface CheckAdvisory {
  id: string;
  severity: SeverityLevel;
  /** `YYYY-MM-DD`: the SLAs count from it. */
  reported: string;
  triaged: string | null;
  /** The disclosure day, when the record has one. */
  embargoUntil: string | null;
  /** The fixing commits the record names (full ids). */
  fixes: string[];
  /** The advisory's state on each line, on the day checked. */
  lines: AdvisoryLine[];
}

/** Everything the rules read. Each part is null when the mode or the rules enabled did not need it. */
export interface CheckFacts {
  policy: Policy;
  /** The day the check is about (`YYYY-MM-DD`). */
  date: string;
  discovery: LineDiscovery;
  /** The lines with their status on `date`. */
  lines: LineToday[];
  /** Branches that exist (short names). */
  branches: ReadonlySet<string>;
  /** Set with `--base/--head`: the check is about a pull request. */
  pr: PullRequestFacts | null;
  policyProblems: PolicyProblemFact[];
  /** Release lines' own commits (state mode). */
  lineCommits: LineCommits[] | null;
  /** Changes missing on lines that must have them (state mode). */
  missing: MissingChange[] | null;
  tags: TagFact[] | null;
  files: ChangedFile[] | null;
  /** The advisory records with their lines (`advisory-sla`); null when the rule is off. */
  advisories: CheckAdvisory[] | null;
  /** Problems of the advisory records, located (a bad record is an `advisory-sla` finding). */
  advisoryProblems: PolicyProblemFact[];
}

/** A rule: its id, what it needs read, and the pure function. */
export interface CheckRule {
  id: CheckRuleId;
  run(facts: CheckFacts): RuleFinding[];
}
