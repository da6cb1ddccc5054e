/** Dates given on the command line. */
import { usageError } from '../core/errors.js';
import { dateOf, parseDate } from '../core/policy/duration.js';
import type { CliIo } from './io.js';

/** The day to report on: `--date`, else today (UTC) from the CLI's clock. */
export function asOfDate(flag: string | undefined, io: CliIo): string {
  if (flag === undefined) return dateOf(io.clock.now());
  const d = parseDate(flag);
  if (!d.ok) throw usageError(`--date: ${d.error}`);
  return flag;
}
