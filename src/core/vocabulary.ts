/**
 * One vocabulary for people (docs/glossary.md says the same): the words every command prints
 * for a line's support status and for outcomes, and a tone per word that front ends turn into a
 * colour. Pure.
 *
 * JSON keeps its values (`status: "bugfix"`, `support: "full"`, backport `status: "full"`,
 * `state: "not-needed"`, `outcome: "already-present"`): they are the policy's own words
 * (`support.lines.*.support`, `backport.kinds`) and the output contract at schemaVersion 1.
 * Only the text for people goes through these labels, so that a line is called the same thing in
 * `status`, `target`, `missing`, `backport` and `schedule`.
 */
import type { TargetOutcome } from './backport/types.js';
import type { CoverageState } from './coverage/types.js';
import type { LineStatus } from './lines/support.js';
import type { BackportStatus, SupportLevel } from './policy/schema.js';

/** What `trellis backport` reports per target, and the GitHub backport summary per line (`opened`, `skipped`, `failed`). */
export type BackportOutcome = TargetOutcome | 'opened' | 'skipped' | 'failed';

/**
 * How a word should look, independent of any terminal library: `development` (feature line),
 * `prerelease`, `supported` (takes bug fixes), `limited` (security or critical fixes only),
 * `ended` (end of life, not needed), `good`, `waiting`, `problem`, `plain`.
 */
export type Tone = 'development' | 'prerelease' | 'supported' | 'limited' | 'ended' | 'good' | 'waiting' | 'problem' | 'plain';

/** The word for a line that takes critical bug fixes and security fixes only (policy level `bugfix`). */
export const CRITICAL_BUGFIX = 'critical';

/**
 * A line's support status for people: `feature`, `prerelease`, `bugfix`, `critical`,
 * `security`, `end-of-life`. The policy's support level `full` is the status `bugfix` (every bug
 * fix); its level `bugfix` (critical fixes and security only) is `critical`.
 */
export function supportLabel(status: LineStatus, level: SupportLevel | null = null): string {
  return status === 'bugfix' && level === 'bugfix' ? CRITICAL_BUGFIX : status;
}

/**
 * The same words for a status as `backport.kinds` names it (`prerelease`, `full`, `bugfix`,
 * `security`), or a line's status where it takes no backports (`feature`, `end-of-life`):
 * `full` is `bugfix`, `bugfix` is `critical`.
 */
export function backportStatusLabel(status: BackportStatus | LineStatus | string): string {
  if (status === 'full') return 'bugfix';
  if (status === 'bugfix') return CRITICAL_BUGFIX;
  return status;
}

/** The tone of a status, whichever way it is named (line status, support level or backport status). */
export function statusTone(status: LineStatus | BackportStatus | SupportLevel | string, level: SupportLevel | null = null): Tone {
  switch (status) {
    case 'feature':
      return 'development';
    case 'prerelease':
      return 'prerelease';
    case 'full':
      return 'supported';
    case 'bugfix':
      return level === 'bugfix' ? 'limited' : 'supported';
    case 'security':
      return 'limited';
    case 'end-of-life':
      return 'ended';
    default:
      return 'plain';
  }
}

/** The tone of `backportStatusLabel`'s word (there `bugfix` is the critical-only level). */
export function backportStatusTone(status: BackportStatus | LineStatus | string): Tone {
  return status === 'bugfix' ? 'limited' : statusTone(status);
}

/** A coverage cell's state for people: `present`, `probable`, `pending`, `missing`, `not needed`. */
export function coverageLabel(state: CoverageState): string {
  return state === 'not-needed' ? 'not needed' : state;
}

export function coverageTone(state: CoverageState): Tone {
  return { present: 'good', probable: 'waiting', pending: 'waiting', missing: 'problem', 'not-needed': 'ended' }[state] as Tone;
}

/**
 * A backport outcome for people (a target of `trellis backport`, a line of the GitHub backport
 * summary): `clean`, `already present`, `pending`, `conflict`, `blocked`, `refused`, `opened`,
 * `skipped`, `failed`.
 */
export function outcomeLabel(outcome: BackportOutcome): string {
  return outcome === 'already-present' ? 'already present' : outcome;
}

export function outcomeTone(outcome: BackportOutcome): Tone {
  switch (outcome) {
    case 'clean':
    case 'opened':
      return 'good';
    case 'already-present':
    case 'skipped':
      return 'ended';
    case 'pending':
      return 'waiting';
    case 'conflict':
    case 'blocked':
    case 'refused':
    case 'failed':
      return 'problem';
    default:
      return 'plain';
  }
}
