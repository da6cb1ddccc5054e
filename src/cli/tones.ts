/**
 * The one colour map for people: each tone of the vocabulary (src/core/vocabulary.ts) has one
 * colour, the same in every command (status, target, missing, backport, schedule). Colour is on
 * only where `colorsOf` says so (a terminal, FORCE_COLOR; never with NO_COLOR or in a pipe).
 */
import { backportStatusTone, coverageTone, outcomeTone, statusTone, type BackportOutcome, type Tone } from '../core/vocabulary.js';
import type { CoverageState } from '../core/coverage/types.js';
import type { SupportLevel } from '../core/policy/schema.js';
import type { Colors } from './output.js';

/** The colour of a tone (`plain`: unchanged). */
export function toneColour(c: Colors, tone: Tone): (s: string) => string {
  switch (tone) {
    case 'development':
      return c.cyan;
    case 'prerelease':
      return c.magenta;
    case 'supported':
    case 'good':
      return c.green;
    case 'limited':
    case 'waiting':
      return c.yellow;
    case 'ended':
      return c.dim;
    case 'problem':
      return (s) => c.bold(c.red(s));
    default:
      return (s) => s;
  }
}

/** A line status (or support level) in its colour. */
export const paintStatus = (c: Colors, status: string, level: SupportLevel | null = null) => toneColour(c, statusTone(status, level));
/** A status as `backport.kinds` names it (`full`, `bugfix` = critical only, ...) in its colour. */
export const paintBackportStatus = (c: Colors, status: string) => toneColour(c, backportStatusTone(status));
/** A coverage state in its colour. */
export const paintCoverage = (c: Colors, state: CoverageState) => toneColour(c, coverageTone(state));
/** A backport outcome in its colour. */
export const paintOutcome = (c: Colors, outcome: BackportOutcome) => toneColour(c, outcomeTone(outcome));
