import { describe, expect, it } from 'vitest';
import { addAmsterdamDays, amsterdamDay, amsterdamInstant, amsterdamParts } from './amsterdam.js';

describe('Amsterdam wall-clock time', () => {
  it('turns a date and time typed in a form into the instant, summer and winter', () => {
    expect(amsterdamInstant('2026-11-20', '14:30')?.toISOString()).toBe('2026-11-20T13:30:00.000Z');
    expect(amsterdamInstant('2026-07-01', '09:00')?.toISOString()).toBe('2026-07-01T07:00:00.000Z');
  });

  it('takes the daylight-saving edges as the clock on the wall shows them', () => {
    // 25 October 2026: 01:30 happens before the clocks go back, still summer time.
    expect(amsterdamInstant('2026-10-25', '01:30')?.toISOString()).toBe('2026-10-24T23:30:00.000Z');
    expect(amsterdamInstant('2026-03-29', '03:30')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('refuses what is not a date or a time', () => {
    expect(amsterdamInstant('gisteren', '14:30')).toBeUndefined();
    expect(amsterdamInstant('2026-02-31', '12:00')).toBeUndefined();
    expect(amsterdamInstant('2026-02-20', '25:00')).toBeUndefined();
  });

  it('shows an instant as the Amsterdam date and time, across midnight', () => {
    expect(amsterdamParts(new Date('2026-11-20T23:30:00Z'))).toEqual({ date: '2026-11-21', time: '00:30' });
    expect(amsterdamParts(new Date('2026-07-01T07:00:00Z'))).toEqual({ date: '2026-07-01', time: '09:00' });
    expect(amsterdamDay(new Date('2026-11-21T23:30:00Z'))).toEqual({ date: '2026-11-22', weekday: 0 });
  });

  it('adds days keeping the wall-clock time over a change to winter time', () => {
    // Saturday 24 October 10:00 (summer) + 1 day = Sunday 10:00 (winter): 25 hours later.
    expect(addAmsterdamDays(new Date('2026-10-24T08:00:00Z'), 1).toISOString()).toBe('2026-10-25T09:00:00.000Z');
  });
});
