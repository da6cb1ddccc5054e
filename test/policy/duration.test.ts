import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDuration,
  addDurationToInstant,
  compareDurations,
  daysBetween,
  duration,
  durationRange,
  formatDate,
  formatDurationRange,
  fromEpochDay,
  parseDate,
  parseDuration,
  parseDurationRange,
  subtractDuration,
  toEpochDay,
} from '../../src/core/policy/duration.js';

describe('parseDuration', () => {
  it.each([
    ['18 months', { n: 18, unit: 'month' }],
    ['1 year', { n: 1, unit: 'year' }],
    ['2 weeks', { n: 2, unit: 'week' }],
    ['24 hours', { n: 24, unit: 'hour' }],
    ['1 day', { n: 1, unit: 'day' }],
  ])('reads %s', (text, want) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: want });
  });
  it.each(['18', 'months', '0 days', '1.5 years', '18 monhts', '-1 day', '6-8 months'])('rejects %s', (text) => {
    const r = parseDuration(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(`'${text}'`);
  });
});

describe('parseDurationRange', () => {
  it('reads ranges and single durations', () => {
    expect(durationRange('6-8 months')).toEqual({ min: { n: 6, unit: 'month' }, max: { n: 8, unit: 'month' } });
    expect(durationRange('2-3 weeks')).toEqual({ min: { n: 2, unit: 'week' }, max: { n: 3, unit: 'week' } });
    expect(durationRange('1 week')).toEqual({ min: { n: 1, unit: 'week' }, max: { n: 1, unit: 'week' } });
    expect(formatDurationRange(durationRange('6 - 8 months'))).toBe('6-8 months');
  });
  it('rejects a range that ends before it starts', () => {
    expect(parseDurationRange('8-6 months')).toEqual({
      ok: false,
      error: "'8-6 months': the range starts after it ends (write '6-8 months')",
    });
  });
});

describe('compareDurations', () => {
  it('compares across units', () => {
    expect(compareDurations(duration('12 months'), duration('1 year'))).toBe(0);
    expect(compareDurations(duration('18 months'), duration('2 years'))).toBe(-1);
    expect(compareDurations(duration('24 hours'), duration('1 day'))).toBe(0);
    expect(compareDurations(duration('5 weeks'), duration('1 month'))).toBe(1);
  });
});

describe('parseDate', () => {
  it('accepts real days, including 29 February of leap years', () => {
    expect(parseDate('2027-03-31')).toEqual({ ok: true, value: { year: 2027, month: 3, day: 31 } });
    expect(parseDate('2024-02-29').ok).toBe(true);
    expect(parseDate('2000-02-29').ok).toBe(true);
  });
  it('rejects days that do not exist', () => {
    expect(parseDate('2027-02-30')).toEqual({ ok: false, error: "'2027-02-30' is not a date: February 2027 has 28 days" });
    expect(parseDate('1900-02-29')).toEqual({ ok: false, error: "'1900-02-29' is not a date: February 1900 has 28 days" });
    expect(parseDate('2026-13-01')).toEqual({ ok: false, error: "'2026-13-01' is not a date: there is no month 13" });
    expect(parseDate('2026-04-31').ok).toBe(false);
    expect(parseDate('2026-4-1').ok).toBe(false);
  });
});

describe('addDuration', () => {
  it.each([
    ['2026-01-31', '1 month', '2026-02-28'],
    ['2024-01-31', '1 month', '2024-02-29'],
    ['2026-03-31', '1 month', '2026-04-30'],
    ['2026-08-31', '18 months', '2028-02-29'],
    ['2024-02-29', '1 year', '2025-02-28'],
    ['2024-02-29', '4 years', '2028-02-29'],
    ['2026-11-15', '2 months', '2027-01-15'],
    ['2026-12-31', '1 day', '2027-01-01'],
    ['2024-02-28', '1 day', '2024-02-29'],
    ['2026-03-30', '2 weeks', '2026-04-13'],
    ['2026-03-30', '24 hours', '2026-03-31'],
    ['2026-03-30', '36 hours', '2026-03-31'],
    ['2026-03-30', '24 months', '2028-03-30'],
  ])('%s + %s = %s', (date, d, want) => {
    expect(addDuration(date, duration(d))).toBe(want);
  });
  it('subtracts month-end safe', () => {
    expect(subtractDuration('2026-03-31', duration('1 month'))).toBe('2026-02-28');
    expect(subtractDuration('2025-02-28', duration('1 year'))).toBe('2024-02-28');
  });
  it('adds to instants (SLAs in hours)', () => {
    const t = new Date('2026-03-30T22:00:00Z');
    expect(addDurationToInstant(t, duration('24 hours')).toISOString()).toBe('2026-03-31T22:00:00.000Z');
    expect(addDurationToInstant(new Date('2026-01-31T10:00:00Z'), duration('1 month')).toISOString()).toBe('2026-02-28T10:00:00.000Z');
  });
  it('counts days between dates', () => {
    expect(daysBetween('2024-02-01', '2024-03-01')).toBe(29);
    expect(daysBetween('2026-03-01', '2026-02-01')).toBe(-28);
  });
  it('epoch days agree with Date.UTC and round-trip (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -800_000, max: 800_000 }), (day) => {
        const c = fromEpochDay(day);
        expect(toEpochDay(c)).toBe(day);
        if (c.year >= 100) expect(Date.UTC(c.year, c.month - 1, c.day) / 86_400_000).toBe(day);
        expect(parseDate(formatDate(c)).ok).toBe(c.year >= 0 && c.year <= 9999);
      }),
    );
  });
  it('adding months never overflows into the next month (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 1, max: 400 }), (day, months) => {
        const start = formatDate(fromEpochDay(day - 100_000 + 7_000));
        const end = addDuration(start, { n: months, unit: 'month' });
        const [y0, m0, d0] = start.split('-').map(Number) as [number, number, number];
        const [y1, m1, d1] = end.split('-').map(Number) as [number, number, number];
        expect(y1 * 12 + m1 - (y0 * 12 + m0)).toBe(months);
        expect(d1).toBeLessThanOrEqual(d0);
        expect(parseDate(end).ok).toBe(true);
      }),
    );
  });
});
