/**
 * The release calendar as an iCalendar file (RFC 5545), for `trellis schedule --ical`.
 *
 * Written by hand: what `trellis schedule --ical` needs is a fixed set of all-day VEVENTs with
 * text escaping (3.3.11), 75-octet line folding (3.1) and CRLF line ends — a few dozen lines.
 * The calendar libraries on npm (ical-generator, ics) are larger than this feature, pull in
 * date-time libraries for time zones we never use, and would still need the same tests.
 */
import { addDuration } from '../policy/duration.js';
import { ONE_DAY, type ScheduleEvent } from './schedule-types.js';

/** Escapes TEXT values: backslash, semicolon, comma and newlines (RFC 5545 3.3.11). */
export function icalEscape(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line into lines of at most 75 octets (UTF-8), continuation lines starting
 * with one space (RFC 5545 3.1); never splits a character.
 */
export function icalFold(line: string): string {
  const out: string[] = [];
  let cur = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (octets + n > limit) {
      out.push(cur);
      cur = ' ';
      octets = 1;
      limit = 75;
    }
    cur += ch;
    octets += n;
  }
  out.push(cur);
  return out.join('\r\n');
}

const icalDate = (d: string) => d.replace(/-/g, '');

/** Options of {@link scheduleToICalendar}. */
export interface ICalendarOptions {
  /** DTSTAMP: when the file is made (the CLI's clock), an ISO instant. */
  stamp: string;
  /** The calendar's name (X-WR-CALNAME). */
  name: string;
  /** Put before every summary (the project name), so events read well among others. */
  prefix?: string;
}

/** The events as an iCalendar file: all-day VEVENTs, CRLF line ends, folded lines. */
export function scheduleToICalendar(events: readonly ScheduleEvent[], opts: ICalendarOptions): string {
  const stamp = new Date(opts.stamp)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Trellis//trellis schedule//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icalEscape(opts.name)}`,
  ];
  for (const e of events) {
    const last = e.endDate ?? e.date;
    const description = [
      `${e.kind} for line ${e.line}`,
      e.endDate ? `window ${e.date} to ${e.endDate}` : null,
      e.projected ? 'projected by trellis schedule from the policy cadence and support rules' : 'from the repository and the policy',
    ].filter((x) => x !== null);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.id.replace(/[^A-Za-z0-9._-]/g, '_')}@trellis`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${icalDate(e.date)}`,
      `DTEND;VALUE=DATE:${icalDate(addDuration(last, ONE_DAY))}`,
      `SUMMARY:${icalEscape(opts.prefix ? `${opts.prefix} ${e.title}` : e.title)}`,
      `DESCRIPTION:${icalEscape(description.join('\n'))}`,
      `CATEGORIES:${icalEscape(e.kind)}`,
      `STATUS:${e.projected ? 'TENTATIVE' : 'CONFIRMED'}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(icalFold).join('\r\n') + '\r\n';
}
