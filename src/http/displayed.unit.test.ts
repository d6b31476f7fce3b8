import { describe, expect, it } from 'vitest';
import { dayField, euroFieldValue, formatDay, formatEuro, parseDay, parseEuro, withScheme } from './displayed.js';

describe('amounts as the pages show them', () => {
  it('reads back what the pages show, in Dutch and in English (both were refused)', () => {
    expect(parseEuro(formatEuro(125_050, 'nl'))).toBe(125_050);
    expect(parseEuro(formatEuro(125_050, 'en'))).toBe(125_050);
    expect(parseEuro(euroFieldValue(125_050, 'nl'))).toBe(125_050);
    expect(parseEuro('€ 1.250,50')).toBe(125_050);
    expect(parseEuro('1.250,50')).toBe(125_050);
    expect(parseEuro('€1,250.50')).toBe(125_050);
  });

  it('reads the usual ways of typing an amount', () => {
    expect(parseEuro('125,50')).toBe(12_550);
    expect(parseEuro('125.50')).toBe(12_550);
    expect(parseEuro('1250,5')).toBe(125_050);
    expect(parseEuro('1.250')).toBe(125_000);
    expect(parseEuro('1.250,-')).toBe(125_000);
    expect(parseEuro('€ 42')).toBe(4_200);
    expect(parseEuro(',50')).toBe(50);
    expect(parseEuro('1.000.000,00')).toBe(100_000_000);
    expect(parseEuro('  ')).toBeUndefined();
  });

  it('refuses what is no amount', () => {
    for (const value of ['-5', '1,2,3', '1.2.3', '12,345,67', 'tien euro', '1.250.50', '1,250,50', '12.34.567']) {
      expect(parseEuro(value), value).toBeNaN();
    }
  });
});

describe('calendar days as the pages show them', () => {
  it('shows a day written out, not as 2026-12-01', () => {
    expect(formatDay('2026-12-01', 'nl')).toBe('1 december 2026');
    expect(formatDay('2026-12-01', 'en')).toBe('1 December 2026');
  });

  it('reads back what the pages show and what a date field sends', () => {
    expect(parseDay(formatDay('2026-12-01', 'nl'))).toBe('2026-12-01');
    expect(parseDay(formatDay('2026-03-09', 'en'))).toBe('2026-03-09');
    expect(parseDay('2026-12-01')).toBe('2026-12-01');
    expect(parseDay('1-12-2026')).toBe('2026-12-01');
    expect(parseDay('01/12/2026')).toBe('2026-12-01');
    expect(parseDay('1 dec. 2026')).toBe('2026-12-01');
    expect(parseDay('9 mrt 2026')).toBe('2026-03-09');
  });

  it('refuses a day that does not exist', () => {
    for (const value of ['31 februari 2026', '2026-02-30', '32-1-2026', '1 brumaire 2026', 'morgen', '']) {
      expect(parseDay(value), value).toBeUndefined();
    }
    expect(dayField('31 februari 2026')).toBe('31 februari 2026');
    expect(dayField('1 december 2026')).toBe('2026-12-01');
  });
});

describe('web addresses as people paste them', () => {
  it('adds https:// to an address without it, and leaves the rest as typed', () => {
    expect(withScheme('x.com/raadslid/status/1')).toBe('https://x.com/raadslid/status/1');
    expect(withScheme('www.facebook.com/bericht?id=3')).toBe('https://www.facebook.com/bericht?id=3');
    expect(withScheme('http://example.nl/a')).toBe('http://example.nl/a');
    expect(withScheme('https://example.nl')).toBe('https://example.nl');
    expect(withScheme('javascript:alert(1)')).toBe('javascript:alert(1)');
    expect(withScheme('geen adres')).toBe('geen adres');
  });
});
