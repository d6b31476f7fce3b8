import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv.js';

describe('the CSV writer', () => {
  it('quotes a field with a separator, a quote or a line break, doubling quotes (RFC 4180)', () => {
    expect(csvField('gewoon')).toBe('gewoon');
    expect(csvField('a, b')).toBe('a, b');
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('zei "nee"')).toBe('"zei ""nee"""');
    expect(csvField('regel\nregel')).toBe('"regel\nregel"');
    expect(csvField('')).toBe('');
  });

  it('defuses what a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("https://x.example")')).toBe(`"'=HYPERLINK(""https://x.example"")"`);
    expect(csvField('+31 6')).toBe("'+31 6");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\rx')).toBe(`"'\rx"`);
    expect(csvField('a=b')).toBe('a=b');
  });

  it('writes UTF-8 with a byte-order mark, lines ending in CRLF', () => {
    const bytes = toCsv(['Maand', 'Schade'], [['2026-03', '€ 5.000 of meer']]);
    expect(bytes.subarray(0, 3).toString('hex')).toBe('efbbbf');
    expect(bytes.subarray(3).toString('utf8')).toBe('Maand;Schade\r\n2026-03;€ 5.000 of meer\r\n');
  });
});
