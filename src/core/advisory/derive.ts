/**
 * Per advisory and per line, from facts read in git (facts/advisory-lines.ts): is the line
 * affected (it contains the introducing commit), fixed (it carries a fix, found the way
 * `missing` finds backports), in which release the fix first shipped, or "fix not released
 * yet", or "affected, end-of-life, no fix planned". Pure.
 */
import type { LineStatus } from '../lines/support.js';
import type { BackportStatus, SupportLevel } from '../policy/schema.js';

/** A release tag of the line and what it contains. */
export interface TagFacts {
  tag: string;
  version: string;
  date: string | null;
  /** The tag contains the introducing commit (true when none is known). */
  introduced: boolean;
  /** The tag contains the line's fixing commit. */
  fixed: boolean;
}

/** What git says about one advisory on one line. */
export interface AdvisoryLineFacts {
  line: string;
  branch: string | null;
  kind: 'release' | 'development';
  status: LineStatus;
  support: SupportLevel | null;
  /** The status name the backport rules use (`backport.kinds`), null when the line takes no backports. */
  backportStatus: BackportStatus | null;
  /** The line's tip contains the introducing commit (true when none is known). */
  affected: boolean;
  /** The line's commit that carries a fix, how it was found and which fix it carries; null: none. */
  fix: { commit: string; via: string; fixes: string } | null;
  /** Stable releases of the line, oldest first. */
  tags: TagFacts[];
}

export type LineState = 'not-affected' | 'fixed' | 'fix-not-released' | 'affected' | 'affected-eol';

/** The derived answer for one line. */
export interface AdvisoryLine {
  line: string;
  branch: string | null;
  kind: 'release' | 'development';
  status: LineStatus;
  support: SupportLevel | null;
  backportStatus: BackportStatus | null;
  state: LineState;
  /** In words: "fixed in 0.5.2", "fix not released yet", "affected, end-of-life, no fix planned". */
  text: string;
  /** The line commit carrying the fix and the evidence (`reachable`, `trailer`, `patch-id`, ...). */
  fixCommit: string | null;
  via: string | null;
  /** The first release of the line with the fix (version and tag), and its date. */
  fixedIn: string | null;
  fixedTag: string | null;
  fixedDate: string | null;
  /** The first release of the line with the vulnerability. */
  introducedIn: string | null;
  /** The releases of the line that have the vulnerability and not the fix. */
  affectedVersions: string[];
}

/** Whether a state counts as open (the line's users are exposed). */
export function isOpen(state: LineState): boolean {
  return state === 'affected' || state === 'fix-not-released' || state === 'affected-eol';
}

/** The line's state and details from its facts. */
export function deriveLine(f: AdvisoryLineFacts): AdvisoryLine {
  const fixedTag = f.fix ? (f.tags.find((t) => t.fixed) ?? null) : null;
  const introducedTag = f.tags.find((t) => t.introduced) ?? null;
  const affectedVersions = f.affected ? f.tags.filter((t) => t.introduced && !t.fixed).map((t) => t.version) : [];
  let state: LineState;
  if (!f.affected) state = 'not-affected';
  // The development line ships no releases of its own (lines are cut from it): a fix there is done.
  else if (f.fix) state = fixedTag || f.kind === 'development' ? 'fixed' : 'fix-not-released';
  else state = f.status === 'end-of-life' ? 'affected-eol' : 'affected';
  return {
    line: f.line,
    branch: f.branch,
    kind: f.kind,
    status: f.status,
    support: f.support,
    backportStatus: f.backportStatus,
    state,
    text: state === 'fixed' && !fixedTag ? 'fixed on the development branch' : stateText(state, fixedTag?.version ?? null),
    fixCommit: f.affected ? (f.fix?.commit ?? null) : null,
    via: f.affected ? (f.fix?.via ?? null) : null,
    fixedIn: state === 'fixed' ? (fixedTag?.version ?? null) : null,
    fixedTag: state === 'fixed' ? (fixedTag?.tag ?? null) : null,
    fixedDate: state === 'fixed' ? (fixedTag?.date ?? null) : null,
    introducedIn: f.affected ? (introducedTag?.version ?? null) : null,
    affectedVersions,
  };
}

export function stateText(state: LineState, fixedIn: string | null): string {
  switch (state) {
    case 'not-affected':
      return 'not affected';
    case 'fixed':
      return `fixed in ${fixedIn ?? '?'}`;
    case 'fix-not-released':
      return 'fixed, fix not released yet';
    case 'affected':
      return 'affected, fix due';
    case 'affected-eol':
      return 'affected, end-of-life, no fix planned';
  }
}
