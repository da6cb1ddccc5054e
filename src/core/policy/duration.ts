/**
 * Human-readable durations (`18 months`, `1 year`, `2 weeks`, `24 hours`), ranges (`6-8 months`,
 * `2-3 weeks`) and calendar dates (`2027-03-31`), with the date arithmetic support windows need.
 *
 * Written by hand: the few libraries that parse "18 months" (ms, parse-duration) turn it into a
 * fixed number of milliseconds, which is wrong for calendars (a month is not 30 days; 31 January
 * plus one month is 28 or 29 February). Here months and years are calendar units and days are UTC
 * days, so `addDuration` is exact and pure.
 */

export type DurationUnit = 'hour' | 'day' | 'week' | 'month' | 'year';

export interface Duration {
  n: number;
  unit: DurationUnit;
}

export interface DurationRange {
  min: Duration;
  max: Duration;
}

const UNIT_ALIASES: Record<string, DurationUnit> = {
  hour: 'hour',
  hours: 'hour',
  day: 'day',
  days: 'day',
  week: 'week',
  weeks: 'week',
  month: 'month',
  months: 'month',
  year: 'year',
  years: 'year',
};

export const DURATION_UNITS: readonly DurationUnit[] = ['hour', 'day', 'week', 'month', 'year'];

/** The JSON Schema pattern of a duration (`18 months`). */
export const DURATION_PATTERN = '^[1-9][0-9]*\\s+(hours?|days?|weeks?|months?|years?)$';
/** The JSON Schema pattern of a duration or a range (`6-8 months`). */
export const DURATION_RANGE_PATTERN = '^[1-9][0-9]*(\\s*-\\s*[1-9][0-9]*)?\\s+(hours?|days?|weeks?|months?|years?)$';
/** The JSON Schema pattern of a date. Whether the day exists is checked by `parseDate`. */
export const DATE_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';

/** A parse result: the value, or a one-line reason. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const DURATION_RE = /^([1-9][0-9]*)\s+([a-z]+)$/;
const RANGE_RE = /^([1-9][0-9]*)\s*-\s*([1-9][0-9]*)\s+([a-z]+)$/;

function unitOf(word: string): DurationUnit | undefined {
  return UNIT_ALIASES[word];
}

/**
 * The longest duration a policy may name: support windows and cadences are planned on
 * `YYYY-MM-DD` dates, and a date past 9999 would need five digits (which sort wrongly as text)
 * and a number past 2^53 stops being exact (`Infinity-NaN-NaN`).
 */
export const MAX_DURATION_YEARS = 1000;

/** Why a duration is too long to plan with, or null. */
function tooLong(text: string, d: Duration): string | null {
  return approximateDays(d) > MAX_DURATION_YEARS * 365.2425
    ? `'${text}' is longer than Trellis plans with (at most ${MAX_DURATION_YEARS} years)`
    : null;
}

/** Parses `18 months`, `1 year`, `2 weeks`, `24 hours`. */
export function parseDuration(text: string): Parsed<Duration> {
  const m = DURATION_RE.exec(text.trim());
  const unit = m ? unitOf(m[2]!) : undefined;
  if (!m || !unit) {
    return { ok: false, error: `'${text}' is not a duration (write e.g. '18 months', '1 year', '2 weeks', '24 hours')` };
  }
  const value = { n: Number(m[1]), unit };
  const long = tooLong(text, value);
  return long ? { ok: false, error: long } : { ok: true, value };
}

/** Parses a duration or a range of durations with one unit: `6-8 months`, `2-3 weeks`, `1 month`. */
export function parseDurationRange(text: string): Parsed<DurationRange> {
  const t = text.trim();
  const r = RANGE_RE.exec(t);
  if (r) {
    const unit = unitOf(r[3]!);
    if (!unit) return { ok: false, error: `'${text}' is not a duration range (write e.g. '6-8 months', '2-3 weeks')` };
    const min = { n: Number(r[1]), unit };
    const max = { n: Number(r[2]), unit };
    if (min.n > max.n) return { ok: false, error: `'${text}': the range starts after it ends (write '${max.n}-${min.n} ${r[3]}')` };
    const long = tooLong(text, max);
    if (long) return { ok: false, error: long };
    return { ok: true, value: { min, max } };
  }
  const d = parseDuration(t);
  if (!d.ok && DURATION_RE.test(t)) return d;
  if (!d.ok) return { ok: false, error: `'${text}' is not a duration or range (write e.g. '1 month', '6-8 months')` };
  return { ok: true, value: { min: d.value, max: d.value } };
}

/** Like `parseDuration` but throws a plain Error; for text the loader has already validated. */
export function duration(text: string): Duration {
  const d = parseDuration(text);
  if (!d.ok) throw new Error(d.error);
  return d.value;
}

/** Like `parseDurationRange` but throws; for text the loader has already validated. */
export function durationRange(text: string): DurationRange {
  const d = parseDurationRange(text);
  if (!d.ok) throw new Error(d.error);
  return d.value;
}

export function formatDuration(d: Duration): string {
  return `${d.n} ${d.unit}${d.n === 1 ? '' : 's'}`;
}

