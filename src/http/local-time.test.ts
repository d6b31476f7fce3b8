import { describe, expect, it } from 'vitest';
import { amsterdamToIso, isoToAmsterdam } from './local-time.js';

describe('Amsterdam wall-clock time in forms', () => {
  it('converts winter and summer time to the right instant', () => {
    expect(amsterdamToIso('2026-11-20', '14:30')).toBe('2026-11-20T13:30:00.000Z');
    expect(amsterdamToIso('2026-07-01', '09:00')).toBe('2026-07-01T07:00:00.000Z');
    // The night the clocks go back: 02:30 happens twice; we take a consistent one.
    expect(amsterdamToIso('2026-10-25', '01:30')).toBe('2026-10-24T23:30:00.000Z');
    expect(amsterdamToIso('2026-03-29', '03:30')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('refuses what is not a date or time', () => {
    expect(amsterdamToIso('gisteren', '14:30')).toBeUndefined();
    expect(amsterdamToIso('2026-02-31', '25:00')).toBeUndefined();
  });

  it('shows an instant as Amsterdam date and time', () => {
    expect(isoToAmsterdam(new Date('2026-11-20T23:30:00Z'))).toEqual({ date: '2026-11-21', time: '00:30' });
    expect(isoToAmsterdam(new Date('2026-07-01T07:00:00Z'))).toEqual({ date: '2026-07-01', time: '09:00' });
  });
});
