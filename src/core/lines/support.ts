/**
 * Support status of release lines on a given day. Pure: the date is an argument, never the clock.
 *
 * Every end date is the LAST day of that support (inclusive): on `endOfBugfix` a line still
 * takes bug fixes, the next day it is security-only (or end-of-life).
 *
 * How the rules combine (docs/status.md says the same for users):
 * 1. Restricting rules each give an end; the earliest wins.
 *    - windows: `bugfix` / `security` durations from the first release (Python devguide style;
 *      only one given means no separate security phase);
 *    - `maintained: N`: a line leaves support the day before N newer lines have shipped their
 *      first release;
 *    - `untilNextMinor`: fixes stop the day before the next line of the same major ships;
 *    - an end-of-life branch template (`archive/X.Y`): end of life at the line's last release.
 * 2. Extending rules move an end later, never earlier, and only an end that exists (an
 *    open-ended line stays open): LTS (`lts.duration` from the first release) and
 *    `majorMinimum` (the newest line of a major lives at least that long after the major's
 *    first release). They move the end of life; the end of bug fixes moves with it only when the
 *    two coincided (no security-only phase).
 * 3. The explicit per-line list (`support.lines`) wins over both: its dates replace the rules'
 *    dates and its `support` level is the status. When it disagrees with what the rules say,
 *    the line carries a note and an `override` with the rules' values.
 *
 * The development line is `feature` (or `prerelease` with pre-release tags) until its first
 * release; from then on (a line released on the development branch before its own branch is
 * forked, Tarantool-style series) the rules above apply to it like to any released line.
 */
import { addDuration, duration as parseDur, minDate, type Duration } from '../policy/duration.js';
import type { BackportStatus, LinePolicy, Policy, SupportLevel } from '../policy/schema.js';
import { compareLineKeys } from './discover.js';
import type { ReleaseLine } from './types.js';

export const LINE_STATUSES = ['feature', 'prerelease', 'bugfix', 'security', 'end-of-life'] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

/** What support needs to know about a line (a `ReleaseLine` gives it through {@link supportFacts}). */
export interface SupportFacts {
  key: string;
  kind: 'release' | 'development';
  /** Date of the first stable release (`YYYY-MM-DD`), or null. */
  firstReleaseDate: string | null;
  /** Date of the latest stable release, or null. */
  latestReleaseDate: string | null;
  /** The line has pre-release tags. */
  hasPrereleases: boolean;
  /** The line's branch matches an end-of-life template. */
  eolByTemplate: boolean;
}

/** The rules' answer, kept beside an explicit override. */
export interface RuleAnswer {
  status: LineStatus;
  endOfBugfix: string | null;
  endOfLife: string | null;
}

/** A line's support on the day asked. */
export interface LineSupport {
  key: string;
  status: LineStatus;
  /**
   * The support level in the words of the policy: `full`, `bugfix` (critical bugs and
   * security, from the explicit list), `security`, `end-of-life`; null for feature and
   * pre-release lines.
   */
  support: SupportLevel | null;
  lts: boolean;
  /** The first day of support (explicit `start`, else the first release date). */
  start: string | null;
  endOfBugfix: string | null;
  endOfLife: string | null;
  /** Why: explicit notes, overrides, archived lines. */
  notes: string[];
  /** What the rules alone would say, when the explicit list says otherwise (only differing fields). */
  override: Partial<RuleAnswer> | null;
  /** A support extension (`support.lines[].extended`): the end of life it sets, and why. Absent when none. */
  extended?: { until: string; reason: string };
}

/** The support-relevant facts of a discovered line. */
export function supportFacts(l: ReleaseLine): SupportFacts {
  return {
    key: l.key,
    kind: l.kind,
    firstReleaseDate: l.firstRelease?.date ?? null,
    latestReleaseDate: l.latestRelease?.date ?? null,
    hasPrereleases: l.prereleases.length > 0,
    eolByTemplate: l.eolByTemplate,
  };
}

const ONE_DAY: Duration = { n: 1, unit: 'day' };
const dayBefore = (date: string) => addDuration(date, ONE_DAY, -1);
const min = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : minDate(a, b));
const dur = (text: string | undefined) => (text === undefined ? undefined : parseDur(text));

function statusOnDay(asOf: string, start: string | null, eob: string | null, eol: string | null, archived: boolean): LineStatus {
  if (start === null) return archived ? 'end-of-life' : 'prerelease';
  if (start > asOf) return 'prerelease';
  if (eol !== null && asOf > eol) return 'end-of-life';
  if (archived && eol === null) return 'end-of-life';
  if (eob !== null && asOf > eob) return 'security';
  return 'bugfix';
}

const LEVEL_STATUS: Record<SupportLevel, LineStatus> = {
  full: 'bugfix',
  bugfix: 'bugfix',
  security: 'security',
  'end-of-life': 'end-of-life',
};

function levelOf(status: LineStatus, explicit: SupportLevel | undefined): SupportLevel | null {
  if (explicit && LEVEL_STATUS[explicit] === status) return explicit;
  switch (status) {
    case 'bugfix':
      return 'full';
    case 'security':
      return 'security';
    case 'end-of-life':
      return 'end-of-life';
    default:
      return null;
  }
}