export function formatDurationRange(r: DurationRange): string {
  if (r.min.n === r.max.n && r.min.unit === r.max.unit) return formatDuration(r.min);
  return `${r.min.n}-${r.max.n} ${r.max.unit}s`;
}

/** Average length in days, for comparing durations of different units (1 year == 12 months). */
export function approximateDays(d: Duration): number {
  switch (d.unit) {
    case 'hour':
      return d.n / 24;
    case 'day':
      return d.n;
    case 'week':
      return d.n * 7;
    case 'month':
      return (d.n * 365.2425) / 12;
    case 'year':
      return d.n * 365.2425;
  }
}

/** -1, 0 or 1 by average length (`12 months` equals `1 year`). */
export function compareDurations(a: Duration, b: Duration): number {
  const x = approximateDays(a);
  const y = approximateDays(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Dates: `YYYY-MM-DD` strings, proleptic Gregorian, UTC.

export interface CivilDate {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `2027-03-31`; rejects days that do not exist (`2027-02-30`, `2026-13-01`). */
export function parseDate(text: string): Parsed<CivilDate> {
  const m = DATE_RE.exec(text);
  if (!m) return { ok: false, error: `'${text}' is not a date (write YYYY-MM-DD, e.g. 2027-03-31)` };
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12) return { ok: false, error: `'${text}' is not a date: there is no month ${month}` };
  if (day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, error: `'${text}' is not a date: ${MONTH_NAMES[month - 1]} ${year} has ${daysInMonth(year, month)} days` };
  }
  return { ok: true, value: { year, month, day } };
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export function isValidDate(text: string): boolean {
  return parseDate(text).ok;
}

function civil(text: string): CivilDate {
  const d = parseDate(text);
  if (!d.ok) throw new Error(d.error);
  return d.value;
}

export function formatDate(d: CivilDate): string {
  const p = (n: number, w: number) => String(n).padStart(w, '0');
  return `${p(d.year, 4)}-${p(d.month, 2)}-${p(d.day, 2)}`;
}

/** Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil; any year). */
export function toEpochDay(d: CivilDate): number {
  const y = d.month <= 2 ? d.year - 1 : d.year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (d.month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d.day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day count since 1970-01-01 (civil_from_days). */
export function fromEpochDay(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: era * 400 + yoe + (month <= 2 ? 1 : 0), month, day };
}

/** The UTC calendar date of an instant, as `YYYY-MM-DD`. */
export function dateOf(instant: Date): string {
  return formatDate({ year: instant.getUTCFullYear(), month: instant.getUTCMonth() + 1, day: instant.getUTCDate() });
}

function addMonthsCivil(d: CivilDate, months: number): CivilDate {
  const total = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  // Month-end safe: 31 January + 1 month is the last day of February, not 3 March.
  return { year, month, day: Math.min(d.day, daysInMonth(year, month)) };
}

/**
 * Adds a duration to a date: calendar months and years (clamped to the month's end, so
 * 2024-02-29 + 1 year = 2025-02-28), whole days and weeks; hours count as the days they
 * complete (24 hours = 1 day, 36 hours = 1 day).
 */
export function addDuration(date: string, d: Duration, sign: 1 | -1 = 1): string {
  const out = addDurationUnclamped(date, d, sign);
  // Dates stay four-digit years (they are compared as text): the far future is 9999-12-31.
  if (out.length !== 10) return out.startsWith('-') ? '0000-01-01' : '9999-12-31';
  return out;
}

function addDurationUnclamped(date: string, d: Duration, sign: 1 | -1): string {
  const c = civil(date);
  switch (d.unit) {
    case 'year':
      return formatDate(addMonthsCivil(c, sign * d.n * 12));
    case 'month':
      return formatDate(addMonthsCivil(c, sign * d.n));
    case 'week':
      return formatDate(fromEpochDay(toEpochDay(c) + sign * d.n * 7));
    case 'day':
      return formatDate(fromEpochDay(toEpochDay(c) + sign * d.n));
    case 'hour':
      return formatDate(fromEpochDay(toEpochDay(c) + sign * Math.floor(d.n / 24)));
  }
}

/** Subtracts a duration from a date (month-end safe). */
export function subtractDuration(date: string, d: Duration): string {
  return addDuration(date, d, -1);
}

/** Adds a duration to an instant (for SLAs counted in hours); months and years are calendar units. */
export function addDurationToInstant(instant: Date, d: Duration): Date {
  const ms = instant.getTime();
  switch (d.unit) {
    case 'hour':
      return new Date(ms + d.n * 3_600_000);
    case 'day':
      return new Date(ms + d.n * 86_400_000);
    case 'week':
      return new Date(ms + d.n * 7 * 86_400_000);
    case 'month':
    case 'year': {
      const day = dateOf(instant);
      const moved = addDuration(day, d);
      return new Date(ms + (toEpochDay(civil(moved)) - toEpochDay(civil(day))) * 86_400_000);
    }
  }
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: string, b: string): number {
  return toEpochDay(civil(b)) - toEpochDay(civil(a));
}

/** -1, 0 or 1; `YYYY-MM-DD` strings of valid dates compare like their text. */
export function compareDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxDate(a: string, b: string): string {
  return a >= b ? a : b;
}

export function minDate(a: string, b: string): string {
  return a <= b ? a : b;
}
