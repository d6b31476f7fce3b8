import { describe, expect, it } from 'vitest';
import { addDays, addWorkingDays, isWorkingDay } from './calendar.js';

const at = (iso: string) => new Date(iso);

describe('the deadline calendar (Europe/Amsterdam, Dutch public holidays)', () => {
  it('skips weekends for working days', () => {
    // Friday 20 November 2026, 15:00 in Amsterdam → Tuesday 24 November, 15:00.
    expect(addWorkingDays(at('2026-11-20T14:00:00Z'), 2).toISOString()).toBe('2026-11-24T14:00:00.000Z');
    // Saturday counts from the weekend: Tuesday.
    expect(addWorkingDays(at('2026-11-21T10:00:00Z'), 2).toISOString()).toBe('2026-11-24T10:00:00.000Z');
  });

  it('skips Dutch public holidays: Easter Monday, King’s Day, Ascension, Christmas, Liberation Day', () => {
    // Thursday 2 April 2026 → Good Friday is a working day, Easter Monday is not → Tuesday 7 April.
    expect(addWorkingDays(at('2026-04-02T08:00:00Z'), 2).toISOString()).toBe('2026-04-07T08:00:00.000Z');
    expect(isWorkingDay(at('2026-04-27T10:00:00Z'))).toBe(false); // Koningsdag
    expect(isWorkingDay(at('2026-05-05T10:00:00Z'))).toBe(false); // Bevrijdingsdag
    expect(isWorkingDay(at('2026-05-14T10:00:00Z'))).toBe(false); // Hemelvaartsdag
    // Wednesday 23 December 2026 → Thursday 24, then Christmas and the weekend → Monday 28.
    expect(addWorkingDays(at('2026-12-23T09:00:00Z'), 2).toISOString()).toBe('2026-12-28T09:00:00.000Z');
  });

  it('keeps the wall-clock time across the change to and from summer time', () => {
    // Saturday 28 March 2026 10:00 (UTC+1) + 3 days → Tuesday 31 March 10:00 (UTC+2).
    expect(addDays(at('2026-03-28T09:00:00Z'), 3).toISOString()).toBe('2026-03-31T08:00:00.000Z');
    // Saturday 24 October 2026 10:00 (UTC+2) + 1 day → Sunday 25 October 10:00 (UTC+1).
    expect(addDays(at('2026-10-24T08:00:00Z'), 1).toISOString()).toBe('2026-10-25T09:00:00.000Z');
  });

  it('judges the day in Amsterdam, not in UTC', () => {
    // Sunday 23:30 UTC is already Monday 00:30 in Amsterdam.
    expect(isWorkingDay(at('2026-11-22T23:30:00Z'))).toBe(true);
    expect(isWorkingDay(at('2026-11-22T22:30:00Z'))).toBe(false);
  });
});
