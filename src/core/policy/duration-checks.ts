/**
 * Every duration a policy names (support windows, cadences, grace periods, SLAs), wherever it
 * is: not longer than Trellis plans with (`MAX_DURATION_YEARS`). One walk over the data instead
 * of a check per key, so a duration key added later is covered too.
 */
import { parseDurationRange } from './duration.js';
import type { PolicyDocument } from './problems.js';

const DURATION_TEXT = /^\s*[1-9][0-9]*(\s*-\s*[1-9][0-9]*)?\s+(hours?|days?|weeks?|months?|years?)\s*$/;

/** Reports each too-long duration at its place in the file. */
export function checkDurationLengths(data: unknown, ctx: PolicyDocument, path: Array<string | number> = []): void {
  if (typeof data === 'string') {
    if (!DURATION_TEXT.test(data)) return;
    const d = parseDurationRange(data);
    if (!d.ok) ctx.at(path, d.error);
  } else if (Array.isArray(data)) {
    data.forEach((v, i) => checkDurationLengths(v, ctx, [...path, i]));
  } else if (data !== null && typeof data === 'object') {
    for (const [k, v] of Object.entries(data)) checkDurationLengths(v, ctx, [...path, k]);
  }
}