/**
 * The support of every line on `asOf` (`YYYY-MM-DD`), in the order given. Lines are compared
 * by key (`0.10` is newer than `0.9`), release dates come from tags, and the policy's
 * `support` section supplies the rules.
 */
export function supportOf(lines: readonly SupportFacts[], support: Policy['support'], asOf: string): LineSupport[] {
  const explicitOf = (key: string): LinePolicy | undefined => (Object.hasOwn(support.lines, key) ? support.lines[key] : undefined);
  const startOf = (l: SupportFacts) => explicitOf(l.key)?.start ?? l.firstReleaseDate;
  // The development line takes part once it has a release of its own (the Tarantool-style 3.1.0 on master).
  const inDevelopment = (l: SupportFacts) =>
    l.kind === 'development' && (l.firstReleaseDate === null || (startOf(l) ?? l.firstReleaseDate) > asOf);
  const rules: Rules = {
    support,
    released: lines
      .filter((l) => (l.kind === 'release' || l.firstReleaseDate !== null) && startOf(l) !== null)
      .map((l) => ({ key: l.key, major: l.key.split('.')[0]!, start: startOf(l)! })),
    bugfix: dur(support.bugfix),
    security: dur(support.security),
    ltsDuration: dur(support.lts.duration),
    majorMinimum: dur(support.majorMinimum),
  };

  return lines.map((l): LineSupport => {
    const explicit = explicitOf(l.key);
    const start = startOf(l);
    const lts = explicit?.lts ?? support.lts.lines.includes(l.key);
    const notes: string[] = [];

    if (inDevelopment(l)) {
      const status: LineStatus = l.hasPrereleases ? 'prerelease' : 'feature';
      if (explicit?.note) notes.push(explicit.note);
      return { key: l.key, status, support: null, lts, start: null, endOfBugfix: null, endOfLife: null, notes, override: null };
    }

    // 1-2. The rules.
    const { eob, eol } = ruleDates(l, start, lts, rules, notes);
    const answer: RuleAnswer = { status: statusOnDay(asOf, start, eob, eol, l.eolByTemplate), endOfBugfix: eob, endOfLife: eol };
    if (!explicit) {
      return {
        key: l.key,
        status: answer.status,
        support: levelOf(answer.status, undefined),
        lts,
        start,
        ...pickDates(answer),
        notes,
        override: null,
      };
    }
    // 3. The explicit list wins; a support extension (R2) moves its end of life later.
    const ext = explicit.extended;
    if (!ext) return explicitSupport({ l, explicit, start, lts, answer, asOf, notes });
    const before = explicit.eol ?? answer.endOfLife;
    const until: string = before !== null && before > ext.until ? before : ext.until;
    notes.push(`support extended until ${ext.until}${before !== null ? ` (was ${before})` : ''}: ${ext.reason}`);
    const s = explicitSupport({ l, explicit: { ...explicit, eol: until }, start, lts, answer, asOf, notes, quiet: true });
    return { ...s, extended: { until: ext.until, reason: ext.reason } };
  });
}

/** What the rules read besides the line itself: the released lines and the policy's windows. */
interface Rules {
  support: Policy['support'];
  released: Array<{ key: string; major: string; start: string }>;
  bugfix: Duration | undefined;
  security: Duration | undefined;
  ltsDuration: Duration | undefined;
  majorMinimum: Duration | undefined;
}

/** The end of bug fixes and the end of life by the rules (windows, maintained lines, next minor, LTS, major minimum, archive). */
function ruleDates(
  l: SupportFacts,
  start: string | null,
  lts: boolean,
  r: Rules,
  notes: string[],
): { eob: string | null; eol: string | null } {
  const { support, released, bugfix, security, ltsDuration, majorMinimum } = r;
  let eob: string | null = null;
  let eol: string | null = null;
  if (start !== null) {
    if (bugfix) eob = addDuration(start, bugfix);
    if (security) eol = addDuration(start, security);
    if (bugfix && !security) eol = eob;
    if (security && !bugfix) eob = eol;
    const restrict = (last: string) => {
      eob = min(eob, last);
      eol = min(eol, last);
    };
    const newer = released.filter((x) => compareLineKeys(x.key, l.key) > 0);
    if (support.maintained !== undefined) {
      const starts = newer.map((x) => x.start).sort();
      const nth = starts[support.maintained - 1];
      if (nth !== undefined) restrict(dayBefore(nth));
    }
    if (support.untilNextMinor) {
      const key = l.key.split('.');
      const next = newer
        .filter((x) => x.major === key[0] && key.length > 1)
        .map((x) => x.start)
        .sort()[0];
      if (next !== undefined) restrict(dayBefore(next));
    }
    const extend = (to: string) => {
      if (eol === null || eol >= to) return;
      if (eob === eol) eob = to;
      eol = to;
    };
    if (lts && ltsDuration) extend(addDuration(start, ltsDuration));
    if (majorMinimum) {
      const major = l.key.split('.')[0]!;
      const ofMajor = released.filter((x) => x.major === major);
      const newest = ofMajor.reduce((a, b) => (compareLineKeys(a.key, b.key) >= 0 ? a : b), ofMajor[0]!);
      if (newest?.key === l.key) extend(addDuration(ofMajor.map((x) => x.start).sort()[0]!, majorMinimum));
    }
  }
  if (l.eolByTemplate) {
    const before = eol;
    eol = min(eol, l.latestReleaseDate);
    eob = min(eob, eol);
    if (l.latestReleaseDate !== null && eol === l.latestReleaseDate && before !== eol) {
      notes.push(`end of life at its last release (${l.latestReleaseDate}): the branch is archived`);
    }
  }
  return { eob, eol };
}

/** A line listed in `support.lines`: its dates and level win; where they differ from the rules, the override says so. */
function explicitSupport(x: {
  l: SupportFacts;
  explicit: LinePolicy;
  start: string | null;
  lts: boolean;
  answer: RuleAnswer;
  asOf: string;
  notes: string[];
  /** The end of life comes from a support extension, which has its own note. */
  quiet?: boolean;
}): LineSupport {
  const { l, explicit, start, lts, answer: rules, asOf, notes } = x;
  const eob = rules.endOfBugfix;
  const eol = rules.endOfLife;
  let fEob: string | null = explicit.endOfBugfix ?? eob;
  let fEol: string | null = explicit.eol ?? eol;
  if (explicit.eol) fEob = min(fEob ?? explicit.eol, explicit.eol);
  if (explicit.endOfBugfix && !explicit.eol && fEol !== null && fEol < explicit.endOfBugfix) fEol = explicit.endOfBugfix;
  let status: LineStatus;
  if (explicit.eol && asOf > explicit.eol) status = 'end-of-life';
  else if (explicit.endOfBugfix && asOf > explicit.endOfBugfix) status = 'security';
  else if (explicit.support) status = LEVEL_STATUS[explicit.support];
  else status = statusOnDay(asOf, start, fEob, fEol, false);

  // Rule dates that contradict the explicit level on this day give way (the override keeps them).
  const dropped: Partial<RuleAnswer> = {};
  if (!explicit.endOfBugfix && fEob !== null && (status === 'bugfix' ? fEob < asOf : fEob >= asOf)) {
    dropped.endOfBugfix = fEob;
    fEob = null;
  }
  if (!explicit.eol && fEol !== null && (status === 'end-of-life' ? fEol >= asOf : fEol < asOf)) {
    dropped.endOfLife = fEol;
    fEol = null;
  }

  const where = `support.lines["${l.key}"]`;
  const override: Partial<RuleAnswer> = { ...dropped };
  if (status !== rules.status) {
    override.status = rules.status;
    notes.push(`${where} says ${status}; the rules say ${rules.status}${ruleReason(rules, asOf)}`);
  }
  if (explicit.endOfBugfix && eob !== null && explicit.endOfBugfix !== eob) {
    override.endOfBugfix = eob;
    notes.push(`${where} ends bug fixes on ${explicit.endOfBugfix}; the rules give ${eob}`);
  }
  if (explicit.eol && eol !== null && explicit.eol !== eol) {
    override.endOfLife = eol;
    if (!x.quiet) notes.push(`${where} sets end of life on ${explicit.eol}; the rules give ${eol}`);
  }
  if (explicit.start && l.firstReleaseDate && explicit.start !== l.firstReleaseDate) {
    notes.push(`support starts ${explicit.start} (${where}); the first release was tagged ${l.firstReleaseDate}`);
  }
  if (explicit.note) notes.push(explicit.note);
  return {
    key: l.key,
    status,
    support: levelOf(status, explicit.support),
    lts,
    start,
    endOfBugfix: fEob,
    endOfLife: fEol,
    notes,
    override: Object.keys(override).length > 0 ? override : null,
  };
}

function pickDates(r: RuleAnswer): { endOfBugfix: string | null; endOfLife: string | null } {
  return { endOfBugfix: r.endOfBugfix, endOfLife: r.endOfLife };
}

function ruleReason(r: RuleAnswer, asOf: string): string {
  if (r.status === 'end-of-life' && r.endOfLife !== null && r.endOfLife < asOf) return ` (end of life after ${r.endOfLife})`;
  if (r.status === 'security' && r.endOfBugfix !== null) return ` (bug fixes ended after ${r.endOfBugfix})`;
  if (r.status === 'bugfix' && r.endOfBugfix !== null) return ` (bug fixes until ${r.endOfBugfix})`;
  if (r.status === 'prerelease') return ' (no stable release yet)';
  return '';
}

/**
 * The status name the backport rules (`backport.kinds`) use for a line: `prerelease`,
 * `full`, `bugfix` (explicit critical-bug + security support), `security`; null for feature
 * and end-of-life lines, which take no backports.
 */
export function backportStatus(s: Pick<LineSupport, 'status' | 'support'>): BackportStatus | null {
  switch (s.status) {
    case 'prerelease':
      return 'prerelease';
    case 'bugfix':
      return s.support === 'bugfix' ? 'bugfix' : 'full';
    case 'security':
      return 'security';
    default:
      return null;
  }
}
